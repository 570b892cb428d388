#!/usr/bin/env bash
# Runs the app in demo/training mode. Without a display, falls back to Qt's offscreen platform
# (and says so) instead of letting Qt abort.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${QT_QPA_PLATFORM:-}" ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "Nenhuma tela disponível (DISPLAY vazio): usando a plataforma Qt 'offscreen'." >&2
    echo "No display found: running with QT_QPA_PLATFORM=offscreen (a headless smoke run of the demo)." >&2
    export QT_QPA_PLATFORM=offscreen
    exec .venv/bin/pdv-bling --demo --smoke
fi
exec .venv/bin/pdv-bling --demo

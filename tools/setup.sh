#!/usr/bin/env bash
# Prepares a machine for the README's two commands: Qt's system libraries (Debian/Ubuntu, as
# root, only those missing), a .venv with the project and its test extras. Idempotent and quick
# when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."

QT_PACKAGES="libegl1 libgl1 libglib2.0-0 libfontconfig1 fonts-dejavu-core libxkbcommon0 libdbus-1-3"
XVFB_PACKAGES="xvfb xauth libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0"

install_system_libraries() {
    command -v dpkg-query >/dev/null 2>&1 || return 0
    command -v apt-get >/dev/null 2>&1 || return 0
    local missing=""
    for pkg in $QT_PACKAGES $XVFB_PACKAGES; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
            missing="$missing $pkg"
        fi
    done
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" != "0" ]; then
        echo "Qt needs these system packages:$missing" >&2
        echo "Install them with: sudo apt-get install -y --no-install-recommends$missing" >&2
        return 0
    fi
    echo "Installing system libraries for Qt:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

# Store mode's tests start a throwaway PostgreSQL server (pdv_bling/retaguarda/localpg.py) from the
# machine's server binaries; without them those tests fail with the reason (never skipped).
install_postgresql() {
    ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 && return 0
    command -v pg_ctl >/dev/null 2>&1 && return 0
    command -v apt-get >/dev/null 2>&1 || return 0
    if [ "$(id -u)" != "0" ]; then
        echo "Store-mode tests need PostgreSQL: sudo apt-get install -y --no-install-recommends postgresql" >&2
        return 0
    fi
    echo "Installing PostgreSQL server binaries (store-mode tests)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    # Debian starts a cluster on port 5432 at install; the tests use their own, so stop it.
    if command -v pg_ctlcluster >/dev/null 2>&1; then
        for cluster in /etc/postgresql/*/main; do
            [ -d "$cluster" ] && pg_ctlcluster "$(basename "$(dirname "$cluster")")" main stop 2>/dev/null || true
        done
    fi
}

install_python_env() {
    local py=${PYTHON:-python3}
    if [ ! -x .venv/bin/python ]; then
        echo "Creating .venv"
        "$py" -m venv .venv
    fi
    local stamp=".venv/.pdv-bling-installed"
    local want
    want=$(cat pyproject.toml | sha256sum | cut -d' ' -f1)
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        echo "Installing the project and its test extras into .venv"
        .venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
        .venv/bin/python -m pip install -q -e ".[test]"
        echo "$want" > "$stamp"
    fi
}

install_system_libraries
install_postgresql
install_python_env
# ui translations: resources/translations/*.ts -> .qm with pyside6-lrelease (from PySide6-Essentials)
.venv/bin/python -m ui.i18n --compile >/dev/null || echo "warning: translations not compiled (pyside6-lrelease missing); the UI falls back to its pt_BR source strings" >&2

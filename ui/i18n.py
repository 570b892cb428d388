"""Translations. Source strings in ui/ are already pt_BR (inside tr()/translate, never f-strings);
`resources/translations/pdv_bling_pt_BR.ts` is the catalogue lupdate extracts from them, and the
compiled `.qm` (gitignored, built by `python -m ui.i18n --compile` at setup/build time with
pyside6-lrelease) is loaded at start together with Qt's own qtbase_pt_BR, so standard buttons
(Sim/Não, Cancelar, Salvar...) are Portuguese too.

    python -m ui.i18n --update    # refresh the .ts from the sources (pyside6-lupdate)
    python -m ui.i18n --compile   # .ts -> .qm (pyside6-lrelease)
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
CATALOGUE = TRANSLATIONS / "pdv_bling_pt_BR.ts"
COMPILED = TRANSLATIONS / "pdv_bling_pt_BR.qm"
PT_BR = QLocale(QLocale.Language.Portuguese, QLocale.Country.Brazil)


def install(app: QCoreApplication) -> list[QTranslator]:
    """Load Qt's and our pt_BR translators; returns them (keep references alive)."""
    QLocale.setDefault(PT_BR)
    loaded: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in (("qtbase_pt_BR", qt_dir), ("pdv_bling_pt_BR", str(TRANSLATIONS))):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            loaded.append(translator)
    return loaded


def _tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease next to this interpreter (the venv), else on PATH."""
    local = Path(sys.executable).with_name(name)
    if local.exists():
        return str(local)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found (it ships with PySide6-Essentials)")
    return found


def sources() -> list[str]:
    return sorted(str(p) for p in (ROOT / "ui").glob("*.py"))


def update() -> None:
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [_tool("pyside6-lupdate"), *sources(), "-source-language", "pt_BR", "-target-language", "pt_BR", "-ts", str(CATALOGUE)],
        check=True,
    )


def compile_catalogue() -> Path:
    subprocess.run([_tool("pyside6-lrelease"), "-silent", str(CATALOGUE), "-qm", str(COMPILED)], check=True)
    return COMPILED


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.i18n")
    parser.add_argument("--update", action="store_true", help="refresh the .ts from ui/*.py")
    parser.add_argument("--compile", action="store_true", help="compile the .ts into the .qm")
    args = parser.parse_args(argv)
    if args.update:
        update()
    if args.compile or not args.update:
        print(compile_catalogue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

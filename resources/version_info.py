"""Windows version resource for the installer (Explorer > Properties > Details), built from
`pdv_bling.__version__` by build_installer.spec. PyInstaller ignores version info on macOS and
Linux, and its `versioninfo` module needs `pefile` (installed with PyInstaller on Windows only),
so that import is late.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = "PDV Bling"
COMPANY = "PDV Bling"
DESCRIPTION = "PDV Bling: vendas do PDV para o Bling ERP"
EXE_NAME = "pdv-bling.exe"
LANG_PT_BR_UNICODE = (0x0416, 1200)  # Portuguese (Brazil), UTF-16


def read_version(root: Path = ROOT) -> str:
    """The version string from pdv_bling/__init__.py, read without importing the package."""
    text = (root / "pdv_bling" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if found is None:
        raise ValueError("pdv_bling/__init__.py has no __version__")
    return found.group(1)


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """`1.2.3`, `1.2.3rc1`, `1.2` -> four integers, as Windows' FILEVERSION wants."""
    numbers = [int(m.group()) for m in (re.match(r"\d+", part) for part in version.split(".")) if m]
    numbers = (numbers + [0, 0, 0, 0])[:4]
    return numbers[0], numbers[1], numbers[2], numbers[3]


def string_fields(version: str) -> dict[str, str]:
    return {
        "CompanyName": COMPANY,
        "FileDescription": DESCRIPTION,
        "FileVersion": version,
        "InternalName": "pdv-bling",
        "LegalCopyright": COMPANY,
        "OriginalFilename": EXE_NAME,
        "ProductName": PRODUCT,
        "ProductVersion": version,
    }


def windows_version_info(version: str) -> Any:
    """A `VSVersionInfo` for `EXE(version=...)` (Windows builds only)."""
    from PyInstaller.utils.win32 import versioninfo as vi

    numbers = version_tuple(version)
    lang, codepage = LANG_PT_BR_UNICODE
    table = vi.StringTable(f"{lang:04x}{codepage:04x}", [vi.StringStruct(k, v) for k, v in string_fields(version).items()])
    return vi.VSVersionInfo(
        ffi=vi.FixedFileInfo(filevers=numbers, prodvers=numbers, mask=0x3F, flags=0x0, OS=0x40004,
                             fileType=0x1, subtype=0x0, date=(0, 0)),
        kids=[vi.StringFileInfo([table]), vi.VarFileInfo([vi.VarStruct("Translation", [lang, codepage])])],
    )

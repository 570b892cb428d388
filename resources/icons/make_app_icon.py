"""Render the app icon (the one ui/icons.py draws) to files for the installer: `app.png` (256 px)
and `app.ico` (16-256 px, PNG-compressed entries). Run after changing ui/icons.py:

    QT_QPA_PLATFORM=offscreen .venv/bin/python resources/icons/make_app_icon.py
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QPainter, QPixmap

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from ui import icons  # noqa: E402

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(size: int) -> bytes:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.scale(size / icons.SIZE, size / icons.SIZE)  # vector drawing: crisp at any size
    icons._base(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    pixmap.save(buffer, "PNG")
    return bytes(data.data())


def ico_bytes(images: dict[int, bytes]) -> bytes:
    """ICONDIR + ICONDIRENTRY per size + the PNG blobs (Vista+ reads PNG entries)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in images.items():
        side = 0 if size >= 256 else size  # 0 means 256 in the directory entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv)
    images = {size: render_png(size) for size in ICO_SIZES}
    (HERE / "app.png").write_bytes(images[256])
    (HERE / "app.ico").write_bytes(ico_bytes(images))
    print(HERE / "app.png", HERE / "app.ico")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

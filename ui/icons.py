"""The app icon, drawn (no binary asset needed), and the tray variant with the pending count
painted on a badge."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

SIZE = 64


def _base(painter: QPainter) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#2e7d32"))
    painter.drawRoundedRect(QRectF(2, 2, SIZE - 4, SIZE - 4), 12, 12)
    painter.setPen(QColor("white"))
    font = QFont("DejaVu Sans", 17)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(QRectF(0, 0, SIZE, SIZE), Qt.AlignmentFlag.AlignCenter, "PDV")


def app_pixmap() -> QPixmap:
    pixmap = QPixmap(SIZE, SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    _base(painter)
    painter.end()
    return pixmap


def app_icon() -> QIcon:
    return QIcon(app_pixmap())


def badge_pixmap(count: int, *, attention: bool = False) -> QPixmap:
    """The app icon with the pending count on a badge (orange; red when something is parked)."""
    pixmap = app_pixmap()
    if count <= 0:
        return pixmap
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#c62828" if attention else "#ef6c00"))
    badge = QRectF(SIZE - 38, 0, 38, 30)
    painter.drawRoundedRect(badge, 14, 14)
    painter.setPen(QColor("white"))
    font = QFont("DejaVu Sans", 14 if count < 100 else 10)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, str(count) if count < 1000 else "999+")
    painter.end()
    return pixmap

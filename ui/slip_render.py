"""Qt's drawing of a slip: the core's laid-out lines (pdv_bling/slips/layout.py) painted in a
monospaced font sized so a line's characters fill the paper's printable width, big lines at twice
the size, the coupon's Code 128 bars drawn module by module, the DANFE's QR code module by module
(at least 22 mm of symbol with a 4-module quiet zone each side: 25 mm and more, as MAN6 asks). The same painting goes to the screen
(an image), to any printer the OS has (QPrinter, with page breaks) and to a PDF (QPdfWriter, one
page as long as the slip, as a thermal roll). `pdv-bling sale receipt --pdf` calls `write_pdf`
here (a late import from the core's CLI)."""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)

from pdv_bling.slips.layout import BarLine, Line, PrintLine, QrLine, Slip, columns_for, lay_out

PRINTABLE_MM = {80: 72.0, 58: 48.0}  # what the print head reaches on each roll
BAR_HEIGHT_MM = 9.0
QR_SYMBOL_MM = 22.0  # MAN6 3.4: the symbol, its quiet zone added around it
QR_QUIET_MODULES = 4
TOP_MM = 4.0
THERMAL_DPI = 203  # the thermal printers' own resolution: the on-screen picture matches them


@dataclass(frozen=True)
class Metrics:
    font: QFont
    big: QFont
    line_h: float
    big_h: float
    bar_h: float
    width: float  # printable width in device pixels
    dpi: float = THERMAL_DPI


def printable_mm(paper_mm: int) -> float:
    return PRINTABLE_MM.get(paper_mm, PRINTABLE_MM[80])


def metrics(columns: int, width_px: float, dpi: float) -> Metrics:
    """Fonts whose `columns` characters span `width_px` exactly."""
    family = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
    probe = QFont(family)
    probe.setStyleHint(QFont.StyleHint.Monospace)
    probe.setPixelSize(100)
    advance = QFontMetricsF(probe).horizontalAdvance("M" * 10) / 10
    size = max(1, math.floor(100 * width_px / columns / advance))
    font = QFont(probe)
    font.setPixelSize(size)
    big = QFont(probe)
    big.setPixelSize(size * 2)
    return Metrics(font, big, QFontMetricsF(font).lineSpacing(), QFontMetricsF(big).lineSpacing(),
                   BAR_HEIGHT_MM / 25.4 * dpi, width_px, dpi)


def qr_module(line: QrLine, m: Metrics) -> float:
    """A module's side in whole device pixels: the symbol spans at least 22 mm."""
    return float(math.ceil(QR_SYMBOL_MM / 25.4 * m.dpi / line.modules))


def line_height(line: PrintLine, m: Metrics) -> float:
    if isinstance(line, QrLine):
        return qr_module(line, m) * (line.modules + 2 * QR_QUIET_MODULES)
    if isinstance(line, BarLine):
        return m.bar_h + m.line_h / 2
    return m.big_h if line.big else m.line_h


def content_height(lines: list[PrintLine], m: Metrics) -> float:
    return sum(line_height(line, m) for line in lines)


def paint_lines(painter: QPainter, lines: list[PrintLine], m: Metrics, *, x: float, y: float,
                bottom: float | None = None, new_page: Callable[[], float] | None = None) -> float:
    """Paint from (x, y); past `bottom`, `new_page()` starts a page and returns its top. Returns
    the y after the last line."""
    painter.setPen(QColor("black"))
    for line in lines:
        height = line_height(line, m)
        if bottom is not None and new_page is not None and y + height > bottom:
            y = new_page()
        if isinstance(line, QrLine):
            _qr(painter, line, m, x=x, y=y)
        elif isinstance(line, BarLine):
            _bars(painter, line.modules, m, x=x, y=y)
        else:
            assert isinstance(line, Line)
            font = QFont(m.big if line.big else m.font)
            font.setBold(line.bold)
            painter.setFont(font)
            rect = QRectF(x, y, m.width * 1.5, height)  # monospace: the padding already places it
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), line.text)
        y += height
    return y


def _bars(painter: QPainter, modules: str, m: Metrics, *, x: float, y: float) -> None:
    module = max(1.0, math.floor(m.width * 0.9 / len(modules)))
    left = x + (m.width - module * len(modules)) / 2
    for index, bit in enumerate(modules):
        if bit == "1":
            painter.fillRect(QRectF(left + index * module, y, module, m.bar_h), QColor("black"))


def _qr(painter: QPainter, line: QrLine, m: Metrics, *, x: float, y: float) -> None:
    module = qr_module(line, m)
    left = x + (m.width - module * line.modules) / 2
    top = y + module * QR_QUIET_MODULES
    for row, bits in enumerate(line.matrix):
        column = bits.find("1")
        while column >= 0:  # one rectangle per run of dark modules
            end = bits.find("0", column)
            end = len(bits) if end < 0 else end
            painter.fillRect(QRectF(left + column * module, top + row * module, (end - column) * module, module),
                             QColor("black"))
            column = bits.find("1", end)


def slip_image(slip: Slip, *, paper_mm: int = 80, dpi: int = THERMAL_DPI) -> QImage:
    """The slip as the thermal printer would print it (white roll, black print)."""
    lines = lay_out(slip, columns_for(paper_mm))
    width = printable_mm(paper_mm) / 25.4 * dpi
    margin = (paper_mm - printable_mm(paper_mm)) / 2 / 25.4 * dpi
    m = metrics(columns_for(paper_mm), width, dpi)
    top = TOP_MM / 25.4 * dpi
    image = QImage(int(width + 2 * margin), int(content_height(lines, m) + 2 * top), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    paint_lines(painter, lines, m, x=margin, y=top)
    painter.end()
    return image


def write_pdf(slip: Slip, path: str | os.PathLike[str], *, paper_mm: int = 80, dpi: int = 300) -> Path:
    """One page as wide as the roll and as long as the slip (the PDF the cashier saves and the
    one `pdv-bling sale receipt --pdf` writes)."""
    _gui()
    lines = lay_out(slip, columns_for(paper_mm))
    width = printable_mm(paper_mm) / 25.4 * dpi
    m = metrics(columns_for(paper_mm), width, dpi)
    height_mm = content_height(lines, m) / dpi * 25.4 + 2 * TOP_MM
    target = Path(path)
    writer = QPdfWriter(str(target))
    writer.setResolution(dpi)
    writer.setTitle(slip.title)
    writer.setCreator("PDV Bling")
    writer.setPageLayout(QPageLayout(QPageSize(QSizeF(paper_mm, height_mm), QPageSize.Unit.Millimeter, slip.title),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    painter = QPainter(writer)
    margin = (paper_mm - printable_mm(paper_mm)) / 2 / 25.4 * dpi
    paint_lines(painter, lines, m, x=margin, y=TOP_MM / 25.4 * dpi)
    if not painter.end():
        raise OSError(f"could not write {target}")
    return target


def _gui() -> None:
    """Painting text needs a QGuiApplication. From the command line there is none yet: make one,
    offscreen where there is no display (the PDF never needs a window)."""
    if QGuiApplication.instance() is not None:
        return
    headless = sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if headless and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    global _APP
    _APP = QGuiApplication(sys.argv[:1])


_APP: QGuiApplication | None = None

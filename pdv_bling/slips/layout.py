"""A slip as blocks (text, label/amount pairs, rules, a barcode, a QR code), laid out once into fixed-width
lines for a paper width. Every renderer draws the same lines: Qt (print preview, any printer, PDF)
paints them in a monospaced font, the ESC/POS thermal printer prints them as they are. So the
printed slip, the PDF and the thermal slip are one slip, wrapped at the same places.

80 mm paper holds 48 characters of the printer's font A, 58 mm holds 32. A "big" line is printed
double width and height, so it holds half as many characters."""

from __future__ import annotations

import textwrap
import unicodedata
from dataclasses import dataclass
from typing import Literal

from pdv_bling.domain.sale import REFUSED_CATEGORIES

Align = Literal["left", "center", "right"]
COLUMNS = {80: 48, 58: 32}  # paper width (mm) -> characters per line


@dataclass(frozen=True)
class Text:
    text: str
    align: Align = "left"
    bold: bool = False
    big: bool = False


@dataclass(frozen=True)
class Pair:
    """A label on the left and a value (an amount) on the right of the same line."""

    left: str
    right: str
    bold: bool = False
    big: bool = False


@dataclass(frozen=True)
class Rule:
    char: str = "-"


@dataclass(frozen=True)
class Barcode:
    """Code 128 of `data` (the exchange coupon): a scanner at the counter reads it back."""

    data: str


@dataclass(frozen=True)
class QrCode:
    """A QR code of `data` (the DANFE NFC-e's, printed exactly as the XML's `qrCode`): error
    correction M, UTF-8 (MAN6 4.5), at least 22 mm of symbol plus its quiet zone."""

    data: str


@dataclass(frozen=True)
class Blank:
    pass


Block = Text | Pair | Rule | Barcode | QrCode | Blank


@dataclass(frozen=True)
class Slip:
    kind: str  # sale, exchange, return, credit, test, danfe
    title: str  # "Comprovante de venda 12": the print job's and the PDF's title
    blocks: tuple[Block, ...]
    link: str = ""  # a web address for the screens, not the paper (the DANFE's linkDanfe)


@dataclass(frozen=True)
class Line:
    """One printed line: `text` already padded to the width (`columns`, or half of it when big)."""

    text: str
    bold: bool = False
    big: bool = False


@dataclass(frozen=True)
class BarLine:
    data: str
    modules: str  # "1101..." one character per bar module, 1 = black


@dataclass(frozen=True)
class QrLine:
    data: str
    matrix: tuple[str, ...]  # one string per row, one character per module, "1" = dark (no quiet zone)

    @property
    def modules(self) -> int:
        return len(self.matrix)


PrintLine = Line | BarLine | QrLine


def columns_for(paper_mm: int) -> int:
    return COLUMNS.get(paper_mm, COLUMNS[80])


def lay_out(slip: Slip, columns: int) -> list[PrintLine]:
    lines: list[PrintLine] = []
    for block in slip.blocks:
        lines.extend(_lines(block, columns))
    return lines


def _lines(block: Block, columns: int) -> list[PrintLine]:
    if isinstance(block, Rule):
        return [Line(block.char * columns)]
    if isinstance(block, Blank):
        return [Line("")]
    if isinstance(block, Barcode):
        return [BarLine(block.data, code128_modules(block.data))]
    if isinstance(block, QrCode):
        return [QrLine(block.data, qr_matrix(block.data))]
    width = columns // 2 if block.big else columns
    if isinstance(block, Pair):
        return [Line(text, block.bold, block.big) for text in _pair(block.left, block.right, width)]
    return [Line(_align(text, block.align, width), block.bold, block.big) for text in _wrap(block.text, width)]


def _wrap(text: str, width: int) -> list[str]:
    text = one_line(text)
    if "://" in text:  # a web address (the DANFE's urlChave) breaks after a slash where it can
        return _wrap_address(text, width)
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]


def one_line(text: str) -> str:
    """Text as one printable line: what the input refuses (line and paragraph separators,
    control and format characters) may still come from Bling's catalogue, and would break the
    slip's lines on paper. Each becomes a space."""
    if text.isprintable():
        return text
    return "".join(" " if unicodedata.category(c) in REFUSED_CATEGORIES else c for c in text)


def _wrap_address(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for line in textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]:
        while len(line) > width:
            cut = line.rfind("/", 0, width) + 1
            cut = cut if cut > width // 2 else width  # a slash too early wastes the line: cut at the width
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines


def _align(text: str, align: Align, width: int) -> str:
    if align == "center":
        return text.center(width).rstrip()
    if align == "right":
        return text.rjust(width)
    return text


def _pair(left: str, right: str, width: int) -> list[str]:
    """ "TOTAL ........ R$ 52,70": the value right-aligned on the label's (last) line."""
    left, right = one_line(left), one_line(right)
    if len(left) + 1 + len(right) <= width:
        return [left + " " * (width - len(left) - len(right)) + right]
    head = _wrap(left, width)
    last = head.pop()
    if len(last) + 1 + len(right) <= width:
        return [*head, last + " " * (width - len(last) - len(right)) + right]
    return [*head, last, right.rjust(width)]


def code128_modules(data: str) -> str:
    """The bar pattern python-barcode computes for Code 128 (start, data, check, stop). Imported
    here: python-barcode brings Pillow, which no other command needs at start-up."""
    from barcode import Code128

    return "".join(Code128(data).build())


def qr_matrix(data: str) -> tuple[str, ...]:
    """The QR code's modules as the `qrcode` library computes them: level M, the smallest version
    that holds `data` (UTF-8), no quiet zone (the renderers add theirs)."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(data)  # str: UTF-8 bytes, numeric and alphanumeric runs packed (a smaller symbol)
    code.make(fit=True)
    return tuple("".join("1" if dark else "0" for dark in row) for row in code.get_matrix())


def plain_text(lines: list[PrintLine]) -> str:
    """The slip as text (tests, logs, a terminal): barcodes and QR codes shown as their data."""
    return "\n".join(line.text if isinstance(line, Line) else f"[{line.data}]" for line in lines)

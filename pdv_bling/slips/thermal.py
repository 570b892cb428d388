"""Slips straight to an ESC/POS thermal printer (80 or 58 mm) through python-escpos: the same
laid-out lines the screen and the PDF show, in the printer's font A (code page 860, Portuguese),
big lines double width and height, the coupon as a Code 128 barcode drawn by the printer, the
DANFE's QR code as the printer's own QR command (`GS ( k`: model 2, level M, the content in UTF-8),
its module size chosen so the symbol spans at least 22 mm at 8 dots/mm.
Runs on a worker thread: a USB, serial or network printer can take seconds to answer."""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import platformdirs

from pdv_bling.domain.errors import DomainError
from pdv_bling.slips.layout import BarLine, Line, PrintLine, QrLine, Slip, columns_for, lay_out
from pdv_bling.slips.printer import PrinterConfig

CODE_PAGE = "CP860"  # Portuguese: ç, ã, õ, é... as the printers sold in Brazil expect
NETWORK_TIMEOUT_S = 10
DOTS_PER_MM = 8  # 203 dpi, the thermal printers' resolution
QR_SYMBOL_MM = 22  # MAN6 3.4: 25 mm with the quiet zone
PRINTABLE_DOTS = {80: 576, 58: 384}


def _escpos() -> Any:
    """Import python-escpos lazily. It caches its printer database as a pickle in a folder made
    at import time; point that at our own cache folder instead of a new /tmp folder each run
    (and never a pickle another user of the machine could write)."""
    if "ESCPOS_CAPABILITIES_PICKLE_DIR" not in os.environ:
        folder = Path(platformdirs.user_cache_dir("pdv-bling", "PDVBling")) / "escpos"
        folder.mkdir(parents=True, exist_ok=True)
        os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(folder)
    import escpos.printer

    return escpos.printer


def open_printer(config: PrinterConfig) -> Any:
    """The python-escpos printer object for `config` (not yet connected)."""
    printers = _escpos()
    if config.kind == "usb":
        return printers.Usb(config.usb_vendor, config.usb_product)
    if config.kind == "serial":
        return printers.Serial(devfile=config.serial_port, baudrate=config.baudrate)
    if config.kind == "network":
        return printers.Network(config.host, port=config.port, timeout=NETWORK_TIMEOUT_S)
    raise ValueError(f"not a thermal printer: {config.kind}")


def dummy_printer() -> Any:
    """python-escpos' Dummy printer: keeps the bytes it would have sent (tests, diagnosis)."""
    return _escpos().Dummy()


def write_lines(printer: Any, lines: list[PrintLine], *, paper_mm: int) -> None:
    """The ESC/POS commands for `lines`, then a paper cut."""
    module_width = 3 if paper_mm >= 80 else 2  # Code 128 of a coupon: 123 modules fit both papers
    with contextlib.redirect_stdout(io.StringIO()):  # python-escpos prints which renderer it uses
        printer.charcode(CODE_PAGE)
        for line in lines:
            if isinstance(line, QrLine):
                printer.set(align="center")  # python-escpos cannot center a native QR itself
                printer.qr(line.data, ec=_escpos_constants().QR_ECLEVEL_M, size=qr_module_dots(line, paper_mm),
                           model=_escpos_constants().QR_MODEL_2, native=True)
                printer.text("\n")
                printer.set(align="left")
                continue
            if isinstance(line, BarLine):
                printer.set(align="center")
                printer.barcode("{B" + line.data, "CODE128", height=72, width=module_width, pos="OFF",
                                function_type="B")
                printer.set(align="left")
                continue
            assert isinstance(line, Line)
            printer.set(align="left", bold=line.bold, double_width=line.big, double_height=line.big)
            printer.text(line.text + "\n")
        printer.set_with_default()
        printer.cut()


def qr_module_dots(line: QrLine, paper_mm: int) -> int:
    """The smallest module (in dots, 1-16) whose symbol spans 22 mm, within the paper's width
    (with a 4-module quiet zone each side). The firmware picks its own version for the data, most
    likely the `qrcode` library's at level M (UNCONFIRMED per printer)."""
    wanted = -(-QR_SYMBOL_MM * DOTS_PER_MM // line.modules)  # ceiling
    fits = PRINTABLE_DOTS.get(paper_mm, PRINTABLE_DOTS[80]) // (line.modules + 8)
    return max(1, min(16, wanted, fits))


def _escpos_constants() -> Any:
    _escpos()
    import escpos.constants

    return escpos.constants


def print_slip(slip: Slip, config: PrinterConfig, *, printer: Any = None) -> None:
    """Print `slip` on the configured thermal printer (or on `printer`, e.g. a Dummy).

    Raises DomainError("printer_unreachable") with the printer's own words when it cannot be
    reached (cable, power, address), so the screen can say what to check."""
    lines = lay_out(slip, columns_for(config.paper_mm))
    with _reached(config, printer) as target:
        write_lines(target, lines, paper_mm=config.paper_mm)


@contextlib.contextmanager
def _reached(config: PrinterConfig, printer: Any = None) -> Iterator[Any]:
    """The configured printer opened (or `printer` as given), closed after; any failure while
    talking to it becomes DomainError("printer_unreachable") with the printer's own words."""
    target = printer if printer is not None else open_printer(config)
    try:
        if printer is None:
            target.open()
        yield target
    except Exception as exc:  # noqa: BLE001 - USB, serial and socket errors of many libraries
        detail = str(exc).splitlines()[0][:120] if str(exc) else "sem detalhes"
        raise DomainError("printer_unreachable", "impressora", {"detail": detail}) from exc
    finally:
        if printer is None:
            with contextlib.suppress(Exception):
                target.close()


def slip_bytes(slip: Slip, *, paper_mm: int) -> bytes:
    """The ESC/POS bytes of `slip` as python-escpos' Dummy printer captures them."""
    printer = dummy_printer()
    write_lines(printer, lay_out(slip, columns_for(paper_mm)), paper_mm=paper_mm)
    return bytes(printer.output)


# ESC p m t1 t2: pin 2, 50 ms on, 500 ms off (ON/(ON+OFF) = 0.09, within the 0.2 printers such as
# Citizen advise; python-escpos' cashdraw(2) sends 100/100 ms, a 0.5 duty cycle).
DRAWER_PULSE = (27, 112, 0, 25, 250)


def open_drawer(config: PrinterConfig, *, printer: Any = None) -> bool:
    """Kick the cash drawer wired to the thermal printer (a cash sale, a suprimento, a sangria).
    False when the terminal has no thermal printer (nothing to kick); DomainError when the printer
    does not answer, with its own words."""
    if printer is None and not config.thermal:
        return False
    with _reached(config, printer) as target:
        target.cashdraw(list(DRAWER_PULSE))
    return True


def kick_drawer(store: Any) -> str:
    """Open the terminal's cash drawer after a cash movement, if a thermal printer is set up. The
    movement is already recorded: a printer that does not answer is returned in words (to show),
    never raised."""
    from pdv_bling.domain.messages import message_for
    from pdv_bling.slips.printer import load_printer

    with store.read() as session:
        config = load_printer(session)
    try:
        open_drawer(config)
    except DomainError as exc:
        return message_for(exc)
    return ""

"""The cash drawer, opened by the thermal printer it hangs from: the ESC/POS kick pulse `ESC p m
t1 t2` (`1B 70 m t1 t2`). Pin 2 (m = 0) is the drawer's usual connector, pin 5 (m = 1) a second
drawer's. The pulse is on for t1 × 2 ms and off for t2 × 2 ms: 50 ms on, 500 ms off keeps the
solenoid within the ≤ 20 % duty cycle Citizen asks for (python-escpos' `cashdraw(2)` sends
100/100 ms, 50 %). A system printer (Qt) has no drawer: nothing is sent.

The counter calls `open_drawer` on a cash sale, a suprimento or a sangria, on a worker thread
(a USB, serial or network printer can take seconds to answer)."""

from __future__ import annotations

import contextlib
from typing import Any

from pdv_bling.domain.errors import DomainError
from pdv_bling.slips.printer import PrinterConfig
from pdv_bling.slips.thermal import open_printer

ESC_P = (0x1B, 0x70)
PINS = {2: 0, 5: 1}
ON_UNITS, OFF_UNITS = 25, 250  # × 2 ms: 50 ms on, 500 ms off (duty cycle 0.09)


def kick_pulse(pin: int = 2) -> bytes:
    """The bytes that open the drawer on `pin` (2 or 5)."""
    if pin not in PINS:
        raise ValueError(f"a cash drawer hangs from pin 2 or 5, not {pin}")
    return bytes((*ESC_P, PINS[pin], ON_UNITS, OFF_UNITS))


def open_drawer(config: PrinterConfig, *, pin: int = 2, printer: Any = None) -> bool:
    """Kick the drawer through this terminal's thermal printer (or `printer`, e.g. a Dummy).
    False when there is no thermal printer to kick it (nothing sent); raises
    DomainError("printer_unreachable") with the printer's words when it cannot be reached."""
    if not config.thermal and printer is None:
        return False
    target = printer if printer is not None else open_printer(config)
    try:
        if printer is None:
            target.open()
        target.cashdraw(list(kick_pulse(pin)))
    except Exception as exc:  # noqa: BLE001 - USB, serial and socket errors of many libraries
        detail = str(exc).splitlines()[0][:120] if str(exc) else "sem detalhes"
        raise DomainError("printer_unreachable", "impressora", {"detail": detail}) from exc
    finally:
        if printer is None:
            with contextlib.suppress(Exception):
                target.close()
    return True

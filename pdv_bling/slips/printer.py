"""Which printer this terminal's slips go to (chosen in Configurações › Impressora): the system's
printers through Qt (any printer the OS has, with a preview and "Salvar PDF"), or an ESC/POS
thermal printer of 80 or 58 mm straight over USB, a serial port or the network. Kept in the
store's settings table under one key (a terminal = one data folder); validated from the form's
text with pt_BR messages."""

from __future__ import annotations

import dataclasses
import re
import sys
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy.orm import Session

from pdv_bling.domain.errors import DomainError, DomainErrors
from pdv_bling.store.settings import get_value, set_value

SETTING_KEY = "printer"
Kind = Literal["system", "usb", "serial", "network"]
KINDS: tuple[Kind, ...] = ("system", "usb", "serial", "network")
PAPERS = (80, 58)
MAX_HEADER_LINES = 3


@dataclass(frozen=True)
class PrinterConfig:
    kind: Kind = "system"
    paper_mm: int = 80
    usb_vendor: int | None = None  # USB ids, e.g. 0x0483 / 0x5743 (lsusb, Gerenciador de Dispositivos)
    usb_product: int | None = None
    serial_port: str = ""  # COM3, /dev/ttyUSB0
    baudrate: int = 9600
    host: str = ""  # the printer's IP on the store's network
    port: int = 9100
    header: tuple[str, ...] = ()  # store name and address, printed atop every slip

    @property
    def thermal(self) -> bool:
        return self.kind != "system"

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["header"] = list(self.header)
        return data

    @classmethod
    def from_json(cls, data: Any) -> PrinterConfig:
        if not isinstance(data, dict):
            return cls()
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["header"] = tuple(str(line) for line in values.get("header") or ())
        try:
            return cls(**values)
        except TypeError:
            return cls()


def load_printer(session: Session) -> PrinterConfig:
    return PrinterConfig.from_json(get_value(session, SETTING_KEY))


def save_printer(session: Session, config: PrinterConfig) -> None:
    set_value(session, SETTING_KEY, config.to_json())


def parse_printer(form: dict[str, str], *, platform: str = sys.platform) -> PrinterConfig:
    """From the form's text fields; raises DomainErrors naming every bad field, writes nothing.
    `platform`: the system this terminal runs on (its serial ports are named its way)."""
    errors: list[DomainError] = []
    kind = form.get("kind", "system")
    if kind not in KINDS:
        errors.append(DomainError("setting_choice", "impressora.tipo", {"choices": ", ".join(KINDS), "value": kind}))
        kind = "system"
    paper = _int(form.get("paper_mm", "80"), "impressora.papel", errors, low=58, high=80)
    if paper is not None and paper not in PAPERS:
        errors.append(DomainError("setting_choice", "impressora.papel", {"choices": "80 ou 58", "value": paper}))
    config = PrinterConfig(kind=kind, paper_mm=paper if paper in PAPERS else 80,  # type: ignore[arg-type]
                           header=_header(form.get("header", ""), errors))
    if kind == "usb":
        vendor = _usb_id(form.get("usb_vendor", ""), "impressora.usb_fabricante", errors)
        product = _usb_id(form.get("usb_product", ""), "impressora.usb_produto", errors)
        config = dataclasses.replace(config, usb_vendor=vendor, usb_product=product)
    elif kind == "serial":
        port = form.get("serial_port", "").strip()
        if not port:
            errors.append(DomainError("text_required", "impressora.porta_serial"))
        elif (named := serial_port_name(port, platform=platform)) is None:
            example = "COM3" if platform == "win32" else "/dev/ttyUSB0"
            errors.append(DomainError("printer_serial_port", "impressora.porta_serial",
                                      {"value": port[:30], "example": example}))
        else:
            port = named
        baud = _int(form.get("baudrate", "9600"), "impressora.velocidade", errors, low=1200, high=921_600)
        config = dataclasses.replace(config, serial_port=port, baudrate=baud or 9600)
    elif kind == "network":
        host = form.get("host", "").strip()
        if not host or any(c.isspace() for c in host):
            errors.append(DomainError("text_required", "impressora.endereco"))
        tcp = _int(form.get("port", "9100"), "impressora.porta", errors, low=1, high=65_535)
        config = dataclasses.replace(config, host=host, port=tcp or 9100)
    if errors:
        raise DomainErrors(errors)
    return config



_WINDOWS_PORT = re.compile(r"(?:\\\\\.\\)?COM\s*0*(\d{1,3}):?", re.IGNORECASE)


def serial_port_name(text: str, *, platform: str = sys.platform) -> str | None:
    """The serial port as the system names it, or None when `text` cannot name one there.

    Windows: "COM1" to "COM256", also typed "com3", "COM3:", "COM 3" or "\\\\.\\COM10" (pyserial
    adds the "\\\\.\\" prefix high port numbers need). Elsewhere a device file: "/dev/ttyUSB0",
    "/dev/cu.usbserial-1410"."""
    text = text.strip()
    if platform == "win32":
        match = _WINDOWS_PORT.fullmatch(text)
        number = int(match.group(1)) if match else 0
        return f"COM{number}" if 1 <= number <= 256 else None
    if text.startswith("/dev/") and len(text) > len("/dev/") and not any(c.isspace() for c in text):
        return text
    return None

def _int(text: str, field: str, errors: list[DomainError], *, low: int, high: int) -> int | None:
    try:
        value = int(str(text).strip())
    except ValueError:
        errors.append(DomainError("setting_range", field, {"min": low, "max": high, "value": str(text)[:20]}))
        return None
    if not low <= value <= high:
        errors.append(DomainError("setting_range", field, {"min": low, "max": high, "value": value}))
        return None
    return value


def _usb_id(text: str, field: str, errors: list[DomainError]) -> int | None:
    """A USB id as lsusb shows it: 4 hex digits, with or without 0x ("0483", "0x0483")."""
    raw = text.strip().lower().removeprefix("0x")
    if len(raw) == 4 and all(c in "0123456789abcdef" for c in raw):
        return int(raw, 16)
    errors.append(DomainError("printer_usb_id", field, {"value": text.strip()[:20]}))
    return None


def _header(text: str, errors: list[DomainError]) -> tuple[str, ...]:
    lines = tuple(line.strip() for line in text.splitlines() if line.strip())
    if len(lines) > MAX_HEADER_LINES or any(len(line) > 48 for line in lines):
        errors.append(DomainError("printer_header", "impressora.cabecalho", {"max": MAX_HEADER_LINES}))
    return lines[:MAX_HEADER_LINES]

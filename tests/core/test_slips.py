"""Slips built from the store: the sale slip (coupon as text and as a Code 128 barcode), the
exchange/return slip and the store-credit slip; the ESC/POS bytes captured through python-escpos'
Dummy printer; the printer settings read from the form; `pdv-bling sale receipt --pdf`."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest
import serial
from pypdf import PdfReader

from pdv_bling.counter.returns import record_exchange
from pdv_bling.counter.sales import RecordedSale, record_sale
from pdv_bling.domain.coupon import format_coupon
from pdv_bling.domain.errors import DomainError, DomainErrors
from pdv_bling.domain.exchange import ExchangeDraft
from pdv_bling.domain.messages import sentence_for
from pdv_bling.domain.sale import AddressDraft, CustomerDraft, ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.slips import thermal
from pdv_bling.slips.build import credit_slip, exchange_slip, for_print, sale_slip
from pdv_bling.slips.layout import BarLine, Line, Text, code128_modules, lay_out, plain_text
from pdv_bling.slips.printer import PrinterConfig, load_printer, parse_printer, save_printer
from pdv_bling.store.engine import Store
from pdv_bling.store.models import Sale
from pdv_bling.store.settings import save_company
from tests.core.factories import seed_store

CUSTOMER = CustomerDraft(document="529.982.247-25", name="Maria Souza",
                         address=AddressDraft(street="Rua A", number="1", district="Centro", city="Campinas", uf="SP",
                                              cep="13010-100"))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "slips.sqlite3")
    seed_store(s)
    return s


def sell(store: Store) -> RecordedSale:
    draft = SaleDraft(items=(ItemDraft(sku="SKU-1", quantity=2), ItemDraft(sku="SKU-3")),
                      payments=(PaymentDraft("Dinheiro", 10_000),), seller="Ana", customer=CUSTOMER, discount_cents=100)
    return record_sale(store, draft)


def test_sale_slip_says_not_fiscal_and_carries_the_coupon_as_text_and_barcode(store: Store) -> None:
    sale = sell(store)  # 2 x 10,90 + 30,90 - 1,00 = 51,70; 100,00 in cash, 48,30 change
    with store.read() as session:
        slip = sale_slip(session, sale.number, header=("Loja Exemplo",))
    for columns in (48, 32):
        lines = lay_out(slip, columns)
        assert all(len(ln.text) <= (columns // 2 if ln.big else columns) for ln in lines if isinstance(ln, Line))
        text = plain_text(lines)
        assert "NÃO É DOCUMENTO FISCAL" in text and "NFC-e" in text
        assert format_coupon(sale.coupon) in text
        assert "R$ 51,70" in text and "R$ 100,00" in text and "R$ 48,30" in text
        assert "CPF: ***.982.247-**" in text and "529.982.247-25" not in text  # never the whole CPF
        assert "Loja Exemplo" in text.splitlines()[0]
        bars = [ln for ln in lines if isinstance(ln, BarLine)]
        assert [b.data for b in bars] == [sale.coupon]
        assert bars[0].modules == code128_modules(sale.coupon) and set(bars[0].modules) == {"0", "1"}


def test_thermal_bytes_through_the_dummy_printer_carry_the_coupon_and_the_total(store: Store) -> None:
    sale = sell(store)
    with store.read() as session:
        slip = sale_slip(session, sale.number)
    for paper in (80, 58):
        printer = thermal.dummy_printer()
        thermal.print_slip(slip, PrinterConfig(kind="usb", paper_mm=paper), printer=printer)
        data = bytes(printer.output)
        assert format_coupon(sale.coupon).encode() in data  # the coupon as text
        assert b"\x1dk" in data and ("{B" + sale.coupon).encode() in data  # GS k: Code 128 drawn by the printer
        assert b"R$ 51,70" in data and b"\x1dV" in data  # the total, then the paper cut
        assert "NÃO É DOCUMENTO FISCAL".encode("cp860") in data  # Portuguese code page
        assert data == thermal.slip_bytes(slip, paper_mm=paper)


def test_an_unreachable_thermal_printer_is_a_clear_error(store: Store) -> None:
    sale = sell(store)
    with store.read() as session:
        slip = sale_slip(session, sale.number)
    config = PrinterConfig(kind="network", host="127.0.0.1", port=1)  # nothing listens on port 1
    with pytest.raises(Exception) as info:
        thermal.print_slip(slip, config)
    assert getattr(info.value, "code", None) == "printer_unreachable"
    assert "impressora térmica não respondeu" in str(info.value).lower()


def test_exchange_and_credit_slips(store: Store) -> None:
    sale = sell(store)
    with store.read() as session:
        original = session.get(Sale, sale.sale_id)
        assert original is not None
        item_id = original.items[0].id
    result = record_exchange(store, ExchangeDraft(original_sale_id=sale.sale_id, returned={item_id: 2},
                                                  new_items=(ItemDraft(sku="SKU-1"),)))
    assert result.credit_granted_cents > 0 and result.new_sale is not None
    with store.read() as session:
        text = plain_text(lay_out(exchange_slip(session, result.return_id), 48))
        customer_id = session.get(Sale, sale.sale_id).customer_id  # type: ignore[union-attr]
        assert customer_id is not None
        credit = plain_text(lay_out(credit_slip(session, customer_id, return_id=result.return_id), 48))
    assert "COMPROVANTE DE TROCA" in text and "NÃO É DOCUMENTO FISCAL" in text
    assert "DEVOLVIDOS" in text and "Produto 1" in text and f"nº {sale.number}" in text
    assert "Crédito em loja gerado" in text and format_coupon(result.new_sale.coupon) in text
    balance = f"R$ {result.credit_balance_cents // 100},{result.credit_balance_cents % 100:02d}"
    assert "VALE-CRÉDITO" in credit and "SALDO DISPONÍVEL" in credit and balance in credit
    assert "NÃO É DOCUMENTO FISCAL" in credit


def test_printer_settings_from_the_form(store: Store) -> None:
    config = parse_printer({"kind": "usb", "paper_mm": "58", "usb_vendor": "0x0483", "usb_product": "5743",
                            "header": "Loja Exemplo\nRua A, 1"})
    assert (config.kind, config.paper_mm, config.usb_vendor, config.usb_product) == ("usb", 58, 0x0483, 0x5743)
    with store.transaction() as session:
        save_printer(session, config)
    with store.read() as session:
        assert load_printer(session) == config
        slip, loaded = for_print(session, "test", 0)
    assert loaded == config and "Loja Exemplo" in plain_text(lay_out(slip, 32))
    with pytest.raises(DomainErrors) as info:
        parse_printer({"kind": "network", "host": "", "port": "70000"})
    assert {e.code for e in info.value.errors} == {"text_required", "setting_range"}
    with pytest.raises(DomainErrors) as info:
        parse_printer({"kind": "usb", "usb_vendor": "xyz", "usb_product": "12345"})
    assert [e.code for e in info.value.errors] == ["printer_usb_id", "printer_usb_id"]



@pytest.mark.parametrize(("typed", "port"), [("COM3", "COM3"), ("com3", "COM3"), (" COM3: ", "COM3"),
                                             ("COM 12", "COM12"), ("\\\\.\\COM10", "COM10"), ("COM256", "COM256")])
def test_a_windows_com_port_as_typed_is_named_the_way_windows_names_it(typed: str, port: str) -> None:
    config = parse_printer({"kind": "serial", "serial_port": typed, "baudrate": "19200"}, platform="win32")
    assert (config.kind, config.serial_port, config.baudrate) == ("serial", port, 19200)


@pytest.mark.parametrize(("platform", "typed", "example"), [
    ("win32", "/dev/ttyUSB0", "COM3"), ("win32", "COM0", "COM3"), ("win32", "COM257", "COM3"),
    ("win32", "LPT1", "COM3"), ("linux", "COM3", "/dev/ttyUSB0"), ("darwin", "ttyUSB0", "/dev/ttyUSB0"),
])
def test_a_port_name_of_another_system_is_refused_with_an_example(platform: str, typed: str, example: str) -> None:
    with pytest.raises(DomainErrors) as info:
        parse_printer({"kind": "serial", "serial_port": typed}, platform=platform)
    [error] = info.value.errors
    assert (error.code, error.field, error.params["example"]) == ("printer_serial_port", "impressora.porta_serial",
                                                                   example)
    sentence = sentence_for(error)
    assert f"por exemplo {example}" in sentence and typed.strip() in sentence and "Gerenciador de Dispositivos" in sentence
    assert parse_printer({"kind": "serial", "serial_port": "/dev/cu.usbserial-1410"}, platform="darwin").serial_port \
        == "/dev/cu.usbserial-1410"


class FakeSerialPort:
    """pyserial's Serial as python-escpos opens it, on a COM port that exists (or does not)."""

    opened: list[dict[str, object]] = []
    present = {"COM3"}
    last: FakeSerialPort

    def __init__(self, *, port: str, **settings: object) -> None:
        if port not in self.present:
            raise serial.SerialException(
                f"could not open port '{port}': FileNotFoundError(2, 'O sistema não pode encontrar o arquivo "
                "especificado.', None, 2)")
        FakeSerialPort.opened.append({"port": port, **settings})
        self.written = bytearray()
        self.is_open = True
        FakeSerialPort.last = self

    def write(self, data: bytes) -> int:
        self.written.extend(data)
        return len(data)

    def read(self, size: int = 1) -> bytes:
        return b""

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.is_open = False


def test_a_slip_goes_to_a_com_port_as_windows_names_it(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole serial path on a fake COM3: form -> settings -> python-escpos -> pyserial."""
    monkeypatch.setattr(serial, "Serial", FakeSerialPort)
    FakeSerialPort.opened = []
    sale = sell(store)
    config = parse_printer({"kind": "serial", "serial_port": "com3", "baudrate": "38400", "paper_mm": "58"},
                           platform="win32")
    with store.transaction() as session:
        save_printer(session, config)
    with store.read() as session:
        loaded = load_printer(session)
        slip = sale_slip(session, sale.number)
    thermal.print_slip(slip, loaded)
    assert [(o["port"], o["baudrate"]) for o in FakeSerialPort.opened] == [("COM3", 38400)]
    assert bytes(FakeSerialPort.last.written) == thermal.slip_bytes(slip, paper_mm=58)
    assert not FakeSerialPort.last.is_open  # closed after the slip

    with pytest.raises(DomainError) as info:  # a port that is not there: the printer's own words
        thermal.print_slip(slip, dataclasses.replace(loaded, serial_port="COM7"))
    assert info.value.code == "printer_unreachable" and "COM7" in info.value.params["detail"]

def test_sale_receipt_command_writes_the_pdf_with_the_coupon(tmp_path: Path, home: Path) -> None:
    from pdv_bling.store.context import AppContext

    with AppContext.open(home, log=False) as ctx:
        seed_store(ctx.store)
        sale = sell(ctx.store)
    pdf, raw = tmp_path / "venda.pdf", tmp_path / "venda.bin"
    env = {**os.environ, "PDV_BLING_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "pdv_bling", "sale", "receipt", str(sale.number), "--pdf", str(pdf),
                           "--escpos", str(raw)], capture_output=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr.decode()
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    compact = "".join(text.split())  # the PDF's text, whatever spacing the extractor puts in
    assert format_coupon(sale.coupon) in compact and "R$51,70" in compact
    assert "NÃOÉDOCUMENTOFISCAL" in compact
    assert format_coupon(sale.coupon).encode() in raw.read_bytes()
    missing = subprocess.run([sys.executable, "-m", "pdv_bling", "sale", "receipt", "999", "--pdf", str(pdf)],
                             capture_output=True, timeout=120, env=env)
    assert missing.returncode == 2 and "venda não encontrada" in missing.stderr.decode()


# ---------------------------------------------------------------- issue 23: who issued it, the cash received


def _company(store: Store, *, nome: str = "Loja Exemplo Ltda", cnpj: str = "11222333000181") -> None:
    with store.transaction() as session:
        save_company(session, nome=nome, cnpj=cnpj)
        save_printer(session, PrinterConfig(header=("Loja Exemplo Ltda", "Rua das Flores, 10 - Centro",
                                                    "Campinas/SP - CEP 13010-000")))


def _top(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()[:5]]


def test_every_slip_carries_the_stores_name_cnpj_and_address(store: Store) -> None:
    """Bling's company data names the store (the header line repeating it is not printed twice);
    the address is Configurações › Impressora's."""
    sale = sell(store)
    _company(store)
    with store.read() as session:
        original = session.get(Sale, sale.sale_id)
        assert original is not None and original.customer_id is not None
        item_id, customer_id = original.items[0].id, original.customer_id
    result = record_exchange(store, ExchangeDraft(original_sale_id=sale.sale_id, returned={item_id: 1}))
    with store.read() as session:
        slips = {"sale": for_print(session, "sale", sale.number)[0], "exchange": for_print(session, "exchange", result.return_id)[0],
                 "credit": for_print(session, "credit", customer_id, return_id=result.return_id)[0],
                 "test": for_print(session, "test", 0)[0]}
    for kind, slip in slips.items():
        for columns in (48, 32):
            top = _top(plain_text(lay_out(slip, columns)))
            assert top[0] == "Loja Exemplo Ltda" and top[1] == "CNPJ 11.222.333/0001-81", (kind, top)
            assert "Rua das Flores, 10 - Centro" in top[2] and "Campinas/SP" in " ".join(top[2:]), (kind, top)
            assert plain_text(lay_out(slip, columns)).count("Loja Exemplo Ltda") == 1
        assert isinstance(slip.blocks[0], Text) and slip.blocks[0].bold  # the name, in bold


def test_without_blings_data_the_header_names_the_store(store: Store) -> None:
    sale = sell(store)
    with store.transaction() as session:
        save_printer(session, PrinterConfig(header=("Loja da Esquina", "CNPJ 11.222.333/0001-81")))
    with store.read() as session:
        top = _top(plain_text(lay_out(for_print(session, "sale", sale.number)[0], 48)))
    assert top[:2] == ["Loja da Esquina", "CNPJ 11.222.333/0001-81"]


def test_a_line_separator_from_the_catalogue_never_breaks_a_slips_line(store: Store) -> None:
    sold = sell(store)  # its own write transaction first (write transactions begin IMMEDIATE)
    with store.transaction() as session:
        session.get(Sale, sold.sale_id).items[0].description = "Caneca\u2028Azul\u2029Grande"  # type: ignore[union-attr]
        save_company(session, nome="Loja\u2028Exemplo", cnpj="")
    with store.read() as session:
        text = plain_text(lay_out(sale_slip(session, 1), 48))
    assert "\u2028" not in text and "\u2029" not in text
    assert "Caneca Azul Grande" in text and text.splitlines()[0].strip() == "Loja Exemplo"


def test_the_exchange_slip_shows_the_cash_received_and_the_change(store: Store) -> None:
    sale = sell(store)  # the customer returns 1 x Produto 1 (10,90) and takes Produto 3 (30,90): 20,00 to pay
    with store.read() as session:
        original = session.get(Sale, sale.sale_id)
        assert original is not None
        item_id = original.items[0].id
    result = record_exchange(store, ExchangeDraft(original_sale_id=sale.sale_id, returned={item_id: 1},
                                                  new_items=(ItemDraft(sku="SKU-3"),),
                                                  payments=(PaymentDraft("Dinheiro", 5_000),)))
    assert result.new_sale is not None and result.settlement.kind == "pay"
    difference, change = result.settlement.difference_cents, result.new_sale.change_cents
    assert change == 5_000 - difference > 0
    with store.read() as session:
        text = plain_text(lay_out(exchange_slip(session, result.return_id), 48))
    lines = [line.strip() for line in text.splitlines()]
    cash = next(line for line in lines if line.startswith("Dinheiro"))
    assert cash.endswith("R$ 50,00"), cash  # what the cashier took in, not the difference
    assert any(line.startswith("Troco") and line.endswith(_brl(change)) for line in lines), text
    assert any(line.startswith("Diferença paga") and line.endswith(_brl(difference)) for line in lines)


def test_the_pdf_carries_the_stores_identity(tmp_path: Path, home: Path) -> None:
    from pdv_bling.store.context import AppContext

    with AppContext.open(home, log=False) as ctx:
        seed_store(ctx.store)
        sale = sell(ctx.store)
        _company(ctx.store)
    pdf = tmp_path / "venda.pdf"
    env = {**os.environ, "PDV_BLING_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "pdv_bling", "sale", "receipt", str(sale.number), "--pdf", str(pdf)],
                          capture_output=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr.decode()
    compact = "".join("".join(page.extract_text() for page in PdfReader(pdf).pages).split())
    assert "LojaExemploLtda" in compact and "CNPJ11.222.333/0001-81" in compact and "RuadasFlores,10-Centro" in compact


def _brl(cents: int) -> str:
    return f"R$ {cents // 100},{cents % 100:02d}"

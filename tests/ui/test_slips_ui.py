"""Slips from the screens: Nova venda's F8 after a sale, Qt printing (the print dialog answered
with a PDF printer), "Salvar PDF", a network thermal printer on 127.0.0.1, Configurações ›
Impressora, the wizard's exchange and store-credit slips, Últimas vendas' F8."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from pdv_bling.domain.coupon import format_coupon
from pdv_bling.slips.printer import PrinterConfig, load_printer, save_printer
from tests.ui.conftest import wait_idle
from tests.ui.helpers import sell
from ui import slip_print
from ui.hub import Hub
from ui.new_sale import NewSaleDialog
from ui.printer_dialog import PrinterDialog
from ui.slip_print import SlipDialog


def pdf_text(path: Path) -> str:
    return "".join("".join(page.extract_text().split()) for page in PdfReader(path).pages)


def opened_slip(qtbot: QtBot, hub: Hub, parent: object) -> SlipDialog:
    wait_idle(qtbot, hub)
    qtbot.waitUntil(lambda: parent.findChild(SlipDialog) is not None)  # type: ignore[attr-defined]
    dialog = parent.findChild(SlipDialog)  # type: ignore[attr-defined]
    assert isinstance(dialog, SlipDialog)
    return dialog


def test_f8_after_a_sale_prints_through_qt_and_saves_the_pdf(
    qtbot: QtBot, hub: Hub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = NewSaleDialog(hub)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, hub)
    qtbot.keyClicks(dialog.barcode, "SKU-2")
    qtbot.keyClick(dialog.barcode, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(dialog.lines) == 1)
    qtbot.keyClick(dialog, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10_000)
    coupon = format_coupon(dialog.result.coupon)  # type: ignore[union-attr]
    qtbot.keyClick(dialog, Qt.Key.Key_F8)
    slip = opened_slip(qtbot, hub, dialog)
    assert slip.windowTitle() == f"Comprovante da venda {dialog.result.number}"  # type: ignore[union-attr]
    printed = tmp_path / "impresso.pdf"

    def pdf_printer(_parent: object, printer: QPrinter) -> bool:  # the user picks "Imprimir em arquivo"
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return True

    monkeypatch.setattr(slip_print, "choose_printer", pdf_printer)
    slip.print_button.click()
    assert coupon in pdf_text(printed) and "R$20,90" in pdf_text(printed)
    saved = tmp_path / "salvo.pdf"
    monkeypatch.setattr(slip_print, "choose_pdf_path", lambda _parent, _suggested: str(saved))
    qtbot.keyClick(slip, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert coupon in pdf_text(saved) and "PDF gravado" in slip.status.text()
    previews: list[QPrinter] = []
    monkeypatch.setattr(slip_print, "show_preview", lambda _p, printer, paint: (paint(printer), previews.append(printer)))
    slip.preview_button.click()
    assert len(previews) == 1
    slip.close()
    wait_idle(qtbot, hub)


class CapturingPrinter:
    """A network thermal printer on 127.0.0.1: keeps what it is sent."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received = bytearray()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        conn, _addr = self.server.accept()
        with conn:
            while chunk := conn.recv(4096):
                self.received += chunk

    def close(self) -> None:
        self.thread.join(10)
        self.server.close()


def test_thermal_printer_on_the_network_gets_the_slip(qtbot: QtBot, hub: Hub) -> None:
    sale = sell(hub.ctx.store)
    printer = CapturingPrinter()
    try:
        with hub.ctx.store.transaction() as session:
            save_printer(session, PrinterConfig(kind="network", host="127.0.0.1", port=printer.port, paper_mm=58))
        slip_print.open_slip(slip_print_parent := _parent(qtbot), hub, "sale", sale.number)
        dialog = opened_slip(qtbot, hub, slip_print_parent)
        assert "térmica 58 mm" in dialog.print_button.toolTip()
        dialog.print_button.click()
        wait_idle(qtbot, hub)
        qtbot.waitUntil(lambda: "Impresso" in dialog.status.text(), timeout=10_000)
    finally:
        printer.close()
    assert format_coupon(sale.coupon).encode() in printer.received and b"R$ 10,90" in printer.received


def test_unreachable_thermal_printer_says_what_to_check(qtbot: QtBot, hub: Hub) -> None:
    sale = sell(hub.ctx.store)
    with hub.ctx.store.transaction() as session:
        save_printer(session, PrinterConfig(kind="network", host="127.0.0.1", port=1))
    parent = _parent(qtbot)
    slip_print.open_slip(parent, hub, "sale", sale.number)
    dialog = opened_slip(qtbot, hub, parent)
    dialog.print_button.click()
    wait_idle(qtbot, hub)
    qtbot.waitUntil(lambda: "não respondeu" in dialog.status.text(), timeout=10_000)
    assert "Configurações › Impressora" in dialog.status.text()


def test_printer_dialog_saves_and_refuses_bad_ids(qtbot: QtBot, hub: Hub) -> None:
    dialog = PrinterDialog(hub)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, hub)
    dialog.kind.setCurrentIndex(1)  # USB
    dialog.fields["usb_vendor"].setText("xyz")
    dialog.fields["usb_product"].setText("5743")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert "id do fabricante (usb)" in dialog.message.text().lower() and dialog.isVisible()
    dialog.fields["usb_vendor"].setText("0483")
    dialog.paper.setCurrentIndex(1)
    dialog.header.setPlainText("Loja Exemplo")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    wait_idle(qtbot, hub)
    with hub.ctx.store.read() as session:
        config = load_printer(session)
    assert (config.kind, config.usb_vendor, config.usb_product, config.paper_mm, config.header) == (
        "usb", 0x0483, 0x5743, 58, ("Loja Exemplo",))


def _parent(qtbot: QtBot) -> object:
    from PySide6.QtWidgets import QWidget

    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_wizard_prints_the_exchange_and_the_store_credit_slips(qtbot: QtBot, hub: Hub) -> None:
    from pdv_bling.counter.returns import record_exchange
    from pdv_bling.counter.sales import record_sale
    from pdv_bling.domain.exchange import ExchangeDraft
    from pdv_bling.domain.sale import AddressDraft, CustomerDraft, ItemDraft, PaymentDraft, SaleDraft
    from pdv_bling.store.models import Sale
    from ui.exchange_wizard import ExchangeWizard

    customer = CustomerDraft(document="529.982.247-25", name="Maria Souza",
                             address=AddressDraft(street="Rua A", number="1", district="Centro", city="Campinas",
                                                  uf="SP", cep="13010-100"))
    sold = record_sale(hub.ctx.store, SaleDraft(items=(ItemDraft(sku="SKU-2", quantity=2),),
                                                payments=(PaymentDraft("Dinheiro", 5000),), customer=customer))
    with hub.ctx.store.read() as session:
        item_id = session.get(Sale, sold.sale_id).items[0].id  # type: ignore[union-attr]
    result = record_exchange(hub.ctx.store, ExchangeDraft(original_sale_id=sold.sale_id, returned={item_id: 2},
                                                          new_items=(ItemDraft(sku="SKU-1"),)))
    wizard = ExchangeWizard(hub)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.state.result = result
    wizard.done_page.print_button.click()  # "Imprimir comprovante (F8)" of the done page
    exchange = opened_slip(qtbot, hub, wizard)
    assert exchange.windowTitle() == f"Comprovante da troca {result.return_id}"
    exchange.close()
    qtbot.waitUntil(lambda: wizard.findChild(SlipDialog) is None)
    wizard.done_page.credit_button.click()  # "Imprimir vale-crédito (F9)"
    credit = opened_slip(qtbot, hub, wizard)
    assert credit.windowTitle() == "Vale-crédito de Maria Souza"
    credit.close()
    wait_idle(qtbot, hub)

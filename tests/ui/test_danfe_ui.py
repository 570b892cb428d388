"""The DANFE NFC-e on paper and on screen (issue 27, item 3): a sale's facts -> the stand-in's XML
-> stored as the issuing chain stores it -> the DANFE as a PDF (Qt, offscreen) whose text holds
the access key in groups of four and whose QR code, rendered from the PDF by PDFium and read by
ZXing, decodes to exactly the XML's qrCode (80 and 58 mm); the same through `pdv-bling sale
danfe`, through Qt's printing, and from Últimas vendas (F8) with the note's link shown."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.nfce import group_key
from pdv_bling.domain.sale import AddressDraft, CustomerDraft, ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.slips.danfe import danfe_for_sale
from pdv_bling.store.context import AppContext
from pdv_bling.store.engine import Store
from tests.core.factories import seed_store
from tests.core.nfce_support import LINK, authorize_sale, xml_qr_code
from tests.danfe_pdf import pdf_words, qr_codes
from tests.ui.conftest import wait_idle
from ui import slip_print
from ui.hub import Hub
from ui.main_window import MainWindow
from ui.slip_print import SlipDialog
from ui.slip_render import write_pdf

CUSTOMER = CustomerDraft(document="529.982.247-25", name="Maria Souza",
                         address=AddressDraft(street="Rua A", number="1", district="Centro", city="Campinas", uf="SP",
                                              cep="13010-100"))


def sale_with_note(store: Store, **knobs: object) -> tuple[int, str]:
    """A sale of three items with a discount, cash and change, and its authorized note: (number, xml)."""
    draft = SaleDraft(items=(ItemDraft(sku="SKU-1", quantity=2), ItemDraft(sku="SKU-3")),
                      payments=(PaymentDraft("Cartão de Crédito", 2000), PaymentDraft("Dinheiro", 10_000)),
                      customer=CUSTOMER, discount_cents=150)
    sale = record_sale(store, draft)
    return sale.number, authorize_sale(store, sale.number, **knobs).xml


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "danfe.sqlite3")
    seed_store(s)
    yield s
    s.close()


@pytest.mark.parametrize("paper", [80, 58])
@pytest.mark.parametrize("knobs", [{}, {"qr_version": 3, "tax_total_cents": 1234}, {"offline": True}],
                         ids=["v2", "v3-with-taxes", "v2-offline"])
def test_the_danfe_pdf_holds_the_key_in_groups_of_four_and_its_qr_decodes_to_the_xml(
    qtbot: QtBot, store: Store, tmp_path: Path, paper: int, knobs: dict[str, object]
) -> None:
    number, xml = sale_with_note(store, **knobs)
    with store.read() as session:
        slip = danfe_for_sale(session, number)
    pdf = write_pdf(slip, tmp_path / "danfe.pdf", paper_mm=paper)
    words = pdf_words(pdf)
    key = xml.split('Id="NFe', 1)[1][:44]
    assert group_key(key) in words, words
    assert "Documento Auxiliar da Nota Fiscal de Consumidor Eletrônica" in words
    assert "CONSUMIDOR CPF: 529.982.247-25" in words
    assert ("Lei Federal 12.741/2012): R$ 12,34" in words) == ("tax_total_cents" in knobs)
    assert qr_codes(pdf) == [xml_qr_code(xml)]


def test_the_sale_danfe_command_writes_the_pdf_the_escpos_bytes_and_says_the_link(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with AppContext.open(home, log=False) as ctx:
        seed_store(ctx.store)
        number, xml = sale_with_note(ctx.store)
        plain = record_sale(ctx.store, SaleDraft(items=(ItemDraft(sku="SKU-2"),), payments=(PaymentDraft("PIX", 2090),)))
    pdf, raw = tmp_path / "danfe.pdf", tmp_path / "danfe.bin"
    env = {**os.environ, "PDV_BLING_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "pdv_bling", "sale", "danfe", str(number), "--pdf", str(pdf),
                           "--paper", "58", "--escpos", str(raw)], capture_output=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr.decode()
    assert LINK in done.stdout.decode() and "DANFE NFC-e nº" in done.stdout.decode()
    assert qr_codes(pdf) == [xml_qr_code(xml)]
    payload = xml_qr_code(xml).encode()
    assert b"\x1d(k" + (len(payload) + 3).to_bytes(2, "little") + b"1P0" + payload in raw.read_bytes()
    missing = subprocess.run([sys.executable, "-m", "pdv_bling", "sale", "danfe", str(plain.number), "--pdf", str(pdf)],
                             capture_output=True, timeout=120, env=env)
    assert missing.returncode == 2 and "não tem NFC-e autorizada" in missing.stderr.decode()


@pytest.fixture
def window(qtbot: QtBot, hub: Hub) -> Iterator[MainWindow]:
    w = MainWindow(hub)
    qtbot.addWidget(w)
    w.show()
    wait_idle(qtbot, hub)
    yield w
    w.quitting = True


def test_f8_in_recent_sales_opens_the_danfe_with_its_link_and_prints_it(
    qtbot: QtBot, hub: Hub, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    number, xml = sale_with_note(hub.ctx.store)
    window.sales.reload()
    wait_idle(qtbot, hub)
    window.sales.table.selectRow([r.number for r in window.sales.model.rows].index(number))
    qtbot.keyClick(window.sales.table, Qt.Key.Key_F8)
    wait_idle(qtbot, hub)
    qtbot.waitUntil(lambda: window.findChild(SlipDialog) is not None)
    dialog = window.findChild(SlipDialog)
    assert isinstance(dialog, SlipDialog)
    assert dialog.windowTitle().startswith("DANFE NFC-e nº") and dialog.link_label.text() == LINK
    printed = tmp_path / "impresso.pdf"

    def pdf_printer(_parent: object, printer: QPrinter) -> bool:  # "Imprimir em arquivo": Qt's any-printer path
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return True

    monkeypatch.setattr(slip_print, "choose_printer", pdf_printer)
    dialog.print_button.click()
    assert qr_codes(printed) == [xml_qr_code(xml)]
    dialog.close()
    wait_idle(qtbot, hub)

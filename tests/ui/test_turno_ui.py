"""The turno at the counter by keyboard only (issue 24): F4 → A abre o caixa → F2 vende em dinheiro →
G sangria → F fechamento cego → F10 → Relatório Z printed; the status bar says who opened the
caixa; the blind wizard never shows the expected amounts; a sangria above the drawer is refused
with the core's words and nothing is recorded."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from pdv_bling.management.settings_input import apply_settings_input
from pdv_bling.store.models import Turno, TurnoMovement
from tests.ui.conftest import wait_idle
from tests.ui.test_slips_ui import opened_slip, pdf_text
from ui import slip_print
from ui.hub import Hub
from ui.main_window import MainWindow
from ui.new_sale import NewSaleDialog
from ui.turno_close import TurnoCloseWizard
from ui.turno_window import TurnoWindow


def _type(qtbot: QtBot, text: str) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClicks(widget, text)


def _key(qtbot: QtBot, key: Qt.Key) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, key)


def test_abertura_sale_sangria_blind_close_and_z_report_by_keyboard(
    qtbot: QtBot, hub: Hub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    apply_settings_input(hub.ctx.store, {"turno_blind": "sim", "turno_required": "sim"})
    window = MainWindow(hub)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    hub.refresh()
    wait_idle(qtbot, hub)
    assert window.status.turno.text() == "Caixa fechado (F4)"
    qtbot.keyClick(window, Qt.Key.Key_F4)
    caixa = window.dialogs["caixa"]
    assert isinstance(caixa, TurnoWindow)
    qtbot.waitUntil(lambda: caixa.buttons["abrir"].isEnabled())
    caixa.activateWindow()
    qtbot.waitUntil(caixa.isActiveWindow)
    caixa.buttons["abrir"].setFocus()
    _key(qtbot, Qt.Key.Key_A)  # Abrir caixa: the amount field has the focus
    assert QApplication.focusWidget() is caixa.form.amount
    _type(qtbot, "100,00")
    _key(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot, hub)
    qtbot.waitUntil(lambda: "Caixa aberto por Ana" in caixa.state.text())
    qtbot.waitUntil(lambda: window.status.turno.text().startswith("Caixa aberto por Ana desde "))

    sale = NewSaleDialog(hub)  # F2 at the counter: a cash sale of 10,90 paid with 20,00
    qtbot.addWidget(sale)
    sale.show()
    wait_idle(qtbot, hub)
    qtbot.keyClicks(sale.barcode, "SKU-1")
    qtbot.keyClick(sale.barcode, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(sale.lines) == 1)
    qtbot.keyClick(sale, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: sale.result is not None, timeout=10_000)
    sale.close()
    caixa.activateWindow()
    qtbot.waitUntil(caixa.isActiveWindow)

    caixa.buttons["sangria"].setFocus()
    _key(qtbot, Qt.Key.Key_G)  # Sangria of more than the drawer holds: refused, nothing recorded
    _type(qtbot, "200")
    _key(qtbot, Qt.Key.Key_Tab)
    _type(qtbot, "cofre")  # letters typed in the reason are the reason, never the window's action keys
    _key(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot, hub)
    qtbot.waitUntil(lambda: "maior que o dinheiro no caixa" in caixa.form.error.text())
    assert caixa.form.reason.text() == "cofre"
    caixa.form.amount.selectAll()
    caixa.form.amount.setFocus()
    _type(qtbot, "50")
    _key(qtbot, Qt.Key.Key_Return)
    wait_idle(qtbot, hub)
    qtbot.waitUntil(lambda: caixa.message.text().startswith("Sangria registrada"))
    with hub.ctx.store.read() as session:
        assert session.scalar(select(func.count()).select_from(TurnoMovement)) == 1

    caixa.buttons["fechar"].setFocus()
    _key(qtbot, Qt.Key.Key_F)  # the fechamento cego
    wizard = caixa.findChild(TurnoCloseWizard)
    assert isinstance(wizard, TurnoCloseWizard)
    wait_idle(qtbot, hub)
    qtbot.waitUntil(lambda: wizard.cash_method == "Dinheiro")
    assert wizard.expected is None  # blind: the wizard never holds what was expected
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    wizard.notes[5_000].setFocus(Qt.FocusReason.TabFocusReason)  # as Tab reaches it: its text selected  # counted: 1 × R$ 50,00 + 1 × R$ 10,00 + 9 × R$ 0,10
    _type(qtbot, "1")
    wizard.notes[1_000].setFocus(Qt.FocusReason.TabFocusReason)  # as Tab reaches it: its text selected
    _type(qtbot, "1")
    wizard.notes[10].setFocus(Qt.FocusReason.TabFocusReason)  # as Tab reaches it: its text selected
    _type(qtbot, "9")
    _key(qtbot, Qt.Key.Key_PageDown)
    _key(qtbot, Qt.Key.Key_PageDown)  # cards and PIX: nothing sold with them
    assert wizard.pages.currentIndex() == 2
    review = wizard.review.text()
    assert "R$ 60,90" in review and "Esperado" not in review and "Fechamento cego" in review
    printed = tmp_path / "z.pdf"

    def pdf_printer(_parent: object, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return True

    monkeypatch.setattr(slip_print, "choose_printer", pdf_printer)
    _key(qtbot, Qt.Key.Key_F10)
    wait_idle(qtbot, hub)
    slip = opened_slip(qtbot, hub, caixa)
    assert slip.windowTitle().startswith("Relatório Z do turno")
    slip.print_button.click()
    text = pdf_text(printed)
    for words in ("RELATÓRIOZ-FECHAMENTODECAIXA", "AbertoporAna", "Dinheiro", "esperadoR$60,90", "contadoR$60,90",
                  "Sangrias-R$50,00"):
        assert words in text, (words, text)
    with hub.ctx.store.read() as session:
        turno = session.scalars(select(Turno)).one()
        assert turno.closed_at is not None and turno.summary["difference"]["Dinheiro"] == 0
    slip.close()
    hub.refresh()
    wait_idle(qtbot, hub)
    qtbot.waitUntil(lambda: window.status.turno.text() == "Caixa fechado (F4)")
    window.quitting = True
    window.close()

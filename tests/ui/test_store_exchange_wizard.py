"""The troca/devolução wizard on a caixa of a store: it finds any caixa's sale (by caixa and number,
or by exchange coupon) on the store server, shows what is still returnable across the store, and
says in pt_BR what is missing when the store server cannot be reached."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from pdv_bling.counter.returns import ExchangeResult
from pdv_bling.domain.coupon import format_coupon
from pdv_bling.store.models import ReturnItem, StoreCreditEntry
from tests.store.helpers import join, make_store, sell
from tests.ui.helpers import open_wizard as _open
from tests.ui.helpers import press_enter as _enter
from tests.ui.store_support import UNREACHABLE
from ui.exchange_items import ItemsPage
from ui.exchange_pages import CustomerPage, FindSalePage
from ui.exchange_settlement import SettlementPage
from ui.exchange_wizard import DonePage, ExchangeWizard, SummaryPage

pytestmark = pytest.mark.postgres




def _find(qtbot: QtBot, wizard: ExchangeWizard, reference: str) -> FindSalePage:
    page = wizard.currentPage()
    assert isinstance(page, FindSalePage)
    qtbot.waitUntil(page.reference.hasFocus, timeout=2000)
    qtbot.keyClicks(page.reference, reference)
    _enter(qtbot)
    return page


def test_a_caixa_returns_another_caixas_sale_found_by_caixa_and_number(qtbot: QtBot, tmp_path: Path,
                                                                      pg_url: str) -> None:
    server = make_store(pg_url)
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    c2, link2 = join(tmp_path, pg_url, "PDV02")
    sold = sell(c1, ("SKU-2", 1))  # Maria, R$ 20,90, at caixa 1
    assert link1.sync_once().online
    results: list[ExchangeResult] = []
    wizard = _open(qtbot, c2, results)
    page = _find(qtbot, wizard, "PDV01 1")
    assert "retaguarda" in page.message.text()  # "Buscando a venda na retaguarda…" while it looks
    qtbot.waitUntil(lambda: isinstance(wizard.currentPage(), CustomerPage), timeout=10_000)
    customer = wizard.currentPage()
    assert isinstance(customer, CustomerPage)
    assert customer.edits["name"].text() == "Maria Souza" and customer.problems.text() == ""
    assert customer.sale_label.text().startswith("Venda PDV01 1 · ")  # another caixa's sale
    _enter(qtbot)
    items = wizard.currentPage()
    assert isinstance(items, ItemsPage)
    qtbot.keyClick(items.returned, Qt.Key.Key_1)
    _enter(qtbot)
    settlement = wizard.currentPage()
    assert isinstance(settlement, SettlementPage) and settlement.as_credit.hasFocus()
    _enter(qtbot)
    assert isinstance(wizard.currentPage(), SummaryPage)
    _enter(qtbot)  # Confirmar: the unit is claimed on the store server, off the GUI thread
    qtbot.waitUntil(lambda: isinstance(wizard.currentPage(), DonePage), timeout=10_000)
    assert results and results[0].credit_granted_cents == 2090
    done = wizard.currentPage()
    assert isinstance(done, DonePage) and "retaguarda" in done.delivery.text()
    assert link2.sync_once().online
    with server.read() as session:
        assert session.scalar(select(func.sum(ReturnItem.quantity))) == 1
        assert session.scalar(select(func.sum(StoreCreditEntry.amount_cents))) == 2090

    # a third caixa reads the exchange coupon: nothing is left to return, across the store
    c3, _link3 = join(tmp_path, pg_url, "PDV03")
    again = _open(qtbot, c3, [])
    page = _find(qtbot, again, format_coupon(sold.coupon))
    qtbot.waitUntil(lambda: "já foram devolvidos" in page.message.text(), timeout=10_000)
    assert isinstance(again.currentPage(), FindSalePage)


def test_offline_another_caixas_sale_cannot_be_found_and_the_wizard_says_why(qtbot: QtBot, tmp_path: Path,
                                                                            pg_url: str) -> None:
    make_store(pg_url)
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    c2, link2 = join(tmp_path, pg_url, "PDV02")
    sell(c1, ("SKU-1", 1))
    assert link1.sync_once().online
    link2.url, link2._server = UNREACHABLE, None  # caixa 2's cable is pulled
    wizard = _open(qtbot, c2, [])
    page = _find(qtbot, wizard, "PDV01 1")
    qtbot.waitUntil(lambda: "retaguarda está sem conexão" in page.message.text(), timeout=15_000)
    assert "vendas de outros caixas só são encontradas com a retaguarda" in page.message.text()
    assert isinstance(wizard.currentPage(), FindSalePage)
    # its own sale, not handed over yet, still works offline
    own = sell(c2, ("SKU-1", 1))
    page.reference.clear()
    page = _find(qtbot, wizard, str(own.number))
    qtbot.waitUntil(lambda: isinstance(wizard.currentPage(), CustomerPage), timeout=15_000)

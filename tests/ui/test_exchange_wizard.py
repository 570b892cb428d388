"""Troca/Devolução wizard driven with the keyboard from start to finish (offscreen).

Set PDV_BLING_SCREENSHOTS=1 to also save each page to docs/screenshots/wizard_*.png."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from pdv_bling.counter.lookups import store_credit_balance
from pdv_bling.counter.returns import ExchangeResult
from pdv_bling.counter.sales import RecordedSale, record_sale
from pdv_bling.domain.coupon import format_coupon
from pdv_bling.domain.sale import AddressDraft, CustomerDraft, ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.store import outbox
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import Customer, OutboxItem, Sale, SaleReturn
from tests.ui.conftest import wait_idle
from tests.ui.helpers import open_wizard as _open
from tests.ui.helpers import press_enter as _enter
from ui.exchange_items import ItemsPage
from ui.exchange_pages import CustomerPage, FindSalePage
from ui.exchange_settlement import SettlementPage
from ui.exchange_wizard import DonePage, ExchangeWizard, SummaryPage
from ui.hub import Hub

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
FULL_ADDRESS = AddressDraft(street="Rua das Flores", number="120", district="Centro", city="Campinas", uf="SP",
                            cep="13010-100")


def _sell(ctx: AppContext, items: tuple[ItemDraft, ...], *, address: AddressDraft = FULL_ADDRESS) -> RecordedSale:
    customer = CustomerDraft(document="529.982.247-25", name="Maria Souza", address=address)
    total = 100_000
    return record_sale(ctx.store, SaleDraft(items=items, payments=(PaymentDraft("Dinheiro", total),), customer=customer),
                       allow_high_cash=True)  # R$ 1.000 in cash covers any of these sales: as if confirmed



def _page(wizard: QWizard) -> object:
    return wizard.currentPage()


def _shot(wizard: QWizard, name: str) -> None:
    if os.environ.get("PDV_BLING_SCREENSHOTS") != "1":
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    wizard.grab().save(str(SHOTS / f"wizard_{name}.png"))



def _find(qtbot: QtBot, wizard: ExchangeWizard, reference: str) -> None:
    page = _page(wizard)
    assert isinstance(page, FindSalePage)
    qtbot.waitUntil(page.reference.hasFocus, timeout=2000)
    qtbot.keyClicks(page.reference, reference)
    _shot(wizard, "1_find")
    _enter(qtbot)


def test_exchange_with_difference_to_pay(qtbot: QtBot, ctx: AppContext) -> None:
    sold = _sell(ctx, (ItemDraft(sku="SKU-1"),))  # Produto 1, R$ 10,90
    results: list[ExchangeResult] = []
    wizard = _open(qtbot, ctx, results)
    _find(qtbot, wizard, str(sold.number))
    customer = _page(wizard)
    assert isinstance(customer, CustomerPage)
    assert customer.edits["district"].text() == "Centro" and customer.problems.text() == ""
    _shot(wizard, "2_customer")
    _enter(qtbot)
    items = _page(wizard)
    assert isinstance(items, ItemsPage) and items.returned.hasFocus()
    qtbot.keyClick(items.returned, Qt.Key.Key_Space)  # the whole line comes back
    qtbot.keyClick(items.returned, Qt.Key.Key_F7)
    assert items.barcode.hasFocus()
    qtbot.keyClicks(items.barcode, "7890000000003")  # Produto 3, R$ 30,90
    qtbot.keyClick(items.barcode, Qt.Key.Key_Return)
    assert [(ln.product.name, ln.quantity) for ln in wizard.state.new_lines] == [("Produto 3", 1)]
    assert wizard.currentId() == ExchangeWizard.ITEMS  # Enter on a code adds, it does not advance
    assert "A pagar R$ 20,00" in items.totals.text()
    _shot(wizard, "3_items")
    qtbot.keyClick(items.barcode, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # &Avançar (animated click)
    qtbot.waitUntil(lambda: wizard.currentId() == ExchangeWizard.SETTLEMENT, timeout=2000)
    qtbot.wait(20)
    settlement = _page(wizard)
    assert isinstance(settlement, SettlementPage)
    assert "R$ 20,00" in settlement.headline.text() and settlement.method.hasFocus()
    qtbot.keyClicks(settlement.method, "PIX")
    assert settlement.method.currentText() == "PIX"
    _shot(wizard, "4_settlement_pay")
    _enter(qtbot)
    summary = _page(wizard)
    assert isinstance(summary, SummaryPage)
    assert "PIX" in summary.summary.text() and "cancelada no Bling" in summary.summary.text()
    _shot(wizard, "5_summary")
    _enter(qtbot)  # &Confirmar
    done = _page(wizard)
    assert isinstance(done, DonePage) and len(results) == 1
    result = results[0]
    assert result.new_sale is not None and result.full_return
    assert str(result.new_sale.number) in done.sale_label.text()
    assert done.coupon.text() == format_coupon(result.new_sale.coupon)
    assert "cancelada no Bling com estorno de estoque e contas" in done.bling.text()
    assert "será enviado ao Bling quando houver conexão" in done.delivery.text()
    _shot(wizard, "6_done_pay")
    with ctx.store.read() as session:
        new_sale = session.get(Sale, result.new_sale.sale_id)
        assert new_sale is not None and new_sale.kind == "exchange" and new_sale.total_cents == 3090
        assert [(p.method.name, p.amount_cents) for p in new_sale.payments] == [("Crédito em Loja", 1090), ("PIX", 2000)]
        kinds = session.scalars(select(OutboxItem.kind).where(OutboxItem.chain == outbox.sale_chain(sold.sale_id)))
        assert outbox.SALE_CANCEL in list(kinds)
    _enter(qtbot)  # &Concluir
    assert wizard.result() == QWizard.DialogCode.Accepted


def test_exchange_that_leaves_credit(qtbot: QtBot, ctx: AppContext) -> None:
    sold = _sell(ctx, (ItemDraft(sku="SKU-2", quantity=2), ItemDraft(sku="SKU-1")))  # 2 x R$ 20,90 + R$ 10,90
    results: list[ExchangeResult] = []
    wizard = _open(qtbot, ctx, results)
    _find(qtbot, wizard, format_coupon(sold.coupon).lower())  # the coupon, as a cashier might type it
    _enter(qtbot)  # customer complete
    items = _page(wizard)
    assert isinstance(items, ItemsPage)
    qtbot.keyClick(items.returned, Qt.Key.Key_Plus)  # one of the two Produto 2
    assert wizard.state.returned == {items.returned.rows[0].item_id: 1}
    qtbot.keyClick(items.returned, Qt.Key.Key_Tab)
    assert items.barcode.hasFocus()
    qtbot.keyClicks(items.barcode, "SKU-1")  # Produto 1, R$ 10,90
    qtbot.keyClick(items.barcode, Qt.Key.Key_Return)
    assert "Crédito R$ 10,00" in items.totals.text()
    _enter(qtbot)  # empty code field: Enter advances
    settlement = _page(wizard)
    assert isinstance(settlement, SettlementPage) and not settlement.pay_box.isVisible()
    assert "Fica de crédito para o cliente: R$ 10,00" in settlement.headline.text()
    _shot(wizard, "4_settlement_credit")
    _enter(qtbot)
    assert isinstance(_page(wizard), SummaryPage)
    _enter(qtbot)
    done = _page(wizard)
    assert isinstance(done, DonePage) and results
    assert "Crédito concedido: R$ 10,00" in done.credit.text() and "Saldo de crédito do cliente: R$ 10,00" in done.credit.text()
    assert "voltarão ao estoque do depósito da loja" in done.bling.text()
    _shot(wizard, "6_done_credit")
    assert results[0].bling_steps == (outbox.STOCK_ENTRY,) and not results[0].full_return
    with ctx.store.read() as session:
        customer_id = session.scalars(select(Customer.id)).one()
        assert store_credit_balance(session, customer_id) == 1000


def test_missing_address_blocks_the_customer_page(qtbot: QtBot, ctx: AppContext) -> None:
    partial = AddressDraft(street="Rua das Flores", number="120", city="Campinas", uf="SP")
    sold = _sell(ctx, (ItemDraft(sku="SKU-1"),), address=partial)
    wizard = _open(qtbot, ctx, [])
    _find(qtbot, wizard, str(sold.number))
    page = _page(wizard)
    assert isinstance(page, CustomerPage)
    assert "Endereço do cliente incompleto: falta bairro, CEP" in page.problems.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    _shot(wizard, "2_customer_blocked")
    _enter(qtbot)
    assert wizard.currentId() == ExchangeWizard.CUSTOMER  # blocked
    page.edits["cep"].setFocus()
    qtbot.keyClicks(page.edits["cep"], "13010-100")
    assert "falta bairro" in page.problems.text() and "CEP" not in page.problems.text()
    page.edits["district"].setFocus()
    qtbot.keyClicks(page.edits["district"], "Centro")
    assert page.problems.text() == "" and wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    _enter(qtbot)
    assert wizard.currentId() == ExchangeWizard.ITEMS


@pytest.mark.parametrize("refund", [False, True])
def test_pure_return_credit_or_refund(qtbot: QtBot, ctx: AppContext, refund: bool) -> None:
    sold = _sell(ctx, (ItemDraft(sku="SKU-2"),))
    results: list[ExchangeResult] = []
    wizard = _open(qtbot, ctx, results)
    _find(qtbot, wizard, str(sold.number))
    _enter(qtbot)
    items = _page(wizard)
    assert isinstance(items, ItemsPage)
    qtbot.keyClick(items.returned, Qt.Key.Key_1)
    _enter(qtbot)  # the table does not take Enter: Avançar
    settlement = _page(wizard)
    assert isinstance(settlement, SettlementPage) and settlement.as_credit.hasFocus()
    if refund:
        qtbot.keyClick(settlement.as_credit, Qt.Key.Key_Down)
        assert settlement.as_refund.isChecked() and "Dinheiro" in settlement.as_refund.text()
    _shot(wizard, "4_settlement_return")
    _enter(qtbot)
    _enter(qtbot)
    done = _page(wizard)
    assert isinstance(done, DonePage) and results
    assert not done.coupon.isVisible() and results[0].new_sale is None
    with ctx.store.read() as session:
        assert session.scalars(select(SaleReturn.settlement)).one() == ("refund" if refund else "credit")
        customer_id = session.scalars(select(Customer.id)).one()
        assert store_credit_balance(session, customer_id) == (0 if refund else 2090)


def test_typo_in_coupon_is_refused_and_over_return_impossible(qtbot: QtBot, ctx: AppContext) -> None:
    sold = _sell(ctx, (ItemDraft(sku="SKU-1"),))
    wizard = _open(qtbot, ctx, [])
    page = _page(wizard)
    assert isinstance(page, FindSalePage)
    typo = sold.coupon[:2] + ("X" if sold.coupon[2] != "X" else "Y") + sold.coupon[3:]
    _find(qtbot, wizard, typo)
    assert wizard.currentId() == ExchangeWizard.FIND
    assert "erro de digitação" in page.message.text()
    page.reference.clear()
    _find(qtbot, wizard, "999")
    assert "Nenhuma venda encontrada" in page.message.text()
    page.reference.clear()
    _find(qtbot, wizard, str(sold.number))
    _enter(qtbot)
    items = _page(wizard)
    assert isinstance(items, ItemsPage)
    qtbot.keyClick(items.returned, Qt.Key.Key_5)  # only one was sold: clamped
    assert wizard.state.returned == {items.returned.rows[0].item_id: 1}


def test_main_window_opens_the_wizard_with_the_hub(qtbot: QtBot, hub: Hub) -> None:
    from ui.main_window import MainWindow

    window = MainWindow(hub)
    qtbot.addWidget(window)
    assert window.actions_by_name["exchange"].isEnabled()
    wizard = window.open_exchange()
    assert isinstance(wizard, ExchangeWizard) and wizard.hub is hub and wizard.parent() is window
    sold = _sell(hub.ctx, (ItemDraft(sku="SKU-1"),))
    page = wizard.currentPage()
    assert isinstance(page, FindSalePage)
    page.reference.setText(str(sold.number))
    with qtbot.waitSignal(hub.data_changed, timeout=5000):  # the wizard tells the app it wrote
        wizard.next()
        wizard.next()
        qtbot.keyClick(wizard.currentPage().returned, Qt.Key.Key_Space)
        wizard.next()
        wizard.next()
        wizard.next()
    assert wizard.currentId() == ExchangeWizard.DONE
    wait_idle(qtbot, hub)
    wizard.close()


def _to_settlement(qtbot: QtBot, wizard: ExchangeWizard, sold: RecordedSale) -> SettlementPage:
    """Return Produto 1 (R$ 10,90), take Produto 3 (R$ 30,90): R$ 20,00 to pay."""
    _find(qtbot, wizard, str(sold.number))
    _enter(qtbot)  # customer page: complete already
    items = _page(wizard)
    assert isinstance(items, ItemsPage)
    qtbot.keyClick(items.returned, Qt.Key.Key_Space)
    qtbot.keyClick(items.returned, Qt.Key.Key_F7)
    qtbot.keyClicks(items.barcode, "7890000000003")
    qtbot.keyClick(items.barcode, Qt.Key.Key_Return)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == ExchangeWizard.SETTLEMENT, timeout=2000)
    settlement = _page(wizard)
    assert isinstance(settlement, SettlementPage)
    return settlement


def test_difference_split_between_cash_and_pix(qtbot: QtBot, ctx: AppContext) -> None:
    sold = _sell(ctx, (ItemDraft(sku="SKU-1"),))
    results: list[ExchangeResult] = []
    wizard = _open(qtbot, ctx, results)
    settlement = _to_settlement(qtbot, wizard, sold)
    assert settlement.received.text() == "20,00" and not settlement.parts_list.isVisible()
    settlement.method.setCurrentIndex(settlement.method.findText("Dinheiro"))
    settlement.received.setText("5,00")
    qtbot.keyClick(settlement.received, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # &Dividir (animated click)
    qtbot.waitUntil(settlement.parts_list.isVisible, timeout=2000)
    assert settlement.parts_list.item(0).text() == "Dinheiro: R$ 5,00"
    assert settlement.received.text() == "15,00"  # the rest, ready for the next method
    settlement.method.setCurrentIndex(settlement.method.findText("PIX"))
    _shot(wizard, "4_settlement_split")
    wizard.next()
    summary = _page(wizard)
    assert isinstance(summary, SummaryPage)
    assert "Dinheiro R$ 5,00 + PIX R$ 15,00" in summary.summary.text()
    wizard.next()  # &Confirmar
    assert len(results) == 1 and results[0].new_sale is not None
    with ctx.store.read() as session:
        new_sale = session.get(Sale, results[0].new_sale.sale_id)
        assert new_sale is not None
        assert sorted((p.method.name, p.amount_cents) for p in new_sale.payments) == [
            ("Crédito em Loja", 1090), ("Dinheiro", 500), ("PIX", 1500)
        ]


def test_split_that_overpays_without_cash_is_refused_and_nothing_recorded(qtbot: QtBot, ctx: AppContext) -> None:
    sold = _sell(ctx, (ItemDraft(sku="SKU-1"),))
    results: list[ExchangeResult] = []
    wizard = _open(qtbot, ctx, results)
    settlement = _to_settlement(qtbot, wizard, sold)
    settlement.method.setCurrentIndex(settlement.method.findText("PIX"))
    settlement.received.setText("10,00")
    settlement.add_part()
    settlement.method.setCurrentIndex(settlement.method.findText("Cartão de Crédito"))
    settlement.received.setText("15,00")  # R$ 25,00 for R$ 20,00, and no cash to give change from
    assert "Falta" not in settlement.change.text()
    wizard.next()
    assert wizard.currentId() == ExchangeWizard.SETTLEMENT
    assert "excedem o total em R$ 5,00" in settlement.message.text()
    settlement.clear_parts()  # "Desfazer divisão": back to one method for the whole difference
    assert settlement.received.text() == "20,00" and not settlement.parts_list.isVisible()
    settlement.received.setText("19,00")
    wizard.next()
    assert "faltam R$ 1,00" in settlement.message.text()
    assert not results
    with ctx.store.read() as session:
        assert session.scalars(select(Sale).where(Sale.kind == "exchange")).first() is None

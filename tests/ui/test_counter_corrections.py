"""Nova venda corrected from the keyboard alone: a wrong item, a wrong quantity (both ways), a
wrong payment, a product with variations, Esc with a basket, store credit and change."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QSpinBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from pdv_bling.store.models import Customer, PaymentMethod, Product, Sale, StoreCreditEntry, utcnow
from tests.ui.conftest import wait_idle
from ui import guards
from ui.hub import Hub
from ui.new_sale import NewSaleDialog


def add_variations(hub: Hub) -> None:
    """A T-shirt sold in two sizes: the parent (formato V) is never sold itself."""
    with hub.ctx.store.transaction() as session:
        parent = Product(bling_id=5000, sku="CAM", barcode="7895000000000", name="Camiseta", price_cents=4990,
                         formato="V", active=True)
        session.add(parent)
        session.flush()
        for i, size in enumerate(("P", "M"), start=1):
            session.add(Product(bling_id=5000 + i, sku=f"CAM-{size}", barcode=f"789500000000{i}", name=f"Camiseta {size}",
                                price_cents=4990, parent_id=parent.id, formato="S", active=True,
                                attributes={"Tamanho": size}))


@pytest.fixture
def dialog(qtbot: QtBot, hub: Hub) -> NewSaleDialog:
    add_variations(hub)
    d = NewSaleDialog(hub)
    qtbot.addWidget(d)
    d.show()
    wait_idle(qtbot, hub)
    qtbot.waitUntil(lambda: d.method.count() > 0)
    return d


def scan(qtbot: QtBot, dialog: NewSaleDialog, code: str, *, lines: int | None = None) -> None:
    qtbot.keyClicks(dialog.barcode, code)
    qtbot.keyClick(dialog.barcode, Qt.Key.Key_Return)
    if lines is not None:
        qtbot.waitUntil(lambda: len(dialog.lines) == lines)


def answer(monkeypatch: pytest.MonkeyPatch, yes: bool) -> list[str]:
    asked: list[str] = []
    monkeypatch.setattr(guards, "ask", lambda _p, _t, text: asked.append(text) or yes)
    return asked


def test_a_full_sale_by_keyboard_with_one_correction_of_each_kind(
    qtbot: QtBot, hub: Hub, dialog: NewSaleDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan(qtbot, dialog, "SKU-1", lines=1)  # Produto 1, R$ 10,90
    scan(qtbot, dialog, "SKU-3", lines=2)  # a wrong item
    # 1. remove the chosen item from the barcode field: Del on the empty field takes the last
    qtbot.keyClick(dialog.barcode, Qt.Key.Key_Delete)
    assert [ln.product.sku for ln in dialog.lines] == ["SKU-1"]
    assert "removido" in dialog.message.text()
    # 2. a product with variations asks which one; the parent is never added
    scan(qtbot, dialog, "7895000000000")
    qtbot.waitUntil(lambda: dialog.hits.isVisible())
    assert "variações" in dialog.message.text()
    assert [dialog.hits.item(i).text().split(" — ")[0] for i in range(dialog.hits.count())] == ["Camiseta P", "Camiseta M"]
    qtbot.keyClick(dialog.hits, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.hits, Qt.Key.Key_Return)
    assert [ln.product.sku for ln in dialog.lines] == ["SKU-1", "CAM-M"]
    assert dialog.barcode.hasFocus()
    # 3. "*3" makes the chosen (last added) line 3 units
    scan(qtbot, dialog, "*3")
    assert [ln.quantity for ln in dialog.lines] == [1, 3]
    # 4. ↑ chooses the first line; its Qtd edited in the list (Tab, Enter, type, Enter)
    qtbot.keyClick(dialog.barcode, Qt.Key.Key_Up)
    assert dialog.chosen_row() == 0
    qtbot.keyClick(dialog.barcode, Qt.Key.Key_Tab)
    assert dialog.items.hasFocus()
    qtbot.keyClick(dialog.items, Qt.Key.Key_Return)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QSpinBox)
    editor.selectAll()
    qtbot.keyClicks(editor, "2")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.lines[0].quantity == 2)
    assert dialog.barcode.hasFocus()
    assert dialog.total_cents == 2 * 1090 + 3 * 4990
    # 5. a wrong payment removed: Del on the empty Valor field takes the last payment back
    qtbot.keyClick(dialog, Qt.Key.Key_F4)
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "500,00")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert dialog.paid_cents == 50000
    qtbot.keyClick(dialog, Qt.Key.Key_F4)
    dialog.amount.clear()
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Delete)
    assert dialog.payments == []
    assert "Pagamento removido" in dialog.message.text()
    # 6. Esc with a basket asks first; "Não" keeps everything
    asked = answer(monkeypatch, False)
    qtbot.keyClick(dialog.barcode, Qt.Key.Key_Escape)
    assert asked == ["Cancelar a venda? Os itens e pagamentos digitados serão descartados."]
    assert dialog.isVisible() and len(dialog.lines) == 2
    # pay and finalize
    qtbot.keyClick(dialog, Qt.Key.Key_F4)
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "200,00")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert dialog.change_label.text() == "Troco: R$ 28,50"
    qtbot.keyClick(dialog, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10_000)
    with hub.ctx.store.read() as session:
        sale = session.scalars(select(Sale)).one()
        assert [(i.sku, i.quantity) for i in sale.items] == [("SKU-1", 2), ("CAM-M", 3)]
        assert sale.total_cents == 2 * 1090 + 3 * 4990 and sale.change_cents == 2850
    wait_idle(qtbot, hub)


def test_del_on_a_line_of_several_units_asks_first(
    qtbot: QtBot, hub: Hub, dialog: NewSaleDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan(qtbot, dialog, "5*SKU-2", lines=1)
    asked = answer(monkeypatch, False)
    qtbot.keyClick(dialog.barcode, Qt.Key.Key_Delete)
    assert asked == ["Remover 5 unidades de Produto 2 da venda?"] and dialog.lines[0].quantity == 5
    answer(monkeypatch, True)
    qtbot.keyClick(dialog.barcode, Qt.Key.Key_Delete)
    assert dialog.lines == []
    wait_idle(qtbot, hub)


def test_esc_on_an_empty_sale_closes_and_yes_discards(
    qtbot: QtBot, hub: Hub, dialog: NewSaleDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = answer(monkeypatch, True)
    qtbot.keyClick(dialog.barcode, Qt.Key.Key_Escape)
    assert asked == [] and not dialog.isVisible()  # nothing to lose: no question
    dialog.show()
    scan(qtbot, dialog, "SKU-1", lines=1)
    qtbot.keyClick(dialog.barcode, Qt.Key.Key_Escape)
    assert len(asked) == 1 and not dialog.isVisible()
    wait_idle(qtbot, hub)


def test_the_parent_of_variations_is_refused_by_the_core(hub: Hub) -> None:
    from pdv_bling.counter.sales import record_sale
    from pdv_bling.domain.errors import DomainErrors
    from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft

    add_variations(hub)
    draft = SaleDraft(items=(ItemDraft(sku="CAM"),), payments=(PaymentDraft("Dinheiro", 4990),))
    with pytest.raises(DomainErrors) as info:
        record_sale(hub.ctx.store, draft)
    assert info.value.errors[0].code == "product_has_variations"


def test_cpf_fills_the_name_and_shows_credit_insufficient_before_f10(
    qtbot: QtBot, hub: Hub, dialog: NewSaleDialog
) -> None:
    with hub.ctx.store.transaction() as session:
        customer = Customer(document="52998224725", tipo="F", name="Maria Souza")
        session.add(customer)
        session.flush()
        session.add(StoreCreditEntry(customer_id=customer.id, amount_cents=1500, reason="exchange", created_at=utcnow()))
        credit = session.scalars(select(PaymentMethod).where(PaymentMethod.kind == "store_credit")).one()
        credit_index = [m.id for m in session.scalars(select(PaymentMethod).where(PaymentMethod.active.is_(True))
                                                     .order_by(PaymentMethod.id))].index(credit.id)
    scan(qtbot, dialog, "2*SKU-1", lines=1)  # R$ 21,80
    qtbot.keyClick(dialog, Qt.Key.Key_F3)
    qtbot.keyClicks(dialog.document, "52998224725")
    qtbot.keyClick(dialog.document, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: dialog.customer_name.text() == "Maria Souza")
    assert dialog.document.text() == "529.982.247-25"
    assert dialog.credit_label.text() == "Crédito em loja: R$ 15,00"
    dialog.method.setCurrentIndex(credit_index)
    qtbot.keyClick(dialog, Qt.Key.Key_F4)  # pre-filled with the total, more than the balance
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert dialog.payments == []
    assert dialog.message.text() == "Crédito em loja insuficiente: saldo R$ 15,00, pedido R$ 21,80."
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "15,00")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert dialog.paid_cents == 1500 and dialog.message.text() == ""  # the old error cleared
    wait_idle(qtbot, hub)


def test_troco_only_for_cash_and_the_error_line_under_the_barcode(qtbot: QtBot, hub: Hub, dialog: NewSaleDialog) -> None:
    beeps: list[int] = []
    import ui.new_sale as module

    original = module.QApplication.beep
    module.QApplication.beep = lambda: beeps.append(1)  # type: ignore[method-assign]
    try:
        scan(qtbot, dialog, "SKU-1", lines=1)
        pix = [dialog.method.itemText(i) for i in range(dialog.method.count())].index("PIX")
        dialog.method.setCurrentIndex(pix)
        qtbot.keyClick(dialog, Qt.Key.Key_F4)
        dialog.amount.clear()
        qtbot.keyClicks(dialog.amount, "20,00")
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
        assert "Troco" not in dialog.change_label.text()
        assert dialog.change_label.text() == "Pago a mais: R$ 9,10 (troco só em dinheiro)"
        qtbot.keyClick(dialog, Qt.Key.Key_F10)
        assert "só o dinheiro dá troco" in dialog.message.text() and dialog.result is None
        assert beeps  # an error beeps
        layout = dialog.page.layout().itemAt(0).layout()  # the left column
        order = [layout.itemAt(i).widget() for i in range(layout.count())]
        assert order.index(dialog.message) == order.index(dialog.barcode) + 1
        assert "font-size: 17px" in dialog.message.styleSheet()  # larger than the form text
        scan(qtbot, dialog, "SKU-2", lines=2)  # the next, unrelated action clears the old error
        assert dialog.message.text() == ""
    finally:
        module.QApplication.beep = original  # type: ignore[method-assign]
    wait_idle(qtbot, hub)

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from pdv_bling.store.models import OutboxItem, Sale
from tests.ui.conftest import wait_idle
from ui.hub import Hub
from ui.new_sale import NewSaleDialog, split_quantity


def _scan(qtbot: QtBot, dialog: NewSaleDialog, code: str) -> None:
    qtbot.keyClicks(dialog.barcode, code)
    qtbot.keyClick(dialog.barcode, Qt.Key.Key_Return)


def test_split_quantity() -> None:
    assert split_quantity("3*789") == (3, "789")
    assert split_quantity(" 789 ") == (1, "789")
    assert split_quantity("x*789") == (0, "789")


def test_keyboard_flow_records_sale_and_shows_coupon(qtbot: QtBot, hub: Hub) -> None:
    dialog = NewSaleDialog(hub)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, hub)
    _scan(qtbot, dialog, "7890000000001")  # Produto 1, R$ 10,90
    _scan(qtbot, dialog, "2*SKU-2")  # 2 x Produto 2, R$ 20,90
    qtbot.waitUntil(lambda: len(dialog.lines) == 2)
    assert dialog.total_cents == 1090 + 2 * 2090
    assert dialog.barcode.hasFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_F4)  # Dinheiro, amount pre-filled with what is missing
    assert dialog.amount.hasFocus()
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "60,00")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert dialog.paid_cents == 6000
    assert dialog.barcode.hasFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10_000)
    sale = dialog.result
    assert sale is not None
    assert sale.change_cents == 6000 - 5270
    assert dialog.stack.currentIndex() == 1
    assert dialog.coupon_label.text().replace("-", "") == sale.coupon
    assert "7,30" in dialog.done_change.text()
    with hub.ctx.store.read() as session:
        stored = session.scalars(select(Sale)).one()
        assert stored.total_cents == 5270
        assert session.scalars(select(OutboxItem).where(OutboxItem.sale_id == stored.id)).first() is not None
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # next sale
    assert dialog.stack.currentIndex() == 0 and not dialog.lines
    wait_idle(qtbot, hub)


def test_unknown_code_and_name_search(qtbot: QtBot, hub: Hub) -> None:
    dialog = NewSaleDialog(hub)
    qtbot.addWidget(dialog)
    dialog.show()
    _scan(qtbot, dialog, "0000")
    qtbot.waitUntil(lambda: "não encontrado" in dialog.message.text())
    _scan(qtbot, dialog, "Produto")  # five matches: a list to choose from
    qtbot.waitUntil(lambda: dialog.hits.isVisible())
    qtbot.keyClick(dialog.hits, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.hits, Qt.Key.Key_Return)
    assert [ln.product.name for ln in dialog.lines] == ["Produto 2"]
    wait_idle(qtbot, hub)


def test_invalid_document_is_refused_before_recording(qtbot: QtBot, hub: Hub) -> None:
    dialog = NewSaleDialog(hub)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, hub)
    _scan(qtbot, dialog, "SKU-1")
    qtbot.waitUntil(lambda: len(dialog.lines) == 1)
    dialog.document.setText("111.111.111-12")
    dialog.customer_name.setText("Maria")
    qtbot.keyClick(dialog, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: "CPF" in dialog.message.text(), timeout=10_000)
    assert dialog.result is None
    with hub.ctx.store.read() as session:
        assert session.scalars(select(Sale)).first() is None
    wait_idle(qtbot, hub)


def test_cash_of_more_than_ten_times_the_total_is_confirmed_first(
    qtbot: QtBot, hub: Hub, monkeypatch, no_modal_questions: list[str]  # type: ignore[no-untyped-def]
) -> None:
    """R$ 5000 typed for a R$ 10,90 sale is a typo until the cashier says it is not (issue 13)."""
    from ui import guards

    dialog = NewSaleDialog(hub)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, hub)
    _scan(qtbot, dialog, "7890000000001")  # Produto 1, R$ 10,90
    qtbot.waitUntil(lambda: len(dialog.lines) == 1)
    qtbot.keyClick(dialog, Qt.Key.Key_F4)
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "5000")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    qtbot.keyClick(dialog, Qt.Key.Key_F10)  # the fixture answers "Não"
    wait_idle(qtbot, hub)
    assert "R$ 5.000,00" in no_modal_questions[-1] and "R$ 10,90" in no_modal_questions[-1]
    assert dialog.result is None and "Confira o valor" in dialog.message.text()
    with hub.ctx.store.read() as session:
        assert session.scalars(select(Sale)).first() is None  # nothing recorded
    monkeypatch.setattr(guards, "ask", lambda *_args: True)
    qtbot.keyClick(dialog, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10_000)
    assert dialog.result is not None and dialog.result.change_cents == 500_000 - 1090
    wait_idle(qtbot, hub)


def test_the_sale_screen_tells_the_service_a_customer_is_at_the_counter(qtbot: QtBot, hub: Hub) -> None:
    """Items in the basket: "building"; F10: "recorded"; the next sale: "idle" (with NFC-e through
    Bling the service then leaves the account to the counter: runtime.service.customer_at_counter)."""
    service = hub.service
    dialog = NewSaleDialog(hub)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, hub)
    assert service.counter_states == []  # type: ignore[attr-defined]
    _scan(qtbot, dialog, "7890000000001")
    _scan(qtbot, dialog, "SKU-2")
    qtbot.waitUntil(lambda: len(dialog.lines) == 2)
    assert service.counter_states == ["building"]  # type: ignore[attr-defined]  # once, not per item
    qtbot.keyClick(dialog, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10_000)
    assert service.counter_states == ["building", "recorded"]  # type: ignore[attr-defined]
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # next sale
    assert service.counter_states == ["building", "recorded", "idle"]  # type: ignore[attr-defined]
    _scan(qtbot, dialog, "7890000000001")
    qtbot.waitUntil(lambda: len(dialog.lines) == 1)
    dialog.done(0)  # closed with items: abandoned, nobody waits any more
    assert service.counter_states[-2:] == ["building", "idle"]  # type: ignore[attr-defined]
    wait_idle(qtbot, hub)

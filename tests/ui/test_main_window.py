from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QSystemTrayIcon
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from pdv_bling.base.zone import local
from pdv_bling.domain.nfce import make_access_key
from pdv_bling.store import outbox
from pdv_bling.store.models import FiscalDocument, OutboxItem
from tests.ui.conftest import wait_idle
from tests.ui.fakes import FakeService
from tests.ui.helpers import park_first_item, sell
from ui import guards
from ui.hub import Hub
from ui.main_window import MainWindow
from ui.nfce_dialog import NfceDialog
from ui.outbox_window import OutboxWindow


@pytest.fixture
def window(qtbot: QtBot, hub: Hub) -> Iterator[MainWindow]:
    w = MainWindow(hub)
    qtbot.addWidget(w)
    w.show()
    hub.refresh()
    w.sales.reload()
    wait_idle(qtbot, hub)
    yield w
    w.quitting = True  # teardown closes it without the quit question


def test_tray_count_follows_the_outbox(qtbot: QtBot, hub: Hub, window: MainWindow, service: FakeService) -> None:
    assert not QSystemTrayIcon.isSystemTrayAvailable()  # offscreen: no tray, status bar instead
    assert window.tray.tray is None and not window.tray.available
    assert window.tray.count == 0 and "Tudo enviado" in window.tray.tooltip
    sale = sell(hub.ctx.store)
    hub.after_local_write()
    wait_idle(qtbot, hub)
    qtbot.waitUntil(lambda: window.tray.count == 1)  # one sale (its create + transition count once)
    assert "1 venda pendente" in window.tray.tooltip
    assert window.status.pending.text() == "1 venda pendente"
    assert window.status.parked.text() == "Nenhuma venda requer atenção"
    second = sell(hub.ctx.store, sku="SKU-2")
    hub.after_local_write()
    wait_idle(qtbot, hub)
    qtbot.waitUntil(lambda: window.status.pending.text() == "2 vendas pendentes")
    park_first_item(hub.ctx.store, sale.sale_id)
    hub.after_local_write()
    wait_idle(qtbot, hub)
    qtbot.waitUntil(lambda: "1 venda requer atenção" in window.tray.tooltip)
    assert window.status.parked.text() == "1 venda requer atenção"
    assert window.status.pending.text() == "1 venda pendente" and window.tray.count == 2
    assert second.number == sale.number + 1
    with hub.ctx.store.transaction() as session:
        outbox.retry_all_parked(session)
    service.drain_now()  # on this thread here; the bus event reaches the GUI queued
    wait_idle(qtbot, hub)
    qtbot.waitUntil(lambda: window.tray.count == 0)
    assert "Tudo enviado" in window.tray.tooltip


def test_recent_sales_show_delivery_state_and_search(qtbot: QtBot, hub: Hub, window: MainWindow) -> None:
    first = sell(hub.ctx.store, sku="SKU-1")
    second = sell(hub.ctx.store, sku="SKU-2")
    park_first_item(hub.ctx.store, second.sale_id)
    hub.after_local_write()
    wait_idle(qtbot, hub)
    model = window.sales.model
    assert [r.number for r in model.rows] == [second.number, first.number]
    states = {r.number: model.data(model.index(i, 6)) for i, r in enumerate(model.rows)}
    assert states == {second.number: "Requer atenção", first.number: "Pendente"}
    assert model.data(model.index(0, 4)) == "R$ 20,90"
    window.sales.search.setText(first.coupon[:4] + "-" + first.coupon[4:])
    qtbot.waitUntil(lambda: [r.number for r in model.rows] == [first.number], timeout=3000)
    window.sales.search.setText(str(second.number))
    qtbot.waitUntil(lambda: [r.number for r in model.rows] == [second.number], timeout=3000)
    wait_idle(qtbot, hub)


def test_nfce_reference_recorded_from_the_list(qtbot: QtBot, hub: Hub, window: MainWindow) -> None:
    sale = sell(hub.ctx.store)
    window.sales.reload()
    wait_idle(qtbot, hub)
    window.sales.table.selectRow(0)
    assert window.sales.nfce_button.text() == "Informar NFC-e…"
    window.sales.nfce_button.click()
    dialog = window.dialogs["nfce"]
    assert isinstance(dialog, NfceDialog)
    dialog.key.setText("123")
    dialog.save()
    wait_idle(qtbot, hub)
    assert "44" in dialog.error.text()
    today = local(dt.datetime.now(dt.UTC)).date()  # an NFC-e is issued with the sale, in the store's zone
    key = make_access_key(when=today, cnpj="11222333000181", number=sale.number)
    dialog.key.setText(key)
    dialog.save()
    wait_idle(qtbot, hub)
    with hub.ctx.store.read() as session:
        assert session.scalars(select(FiscalDocument.access_key)).one() == key
        kinds = session.scalars(select(OutboxItem.kind).where(OutboxItem.sale_id == sale.sale_id)).all()
    assert outbox.NFCE_ATTACH in kinds
    qtbot.waitUntil(lambda: window.sales.model.rows and window.sales.model.rows[0].nfce_key == key)
    window.sales.table.selectRow(0)
    assert window.sales.nfce_button.text() == "Ver NFC-e"
    wait_idle(qtbot, hub)


def test_retry_of_a_parked_item(qtbot: QtBot, hub: Hub, service: FakeService) -> None:
    sale = sell(hub.ctx.store)
    item_id = park_first_item(hub.ctx.store, sale.sale_id)
    dialog = OutboxWindow(hub)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, hub)
    assert dialog.model.rows[0].item_id == item_id  # parked first
    assert dialog.model.data(dialog.model.index(0, 2)) == "Requer atenção"
    dialog.table.selectRow(0)
    assert "DE-PARA" in dialog.details.toPlainText()
    assert dialog.retry_button.isEnabled()
    dialog.retry_button.click()
    wait_idle(qtbot, hub)
    qtbot.waitUntil(lambda: service.drains == 1)
    wait_idle(qtbot, hub)
    with hub.ctx.store.read() as session:
        assert session.get(OutboxItem, item_id).state == outbox.DONE  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: not dialog.model.rows)
    assert "tudo foi entregue" in dialog.summary.text()


def test_quit_guard_says_how_many_are_pending(
    qtbot: QtBot, hub: Hub, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    sell(hub.ctx.store)
    hub.after_local_write()
    wait_idle(qtbot, hub)
    qtbot.waitUntil(lambda: hub.overview.pending == 1)  # one sale, however many steps it has
    asked: list[str] = []
    monkeypatch.setattr(guards, "ask", lambda _p, _t, text: asked.append(text) or False)
    window.close()
    assert window.isVisible() and "Há 1 venda ainda não enviada ao Bling" in asked[0]
    assert "Ela continua guardada" in asked[0]
    monkeypatch.setattr(guards, "ask", lambda *_a: True)
    window.close()
    assert not window.isVisible()


def test_demo_banner_only_in_demo(qtbot: QtBot, hub: Hub, window: MainWindow) -> None:
    assert not window.banner.isVisible()
    hub.demo = True
    demo_window = MainWindow(hub)
    qtbot.addWidget(demo_window)
    demo_window.show()
    demo_window.quitting = True
    assert demo_window.banner.isVisible() and "MODO DEMONSTRAÇÃO" in demo_window.banner.text()
    wait_idle(qtbot, hub)


def test_exchange_action_is_disabled_until_the_wizard_lands(window: MainWindow) -> None:
    from ui.main_window import exchange_wizard_factory

    assert window.actions_by_name["exchange"].isEnabled() == (exchange_wizard_factory() is not None)


def test_parked_stock_entry_confirmed_as_already_in_bling(qtbot: QtBot, hub: Hub, service: FakeService) -> None:
    sale = sell(hub.ctx.store)
    item_id = park_first_item(hub.ctx.store, sale.sale_id)
    with hub.ctx.store.transaction() as session:  # parked because Bling cannot look the entry up
        item = session.get(OutboxItem, item_id)
        assert item is not None
        item.error_code = "confirmar_estoque"
    dialog = OutboxWindow(hub)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, hub)
    dialog.table.selectRow(0)
    assert dialog.confirm_button.isVisible()
    dialog.confirm_button.click()
    wait_idle(qtbot, hub)

    def delivered() -> bool:
        with hub.ctx.store.read() as session:
            return session.get(OutboxItem, item_id).state == outbox.DONE  # type: ignore[union-attr]

    qtbot.waitUntil(delivered)
    dialog.table.selectRow(0)
    assert not dialog.confirm_button.isVisible()  # ordinary items have no such button

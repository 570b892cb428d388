from __future__ import annotations

import sqlite3

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from pdv_bling.domain.errors import DomainError
from pdv_bling.management.local_admin import reset_integration
from pdv_bling.store.models import Customer, PaymentMethod, Product, SyncState, utcnow
from pdv_bling.store.settings import load_settings
from tests.ui.conftest import wait_idle
from tests.ui.fakes import FakeService
from tests.ui.helpers import add_formas, sell
from ui import guards
from ui.hub import Hub
from ui.settings_dialog import SettingsDialog


def _dialog(qtbot: QtBot, hub: Hub) -> SettingsDialog:
    dialog = SettingsDialog(hub)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, hub)
    return dialog


def test_settings_saved_and_sku_locked_after_product_sync(qtbot: QtBot, hub: Hub) -> None:
    add_formas(hub.ctx.store)
    dialog = _dialog(qtbot, hub)
    assert not dialog.sku_barcode.isEnabled()  # the seeded store already has products
    assert "Bloqueado" in dialog.sku_note.text()
    dialog.terminal.setText("PDV07")
    dialog.deposit.setCurrentIndex(dialog.deposit.findData(8001))
    dialog.integration.setChecked(True)
    dialog.real_customer.setChecked(False)
    dialog.loja.setText("204")
    dialog.save()
    wait_idle(qtbot, hub)
    with hub.ctx.store.read() as session:
        saved = load_settings(session)
    assert (saved.terminal_id, saved.deposit_id, saved.loja_id) == ("PDV07", 8001, 204)
    assert saved.stock_mode == "integration" and saved.send_real_customer is False


def test_reset_refused_while_pending(qtbot: QtBot, hub: Hub, no_modal_questions: list[str]) -> None:
    sell(hub.ctx.store)
    dialog = _dialog(qtbot, hub)
    dialog.reset_button.click()
    wait_idle(qtbot, hub)
    assert "há 1 venda ainda não enviada ao Bling, da integração atual" in no_modal_questions[-1] and "Não é possível" in no_modal_questions[-1]
    with hub.ctx.store.read() as session:
        assert session.scalars(select(Product)).first() is not None


def test_reset_from_zero_after_confirmation(
    qtbot: QtBot, hub: Hub, service: FakeService, monkeypatch, no_modal_questions: list[str]  # type: ignore[no-untyped-def]
) -> None:
    store = hub.ctx.store
    add_formas(store)
    sale = sell(store)
    service.drain_now()  # everything delivered: reset allowed
    with store.transaction() as session:
        session.add(SyncState(model="produtos", last_success_at=utcnow()))
        session.get(PaymentMethod, 1).bling_forma_pagamento_id = 7001  # type: ignore[union-attr]
        session.add(Customer(document="52998224725", tipo="F", name="Sem vendas", bling_contato_id=99))
    monkeypatch.setattr(guards, "ask", lambda *_a: True)
    dialog = _dialog(qtbot, hub)
    dialog.reset_button.click()
    wait_idle(qtbot, hub)
    wait_idle(qtbot, hub)
    qtbot.waitUntil(lambda: "Cópia de segurança" in dialog.message.text(), timeout=5000)
    backups = list(hub.ctx.paths.backups.glob("pdv-bling-2*.sqlite3"))  # not the daily copies (diario-*)
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("select count(*) from products").fetchone()[0] == 5
    with store.read() as session:
        assert session.scalars(select(Product)).first() is None
        assert session.scalars(select(SyncState)).first() is None
        assert session.get(PaymentMethod, 1).bling_forma_pagamento_id is None  # type: ignore[union-attr]
        assert session.scalars(select(Customer)).first() is None
    assert sale.number == 1
    wait_idle(qtbot, hub)
    assert dialog.sku_barcode.isEnabled()  # no products any more: the choice is open again


def test_reset_refused_in_core_while_pending(hub: Hub) -> None:
    sell(hub.ctx.store)
    try:
        reset_integration(hub.ctx.store, hub.ctx.paths.backups)
    except DomainError as exc:
        assert exc.code == "reset_refused_pending" and exc.params["count"] == 2
    else:
        raise AssertionError("reset must be refused while items are pending")
    made = [p for p in hub.ctx.paths.backups.glob("*") if not p.name.startswith("pdv-bling-diario-")]
    assert not made  # no reset backup (the daily copy of opening the folder is not one)


def test_a_bad_terminal_id_is_refused_and_a_new_one_renumbers_unsent_sales(qtbot: QtBot, hub: Hub) -> None:
    from pdv_bling.store.models import Sale

    sold = sell(hub.ctx.store)
    dialog = _dialog(qtbot, hub)
    dialog.terminal.setText("PDV 02")  # a space: would break every numeroLoja
    dialog.save()
    wait_idle(qtbot, hub)
    assert dialog.isVisible() and "Terminal (PDV)" in dialog.message.text()
    with hub.ctx.store.read() as session:
        assert load_settings(session).terminal_id == "PDV01"
    dialog.terminal.setText("CAIXA2")
    dialog.save()
    wait_idle(qtbot, hub)
    with hub.ctx.store.read() as session:
        assert load_settings(session).terminal_id == "CAIXA2"
        assert session.get(Sale, sold.sale_id).numero_loja == f"CAIXA2-{sold.number:07d}"

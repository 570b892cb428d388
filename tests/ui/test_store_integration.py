"""Integração Bling and Fila de envio on a caixa of a store: they show the store's state whichever
caixa opens them (read from the store database), changes to the store go there, and a caixa says
that Bling is connected on the integrador instead of offering "Iniciar integração"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from pdv_bling.account_check.model import load_last
from pdv_bling.domain.errors import DomainError
from pdv_bling.retaguarda.caixa_service import CaixaService
from pdv_bling.sandbox import SandboxConfig, SandboxServer
from pdv_bling.store import outbox
from pdv_bling.store.engine import Store
from pdv_bling.store.models import (
    ApiLogEntry,
    BlingFormaPagamento,
    OutboxItem,
    PaymentMethod,
    Seller,
    SyncState,
    utcnow,
)
from tests.store.helpers import RunningIntegrador, make_store, sell
from tests.ui.store_support import UNREACHABLE, caixa_app, joined_folder
from ui.hub import Hub
from ui.integration_window import AUTH, CHECK, LOGS, PAYMENTS, SELLERS, SYNC, IntegrationWindow
from ui.outbox_window import OutboxWindow
from ui.store_auth_tab import StoreAuthTab

pytestmark = pytest.mark.postgres


def idle(qtbot: QtBot, hub: Hub) -> None:
    qtbot.waitUntil(lambda: hub.runner.busy == 0, timeout=20_000)


@pytest.fixture(autouse=True)
def fast_client(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PDV_BLING_RATE_PER_SECOND", "500")


@pytest.fixture
def loja(tmp_path: Path, pg_url: str) -> Iterator[tuple[Store, Path]]:
    """A store whose second caixa this test opens (the first one sold and handed over)."""
    server = make_store(pg_url)
    from tests.store.helpers import join

    c1, link1 = join(tmp_path, pg_url, "PDV01")
    sell(c1, ("SKU-1", 1))
    assert link1.sync_once().online
    c1.close()
    yield server, joined_folder(tmp_path, pg_url, "PDV02")
    server.close()


def _integration(qtbot: QtBot, hub: Hub, window: object, tab: int) -> IntegrationWindow:
    dialog = window.open_integration(tab)  # type: ignore[attr-defined]
    assert isinstance(dialog, IntegrationWindow)
    idle(qtbot, hub)
    return dialog


def test_autenticacao_says_bling_is_on_the_integrador_and_shows_the_store(qtbot: QtBot, loja: tuple[Store, Path]) -> None:
    _server, home = loja
    with caixa_app(qtbot, home) as (hub, window, session):
        dialog = _integration(qtbot, hub, window, AUTH)
        tab = dialog.auth
        assert isinstance(tab, StoreAuthTab)
        assert "conexão com o Bling é feita no integrador da loja" in tab.status.text()
        assert not [b for b in tab.findChildren(QPushButton) if "Iniciar integração" in b.text()]
        qtbot.waitUntil(lambda: "Integrador: parado" in tab.detail.text(), timeout=15_000)
        assert "PDV01" in tab.detail.text() and "PDV02" in tab.detail.text()
        assert "Requisições ao Bling hoje (loja inteira)" in tab.detail.text()
        assert any("estas telas mostram a retaguarda" in label.text() and label.isVisible()
                   for label in dialog.findChildren(QLabel))
        with pytest.raises(DomainError) as refused:
            session.service.connect_interactive(lambda _url: None)
        assert refused.value.code == "store_bling_on_integrator"

        dialog.tabs.setCurrentIndex(SYNC)  # no integrador runs in this store: Sincronizar says so at once
        dialog.sync.all_button.click()
        qtbot.waitUntil(lambda: "integrador da loja está parado" in dialog.sync.message.text(), timeout=15_000)
        assert dialog.sync.all_button.isEnabled()


def test_de_para_is_the_stores_and_saving_it_writes_there(qtbot: QtBot, loja: tuple[Store, Path]) -> None:
    server, home = loja
    with server.transaction() as db:
        db.add(BlingFormaPagamento(bling_id=7777, descricao="Vale da loja", tipo_pagamento=1, situacao=1))
    with caixa_app(qtbot, home) as (hub, window, _session):
        tab = _integration(qtbot, hub, window, PAYMENTS).payments
        tab.reload()
        idle(qtbot, hub)
        assert "Vale da loja" in [tab.combos[0].itemText(i) for i in range(tab.combos[0].count())]
        names = [r.name for r in tab.rows]
        dinheiro = tab.combos[names.index("Dinheiro")]
        dinheiro.setCurrentIndex(dinheiro.findData(7777))
        tab.save_button.click()
        idle(qtbot, hub)
        with server.read() as db:
            assert db.scalars(select(PaymentMethod).where(PaymentMethod.name == "Dinheiro")).one() \
                .bling_forma_pagamento_id == 7777

        def here() -> int | None:  # the replica brings the store's DE-PARA to this caixa
            with hub.ctx.store.read() as db:
                return db.scalars(select(PaymentMethod).where(PaymentMethod.name == "Dinheiro")).one() \
                    .bling_forma_pagamento_id

        qtbot.waitUntil(lambda: here() == 7777, timeout=15_000)

        dialog = window.dialogs["integration"]
        dialog.tabs.setCurrentIndex(SELLERS)  # Vendedores: the store's operators, for every caixa
        idle(qtbot, hub)
        assert [r.name for r in dialog.sellers.rows] == ["Ana"]
        dialog.sellers.new_name.setText("Bruna")
        dialog.sellers.add_button.click()
        idle(qtbot, hub)
        with server.read() as db:
            assert set(db.scalars(select(Seller.name))) == {"Ana", "Bruna"}

        link = hub.ctx.store.coordinator
        link.url, link._server = UNREACHABLE, None  # type: ignore[union-attr]
        tab.reload()
        idle(qtbot, hub)
        assert "Retaguarda sem conexão" in tab.summary.text() and not tab.save_button.isEnabled()
        assert tab.combos[names.index("Dinheiro")].currentData() == 7777  # this caixa's copy


def test_sincronizar_logs_and_verificar_conta_are_the_stores(qtbot: QtBot, tmp_path: Path, pg_url: str) -> None:
    bling = SandboxServer(SandboxConfig(products=12, seed=3, rate_limit=1000.0)).start()
    integrador = RunningIntegrador(tmp_path, pg_url, bling)
    try:
        with integrador.server.transaction() as db:
            db.add(ApiLogEntry(model="vendas", action="POST /pedidos/vendas PDV01-0000007 — recusado (400)", ok=False,
                               check="Relacione a forma de pagamento no DE-PARA.", at=utcnow()))
        home = joined_folder(tmp_path, pg_url, "PDV03")
        with caixa_app(qtbot, home) as (hub, window, _session):
            dialog = _integration(qtbot, hub, window, SYNC)
            sync = dialog.sync
            qtbot.waitUntil(lambda: sync.rows["produtos"].date.text() != "Nunca sincronizado", timeout=10_000)
            with integrador.server.read() as db:
                before = db.get(SyncState, "produtos").last_success_at
            integrador.start()
            sync.all_button.click()  # asks the integrador for a pull, waits for it, copies the store
            qtbot.waitUntil(lambda: sync.all_button.isEnabled() and sync.message.text() == "", timeout=60_000)
            with integrador.server.read() as db:
                assert db.get(SyncState, "produtos").last_success_at > before

            dialog.tabs.setCurrentIndex(LOGS)
            idle(qtbot, hub)
            actions = [r.action for r in dialog.logs.model.rows]
            assert "POST /pedidos/vendas PDV01-0000007 — recusado (400)" in actions
            with hub.ctx.store.read() as db:  # read from the store: this caixa's own log is empty
                assert db.scalars(select(ApiLogEntry)).first() is None

            dialog.tabs.setCurrentIndex(CHECK)
            check = dialog.check
            check.button.click()
            assert "integrador da loja" in check.message.text()
            qtbot.waitUntil(lambda: not check.running, timeout=60_000)
            assert check.panel.report is not None and check.panel.report.problem is None
            assert any("pela loja inteira" in card.result.explanation for card in check.panel.cards)
            with hub.ctx.store.read() as db:  # this caixa's folder was never checked: the report is the store's
                assert load_last(db) is None or load_last(db).finished_at == check.panel.report.finished_at
    finally:
        integrador.stop()
        bling.stop()


def test_fila_de_envio_is_the_stores_queue_and_retry_writes_there(qtbot: QtBot, loja: tuple[Store, Path]) -> None:
    server, home = loja
    with server.transaction() as db:
        item = db.scalars(select(OutboxItem).where(OutboxItem.state == outbox.PENDING).order_by(OutboxItem.id)).first()
        assert item is not None
        item.state, item.attempts, item.error_code = outbox.PARKED, 3, "payment_unmapped"
        item.last_error = "Forma de pagamento sem DE-PARA"
        parked_id = item.id
    with caixa_app(qtbot, home) as (hub, window, session):
        assert isinstance(session.service, CaixaService)
        dialog = window.open_outbox()
        assert isinstance(dialog, OutboxWindow)
        idle(qtbot, hub)
        qtbot.waitUntil(lambda: bool(dialog.model.rows), timeout=10_000)
        assert "Fila da loja (todos os caixas)" in dialog.summary.text()
        parked = [r for r in dialog.model.rows if r.state == outbox.PARKED]
        assert [r.numero_loja for r in parked] == ["PDV01-0000001"]  # another caixa's sale, by its store-wide name
        assert dialog.model.item(dialog.model.rows.index(parked[0]), 1).text() == "PDV01-0000001"
        dialog.table.selectRow(dialog.model.rows.index(parked[0]))
        dialog.retry_button.click()
        idle(qtbot, hub)
        with server.read() as db:
            assert db.get(OutboxItem, parked_id).state == outbox.PENDING

        link = hub.ctx.store.coordinator
        link.url, link._server = UNREACHABLE, None  # type: ignore[union-attr]
        dialog.reload()
        idle(qtbot, hub)
        qtbot.waitUntil(lambda: "Retaguarda sem conexão" in dialog.summary.text(), timeout=10_000)
        assert not dialog.retry_all_button.isEnabled()


def test_configuracoes_on_a_caixa_saves_the_store_wide_settings_on_the_retaguarda(
        qtbot: QtBot, loja: tuple[Store, Path]) -> None:
    """Stock mode and friends are the store's: saved on the store database (the replica brings them
    back to every caixa, so a local write would be undone); the terminal id and the Bling intervals
    are not the caixa's to change; offline, saving says so and writes nothing."""
    from pdv_bling.store.settings import load_settings
    from ui.settings_dialog import SettingsDialog

    server, home = loja
    with caixa_app(qtbot, home) as (hub, window, _session):
        dialog = window.open_settings()
        assert isinstance(dialog, SettingsDialog)
        idle(qtbot, hub)
        assert dialog.terminal.isReadOnly() and dialog.terminal.text() == "PDV02"
        assert not dialog.drain_interval.isEnabled() and not dialog.reset_button.isEnabled()
        assert any("valem para a loja inteira" in label.text() for label in dialog.findChildren(QLabel))
        dialog.integration.setChecked(True)
        dialog.return_invoice.setChecked(False)
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=15_000)
        with server.read() as db:
            stored = load_settings(db)
        assert (stored.stock_mode, stored.auto_return_invoice) == ("integration", False)

        def here() -> tuple[str, bool]:
            with hub.ctx.store.read() as db:
                local = load_settings(db)
            return local.stock_mode, local.auto_return_invoice

        qtbot.waitUntil(lambda: here() == ("integration", False), timeout=15_000)
        with hub.ctx.store.read() as db:
            assert load_settings(db).terminal_id == "PDV02"

        link = hub.ctx.store.coordinator
        link.url, link._server = UNREACHABLE, None  # type: ignore[union-attr]
        dialog = window.open_settings()
        idle(qtbot, hub)
        dialog.transitions.setChecked(True)
        dialog.save()
        qtbot.waitUntil(lambda: "retaguarda" in dialog.message.text().lower(), timeout=15_000)
        assert dialog.isVisible() and dialog.buttons.isEnabled()
        with server.read() as db:
            assert load_settings(db).stock_mode == "integration"
        dialog.reject()


def test_configuracoes_operators_on_a_caixa_are_the_stores(qtbot: QtBot, loja: tuple[Store, Path]) -> None:
    """Configurações > Operadores on a caixa reads and writes the store's operators (a local write
    would stay on this caixa); offline it shows this caixa's copy, read-only, with the reason."""
    from ui.settings_dialog import SettingsDialog

    server, home = loja
    with caixa_app(qtbot, home) as (hub, window, _session):
        dialog = window.open_settings()
        assert isinstance(dialog, SettingsDialog)
        idle(qtbot, hub)
        box = dialog.operators
        assert [r.name for r in box.model.rows] == ["Ana"]
        box.name.setText("Carla")
        box.add_button.click()
        idle(qtbot, hub)
        qtbot.waitUntil(lambda: "Carla" in box.message.text(), timeout=15_000)
        with server.read() as db:
            assert set(db.scalars(select(Seller.name))) == {"Ana", "Carla"}

        link = hub.ctx.store.coordinator
        link.url, link._server = UNREACHABLE, None  # type: ignore[union-attr]
        box.reload()
        idle(qtbot, hub)
        assert "Retaguarda sem conexão" in box.message.text() and not box.add_button.isEnabled()
        dialog.reject()

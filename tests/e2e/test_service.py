"""SyncService: one drainer per data folder, connectivity that comes back, scheduler jobs."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from pdv_bling.base.events import ConnectivityChanged, EventBus, OutboxCountsChanged
from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.runtime.service import DrainerBusy, SyncService
from pdv_bling.store.context import AppContext
from tests.e2e.helpers import Account, open_terminal, sellable


def test_one_drainer_per_data_folder(tmp_path: Path, account: Account) -> None:
    first = open_terminal(tmp_path / "t", account.server)
    first.service.drain_now()  # takes the folder's lock
    ctx = AppContext.open(tmp_path / "t")
    second = SyncService(ctx)
    with pytest.raises(DrainerBusy):
        second.drain_now()
    first.close()
    assert second.drain_now().pending == 0  # free again once the first one stopped
    second.stop()
    ctx.close()


def test_offline_is_left_as_soon_as_the_network_returns(tmp_path: Path, account: Account) -> None:
    t = open_terminal(tmp_path / "t", account.server)
    product = sellable(t.ctx, 1)[0]
    events: list[object] = []
    t.service.bus.subscribe_all(events.append)
    account.down()
    record_sale(t.ctx.store, SaleDraft(items=(ItemDraft(barcode=product.barcode),),
                                       payments=(PaymentDraft("PIX", product.price_cents),)))
    report = t.service.drain_now()
    assert report.delivered == 0 and t.service.online is False
    assert ConnectivityChanged(online=False, reason="transport") in events
    account.up()
    report = t.service.drain_now()
    assert t.service.online is True and report.pending == 0
    assert ConnectivityChanged(online=True, reason=None) in events
    t.close()


def test_scheduler_drains_in_the_background(tmp_path: Path, account: Account) -> None:
    t = open_terminal(tmp_path / "t", account.server)
    product = sellable(t.ctx, 1)[0]
    sale = record_sale(t.ctx.store, SaleDraft(items=(ItemDraft(barcode=product.barcode),),
                                              payments=(PaymentDraft("PIX", product.price_cents),)))
    bus = EventBus()
    delivered = []
    bus.subscribe(OutboxCountsChanged, delivered.append)
    service = SyncService(t.ctx, bus=bus)
    t.service.stop()
    service.start()  # the drain job runs at once, then every drain_interval_s
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not any(e.pending == 0 for e in delivered):
        time.sleep(0.1)
    service.stop()
    assert any(e.pending == 0 for e in delivered)
    assert account.server.inspect()["orders"][sale.numero_loja]["count"] == 1
    t.ctx.close()


def test_iniciar_integracao_then_disconnect(tmp_path: Path, make_sandbox, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The Autenticação tab's flow through the service: browser, loopback callback, tokens, company."""
    from tests.core.test_bling_oauth import free_port
    from tests.e2e.test_client_sandbox import browser

    redirect = f"http://127.0.0.1:{free_port()}/callback"
    monkeypatch.setenv("PDV_BLING_REDIRECT_URI", redirect)
    server = make_sandbox(redirect_uri=redirect, demo_auto_approve=True)
    t = open_terminal(tmp_path / "t", server, pull=False)
    t.service.disconnect()
    assert t.service.connection_state() == "not_connected"
    events: list[object] = []
    t.service.bus.subscribe_all(events.append)
    company = t.service.connect_interactive(browser, timeout=10)
    assert company and t.service.connection_state() == "connected"
    assert any(getattr(e, "company_name", None) == company for e in events)
    assert server.inspect()["requests"]["token_calls"] >= 1
    t.close()

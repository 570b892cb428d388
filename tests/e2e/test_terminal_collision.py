"""Two data folders with the same terminal id (issue 13, item 1): a reinstall, a "start over", a
second counter nobody renumbered. Each sale reaches Bling as its own order or waits, parked with
a fix naming both orders; it is never reported delivered on another folder's order.

Against the stand-in over real HTTP; "Bling" below is what `/__sandbox__/inspect` shows.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from sqlalchemy import select, update

from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.errors import DomainError
from pdv_bling.management.settings_input import apply_settings_counted
from pdv_bling.sandbox import SandboxServer
from pdv_bling.store import outbox
from pdv_bling.store.identity import installation_id
from pdv_bling.store.models import OutboxItem, Sale
from pdv_bling.store.settings import load_settings
from pdv_bling.sync import series
from tests.e2e.helpers import Terminal, mixed_sale, open_terminal, sellable


def _orders(server: SandboxServer) -> dict[str, int]:
    return {loja: entry["count"] for loja, entry in server.inspect()["orders"].items()}


def _sell(t: Terminal, n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    products = sellable(t.ctx, 6)
    return [record_sale(t.ctx.store, mixed_sale(products, rng)).numero_loja for _ in range(n)]


def _create_item(t: Terminal, numero_loja: str) -> OutboxItem:
    with t.ctx.store.read() as session:
        sale = session.scalars(select(Sale).where(Sale.numero_loja == numero_loja)).one()
        return session.scalars(select(OutboxItem).where(OutboxItem.sale_id == sale.id,
                                                        OutboxItem.kind == outbox.SALE_CREATE)).one()


def _due_now(t: Terminal) -> None:
    """The retry's backoff has passed (the test does not wait for it)."""
    with t.ctx.store.transaction() as session:
        session.execute(update(OutboxItem).where(OutboxItem.state != outbox.DONE).values(next_attempt_at=None))


def _sale(t: Terminal, number: int) -> Sale:
    with t.ctx.store.read() as session:
        return session.scalars(select(Sale).where(Sale.number == number)).one()


def test_two_folders_get_different_installation_ids_and_markers(tmp_path: Path, sandbox: SandboxServer) -> None:
    a, b = open_terminal(tmp_path / "a", sandbox), open_terminal(tmp_path / "b", sandbox, pull=False)
    try:
        ids = []
        for t in (a, b):
            with t.ctx.store.read() as session:
                ids.append(installation_id(session))
        assert ids[0] and ids[1] and ids[0] != ids[1]
        numero = _sell(a, 1, seed=1)[0]
        a.service.drain_now()
        order = next(o for o in sandbox.state.orders.values() if o["numeroLoja"] == numero)
        assert order["observacoesInternas"] == f"PDV-Bling {numero} #{ids[0]}"
    finally:
        a.close()
        b.close()


def test_a_sale_never_adopts_another_folders_order_after_a_lost_response(tmp_path: Path, sandbox: SandboxServer) -> None:
    """Both folders checked the series while Bling was still empty (a race no check can close);
    folder A delivers PDV01-0000001; folder B's POST of its own PDV01-0000001 gets a 500 before
    Bling processed it. The lookup that follows finds A's order under the same number."""
    a = open_terminal(tmp_path / "a", sandbox)
    b = open_terminal(tmp_path / "b", sandbox)
    try:
        for t in (a, b):
            check = series.check_series(t.service.client, t.ctx.store)
            assert check.foreign is None
            series.record_check(t.ctx.store, check)
        numero_a = _sell(a, 1, seed=1)[0]
        numero_b = _sell(b, 1, seed=2)[0]
        assert numero_a == numero_b == "PDV01-0000001"
        a.service.drain_now()
        b.service.handlers._consumidor_final_id()  # known already, as after any earlier sale of B
        sandbox.set_faults(p500=1.0)  # answered before any processing: nothing created
        b.service.drain_now()
        sandbox.set_faults(p500=0.0)
        assert _create_item(b, numero_b).state == outbox.IN_FLIGHT  # outcome unknown: looked up next
        _due_now(b)
        report = b.service.drain_now()

        item = _create_item(b, numero_b)
        assert report.delivered == 0 and item.state == outbox.PARKED
        assert item.error_code == "pedido_de_outra_venda"
        order_a = sandbox.state.orders[_sale(a, 1).bling_id]
        assert f"pedido nº {order_a['numero']}" in str(item.suggested_fix)
        assert "venda 1" in str(item.suggested_fix) and numero_b in str(item.suggested_fix)
        assert _sale(b, 1).bling_id is None  # never reported delivered
        assert _orders(sandbox) == {numero_a: 1}

        # The manager gives B its own id: its waiting sale is renumbered and goes out by itself.
        settings, renumbered = apply_settings_counted(b.ctx.store, {"terminal_id": "PDV02"})
        assert (settings.terminal_id, renumbered) == ("PDV02", 1)
        while b.service.drain_now().delivered:
            pass
        sale_b = _sale(b, 1)
        assert sale_b.numero_loja == "PDV02-0000001" and sale_b.bling_id is not None
        assert _orders(sandbox) == {numero_a: 1, "PDV02-0000001": 1}
        order_b = sandbox.state.orders[sale_b.bling_id]
        assert round(order_b["total"] * 100) == sale_b.total_cents
    finally:
        a.close()
        b.close()


def test_a_series_in_use_is_found_before_the_first_order_leaves(tmp_path: Path, sandbox: SandboxServer) -> None:
    """An upgraded folder (never checked at connect) finds its series taken on its first send:
    nothing is POSTed, every sale of the series waits with the fix, a new id sends them all."""
    a = open_terminal(tmp_path / "a", sandbox)
    try:
        sold_a = _sell(a, 3, seed=3)
        while a.service.drain_now().delivered:
            pass
    finally:
        a.close()
    b = open_terminal(tmp_path / "b", sandbox)
    try:
        sold_b = _sell(b, 4, seed=4)
        posts_before = sandbox.inspect()["requests"]["by_endpoint"].get("POST /pedidos/vendas", 0)
        b.service.drain_now()
        assert sandbox.inspect()["requests"]["by_endpoint"].get("POST /pedidos/vendas", 0) == posts_before
        states = {n: _create_item(b, n) for n in sold_b}
        assert {i.state for i in states.values()} == {outbox.PARKED}
        assert {i.error_code for i in states.values()} == {"terminal_em_conflito"}
        assert "PDV02" not in _orders(sandbox)
        with b.ctx.store.read() as session:
            assert series.conflict_for(session, "PDV01")["numero_loja"] == "PDV01-0000001"

        _settings, renumbered = apply_settings_counted(b.ctx.store, {"terminal_id": "PDV02"})
        assert renumbered == 4
        while b.service.drain_now().delivered:
            pass
        orders = _orders(sandbox)
        assert {n: orders.get(n) for n in sold_a} == dict.fromkeys(sold_a, 1)
        assert {f"PDV02-{n:07d}": orders.get(f"PDV02-{n:07d}") for n in range(1, 5)} == {
            f"PDV02-{n:07d}": 1 for n in range(1, 5)}
        with b.ctx.store.read() as session:
            assert series.conflict_for(session, "PDV01") is None
    finally:
        b.close()


def test_connecting_with_a_series_in_use_is_refused(tmp_path: Path, make_sandbox, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from tests.core.test_bling_oauth import free_port
    from tests.e2e.test_client_sandbox import browser

    redirect = f"http://127.0.0.1:{free_port()}/callback"
    monkeypatch.setenv("PDV_BLING_REDIRECT_URI", redirect)
    server = make_sandbox(redirect_uri=redirect, demo_auto_approve=True)
    a = open_terminal(tmp_path / "a", server)
    try:
        _sell(a, 2, seed=5)
        while a.service.drain_now().delivered:
            pass
    finally:
        a.close()
    b = open_terminal(tmp_path / "b", server, pull=False)  # a reinstall: PDV01 again
    try:
        b.service.disconnect()
        with pytest.raises(DomainError) as refused:
            b.service.connect_interactive(browser, timeout=10)
        assert refused.value.code == "terminal_series_in_use"
        text = str(refused.value)
        assert "PDV01" in text and "PDV01-0000001" in text and "PDV02" in text
        assert b.service.connection_state() == "not_connected"  # tokens forgotten

        apply_settings_counted(b.ctx.store, {"terminal_id": "PDV02"})
        assert b.service.connect_interactive(browser, timeout=10)
        with b.ctx.store.read() as session:
            assert load_settings(session).terminal_id == "PDV02"
            assert series.series_checked(session, "PDV02")
    finally:
        b.close()

"""§11 row 6: no decision rests on a message nobody has seen from Bling.

What Bling answers to a repeated lancar-estoque/lancar-contas is UNKNOWN, and the API cannot
read back whether an order's stock or contas are posted. So a posting whose outcome is unknown
parks for a human check instead of being sent again and "recognised" by a text; and a refusal
of a first posting parks too (never counted as done)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from pdv_bling.counter.sales import RecordedSale, record_sale
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.sandbox import SandboxServer
from pdv_bling.store import outbox
from pdv_bling.store.models import OutboxItem
from tests.e2e.helpers import Terminal, drain_all, open_terminal, sellable, set_settings

pytestmark = pytest.mark.e2e


@pytest.fixture
def terminal(tmp_path: Path, sandbox: SandboxServer) -> Iterator[Terminal]:
    t = open_terminal(tmp_path / "t", sandbox)
    set_settings(t, stock_mode="integration")
    yield t
    t.close()


def sale_with_created_order(t: Terminal) -> tuple[RecordedSale, int, int]:
    """A sale whose order reached Bling; returns it, the product's Bling id and the order id."""
    product = sellable(t.ctx, 1)[0]
    sale = record_sale(t.ctx.store, SaleDraft(items=(ItemDraft(barcode=product.barcode, quantity=2),),
                                              payments=(PaymentDraft("PIX", 2 * product.price_cents),)))
    t.service.drain_now(max_items=1)  # the order only
    with t.ctx.store.read() as session:
        order_id = session.scalars(select(OutboxItem.result).where(OutboxItem.kind == outbox.SALE_CREATE)).one()
    return sale, product.bling_id, int(order_id["pedido_id"])


def stock_item(t: Terminal, kind: str = outbox.STOCK_POST) -> OutboxItem:
    with t.ctx.store.read() as session:
        return session.scalars(select(OutboxItem).where(OutboxItem.kind == kind)).one()


def crashed_mid_attempt(t: Terminal, item_id: int) -> None:
    with t.ctx.store.transaction() as session:  # "attempt started" was written, then the process died
        item = session.get(OutboxItem, item_id)
        assert item is not None
        item.state, item.attempts = outbox.IN_FLIGHT, 1


@pytest.mark.parametrize("reached_bling", [True, False])
def test_a_posting_with_unknown_outcome_parks_and_is_never_sent_blindly(
    terminal: Terminal, sandbox: SandboxServer, api: httpx.Client, reached_bling: bool
) -> None:
    sale, produto, order_id = sale_with_created_order(terminal)
    start = sandbox.state.balances[(produto, sandbox.state.deposito_padrao)]
    item = stock_item(terminal)
    if reached_bling:  # the first attempt took effect in Bling before the crash
        assert api.post(f"/pedidos/vendas/{order_id}/lancar-estoque").status_code == 204
    crashed_mid_attempt(terminal, item.id)
    requests_before = sandbox.inspect()["requests"]["by_endpoint"].get("POST /pedidos/vendas/{idPedidoVenda}/lancar-estoque", 0)
    assert terminal.service.drain_now().parked == 1
    parked = stock_item(terminal)
    assert parked.state == outbox.PARKED and parked.error_code == "confirmar_lancamento"
    fix = parked.suggested_fix or ""
    assert "lançar estoque" in fix and str(order_id) in fix and sale.numero_loja in fix and "Já está no Bling" in fix
    assert sandbox.inspect()["requests"]["by_endpoint"].get(
        "POST /pedidos/vendas/{idPedidoVenda}/lancar-estoque", 0) == requests_before  # not sent again
    # the manager looks at the order in Bling and answers
    with terminal.ctx.store.transaction() as session:
        if reached_bling:
            assert outbox.confirm_delivered(session, parked.id)  # "Já está no Bling"
        else:
            assert outbox.retry(session, parked.id)  # "Tentar novamente": sent once, as new
    drain_all(terminal)
    assert sandbox.state.balances[(produto, sandbox.state.deposito_padrao)] == start - 2  # exactly once
    entry = sandbox.inspect()["orders"][sale.numero_loja]
    assert entry["estoque"] == [sandbox.state.deposito_padrao] and entry["contas"] == [True]


def test_bling_refusing_a_first_posting_is_never_taken_for_done(terminal: Terminal, sandbox: SandboxServer,
                                                                 api: httpx.Client) -> None:
    sale, produto, order_id = sale_with_created_order(terminal)
    api.post(f"/pedidos/vendas/{order_id}/lancar-estoque")  # someone posted it by hand in Bling
    start = sandbox.state.balances[(produto, sandbox.state.deposito_padrao)]
    report = terminal.service.drain_now()
    assert report.parked == 1
    parked = stock_item(terminal)
    assert parked.state == outbox.PARKED and parked.kind == outbox.STOCK_POST
    assert sandbox.state.balances[(produto, sandbox.state.deposito_padrao)] == start  # nothing twice
    with terminal.ctx.store.read() as session:
        contas = session.scalars(select(OutboxItem).where(OutboxItem.kind == outbox.ACCOUNTS_POST)).one()
    assert contas.state == outbox.PENDING  # the rest of the chain waits for the manager


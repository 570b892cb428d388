"""Troca/devolução end to end: recorded with the network down, delivered when it comes back, and
Bling ends as a correct manual adjustment would leave it."""

from __future__ import annotations

from pathlib import Path

from pdv_bling.counter.returns import record_exchange
from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.exchange import ExchangeDraft
from pdv_bling.domain.sale import AddressDraft, CustomerDraft, ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.store.models import Product, Sale
from tests.e2e.helpers import Account, Terminal, open_terminal, sellable
from tests.e2e.test_sync_delivery import drain_all

MARIA = CustomerDraft(document="52998224725", name="Maria Souza", address=AddressDraft(
    street="Rua das Flores", number="10", district="Centro", city="Campinas", uf="SP", cep="13010000"))


def _sell(t: Terminal, lines: list[tuple[Product, int]]) -> Sale:
    total = sum(p.price_cents * q for p, q in lines)
    recorded = record_sale(t.ctx.store, SaleDraft(items=tuple(ItemDraft(barcode=p.barcode, quantity=q) for p, q in lines),
                                                  payments=(PaymentDraft("PIX", total),), customer=MARIA))
    with t.ctx.store.read() as session:
        sale = session.get(Sale, recorded.sale_id)
        assert sale is not None
        _ = [i.id for i in sale.items]
        return sale


def _offline_attempt(t: Terminal) -> None:
    report = t.service.drain_now()
    assert report.delivered == 0 and report.stopped_by == "transport" and not report.online


def test_partial_exchange_offline_then_online(tmp_path: Path, account: Account) -> None:
    t = open_terminal(tmp_path / "t", account.server)
    a, b, c = sellable(t.ctx, 3)
    start = {p.bling_id: account.balance(p.bling_id) for p in (a, b, c)}
    account.down()
    sale = _sell(t, [(a, 2), (b, 1)])
    item_a = next(i for i in sale.items if i.product_bling_id == a.bling_id)
    # the customer returns one unit of A, keeps the other and B, and takes one C
    returned = item_a.unit_price_cents
    pay = max(0, c.price_cents - returned)
    result = record_exchange(t.ctx.store, ExchangeDraft(
        original_sale_id=sale.id, returned={item_a.id: 1}, new_items=(ItemDraft(barcode=c.barcode),),
        payments=(PaymentDraft("Dinheiro", pay),) if pay else ()))
    assert not result.full_return
    _offline_attempt(t)
    account.up()
    drain_all(t)
    padrao = account.server.state.deposito_padrao
    after = {p.bling_id: account.balance(p.bling_id) for p in (a, b, c)}
    # a correct manual adjustment: kept units still out, returned unit back, new unit out
    assert after[a.bling_id][padrao] == start[a.bling_id][padrao] - 1
    assert after[b.bling_id][padrao] == start[b.bling_id][padrao] - 1
    assert after[c.bling_id][padrao] == start[c.bling_id][padrao] - 1
    for produto in (a.bling_id, b.bling_id, c.bling_id):  # the other deposit untouched
        assert all(after[produto][d] == start[produto][d] for d in after[produto] if d != padrao)
    orders = account.server.inspect()["orders"]
    assert orders[sale.numero_loja]["situacoes"] == [9]  # the original stays Atendido
    assert result.new_sale is not None and orders[result.new_sale.numero_loja]["situacoes"] == [9]
    t.close()


def test_full_return_offline_then_online_cancels_original(tmp_path: Path, account: Account) -> None:
    t = open_terminal(tmp_path / "t", account.server)
    a, b = sellable(t.ctx, 2)
    start = {p.bling_id: account.balance(p.bling_id) for p in (a, b)}
    sale = _sell(t, [(a, 1), (b, 2)])
    drain_all(t)  # the original reached Bling while online
    order_id = account.server.inspect()["orders"][sale.numero_loja]["ids"][0]
    account.down()
    result = record_exchange(t.ctx.store, ExchangeDraft(
        original_sale_id=sale.id, returned={i.id: i.quantity for i in sale.items}))
    assert result.full_return and result.new_sale is None and result.credit_granted_cents == sale.total_cents
    _offline_attempt(t)
    account.up()
    drain_all(t)
    inspect = account.server.inspect()
    assert inspect["orders"][sale.numero_loja]["situacoes"] == [12]  # Cancelado
    assert {p.bling_id: account.balance(p.bling_id) for p in (a, b)} == start  # stock reversed
    assert not [c for c in inspect["contas_receber"]["open"] if c.get("pedido") == order_id]
    assert [c for c in inspect["contas_receber"]["reversed"] if c.get("pedido") == order_id]
    t.close()


def test_stock_entry_with_unknown_outcome_waits_for_the_manager(tmp_path: Path, account: Account) -> None:
    """Bling cannot look a stock movement up: after a crash mid-attempt the entry is parked for a
    human check, never sent twice; "Já está no Bling" or "Tentar novamente" settle it."""
    from sqlalchemy import select

    from pdv_bling.store import outbox
    from pdv_bling.store.models import OutboxItem

    t = open_terminal(tmp_path / "t", account.server)
    a, b = sellable(t.ctx, 2)
    sale = _sell(t, [(a, 1), (b, 1)])
    drain_all(t)
    item_a = next(i for i in sale.items if i.product_bling_id == a.bling_id)
    record_exchange(t.ctx.store, ExchangeDraft(original_sale_id=sale.id, returned={item_a.id: 1}))
    with t.ctx.store.transaction() as session:  # the process died after "attempt started"
        entry = session.scalars(select(OutboxItem).where(OutboxItem.kind == outbox.STOCK_ENTRY)).one()
        entry.state, entry.attempts = outbox.IN_FLIGHT, 1
        entry_id = entry.id
    moves_before = len(account.server.inspect()["stock_movements"].get(str(account.server.state.deposito_padrao), []))
    report = t.service.drain_now()
    assert report.parked == 1
    with t.ctx.store.transaction() as session:
        parked = session.get(OutboxItem, entry_id)
        assert parked is not None and parked.state == outbox.PARKED and parked.error_code == "confirmar_estoque"
        assert "Já está no Bling" in (parked.suggested_fix or "")
        assert not outbox.confirm_delivered(session, 10_000)  # unknown item
    moves_after = len(account.server.inspect()["stock_movements"].get(str(account.server.state.deposito_padrao), []))
    assert moves_after == moves_before  # nothing was sent on the unknown outcome
    with t.ctx.store.transaction() as session:  # the manager sees no movement in Bling: retry
        assert outbox.retry(session, entry_id)
    drain_all(t)
    entries = [m for m in account.server.inspect()["stock_movements"][str(account.server.state.deposito_padrao)]
               if m["operacao"] == "E" and sale.numero_loja in (m.get("observacoes") or "")]
    assert len(entries) == 1
    t.close()

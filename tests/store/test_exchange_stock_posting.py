"""An exchange of another caixa's sale puts the stock back where the sale took it from: with
"Lançar pela integração" to the store's deposit, a partial return's stock entry goes to that deposit
(not Bling's padrão) and a full return cancels the order, reversing the stock and receivables the
sale posted. Both found by the store LAN harness: the copy of the sale did not know how its stock
left, and a store-owned sale's full return was recorded as partial (the store's "already returned"
answer lists every line, zeros included), leaving a refunded sale's receivables open in Bling."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from pdv_bling.cli.exchange_input import parse_exchange
from pdv_bling.cli.troca import record_exchange_input
from pdv_bling.store import outbox
from pdv_bling.store.models import OutboxItem, Sale
from pdv_bling.store.settings import set_value
from tests.store.helpers import join, make_store, sell

pytestmark = pytest.mark.postgres
DEPOSIT = 14000000002


def kinds_and_deposits(session: object, sale_id: int) -> list[tuple[str, object]]:
    rows = session.scalars(select(OutboxItem).where(OutboxItem.chain == outbox.sale_chain(sale_id),  # type: ignore[attr-defined]
                                                    OutboxItem.state != outbox.DONE).order_by(OutboxItem.id))
    return [(i.kind, (i.payload or {}).get("deposit_id")) for i in rows]


def test_returns_at_another_caixa_use_the_sales_own_stock_posting(tmp_path: Path, pg_url: str) -> None:
    server = make_store(pg_url)
    with server.transaction() as session:  # the store's manager: "Lançar pela integração" to its deposit
        set_value(session, "stock_mode", "integration")
        set_value(session, "deposit_id", DEPOSIT)
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    c2, link2 = join(tmp_path, pg_url, "PDV02")
    partial = sell(c1, ("SKU-1", 2))
    full = sell(c1, ("SKU-2", 1))
    assert link1.sync_once().online
    record_exchange_input(c2, parse_exchange({"venda": "PDV01 1", "devolver": [{"item": 1, "quantidade": 1}]}))
    refund = record_exchange_input(c2, parse_exchange({"venda": "PDV01 2", "devolver": [{"item": 1}],
                                                       "reembolso": True}))
    assert refund["full_return"] is True
    with c2.store.read() as session:
        copies = {s.numero_loja: s.id for s in session.scalars(select(Sale).where(Sale.origin_id.is_not(None)))}
        assert kinds_and_deposits(session, copies["PDV01-0000001"]) == [(outbox.STOCK_ENTRY, DEPOSIT)]
        assert [k for k, _d in kinds_and_deposits(session, copies["PDV01-0000002"])] == [
            outbox.STOCK_REVERSE, outbox.ACCOUNTS_REVERSE, outbox.SALE_CANCEL]
    assert link2.sync_once().online
    with server.read() as session:
        store_sale = {s.numero_loja: s.id for s in session.scalars(select(Sale))}
        open_items = kinds_and_deposits(session, store_sale["PDV01-0000001"])
        assert (outbox.STOCK_ENTRY, DEPOSIT) in open_items
        assert outbox.STOCK_REVERSE in [k for k, _d in kinds_and_deposits(session, store_sale["PDV01-0000002"])]
    with c2.store.read() as session:  # the markers are never handed over or delivered again
        assert outbox.pending_count(session) == 0
    _ = (partial, full)

"""A partial return's stock entry is named in Bling by its `observacoes` marker, the only way to
tell whether it was posted (Bling cannot look a movement up: after a rewind the entry waits for the
manager, who searches Bling for that text). The marker must name the return by its own id, the same
on the caixa, on the store and after the store is restored from an older copy. It named the return
by the store's row id, which a restored store gives out again in whatever order the caixas hand
over: the manager searched for a text that was never posted, retried, and the stock came back
twice (found by bench/harness_lifecycle.py: 4 entries twice after a store restore)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from pdv_bling.cli.exchange_input import parse_exchange_bytes
from pdv_bling.cli.troca import record_exchange_input
from pdv_bling.retaguarda.server import open_server
from pdv_bling.store import outbox
from pdv_bling.store.context import AppContext
from pdv_bling.store.engine import Store
from pdv_bling.store.models import OutboxItem, SaleReturn
from tests.store.helpers import join, make_store, sell
from tests.store.lifecycle_support import dump, restore_dump

pytestmark = pytest.mark.postgres


def return_one_unit(ctx: AppContext, number: int) -> None:
    raw = json.dumps({"venda": str(number), "devolver": [{"item": 1, "quantidade": 1}]}).encode()
    record_exchange_input(ctx, parse_exchange_bytes(raw))


def markers(store: Store) -> dict[str, str]:
    """Return uid -> the marker of its stock entry."""
    with store.read() as session:
        uids = {rid: uid for rid, uid in session.execute(select(SaleReturn.id, SaleReturn.uid))}
        items = session.scalars(select(OutboxItem).where(OutboxItem.kind == outbox.STOCK_ENTRY)).all()
        return {uids[int(i.payload["return_id"])]: str(i.payload["observacoes"]) for i in items}


def test_a_partial_returns_stock_entry_keeps_its_marker_through_a_store_restore(tmp_path: Path, pg_url: str) -> None:
    server = make_store(pg_url)
    a, link_a = join(tmp_path, pg_url, "PDV01")
    b, link_b = join(tmp_path, pg_url, "PDV02")
    at_a, at_b = sell(a, ("SKU-1", 2)), sell(b, ("SKU-2", 2))
    assert link_a.sync_once().problem is None and link_b.sync_once().problem is None
    backup = dump(pg_url, tmp_path / "loja.dump")  # the store's backup, before either return
    return_one_unit(a, at_a.number)
    return_one_unit(b, at_b.number)
    assert link_a.sync_once().problem is None and link_b.sync_once().problem is None
    posted = markers(server)  # what the integrador posts to Bling
    assert len(posted) == 2 and {**markers(a.store), **markers(b.store)} == posted  # one text everywhere
    server.close()
    restore_dump(pg_url, backup)  # the store restored: both returns are gone from it
    server = open_server(pg_url)
    link_a._server = link_b._server = None

    assert link_b.sync_once().problem is None  # the caixas hand them over again, in the other order
    assert link_a.sync_once().problem is None
    again = markers(server)
    assert again == posted  # the manager finds in Bling the very text that was posted
    with server.read() as session:  # and the store knows they may have been posted: none is sent blindly
        items = session.scalars(select(OutboxItem).where(OutboxItem.kind == outbox.STOCK_ENTRY)).all()
        assert items and all((i.result or {}).get("maybe_sent") for i in items)
    for link in (link_a, link_b):
        link.stop()
    server.close()

"""The caixa's replica tied to its store database (issue 22, store cases 5 and 6): a store moved
to a new server with pg_dump/pg_restore, and a whole list changed out of xid order."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text

from pdv_bling.retaguarda.caixa import StoreLink
from pdv_bling.retaguarda.localpg import LocalPostgres, start_local_postgres
from pdv_bling.retaguarda.replica import replicate
from pdv_bling.retaguarda.server import open_server
from pdv_bling.store.coordination import STORE_URL_KEY
from pdv_bling.store.models import Product
from pdv_bling.store.settings import load_settings, set_value
from tests.store.helpers import join, make_store

pytestmark = [pytest.mark.postgres]


@pytest.fixture
def new_server() -> Iterator[LocalPostgres]:
    """The store's new PostgreSQL server (another machine, in a real move)."""
    server = start_local_postgres()
    yield server
    server.stop()


def burn_xids(url: str, count: int) -> None:
    """A server with a longer history than the new one (months of a store's transactions): each
    sub-block that writes takes a transaction id of its own."""
    server = open_server(url)
    with server.transaction() as session:
        session.execute(text("CREATE TEMP TABLE burn (n int) ON COMMIT DROP"))
        session.execute(text(f"DO $$ BEGIN FOR i IN 1..{count} LOOP BEGIN INSERT INTO burn VALUES (i); "
                             "EXCEPTION WHEN others THEN NULL; END; END LOOP; END $$"))
    server.close()


def price_here(ctx: object, bling_id: int) -> int:
    with ctx.store.read() as session:  # type: ignore[attr-defined]
        return int(session.scalars(select(Product.price_cents).where(Product.bling_id == bling_id)).one())


def test_store_moved_to_a_new_server_keeps_reaching_the_caixa(
        tmp_path: Path, pg_server: LocalPostgres, pg_url: str, new_server: LocalPostgres) -> None:
    """Case 6: the replica's cursor is an xid of the old server; on the new one, a price change has
    a smaller xid and was never read. Tied to the store's lineage, the move means a full resync."""
    make_store(pg_url).close()
    burn_xids(pg_url, 3000)
    ctx, link = join(tmp_path, pg_url, "PDV01")
    assert price_here(ctx, 1001) == 1090
    link.stop()

    moved_url = new_server.restore("loja", pg_server.dump(pg_url.rsplit("/", 1)[1]))  # the move
    with ctx.store.transaction() as session:  # the caixa is pointed at the new server
        set_value(session, STORE_URL_KEY, moved_url)
    ctx.store.coordinator = None
    link = StoreLink.attach(ctx)
    assert link is not None
    moved = open_server(moved_url)
    with moved.transaction() as session:  # the manager changes a price there
        session.scalars(select(Product).where(Product.bling_id == 1001)).one().price_cents = 1290

    report = link.sync_once()
    assert report.online, report.error
    assert price_here(ctx, 1001) == 1290
    assert report.replica is not None and report.replica.resync == "moved"
    with moved.transaction() as session:  # and it keeps following the new server incrementally
        session.scalars(select(Product).where(Product.bling_id == 1002)).one().price_cents = 2390
    again = link.sync_once()
    assert price_here(ctx, 1002) == 2390 and again.replica is not None and again.replica.resync is None
    link.stop()
    moved.close()
    ctx.close()


def test_a_whole_list_change_committed_out_of_xid_order_reaches_the_caixa(tmp_path: Path, pg_url: str) -> None:
    """Case 5: transaction A (older xid) sets stock_mode while B (newer xid) changes the deposit and
    commits first. A pass between the two commits sees B; A's commit leaves (count, highest xid)
    unchanged, so the caixa kept `integration` while the store said `transitions`."""
    server = make_store(pg_url)
    with server.transaction() as session:
        set_value(session, "stock_mode", "integration")
    ctx, link = join(tmp_path, pg_url, "PDV01")
    link.stop()
    with ctx.store.read() as session:
        assert load_settings(session).stock_mode == "integration"

    older = server.sessions()
    set_value(older, "stock_mode", "transitions")
    older.flush()  # A takes its xid now and stays open
    with server.transaction() as session:  # B: a later xid, committed first
        set_value(session, "deposit_id", 777)
    replicate(ctx.store, server, installation=link.installation)
    with ctx.store.read() as session:
        assert load_settings(session).deposit_id == 777
    older.commit()
    older.close()

    replicate(ctx.store, server, installation=link.installation)
    with ctx.store.read() as session:
        assert load_settings(session).stock_mode == "transitions"
    server.close()
    ctx.close()

"""A store database restored from an older copy loses the joins and renames made since: the caixas
are still caixas of the store and go on numbering in their series, but the store no longer knew
them, so it refused the caixa that joined since ("não é (mais) um caixa desta loja") and gave a
renamed caixa's series to the next caixa that asked for it, whose sales would then carry the same
numeroLoja (issue 22 case 9, come back through a restore; seen by bench/harness_lifecycle.py: after
the restore the store listed the renamed caixa under its old terminal id). Each handover batch now
names the caixa's terminal id and the store takes the membership back from it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from pdv_bling.retaguarda.caixa import StoreLink
from pdv_bling.retaguarda.membership import join_store
from pdv_bling.retaguarda.server import StoreServerError, open_server
from pdv_bling.store.context import AppContext
from pdv_bling.store.engine import Store
from pdv_bling.store.models import Sale, StoreCaixa, StoreSeries
from tests.store.helpers import join, make_store, sell
from tests.store.lifecycle_support import dump, restore_dump

pytestmark = pytest.mark.postgres


def reopen(home: Path) -> tuple[AppContext, StoreLink]:
    ctx = AppContext.open(home, log=False)
    link = ctx.store.coordinator
    assert isinstance(link, StoreLink)
    return ctx, link


def members(server: Store) -> tuple[dict[str, str], dict[str, str]]:
    """(installation -> terminal id of the caixas in the store, series -> installation)."""
    with server.read() as session:
        return ({c.installation_id: c.terminal_id for c in session.scalars(select(StoreCaixa))
                 if c.left_at is None},
                {s.terminal_id: s.installation_id for s in session.scalars(select(StoreSeries))})


def test_a_store_restored_from_an_older_copy_takes_back_the_joins_and_renames_made_since(
        tmp_path: Path, pg_url: str) -> None:
    server = make_store(pg_url)
    a, link_a = join(tmp_path, pg_url, "PDV01")
    sell(a, ("SKU-1", 1))
    assert link_a.sync_once().problem is None
    backup = dump(pg_url, tmp_path / "loja.dump")  # the store's backup
    link_a.stop()
    join_store(a, pg_url, terminal="PDV05")  # renamed after the backup
    a.close()
    a, link_a = reopen(tmp_path / "PDV01")
    renamed = sell(a, ("SKU-2", 1))
    assert link_a.sync_once().problem is None
    b, link_b = join(tmp_path, pg_url, "PDV02")  # joined after the backup
    joined = sell(b, ("SKU-1", 1))
    assert link_b.sync_once().problem is None
    before = members(server)
    server.close()
    restore_dump(pg_url, backup)  # both are gone from the store's records
    server = open_server(pg_url)
    link_a._server = link_b._server = None

    for link in (link_a, link_b):
        report = link.sync_once()
        assert report.online and report.problem is None, report.error  # was store_caixa_not_member for PDV02
    assert members(server) == before  # was PDV01 for the renamed caixa, and neither PDV05 nor PDV02 in use
    with server.read() as session:
        numbers = set(session.scalars(select(Sale.numero_loja)))
    assert {renamed.numero_loja, joined.numero_loja} <= numbers
    newcomer = AppContext.open(tmp_path / "novo", log=False)
    for terminal in ("PDV05", "PDV02"):  # was given to the new caixa: its sales would repeat their numbers
        with pytest.raises(StoreServerError) as taken:
            join_store(newcomer, pg_url, terminal=terminal)
        assert taken.value.code == "store_terminal_taken"
    newcomer.close()
    for link, ctx in ((link_a, a), (link_b, b)):
        link.stop()
        ctx.close()
    server.close()


def test_a_terminal_id_another_caixa_took_after_the_restore_is_refused_by_name(tmp_path: Path, pg_url: str) -> None:
    server = make_store(pg_url)
    a, link_a = join(tmp_path, pg_url, "PDV01")
    backup = dump(pg_url, tmp_path / "loja.dump")
    link_a.stop()
    join_store(a, pg_url, terminal="PDV05")
    a.close()
    a, link_a = reopen(tmp_path / "PDV01")
    sold = sell(a, ("SKU-2", 1))
    assert link_a.sync_once().problem is None
    server.close()
    restore_dump(pg_url, backup)
    server = open_server(pg_url)
    link_a._server = None
    newcomer, _link = join(tmp_path, pg_url, "PDV05")  # before the renamed caixa spoke again

    refused = link_a.sync_once()
    assert refused.online and refused.problem is not None and refused.problem.code == "store_terminal_lost"
    assert "PDV05" in str(refused.error) and "store join" in str(refused.error)
    with server.read() as session:  # refused, not merged into the other caixa's series
        assert sold.numero_loja not in set(session.scalars(select(Sale.numero_loja)))
    for link, ctx in ((link_a, a), (_link, newcomer)):
        link.stop()
        ctx.close()
    server.close()

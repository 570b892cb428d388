"""Another store's database where a party's store used to be (issue 22, item 6): refused loudly,
never mixed, until a person says this is the store now (`store init` on an integrador host,
`store join` on a caixa)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select

from pdv_bling.retaguarda.integrator import LINEAGE_KEY, Integrator
from pdv_bling.retaguarda.lineage import forget_other_store
from pdv_bling.retaguarda.localpg import LocalPostgres
from pdv_bling.retaguarda.membership import join_store
from pdv_bling.retaguarda.replica import replicate
from pdv_bling.retaguarda.server import StoreServerError, init_store, open_server
from pdv_bling.sandbox import SandboxServer
from pdv_bling.store.models import IntegratorLease, Product
from tests.store.helpers import integrador, join, make_store

pytestmark = [pytest.mark.postgres]


def other_database(pg_server: LocalPostgres, name: str) -> str:
    return pg_server.create_database(f"other{os.getpid()}_{name}")


def test_an_integrador_stands_down_before_another_stores_database(
        tmp_path: Path, pg_server: LocalPostgres, pg_url: str, bling: SandboxServer) -> None:
    init_store(pg_url)
    first = integrador(tmp_path, "int-a", pg_url, bling)
    assert first.run_once().role == "leader"
    first.stop()
    other_url = other_database(pg_server, "int")
    init_store(other_url)
    pointed = Integrator(first.ctx, other_url)  # the host's store URL now names another store
    report = pointed.run_once()
    assert (report.role, report.stopped_by, report.epoch) == ("standby", "store_other_lineage", None)
    other = open_server(other_url)
    with other.read() as session:
        assert session.get(IntegratorLease, 1).epoch == 0  # it never took the lead there
    assert "outra loja" in str(StoreServerError("store_other_lineage", "url"))

    assert forget_other_store(first.ctx.store, LINEAGE_KEY, other)  # `pdv-bling store init URL` there
    assert pointed.run_once().role == "leader"
    pointed.stop()
    other.close()


def test_a_caixa_copies_nothing_from_another_stores_database_until_it_joins_it(
        tmp_path: Path, pg_server: LocalPostgres, pg_url: str) -> None:
    make_store(pg_url).close()
    ctx, link = join(tmp_path, pg_url, "PDV01")
    link.stop()
    other_url = other_database(pg_server, "caixa")
    other = make_store(other_url)
    with other.transaction() as session:
        session.scalars(select(Product).where(Product.bling_id == 1001)).one().name = "Produto de outra loja"
    with pytest.raises(StoreServerError) as refused:
        replicate(ctx.store, other, installation=link.installation)
    assert refused.value.code == "store_replica_other_lineage"
    with ctx.store.read() as session:
        assert session.scalars(select(Product.name).where(Product.bling_id == 1001)).one() == "Produto 1"

    join_store(ctx, other_url, terminal="PDV01")  # made a caixa of that store: it is read whole
    report = replicate(ctx.store, other, installation=link.installation)
    assert report.resync == "first"
    with ctx.store.read() as session:
        assert session.scalars(select(Product.name).where(Product.bling_id == 1001)).one() == "Produto de outra loja"
    other.close()
    ctx.close()

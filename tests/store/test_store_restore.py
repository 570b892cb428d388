"""A store database restored from an older backup (issue 22, store case 7, the store's half): the
integrador sees the store's clock behind what it saw, declares a new generation and marks every
item not done "maybe sent"; the drainer then looks each up in Bling before any POST."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import or_, select

from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.retaguarda.lineage import read_lineage
from pdv_bling.retaguarda.localpg import LocalPostgres
from pdv_bling.retaguarda.server import init_store, open_server
from pdv_bling.runtime.demo import map_payments_by_name
from pdv_bling.sandbox import SandboxServer
from pdv_bling.store import outbox
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import OutboxItem, Product
from tests.store.helpers import integrador, join

pytestmark = [pytest.mark.postgres, pytest.mark.e2e]


def sell(ctx: AppContext, index: int, quantity: int) -> None:
    """`quantity` units of the caixa's `index`-th product sold as it is, paid in cash."""
    with ctx.store.read() as session:
        product = session.scalars(select(Product).where(Product.barcode.is_not(None), or_(Product.formato.is_(None), Product.formato != "V"),
                                                        Product.active.is_(True))
                                  .order_by(Product.id).offset(index)).first()
    assert product is not None
    record_sale(ctx.store, SaleDraft(items=(ItemDraft(barcode=product.barcode, quantity=quantity),),
                                     payments=(PaymentDraft("Dinheiro", quantity * product.price_cents),)))


def test_sales_delivered_after_the_backup_are_not_created_again_after_the_restore(
        tmp_path: Path, pg_server: LocalPostgres, pg_url: str, bling: SandboxServer) -> None:
    database = pg_url.rsplit("/", 1)[1]
    init_store(pg_url)
    integ = integrador(tmp_path, "int-a", pg_url, bling)
    assert integ.run_once(pull=True).role == "leader"
    server = open_server(pg_url)
    map_payments_by_name(AppContext(integ.ctx.paths, server))
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    sell(c1, 0, 1)
    assert link1.sync_once().online
    assert integ.run_once().delivered == 2  # PDV01-0000001: order + Atendido
    sell(c1, 1, 1)
    sell(c1, 2, 2)
    assert link1.sync_once().online

    backup = pg_server.dump(database)  # the nightly backup: sales 2 and 3 still to send
    assert integ.run_once().delivered == 4
    assert sorted(o["numeroLoja"] for o in bling.state.orders.values()) == [
        "PDV01-0000001", "PDV01-0000002", "PDV01-0000003"]
    with server.read() as session:
        before = read_lineage(session)

    pg_server.restore(database, backup, replace=True)  # the store restored from it
    with server.read() as session:
        restored = read_lineage(session)
        assert outbox.pending_count(session) == 4
    assert restored.clock_last < before.clock_last and restored.generation == before.generation

    assert integ.watch.check(integ.server) == "rewound"  # what the integrador's pass does first
    with server.read() as session:
        now = read_lineage(session)
        items = list(session.scalars(select(OutboxItem).order_by(OutboxItem.id)))
    assert now.generation != before.generation and now.store_uuid == before.store_uuid
    assert {i.id: bool((i.result or {}).get("maybe_sent")) for i in items} == {
        i.id: i.state != outbox.DONE for i in items}  # every item not done, and only those
    assert integ.watch.check(integ.server) == "same"  # declared once

    delivered = 0
    for _ in range(5):  # the restore closed its connections: it stands down once, then leads again
        delivered += integ.run_once().delivered
        with server.read() as session:
            if outbox.pending_count(session) == 0:
                break
    assert delivered == 4
    numbers = Counter(o["numeroLoja"] for o in bling.state.orders.values())
    assert numbers == {"PDV01-0000001": 1, "PDV01-0000002": 1, "PDV01-0000003": 1}  # looked up, adopted
    with server.read() as session:
        creates = session.scalars(select(OutboxItem).where(OutboxItem.kind == outbox.SALE_CREATE)
                                  .order_by(OutboxItem.id)).all()
        assert [bool((i.result or {}).get("recovered")) for i in creates] == [False, True, True]
    integ.stop()
    link1.stop()
    server.close()
    c1.close()

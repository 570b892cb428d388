"""The store's integrador against the Bling stand-in: one leader (advisory lock), fenced by epoch,
delivering every caixa's handed-over records exactly once; a standby takes over."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.retaguarda.leadership import LeadershipLost
from pdv_bling.retaguarda.server import init_store, open_server
from pdv_bling.runtime.demo import map_payments_by_name
from pdv_bling.sandbox import SandboxServer
from pdv_bling.store import outbox
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import IntegratorLease, OutboxItem, Product, utcnow
from tests.store.helpers import integrador, join, sell_one_unit

pytestmark = [pytest.mark.postgres, pytest.mark.e2e]




def test_one_leader_delivers_every_caixa_exactly_once_and_a_standby_takes_over(
        tmp_path: Path, pg_url: str, bling: SandboxServer) -> None:
    init_store(pg_url)
    first = integrador(tmp_path, "int-a", pg_url, bling)
    second = integrador(tmp_path, "int-b", pg_url, bling)
    report = first.run_once(pull=True)
    assert report.role == "leader" and report.pulled.get("produtos")
    assert second.run_once().role == "standby"  # the lock is held
    server = open_server(pg_url)
    map_payments_by_name(AppContext(first.ctx.paths, server))
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    c2, link2 = join(tmp_path, pg_url, "PDV02")
    with c1.store.read() as session:
        products = list(session.scalars(select(Product).where(Product.barcode.is_not(None)).limit(3)))
    for ctx in (c1, c2, c1):
        p = products[0]
        record_sale(ctx.store, SaleDraft(items=(ItemDraft(barcode=p.barcode, quantity=1),),
                                         payments=(PaymentDraft("Dinheiro", p.price_cents),)))
    assert link1.sync_once().online and link2.sync_once().online
    delivered = first.run_once()
    assert delivered.role == "leader" and delivered.delivered == 6  # 3 x (order + Atendido)
    numbers = Counter(o["numeroLoja"] for o in bling.state.orders.values())
    assert numbers == {"PDV01-0000001": 1, "PDV01-0000002": 1, "PDV02-0000001": 1}

    # the leader dies (its session ends): the standby takes the lock with a new epoch
    epoch = first.leadership.epoch
    first.leadership._drop()
    taken = second.run_once()
    deadline = time.monotonic() + 10
    while taken.role != "leader" and time.monotonic() < deadline:  # the server ends the old session
        time.sleep(0.1)                                            # asynchronously; standbys retry
        taken = second.run_once()
    assert taken.role == "leader" and taken.epoch == (epoch or 0) + 1
    with server.read() as session:
        assert session.get(IntegratorLease, 1).epoch == taken.epoch
    # the old leader, had it survived behind a partition, can no longer write delivery state
    first.leadership.epoch, first.leadership._valid_until = epoch, float("inf")
    assert first.drainer is not None
    with pytest.raises(LeadershipLost), first.drainer.store.transaction():
        pass
    record_sale(c2.store, SaleDraft(items=(ItemDraft(barcode=products[1].barcode, quantity=2),),
                                    payments=(PaymentDraft("PIX", 2 * products[1].price_cents),)))
    link2.sync_once()
    assert second.run_once().delivered == 2
    assert Counter(o["numeroLoja"] for o in bling.state.orders.values())["PDV02-0000002"] == 1
    with server.read() as session:
        assert outbox.pending_count(session) == 0
    for proc in (second, first):
        proc.stop()


def test_new_leader_leaves_another_epochs_in_flight_item_alone_during_the_grace(
        tmp_path: Path, pg_url: str, bling: SandboxServer) -> None:
    init_store(pg_url)
    first = integrador(tmp_path, "int-a", pg_url, bling)
    first.run_once(pull=True)
    server = open_server(pg_url)
    map_payments_by_name(AppContext(first.ctx.paths, server))
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    sell_one_unit(c1)
    link1.sync_once()
    # the old leader marked the order's attempt started, then vanished mid-POST
    with server.transaction() as session:
        item = session.scalars(select(OutboxItem).where(OutboxItem.kind == outbox.SALE_CREATE)).one()
        item.state, item.result = outbox.IN_FLIGHT, {"epoch": first.leadership.epoch}
    first.leadership._drop()
    second = integrador(tmp_path, "int-b", pg_url, bling)
    report = second.run_once()
    assert report.role == "leader" and report.delivered == 0  # in grace: not touched
    assert not bling.state.orders
    assert second.drainer is not None
    second.drainer.grace_s = 0.0  # the grace is over: recover, first by looking it up only
    assert second.run_once().delivered == 0
    looked = _order_calls(bling)
    assert not bling.state.orders and "POST" not in looked and looked.count("GET") >= 1  # looked up, nothing sent
    with server.read() as session:
        item = session.scalars(select(OutboxItem).where(OutboxItem.kind == outbox.SALE_CREATE)).one()
        assert item.state == outbox.IN_FLIGHT and item.result["maybe_sent"]
        wait = (item.next_attempt_at - utcnow()).total_seconds()
    assert 40 <= wait <= 45  # one more request lifetime (the 30 s deadline + 15 s) for a late landing
    assert second.run_once().delivered == 0  # not before
    second.drainer.clock = lambda: utcnow() + dt.timedelta(seconds=46)
    assert second.run_once().delivered == 2  # the second lookup, then the order, once
    calls = _order_calls(bling)
    assert calls[len(looked):] == ["GET", "POST"]  # looked up again, then sent once
    assert [o["numeroLoja"] for o in bling.state.orders.values()] == ["PDV01-0000001"]
    second.stop()
    first.stop()


def _order_calls(bling: SandboxServer) -> list[str]:
    """GET /pedidos/vendas (lookups by numeroLoja) and POST /pedidos/vendas, in order."""
    return [e["method"] for e in bling.inspect()["requests"]["log"] if e["path"].rstrip("/").endswith("/pedidos/vendas")]

"""The backlog's notes at SEFAZ do not hold its drain (issue 27: the ceiling share over a 300-sale
drain): the SEFAZ worker takes only `enviar` heads beside the backlog's drainer, so one note's
round trip overlaps other sales' requests, and every sale still gets exactly one note. While the
once-per-account stock check is under way the two lanes are one (the check reads a balance around
one sale's chain; another sale's note issued in between would blur it)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from pdv_bling.counter.sales import record_sale
from pdv_bling.sandbox import SandboxServer
from pdv_bling.store import outbox
from pdv_bling.store.models import NfceNote, utcnow
from pdv_bling.store.models import nfce as N
from pdv_bling.sync import drain_pool
from tests.e2e.helpers import Terminal, mixed_sale, open_terminal, sellable, set_settings

pytestmark = pytest.mark.e2e

LATENCY = 0.4
ENVIAR = "/nfce/{idNotaFiscalConsumidor}/enviar"


@pytest.fixture
def terminal(tmp_path: Path, sandbox: SandboxServer) -> Iterator[Terminal]:
    sandbox.set_nfce(sefaz_latency_s=0.0, slow_share=0.0)
    t = open_terminal(tmp_path / "t1", sandbox)
    set_settings(t, nfce_source="bling")
    yield t
    t.close()


def record_backlog(t: Terminal, count: int, seed: int) -> list[str]:
    """Sales recorded offline an hour ago (nobody waits for them at the counter)."""
    goods, rng = sellable(t.ctx, 10), random.Random(seed)
    return [record_sale(t.ctx.store, mixed_sale(goods, rng, with_customer=False),
                        now=utcnow() - dt.timedelta(hours=1)).numero_loja for _ in range(count)]


def notes(t: Terminal) -> list[NfceNote]:
    with t.ctx.store.read() as session:
        return list(session.scalars(select(NfceNote)))


def test_the_backlogs_notes_at_sefaz_overlap_other_sales_requests(terminal: Terminal, sandbox: SandboxServer) -> None:
    record_backlog(terminal, 1, seed=1)
    terminal.service.drain_now()  # the account's first sale: the stock check runs on it, one lane
    assert terminal.service.handlers.stock_check.current().finished
    sandbox.set_nfce(sefaz_latency_s=LATENCY)
    numeros = record_backlog(terminal, 6, seed=2)
    logged = len(sandbox.inspect()["requests"]["log"])
    report = terminal.service.drain_now()  # one pass takes the whole backlog
    assert report.stopped_by is None and report.parked == 0
    with terminal.ctx.store.read() as session:
        assert outbox.counts(session)[outbox.PENDING] == 0
    log = sandbox.inspect()["requests"]["log"][logged:]
    # every sale: exactly one note in Bling, authorized here with its XML
    in_bling = sandbox.inspect()["nfce"]
    assert [len(in_bling.get(n, [])) for n in numeros] == [1] * 6
    assert all(n.state == N.AUTHORIZED for n in notes(terminal))
    assert sum(1 for r in log if r["endpoint"] == ENVIAR) == 6
    # other sales' requests were answered while a note was at SEFAZ (an `enviar` is logged when it
    # answers, at least LATENCY after it arrived; one drainer sends nothing in between)
    at_sefaz = [(r["t"] - LATENCY, r["t"]) for r in log if r["endpoint"] == ENVIAR]
    overlapped = [r for r in log if r["endpoint"] != ENVIAR and any(a < r["t"] < b for a, b in at_sefaz)]
    assert len(overlapped) >= 3, [(r["endpoint"][-12:], round(r["t"] - log[0]["t"], 3)) for r in log]


def test_until_the_stock_check_has_finished_one_drainer_takes_every_kind(terminal: Terminal) -> None:
    service = terminal.service
    assert drain_pool.sefaz_lanes(service.drainer, service.sefaz_drainer) is None  # no note to send
    record_backlog(terminal, 2, seed=3)
    lanes = drain_pool.sefaz_lanes(service.drainer, service.sefaz_drainer)
    assert lanes is not None
    (backlog, backlog_lane), (sefaz, sefaz_lane) = lanes
    assert (backlog, sefaz) == (service.drainer, service.sefaz_drainer)
    assert service.handlers.stock_check.current() is None  # a new account: not checked yet
    assert callable(backlog_lane) and callable(sefaz_lane)
    assert (backlog_lane(), sefaz_lane()) == (drain_pool.EVERY_KIND, drain_pool.NO_KIND)
    assert service.sefaz_drainer.next_ready() is not None  # a head is ready, but not in the SEFAZ lane:
    assert service.sefaz_drainer._next(lane=sefaz_lane()) is None
    service.drain_now()
    assert service.handlers.stock_check.current().status == "ok"
    record_backlog(terminal, 1, seed=4)
    lanes = drain_pool.sefaz_lanes(service.drainer, service.sefaz_drainer)
    assert lanes is not None
    assert [lane() for _, lane in lanes] == [drain_pool.SKIP_SEFAZ, drain_pool.SEFAZ_ONLY]  # type: ignore[operator]


def test_a_customer_at_the_counter_holds_the_backlog_until_the_note_is_here(terminal: Terminal,
                                                                            sandbox: SandboxServer) -> None:
    service = terminal.service
    pacer = service.client.pacer
    try:
        service.customer_at_counter("building")  # the first item scanned
        assert pacer.counter_held()
        sale = record_sale(terminal.ctx.store, mixed_sale(sellable(terminal.ctx, 10), random.Random(5),
                                                          with_customer=False))
        service.customer_at_counter("recorded")  # F10: the basket is gone, the sale's hold stands
        assert pacer.counter_held() and set(pacer._counter_holds) == {"sale"}
        service.drain_counter_now()  # the counter's lane: the customer's chain, then the backlog again
        with terminal.ctx.store.read() as session:
            note = session.scalars(select(NfceNote).where(NfceNote.sale_id == sale.sale_id)).one()
            assert note.state == N.AUTHORIZED
        assert not pacer.counter_held()
        service.customer_at_counter("building")
        service.customer_at_counter("idle")  # the sale was abandoned
        assert not pacer.counter_held()
    finally:
        pacer.release_counter("basket")
        pacer.release_counter("sale")


def test_without_nfce_through_bling_the_counter_never_holds_the_account(tmp_path: Path,
                                                                        sandbox: SandboxServer) -> None:
    t = open_terminal(tmp_path / "t2", sandbox)  # the notes come from another emitter: nobody waits
    try:
        for state in ("building", "recorded"):
            t.service.customer_at_counter(state)
            assert not t.service.client.pacer.counter_held()
    finally:
        t.close()

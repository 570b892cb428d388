"""Store mode adds nothing to recording a sale (issue 17: p99 <= 15 ms whatever the store server's
state): a sale that spends no store credit never asks the coordinator anything, the link's passes
wait until the counter pauses, and a replica pass with nothing new writes nothing locally."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.retaguarda.caixa import LinkReport, StoreLink
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import Customer, StoreCreditEntry
from tests.core.factories import seed_store
from tests.store.helpers import MARIA, join, make_store, sell


class SpyCoordinator:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def claim_credit(self, store: Any, draft: Any) -> str | None:
        self.calls.append("claim_credit")
        return "claim-1"

    def claim_return(self, store: Any, draft: Any) -> tuple[str | None, dict[int, int] | None]:
        self.calls.append("claim_return")
        return None, None

    def release(self, claim_id: str) -> None:
        self.calls.append(f"release {claim_id}")

    def cancel(self, store: Any, number: int) -> bool:
        return False

    def recorded(self) -> None:
        self.calls.append("recorded")


def test_a_sale_without_store_credit_never_asks_the_coordinator(tmp_path: Path) -> None:
    ctx = AppContext.open(tmp_path / "caixa", log=False)
    seed_store(ctx.store)
    spy = SpyCoordinator()
    ctx.store.coordinator = spy
    record_sale(ctx.store, SaleDraft(items=(ItemDraft(sku="SKU-1", quantity=1),),
                                     payments=(PaymentDraft("Dinheiro", 2000),)))
    assert spy.calls == ["recorded"]  # no claim asked: the recording path is local only

    # spending store credit: the store server grants it first, the sale carries its claim
    credit = record_sale(ctx.store, SaleDraft(items=(ItemDraft(sku="SKU-1", quantity=1),),
                                              payments=(PaymentDraft("Crédito em Loja", 1090),), customer=MARIA))
    assert spy.calls == ["recorded", "claim_credit", "recorded"]
    with ctx.store.read() as session:
        entry = session.query(StoreCreditEntry).one()
        assert (entry.amount_cents, entry.claim_id, entry.sale_id) == (-1090, "claim-1", credit.sale_id)
        assert session.query(Customer).count() == 1
    ctx.close()


def test_bad_input_is_refused_before_any_claim(tmp_path: Path) -> None:
    ctx = AppContext.open(tmp_path / "caixa", log=False)
    seed_store(ctx.store)
    spy = SpyCoordinator()
    ctx.store.coordinator = spy
    with pytest.raises(Exception, match="produto não encontrado"):
        record_sale(ctx.store, SaleDraft(items=(ItemDraft(sku="NOPE", quantity=1),),
                                         payments=(PaymentDraft("Crédito em Loja", 1090),), customer=MARIA))
    assert spy.calls == []
    ctx.close()


def test_the_link_waits_for_the_counter_to_pause(tmp_path: Path) -> None:
    ctx = AppContext.open(tmp_path / "caixa", log=False)
    link = StoreLink(ctx, "postgresql+psycopg://pdv@127.0.0.1:1/x", quiet_s=0.3, max_defer_s=1.5)
    passes: list[float] = []
    records: list[float] = []
    done = threading.Event()

    def fake_pass() -> LinkReport:
        passes.append(time.monotonic())
        done.set()
        return LinkReport(online=True)

    link.sync_once = fake_pass  # type: ignore[method-assign]
    link.start()
    assert done.wait(10)  # the first pass at start

    def burst(seconds: float) -> None:
        until = time.monotonic() + seconds
        while time.monotonic() < until:
            records.append(time.monotonic())
            link.recorded()
            time.sleep(0.05)

    count = len(passes)
    burst(0.8)  # a busy counter: sales 50 ms apart
    deadline = time.monotonic() + 10
    while len(passes) == count and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(passes) > count  # the records are handed over once the counter pauses...
    second = time.monotonic()
    burst(4.0)  # ...and a counter that never pauses still gets a pass every max_defer_s
    link.stop()
    for start in passes[1:]:
        before = [r for r in records if r < start]
        if not before:
            continue
        quiet = start - before[-1] >= link.quiet_s
        waiting = [r for r in before if r > max([p for p in passes if p < start], default=0)]
        deferred = bool(waiting) and start - waiting[0] >= link.max_defer_s
        assert quiet or deferred, "a pass started right behind a sale"
    assert any(second < p < records[-1] for p in passes), "no pass during 4 s without a pause"
    ctx.close()


@pytest.mark.postgres
def test_a_replica_pass_with_nothing_new_writes_nothing_locally(tmp_path: Path, pg_url: str) -> None:
    make_store(pg_url)
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    sell(c1, ("SKU-1", 1))
    assert link1.sync_once().online
    assert link1.sync_once().online  # the store's answer about its own handover came back
    commits: list[int] = []
    event.listen(c1.store.engine, "commit", lambda _conn: commits.append(1))
    report = link1.sync_once()
    assert report.online and report.replica is not None and report.replica.total == 0
    assert commits == []  # no fsync'd local write competing with the counter
    sell(c1, ("SKU-2", 1))
    assert link1.sync_once().online and commits  # something new: written
    c1.close()

"""Two drainers of one data folder (the backlog's workers and the counter's lane) pick chain heads
by a query, then claim them. A query read before the other drainer committed its result can name an
item that drainer has just delivered and released: the attempt is checked again in its own writing
transaction, so the item is never sent twice (found by tests/e2e/test_nfce.py under two workers:
an `enviar` sent twice)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.store import outbox
from pdv_bling.store.engine import Store
from pdv_bling.store.models import OutboxItem
from pdv_bling.sync.drainer import Claims, Drainer, DrainReport
from pdv_bling.sync.outcomes import Done
from tests.core.factories import seed_store


class CountingHandlers:
    def __init__(self) -> None:
        self.sent: list[int] = []

    def run(self, item: OutboxItem, *, recovering: bool) -> Done:
        self.sent.append(item.id)
        return Done({"sent": True})


def test_a_head_picked_before_the_other_drainer_delivered_it_is_not_sent_again(tmp_path: Path) -> None:
    store = Store(tmp_path / "pdv.sqlite3")
    seed_store(store)
    record_sale(store, SaleDraft(items=(ItemDraft(sku="SKU-1"),), payments=(PaymentDraft("PIX", 1090),)))
    handlers, claims = CountingHandlers(), Claims()
    first = Drainer(store, handlers, claims=claims)  # type: ignore[arg-type]
    second = Drainer(store, handlers, claims=claims)  # type: ignore[arg-type]
    picked = second.next_ready()  # the second drainer's query...
    assert picked is not None
    assert first.claims.take(picked)  # ...then the first drainer takes that head, delivers it, lets go
    assert first.deliver(picked, DrainReport())
    first.claims.release(picked)
    assert second.claims.take(picked)  # the stale choice can be claimed now
    assert second.deliver(picked, DrainReport())
    second.claims.release(picked)
    assert handlers.sent == [picked]  # but it is not attempted again
    with store.read() as session:
        item = session.scalars(select(OutboxItem).where(OutboxItem.id == picked)).one()
        assert item.state == outbox.DONE and item.attempts == 1
    store.close()

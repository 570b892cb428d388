"""Products deleted or deactivated in Bling stop being sellable, even when Bling does not move
their `dataAlteracao` (UNKNOWN, field guide §11 row 5), so the incremental pull never sees them.

A periodic reconciliation lists the account's ACTIVE products, list pages only — `tipo` T
(parents and simple products) and `tipo` V (variations) with `criterio=2` — so its cost is
pages, about (products + variations) / 100 requests, never one detail call per product. Every
product active in the store but not listed active in Bling is deactivated (never deleted: old
sales point to it), and a variation whose parent is not listed active too. Nothing is changed
unless every page was read, nor when Bling lists no active product at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select, update

from pdv_bling.base.events import EventBus, SyncProgress
from pdv_bling.bling.client import BlingClient
from pdv_bling.store.engine import Store
from pdv_bling.store.models import Product, SyncState, utcnow

MODEL = "produtos_reconciliacao"
CRITERIO_ATIVOS = 2
INTERVAL = dt.timedelta(hours=6)
CHUNK = 500  # ids per UPDATE (SQLite's bound-parameter limit)


@dataclass(frozen=True)
class Reconciliation:
    requests: int  # list pages read (the whole cost)
    listed_active: int
    deactivated: int
    skipped: bool = False  # Bling listed no active product: nothing was changed
    nfce_cancelled: int = 0  # notes of cancelled sales read back cancelled in Bling (sync/nfce_reconcile.py)


def reconcile_products(store: Store, client: BlingClient, *, bus: EventBus | None = None,
                       clock: Callable[[], dt.datetime] = utcnow) -> Reconciliation:
    started = clock()
    active: set[int] = set()
    pages = 0
    for tipo in (None, "V"):
        for _page, items in client.produtos.iter_pages(criterio=CRITERIO_ATIVOS, tipo=tipo):
            pages += 1
            active.update(item.id for item in items if item.situacao == "A")
    if not active:
        return Reconciliation(requests=pages, listed_active=0, deactivated=0, skipped=True)
    with store.transaction() as session:
        local = session.execute(select(Product.id, Product.bling_id, Product.parent_id).where(Product.active.is_(True)))
        rows = list(local)
        by_id = {row.id: row.bling_id for row in rows}
        stale = [row.id for row in rows if row.bling_id not in active
                 or (row.parent_id is not None and by_id.get(row.parent_id, 0) not in active)]
        for start in range(0, len(stale), CHUNK):
            session.execute(update(Product).where(Product.id.in_(stale[start:start + CHUNK]))
                            .values(active=False, synced_at=started))
        state = session.get(SyncState, MODEL) or SyncState(model=MODEL)
        state.last_attempt_at = state.last_success_at = started
        session.add(state)
    if bus is not None:
        bus.publish(SyncProgress(model=MODEL, done=len(stale), total=len(stale), finished=True))
    return Reconciliation(requests=pages, listed_active=len(active), deactivated=len(stale))


def due(store: Store, *, now: dt.datetime | None = None) -> bool:
    """True when the last reconciliation is older than `INTERVAL` (or never ran)."""
    with store.read() as session:
        state = session.get(SyncState, MODEL)
    last = state.last_success_at if state else None
    return last is None or (now or utcnow()) - last >= INTERVAL

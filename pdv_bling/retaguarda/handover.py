"""Handover: a caixa's records move into the store database, idempotently.

A record has one owner at any moment: the caixa until the store server has committed it, the store
after. One pass copies what the caixa has not handed over yet (customers, sales with items and
payments, fiscal documents, returns, store-credit entries and the outbox items those built) in ONE
PostgreSQL transaction, keyed by (installation id, local id) or by a natural key (CPF/CNPJ, access
key). Only after that commit does the caixa mark the records `handed_over_at` in its SQLite. A crash
between the two commits repeats the pass: every record is found by its key and skipped, so nothing
is doubled and nothing lost. Records whose dependencies are not in the store yet (a batch limit)
wait for the next pass, and outbox items keep their order inside each chain.

The store outbox is built from the caixa's own items (same kinds, same order; only ids and the
return marker are rewritten to the store's): the store-wide settings (stock mode, deposit) reach the
caixa through the replica, and an item was queued with them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from pdv_bling.retaguarda.handover_copy import Copied, RecordCopier
from pdv_bling.store import outbox
from pdv_bling.store.engine import Store
from pdv_bling.store.models import (
    Customer,
    FiscalDocument,
    OutboxItem,
    Sale,
    SaleReturn,
    StoreCaixa,
    StoreCreditEntry,
    utcnow,
)


@dataclass
class HandoverReport:
    customers: int = 0
    sales: int = 0
    documents: int = 0
    returns: int = 0
    credits: int = 0
    items: int = 0
    remaining: int = 0  # records still on this caixa after the pass
    seconds: float = 0.0

    @property
    def moved(self) -> int:
        return self.sales + self.documents + self.returns + self.credits + self.items + self.customers


def not_handed_over(session: Session) -> int:
    """The caixa's records the store does not own yet (what `store status` reports per caixa)."""
    total = 0
    for model in (Sale, SaleReturn, StoreCreditEntry, FiscalDocument):
        stmt = select(func.count()).select_from(model).where(model.handed_over_at.is_(None))
        if model is Sale:
            stmt = stmt.where(Sale.origin_id.is_(None))
        if model in (SaleReturn, StoreCreditEntry):
            stmt = stmt.where(model.origin_id.is_(None))
        total += int(session.execute(stmt).scalar_one())
    return total


def hand_over(local: Store, server: Store, *, installation: str, batch: int = 300,
              now: dt.datetime | None = None) -> HandoverReport:
    """Hand everything over, pass after pass, until nothing is left or nothing moves."""
    import time

    started = time.perf_counter()
    report = HandoverReport()
    while True:
        done = _one_pass(local, server, installation=installation, batch=batch, now=now or utcnow())
        for name in ("customers", "sales", "documents", "returns", "credits", "items"):
            setattr(report, name, getattr(report, name) + len(getattr(done, name)))
        if not any(getattr(done, n) for n in ("sales", "documents", "returns", "credits", "items")):
            break
    with local.read() as session:
        report.remaining = not_handed_over(session)
    with server.transaction() as session:
        caixa = session.get(StoreCaixa, installation)
        if caixa is not None:
            caixa.last_seen_at = caixa.last_handover_at = utcnow()
            caixa.not_handed_over = report.remaining
    report.seconds = time.perf_counter() - started
    return report


def _one_pass(local: Store, server: Store, *, installation: str, batch: int, now: dt.datetime) -> Copied:
    done = Copied()
    with local.read() as src, server.transaction() as dst:
        mapper = RecordCopier(src, dst, installation)
        for customer in src.scalars(select(Customer).where(
                Customer.handed_over_at.is_(None) | (Customer.updated_at > Customer.handed_over_at))):
            mapper.customer(customer, push=True)
            done.customers.append(customer.id)
        sales = src.scalars(select(Sale).where(Sale.origin_id.is_(None), Sale.handed_over_at.is_(None))
                            .order_by(Sale.id).limit(batch)).all()
        for sale in sales:
            if mapper.sale_in_store(sale) is None and not mapper.can_map_sale(sale.origin_sale_id):
                continue
            mapper.copy_sale(sale, now)
            done.sales.append(sale.id)
        for doc in src.scalars(select(FiscalDocument).where(FiscalDocument.handed_over_at.is_(None))):
            if mapper.copy_document(doc, now):
                done.documents.append(doc.id)
        for ret in src.scalars(select(SaleReturn).where(SaleReturn.handed_over_at.is_(None),
                                                        SaleReturn.origin_id.is_(None)).order_by(SaleReturn.id)):
            if mapper.copy_return(ret, now):
                done.returns.append(ret.id)
        for entry in src.scalars(select(StoreCreditEntry).where(
                StoreCreditEntry.handed_over_at.is_(None), StoreCreditEntry.origin_id.is_(None))
                .order_by(StoreCreditEntry.id)):
            if mapper.copy_credit(entry, now):
                done.credits.append(entry.id)
        blocked: set[str] = set()
        for item in src.scalars(select(OutboxItem).where(OutboxItem.handed_over_at.is_(None))
                                .order_by(OutboxItem.id)):
            if item.chain in blocked or not mapper.copy_item(item, now):
                blocked.add(item.chain)  # later items of the chain wait: order is kept
            else:
                done.items.append(item.id)
    _mark_local(local, done, now)
    return done


def _mark_local(local: Store, done: Copied, now: dt.datetime) -> None:
    """After the store committed: the caixa's copies are the store's from now on."""
    with local.transaction() as session:
        for model, ids in ((Sale, done.sales), (FiscalDocument, done.documents), (SaleReturn, done.returns),
                           (StoreCreditEntry, done.credits), (Customer, done.customers)):
            for chunk in _chunks(ids):
                values: dict[str, Any] = {"handed_over_at": now}
                if model is Customer:
                    values["updated_at"] = Customer.updated_at  # keep it: "changed since" compares to it
                session.execute(update(model).where(model.id.in_(chunk)).values(**values))
        for chunk in _chunks(done.items):
            session.execute(update(OutboxItem).where(OutboxItem.id.in_(chunk)).values(
                handed_over_at=now, state=outbox.DONE, done_at=now, result={"handed_over": True}))


def _chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    return [ids[i:i + size] for i in range(0, len(ids), size)]



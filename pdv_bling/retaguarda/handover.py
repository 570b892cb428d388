"""Handover: a caixa's records move into the store database, in batches the caixa names first.

A record has one owner at any moment: the caixa until the store has committed it, the store after,
and nobody alone while a batch's commit is in doubt. A batch:

1. the caixa picks what it has not handed over and writes the batch id on those records, in its
   own transaction, before the store sees anything;
2. the store admits the batch (`admission`: this caixa's life and the batch's sequence number),
   copies every record in its own savepoint, keyed by the record's own id (`handover_copy`), and
   records the batch id, all in ONE PostgreSQL transaction;
3. the caixa marks the batch's records handed over.

A crash or a COMMIT whose answer never came between 2 and 3 leaves the records in doubt: the next
pass asks the store whether that batch committed, and marks or re-sends them accordingly. Until
then the offline rules (the caixa's own exchanges, cancellations and credit) leave them alone.
Records whose dependencies are not in the store yet wait for the next batch, and outbox items keep
their order inside each chain.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pdv_bling.domain.ids import new_uid
from pdv_bling.retaguarda import admission, catch_up
from pdv_bling.retaguarda.handover_copy import Copied, RecordCopier, SetAside, Waits
from pdv_bling.retaguarda.handover_turnos import not_handed_over_turnos, push_turnos
from pdv_bling.retaguarda.lineage import judge, load_remembered, read_lineage
from pdv_bling.retaguarda.server import StoreServerError
from pdv_bling.store import outbox
from pdv_bling.store.engine import Store
from pdv_bling.store.lives import incarnation
from pdv_bling.store.models import (
    Customer,
    FiscalDocument,
    OutboxItem,
    Sale,
    SaleReturn,
    StoreCaixa,
    StoreCreditEntry,
    StoreHandoverBatch,
    StoreIncarnation,
    utcnow,
)
from pdv_bling.store.settings import get_value, load_settings, set_value

REPLICA_LINEAGE = "store_replica_lineage"  # the store the caixa's replica knows (retaguarda.replica)
SEQ_KEY = "handover_seq"  # the last batch of this life the store committed
LIFE_KEY = "handover_life"  # the life that batch belonged to (a new life has committed nothing yet)
HANDED = (Sale, FiscalDocument, SaleReturn, StoreCreditEntry, OutboxItem)


@dataclass
class HandoverReport:
    customers: int = 0
    sales: int = 0
    documents: int = 0
    returns: int = 0
    credits: int = 0
    items: int = 0
    set_aside: int = 0
    settled: int = 0  # records of an earlier batch found committed (their mark had been lost)
    resent: int = 0  # records the store had lost (restored from an older copy), handed over again
    remaining: int = 0  # records still on this caixa after the pass
    turnos: int = 0  # turnos de caixa the store took (the open one every pass: handover_turnos.py)
    seconds: float = 0.0

    @property
    def moved(self) -> int:
        return self.sales + self.documents + self.returns + self.credits + self.items + self.customers


def _own(model: Any) -> Any:
    """This caixa's own records of `model` (not copies of another caixa's or the store's)."""
    if model is OutboxItem:
        return OutboxItem.installation_id.is_(None)
    if model is FiscalDocument:
        return FiscalDocument.id.is_not(None)
    return model.origin_id.is_(None)


def not_handed_over(session: Session) -> int:
    """The caixa's records the store does not own yet (what `store status` reports per caixa)."""
    total = 0
    for model in (Sale, SaleReturn, StoreCreditEntry, FiscalDocument):
        stmt = select(func.count()).select_from(model).where(model.handed_over_at.is_(None), _own(model))
        total += int(session.execute(stmt).scalar_one())
    return total + not_handed_over_turnos(session)


def in_doubt(record: Any) -> bool:
    """Sent in a batch the store has not confirmed: nobody's to decide alone."""
    return record.handed_over_at is None and record.handover_batch is not None


def hand_over(local: Store, server: Store, *, installation: str, host: str = "?", batch: int = 300,
              now: dt.datetime | None = None) -> HandoverReport:
    """Settle batches in doubt, then hand everything over, batch after batch, until nothing moves."""
    started = time.perf_counter()
    _same_store(local, server)
    report = HandoverReport()
    report.settled = settle(local, server)
    report.resent = resend_what_the_store_lost(local, server, installation=installation)
    while True:
        done = _one_batch(local, server, installation=installation, host=host, size=batch, now=now or utcnow())
        for name in ("customers", "sales", "documents", "returns", "credits", "items"):
            setattr(report, name, getattr(report, name) + len(getattr(done, name)))
        report.set_aside += len(done.set_aside)
        if not done.records:
            break
    report.turnos = push_turnos(local, server, installation=installation, now=now or utcnow())
    with local.read() as session:
        report.remaining = not_handed_over(session)
    with server.transaction() as session:
        caixa = session.get(StoreCaixa, installation)
        if caixa is not None:
            caixa.last_seen_at = caixa.last_handover_at = utcnow()
            caixa.not_handed_over = report.remaining
        catch_up.back(session, installation)
    report.seconds = time.perf_counter() - started
    return report


def _same_store(local: Store, server: Store) -> None:
    """Never hand records over to another store's database (a URL pointed at the wrong server)."""
    with local.read() as session:
        remembered = load_remembered(session, REPLICA_LINEAGE)
    if remembered is None:
        return
    with server.read() as session:
        now = read_lineage(session)
    if judge(remembered, now) == "other_store":
        raise StoreServerError("store_replica_other_lineage", "url")


def settle(local: Store, server: Store) -> int:
    """Ask the store about every batch in doubt: mark what it committed, free the rest for a new
    batch. Returns the number of records found committed."""
    with local.read() as session:
        batches: set[str] = set()
        for model in HANDED:
            batches |= set(session.scalars(select(model.handover_batch).where(
                model.handed_over_at.is_(None), model.handover_batch.is_not(None)).distinct()))
    if not batches:
        return 0
    with server.read() as session:
        committed = {row.batch_id: row for row in session.scalars(
            select(StoreHandoverBatch).where(StoreHandoverBatch.batch_id.in_(batches)))}
    settled = 0
    with local.transaction() as session:
        for batch_id in batches:
            row = committed.get(batch_id)
            if row is not None:
                settled += _mark_local(session, batch_id, row.committed_at)
                if row.incarnation == incarnation(session) and row.seq > int(get_value(session, SEQ_KEY) or 0):
                    set_value(session, SEQ_KEY, row.seq)
                    set_value(session, LIFE_KEY, row.incarnation)
            else:
                _clear(session, batch_id)
    return settled


def resend_what_the_store_lost(local: Store, server: Store, *, installation: str) -> int:
    """A store database restored from an older copy has lost batches this caixa saw committed (the
    store's sequence for this life is behind the caixa's): every record of this caixa the store no
    longer holds is handed over again. Its queue items arrive "maybe sent": the store may have sent
    them to Bling before it was restored, so the integrador looks them up before any new POST."""
    with local.read() as session:
        life, seq = incarnation(session), int(get_value(session, SEQ_KEY) or 0)
        committed_here = get_value(session, LIFE_KEY) == life
    if not life or not seq:
        return 0
    with server.read() as session:
        row = session.get(StoreIncarnation, (installation, life))
        store_seq = row.last_seq if row is not None else 0
    if store_seq >= seq:
        return 0
    if committed_here:  # the store lost batches of this very life: it was rewound (not a new life's first pass)
        with server.transaction() as session:
            catch_up.begin(session, but=installation)
    resent = 0
    for model in (Sale, SaleReturn, StoreCreditEntry, OutboxItem):
        with local.read() as session:
            uids = list(session.scalars(select(model.uid).where(model.handed_over_at.is_not(None), _own(model))))
        missing = [uid for chunk in _chunks(uids) for uid in _absent(server, model, chunk)]
        with local.transaction() as session:
            for chunk in _chunks(missing):
                resent += int(session.execute(update(model).where(model.uid.in_(chunk)).values(
                    handed_over_at=None, handover_batch=None)).rowcount)  # type: ignore[attr-defined]
    with local.read() as session:
        keys = list(session.scalars(select(FiscalDocument.access_key).where(FiscalDocument.handed_over_at.is_not(None))))
    with server.read() as session:
        kept = set(session.scalars(select(FiscalDocument.access_key).where(FiscalDocument.access_key.in_(keys))))
    with local.transaction() as session:
        resent += int(session.execute(update(FiscalDocument).where(FiscalDocument.access_key.in_(set(keys) - kept))
                                      .values(handed_over_at=None, handover_batch=None)).rowcount)  # type: ignore[attr-defined]
        set_value(session, SEQ_KEY, store_seq)
    return resent


def _absent(server: Store, model: Any, uids: list[str]) -> list[str]:
    with server.read() as session:
        found = set(session.scalars(select(model.uid).where(model.uid.in_(uids))))
    return [uid for uid in uids if uid not in found]


def _chunks(values: list[str], size: int = 500) -> list[list[str]]:
    return [values[i:i + size] for i in range(0, len(values), size)]


def _one_batch(local: Store, server: Store, *, installation: str, host: str, size: int, now: dt.datetime) -> Copied:
    batch_id, seq, life = _name_batch(local, size)
    with local.read() as session:
        terminal = load_settings(session).terminal_id
    done = Copied()
    if batch_id is None:
        with local.read() as src, server.transaction() as dst:  # customers only (their updates)
            _copy_customers(src, dst, installation, done)
        _mark_customers(local, done)
        return done
    committing = False
    try:
        with local.read() as src, server.transaction() as dst:
            admission.admit(dst, installation=installation, incarnation=life, host=host, seq=seq, terminal=terminal)
            copier = RecordCopier(src, dst, installation)
            _copy_customers(src, dst, installation, done, copier)
            _copy_batch(src, copier, batch_id, now, done)
            dst.add(StoreHandoverBatch(batch_id=batch_id, installation_id=installation, incarnation=life, seq=seq,
                                       records=done.records, committed_at=now))
            dst.flush()
            committing = True  # from here the COMMIT may reach the store even if its answer does not
    except BaseException:
        if not committing:  # the store cannot have committed: the records are this caixa's again
            _unname_batch(local, batch_id)
        raise
    with local.transaction() as session:
        _mark_local(session, batch_id, now, keep=done)
        set_value(session, SEQ_KEY, seq)
        set_value(session, LIFE_KEY, life)
    _mark_customers(local, done)
    return done


def _name_batch(local: Store, size: int) -> tuple[str | None, int, str]:
    """Step 1: the batch id written on the records it will carry, before the store sees them.
    Nothing to hand over writes nothing (rolled back: no fsync competing with the counter)."""
    batch_id = new_uid()
    with local.sessions() as session, session.begin() as transaction:
        life = incarnation(session) or ""
        seq = int(get_value(session, SEQ_KEY) or 0) + 1
        sales = list(session.scalars(select(Sale.id).where(
            Sale.handed_over_at.is_(None), Sale.handover_batch.is_(None), _own(Sale)).order_by(Sale.id).limit(size)))
        marked = 0
        for model in HANDED:
            stmt = update(model).where(model.handed_over_at.is_(None), model.handover_batch.is_(None), _own(model))
            if model is Sale:
                stmt = stmt.where(Sale.id.in_(sales))
            marked += int(session.execute(stmt.values(handover_batch=batch_id)).rowcount)  # type: ignore[attr-defined]
        if not marked:
            transaction.rollback()
    return (batch_id if marked else None), seq, life


def _unname_batch(local: Store, batch_id: str) -> None:
    with local.transaction() as session:
        _clear(session, batch_id)


def _clear(session: Session, batch_id: str) -> None:
    for model in HANDED:
        session.execute(update(model).where(model.handover_batch == batch_id,
                                            model.handed_over_at.is_(None)).values(handover_batch=None))


def _copy_customers(src: Session, dst: Session, installation: str, done: Copied,
                    copier: RecordCopier | None = None) -> None:
    copier = copier or RecordCopier(src, dst, installation)
    for customer in src.scalars(select(Customer).where(
            Customer.handed_over_at.is_(None) | (Customer.updated_at > Customer.handed_over_at))):
        copier.customer(customer, push=True)
        done.customers.append(customer.id)


def _copy_batch(src: Session, copier: RecordCopier, batch_id: str, now: dt.datetime, done: Copied) -> None:
    """Every record of the batch in its own savepoint; one that waits or is set aside never stops
    the others (a chain's later items wait behind one that waits: order is kept)."""
    steps: list[tuple[Any, list[int], Any]] = [
        (Sale, done.sales, copier.copy_sale), (FiscalDocument, done.documents, copier.copy_document),
        (SaleReturn, done.returns, copier.copy_return), (StoreCreditEntry, done.credits, copier.copy_credit),
    ]
    for model, moved, copy in steps:
        for record in src.scalars(select(model).where(model.handover_batch == batch_id).order_by(model.id)):
            if _one(copier, record, copy, now, done):
                moved.append(record.id)
    blocked: set[str] = set()
    for item in src.scalars(select(OutboxItem).where(OutboxItem.handover_batch == batch_id).order_by(OutboxItem.id)):
        if item.chain not in blocked and _one(copier, item, copier.copy_item, now, done):
            done.items.append(item.id)
        else:
            blocked.add(item.chain)


def _one(copier: RecordCopier, record: Any, copy: Any, now: dt.datetime, done: Copied) -> bool:
    """True when the store took the record (copied, found, or set aside for the manager)."""
    uid = getattr(record, "uid", None) or f"doc:{record.access_key}"
    if uid in copier.aside:
        return True
    try:
        with copier.dst.begin_nested():
            copy(record, now)
        return True
    except Waits as waits:
        if waits.meanwhile is not None:
            with copier.dst.begin_nested():
                waits.meanwhile(copier.dst)
        return False
    except IntegrityError as exc:  # a rule of the store's schema this record breaks: kept for the manager
        problem = SetAside("conflict", {"detail": str(exc.orig).splitlines()[0][:300], "record": uid})
    except SetAside as caught:
        problem = caught
    with copier.dst.begin_nested():
        copier.set_aside(problem, uid=uid, table=type(record).__tablename__, now=now)
    done.set_aside.append(uid)
    return True


def _mark_local(session: Session, batch_id: str, when: dt.datetime, *, keep: Copied | None = None) -> int:
    """Step 3: the batch's records are the store's from now on. Records that had to wait (`keep`
    lists what the store took) leave the batch for the next one."""
    marked = 0
    taken = None if keep is None else {Sale: keep.sales, FiscalDocument: keep.documents, SaleReturn: keep.returns,
                                       StoreCreditEntry: keep.credits, OutboxItem: keep.items}
    for model in HANDED:
        values: dict[str, Any] = {"handed_over_at": when}
        if model is OutboxItem:
            values.update(state=outbox.DONE, done_at=when, result={"handed_over": True})
        stmt = update(model).where(model.handover_batch == batch_id, model.handed_over_at.is_(None))
        if taken is not None:
            session.execute(stmt.where(model.id.not_in(taken[model])).values(handover_batch=None))
            stmt = stmt.where(model.id.in_(taken[model]))
        marked += int(session.execute(stmt.values(**values)).rowcount)  # type: ignore[attr-defined]
    return marked


def _mark_customers(local: Store, done: Copied) -> None:
    if not done.customers:
        return
    with local.transaction() as session:
        session.execute(update(Customer).where(Customer.id.in_(done.customers)).values(
            handed_over_at=utcnow(), updated_at=Customer.updated_at))  # keep it: "changed since" compares to it

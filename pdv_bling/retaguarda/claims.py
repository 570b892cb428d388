"""What needs consistency across caixas, decided on the store server under row locks.

- Units returned per sale item: a caixa claims the units it is about to return while holding the
  store's sale row (`FOR UPDATE`); units already returned (handed-over returns) plus units claimed
  by open claims can never exceed what was sold. Two caixas returning the same unit at the same
  instant: one waits for the other's lock and then sees its claim.
- Store-credit spending: the same with the customer's row; balance = the store's ledger minus open
  claims.
- Cancelling (or attaching an NFC-e to) a sale the store owns: on the store, under the same lock.

A claim is `open` until the record that used it is handed over (`consumed`, in the handover's
transaction) or the caixa gives it back (`released`: the local write failed, or the caixa found
at start-up a claim of its own that no local record uses).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from pdv_bling.counter.cancellation import enqueue_cancellation
from pdv_bling.counter.nfce_status import mark_for_cancel
from pdv_bling.domain.errors import DomainError, DomainErrors
from pdv_bling.retaguarda import catch_up
from pdv_bling.store.engine import Store
from pdv_bling.store.models import (
    Customer,
    ReturnItem,
    Sale,
    SaleItem,
    SaleReturn,
    StoreClaim,
    StoreCreditEntry,
    utcnow,
)

OPEN, CONSUMED, RELEASED = "open", "consumed", "released"


@dataclass(frozen=True)
class UnitsClaim:
    claim_id: str
    already: dict[int, int]  # position -> units returned or claimed before this claim


def locked_sale(session: Session, uid: str) -> Sale:
    """The store's copy of a sale, by the sale's own id, locked for this transaction."""
    sale = session.scalars(select(Sale).where(Sale.uid == uid).with_for_update()).first()
    if sale is None:
        raise DomainErrors([DomainError("sale_not_found", "venda", {"value": uid[:8]})])
    return sale


def returned_or_claimed(session: Session, sale: Sale) -> dict[int, int]:
    """Per position: units in the store's returns plus units held by open claims."""
    by_item: dict[int, int] = {}
    returned = (select(ReturnItem.sale_item_id, func.sum(ReturnItem.quantity))
                .join(SaleReturn, SaleReturn.id == ReturnItem.return_id)
                .where(SaleReturn.original_sale_id == sale.id).group_by(ReturnItem.sale_item_id))
    claimed = (select(StoreClaim.sale_item_id, func.sum(StoreClaim.quantity))
               .where(StoreClaim.sale_id == sale.id, StoreClaim.state == OPEN, StoreClaim.kind == "units")
               .group_by(StoreClaim.sale_item_id))
    for stmt in (returned, claimed):
        for item_id, quantity in session.execute(stmt):
            if item_id is not None:
                by_item[int(item_id)] = by_item.get(int(item_id), 0) + int(quantity or 0)
    return {line.position: by_item.get(line.id, 0) for line in sale.items}


def claim_units(server: Store, *, installation: str, sale_uid: str, wanted: Mapping[int, int]) -> UnitsClaim:
    """Claim `wanted` (position -> units) of the store's sale `sale_uid`, or refuse naming the item."""
    claim_id = uuid.uuid4().hex
    with server.transaction() as session:
        catch_up.refuse_while_waiting(session, "venda")
        sale = locked_sale(session, sale_uid)
        if sale.status != "recorded":
            raise DomainErrors([DomainError("sale_already_cancelled", "venda", {"value": sale.numero_loja})])
        already = returned_or_claimed(session, sale)
        lines = {line.position: line for line in sale.items}
        problems = []
        for position, units in sorted(wanted.items()):
            line = lines.get(position)
            available = (line.quantity - already.get(position, 0)) if line is not None else 0
            if units > available:
                problems.append(DomainError("over_return", f"itens[{position}]",
                                            {"requested": units, "available": max(0, available)}))
        if problems:
            raise DomainErrors(problems)
        for position, units in wanted.items():
            if units > 0:
                session.add(StoreClaim(claim_id=claim_id, installation_id=installation, kind="units", sale_id=sale.id,
                                       sale_item_id=lines[position].id, quantity=units, state=OPEN,
                                       created_at=utcnow()))
    return UnitsClaim(claim_id, already)


def store_credit_balance(session: Session, customer_id: int) -> int:
    ledger = select(func.coalesce(func.sum(StoreCreditEntry.amount_cents), 0)).where(
        StoreCreditEntry.customer_id == customer_id)
    claimed = select(func.coalesce(func.sum(StoreClaim.amount_cents), 0)).where(
        StoreClaim.customer_id == customer_id, StoreClaim.state == OPEN, StoreClaim.kind == "credit")
    return int(session.execute(ledger).scalar_one()) - int(session.execute(claimed).scalar_one())


def claim_credit(server: Store, *, installation: str, document: str, amount_cents: int) -> str:
    """Claim `amount_cents` of the customer's store credit, or refuse with the store's balance."""
    claim_id = uuid.uuid4().hex
    with server.transaction() as session:
        catch_up.refuse_while_waiting(session, "pagamentos")
        customer = session.scalars(select(Customer).where(Customer.document == document).with_for_update()).first()
        balance = store_credit_balance(session, customer.id) if customer is not None else 0
        if customer is None or amount_cents > balance:
            raise DomainErrors([DomainError("store_credit_insufficient", "pagamentos",
                                            {"balance": balance, "amount": amount_cents})])
        session.add(StoreClaim(claim_id=claim_id, installation_id=installation, kind="credit",
                               customer_id=customer.id, amount_cents=amount_cents, state=OPEN, created_at=utcnow()))
    return claim_id


def release(server: Store, claim_id: str) -> None:
    with server.transaction() as session:
        session.execute(update(StoreClaim).where(StoreClaim.claim_id == claim_id, StoreClaim.state == OPEN)
                        .values(state=RELEASED))


def release_unused(server: Store, local: Store, *, installation: str, older_than_s: float = 120.0) -> int:
    """This caixa's open claims that no local record uses (the caixa stopped between the claim and
    its local write) go back. Only claims older than `older_than_s`: a write may be in progress."""

    cutoff = utcnow() - dt.timedelta(seconds=older_than_s)
    with server.read() as session:
        open_claims = set(session.scalars(select(StoreClaim.claim_id).where(
            StoreClaim.installation_id == installation, StoreClaim.state == OPEN, StoreClaim.created_at < cutoff)))
    if not open_claims:
        return 0
    with local.read() as session:
        used = set(session.scalars(select(SaleReturn.claim_id).where(SaleReturn.claim_id.in_(open_claims))))
        used |= set(session.scalars(select(StoreCreditEntry.claim_id).where(StoreCreditEntry.claim_id.in_(open_claims))))
    for claim_id in open_claims - used:
        release(server, claim_id)
    return len(open_claims - used)


def cancel_in_store(server: Store, *, sale_uid: str) -> Sale:
    """Cancel a sale the store owns, with its reversal queued in the store's outbox."""
    with server.transaction() as session:
        sale = locked_sale(session, sale_uid)
        if sale.status != "recorded":
            raise DomainError("sale_already_cancelled", "numero", {"value": sale.number})
        claimed = session.scalars(select(StoreClaim.id).where(StoreClaim.sale_id == sale.id,
                                                              StoreClaim.state == OPEN)).first()
        returned = session.scalars(select(SaleReturn.id).where(SaleReturn.original_sale_id == sale.id)).first()
        if claimed is not None or returned is not None:
            raise DomainError("sale_has_returns", "numero", {"value": sale.number})
        sale.status = "cancelled"
        sale.cancelled_at = utcnow()
        enqueue_cancellation(session, sale)
        mark_for_cancel(session, sale.id, now=sale.cancelled_at)  # its NFC-e: "a cancelar no Bling"
        session.flush()
        session.expunge(sale)
        return sale


def item_positions(session: Session, sale_id: int) -> dict[int, int]:
    """Local sale item id -> position (claims speak positions: ids differ between databases)."""
    return {i.id: i.position for i in session.scalars(select(SaleItem).where(SaleItem.sale_id == sale_id))}


@dataclass(frozen=True)
class OpenClaims:
    """A caixa's open claims: what a dead PC may hold back from every other caixa."""

    terminal: str
    installation: str
    units: int  # units of sale items claimed for returns not handed over
    credit_cents: int  # store credit claimed for spendings not handed over
    claims: int
    oldest: dt.datetime | None


def open_claims(server: Store) -> list[OpenClaims]:
    from pdv_bling.store.models import StoreCaixa

    with server.read() as session:
        terminals = {c.installation_id: c.terminal_id for c in session.scalars(select(StoreCaixa))}
        rows = session.execute(select(StoreClaim.installation_id, func.count(func.distinct(StoreClaim.claim_id)),
                                      func.coalesce(func.sum(StoreClaim.quantity), 0),
                                      func.coalesce(func.sum(StoreClaim.amount_cents), 0), func.min(StoreClaim.created_at))
                               .where(StoreClaim.state == OPEN).group_by(StoreClaim.installation_id)).all()
    return [OpenClaims(terminals.get(installation, installation[:8]), installation, int(units), int(cents),
                       int(count), oldest) for installation, count, units, cents, oldest in rows]


def release_caixa(server: Store, installation: str) -> int:
    """Give back every open claim of a caixa that will not come back (the manager confirmed)."""
    with server.transaction() as session:
        result = session.execute(update(StoreClaim).where(StoreClaim.installation_id == installation,
                                                          StoreClaim.state == OPEN).values(state=RELEASED))
        catch_up.back(session, installation)  # nor does the store wait for its records any more
    return int(result.rowcount)  # type: ignore[attr-defined]

"""Cancelling a sale at the counter: the sale found by its number, marked cancelled, and the
reversal in Bling queued in its chain (order situação, stock and receivables), as the store's stock
mode says."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from pdv_bling.counter.nfce_status import mark_for_cancel
from pdv_bling.domain.errors import DomainError
from pdv_bling.store import outbox
from pdv_bling.store.engine import Store
from pdv_bling.store.models import (
    Sale,
    utcnow,
)
from pdv_bling.store.settings import Settings


def stock_posting(session: Session, sale: Sale) -> tuple[str, int | None]:
    """How this sale's stock left Bling's stock: ("integration", deposit) when the chain posted it
    explicitly, else ("transitions", None) — decided at sale time, so a later change of the
    setting never makes a reversal use the wrong mechanism or deposit."""
    from pdv_bling.store.models import OutboxItem

    posted = session.scalars(
        select(OutboxItem).where(OutboxItem.chain == outbox.sale_chain(sale.id), OutboxItem.kind == outbox.STOCK_POST)
    ).first()
    if posted is not None:
        deposit = (posted.payload or {}).get("deposit_id")
        return "integration", int(deposit) if deposit is not None else None
    return "transitions", None


def enqueue_cancellation(session: Session, sale: Sale, settings: Settings | None = None) -> None:
    """Bling side of a cancellation (manual section 5 part 2), in the sale's chain, with the
    stock mechanism the sale itself used."""
    chain = outbox.sale_chain(sale.id)
    mode, _deposit = stock_posting(session, sale)
    if mode == "transitions":
        # Atendido -> Cancelado: the account's transition manager reverses stock and receivables.
        outbox.enqueue(session, chain=chain, kind=outbox.SALE_CANCEL, sale_id=sale.id, payload={"to": "Cancelado"})
        return
    outbox.enqueue(session, chain=chain, kind=outbox.STOCK_REVERSE, sale_id=sale.id)
    outbox.enqueue(session, chain=chain, kind=outbox.ACCOUNTS_REVERSE, sale_id=sale.id)
    outbox.enqueue(session, chain=chain, kind=outbox.SALE_CANCEL, sale_id=sale.id, payload={"to": "Cancelado"})


def find_sale_by_number(session: Session, number: int) -> Sale:
    """This caixa's own sale by its number (copies of other caixas' sales have an `origin_id`)."""
    sale = session.scalars(select(Sale).where(Sale.number == number, Sale.origin_id.is_(None))).first()
    if sale is None:
        raise DomainError("sale_not_found", "numero", {"value": number})
    return sale


def cancel_sale(store: Store, number: int, *, now: dt.datetime | None = None) -> Sale:
    """Cancel a whole sale locally and queue its reversal in Bling."""
    from pdv_bling.store.models import SaleReturn

    coordinator = store.coordinator
    if coordinator is not None and coordinator.cancel(store, number):  # the store owns it: cancelled there
        with store.read() as session:
            return find_sale_by_number(session, number)
    with store.transaction() as session:
        sale = find_sale_by_number(session, number)
        if coordinator is None and store_owned(sale):
            raise DomainError("store_sale_left", "numero", {"value": sale.numero_loja})
        if sale.status == "cancelled":
            raise DomainError("sale_already_cancelled", "numero", {"value": number})
        if session.scalars(select(SaleReturn.id).where(SaleReturn.original_sale_id == sale.id)).first():
            raise DomainError("sale_has_returns", "numero", {"value": number})
        sale.status = "cancelled"
        sale.cancelled_at = now or utcnow()
        enqueue_cancellation(session, sale)
        mark_for_cancel(session, sale.id, now=sale.cancelled_at)  # its NFC-e: "a cancelar no Bling"
        return sale


def store_owned(sale: Sale) -> bool:
    """A sale a store owns (handed over, or another caixa's), seen from a folder that left the
    store: only a caixa of that store may change it now."""
    return sale.handed_over_at is not None or sale.origin_id is not None or sale.handover_batch is not None

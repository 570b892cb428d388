"""A sale's fiscal document (the NFC-e issued for it): the access key checked against the sale
(model, issuer, month) and attached, replaced only when asked, never to a cancelled sale."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from pdv_bling.base.zone import local
from pdv_bling.counter.cancellation import find_sale_by_number
from pdv_bling.domain.errors import DomainError
from pdv_bling.domain.nfce import AccessKey, key_month, parse_access_key
from pdv_bling.store import outbox
from pdv_bling.store.engine import Store
from pdv_bling.store.models import (
    FiscalDocument,
    Sale,
    utcnow,
)
from pdv_bling.store.settings import load_settings


def record_fiscal_document(
    store: Store,
    *,
    sale_number: int,
    access_key: str,
    kind: str = "nfce",
    issued_at: dt.datetime | None = None,
    replace: bool = False,
    now: dt.datetime | None = None,
) -> FiscalDocument:
    """Attach an NFC-e (or NF-e) reference to a sale; queued to be noted on the Bling order.

    The same key again is a no-op (returns the document already attached). A different key on a
    sale that has one is refused unless `replace`; a cancelled sale refuses a key; the key's
    month must not be after today nor before the sale.
    """
    key = parse_access_key(access_key)
    moment = now or utcnow()
    with store.transaction() as session:
        if kind == "nfce" and load_settings(session).nfce_source == "bling":  # one emitter or the other
            raise DomainError("nfce_from_bling", "chave_acesso")
        sale = find_sale_by_number(session, sale_number)
        current = _current_document(session, sale.id, kind)
        if current is not None and current.access_key == key.key:
            return current  # idempotent: nothing new to send
        _check_key_for_sale(session, sale, key, moment=moment, current=current, replace=replace)
        if current is None:
            current = FiscalDocument(sale_id=sale.id, kind=kind, access_key=key.key, model=key.model,
                                     number=key.number, series=key.series, issued_at=issued_at or moment)
            session.add(current)
        else:  # replaced explicitly: the order's note is rewritten with the new key
            current.access_key, current.model, current.number, current.series = key.key, key.model, key.number, key.series
            current.issued_at = issued_at or moment
        session.flush()
        outbox.enqueue(session, chain=outbox.sale_chain(sale.id), kind=outbox.NFCE_ATTACH, sale_id=sale.id,
                       payload={"fiscal_document_id": current.id})
        return current


def _current_document(session: Session, sale_id: int, kind: str) -> FiscalDocument | None:
    stmt = select(FiscalDocument).where(FiscalDocument.sale_id == sale_id, FiscalDocument.kind == kind)
    return session.scalars(stmt.order_by(FiscalDocument.id.desc())).first()


def _check_key_for_sale(
    session: Session, sale: Sale, key: AccessKey, *, moment: dt.datetime, current: FiscalDocument | None,
    replace: bool,
) -> None:
    field = "chave_acesso"
    if sale.status == "cancelled":
        raise DomainError("nfce_sale_cancelled", field, {"value": sale.number})
    other = session.scalars(select(FiscalDocument).where(FiscalDocument.access_key == key.key)).first()
    if other is not None:
        owner = session.get(Sale, other.sale_id)
        raise DomainError("nfce_other_sale", field, {"value": owner.number if owner else other.sale_id})
    if current is not None and not replace:
        raise DomainError("nfce_already_attached", field, {"value": sale.number, "current": current.access_key})
    issued = key_month(key)
    today = local(moment)  # SEFAZ stamps the NFC-e's month in the store's own time (base/zone.py)
    sold = local(sale.created_at)
    if issued > (today.year, today.month):
        raise DomainError("access_key_future", field, {"month": f"{issued[1]:02d}/{issued[0]}"})
    if issued < (sold.year, sold.month):
        raise DomainError("access_key_before_sale", field, {"month": f"{issued[1]:02d}/{issued[0]}",
                                                            "sale_month": f"{sold.month:02d}/{sold.year}"})

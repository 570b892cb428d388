"""Any caixa's sale, found on the store server by exchange coupon or by caixa and number, and
copied into this caixa's SQLite (items and payments, with the origin's key) so the exchange wizard
and `troca add` work on it like on a local sale.

The copy also carries how the sale's stock left Bling's stock (its "Lançar pela integração" stock
posting and deposit, a done and handed-over marker item in its chain): a return or an exchange of
it then puts the stock back where it left from and reverses what the sale posted, exactly as for
the caixa's own sales (`sales.stock_posting`), whatever this caixa's settings are now."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from pdv_bling.domain.coupon import parse_coupon
from pdv_bling.domain.errors import DomainError
from pdv_bling.store import outbox
from pdv_bling.store.engine import Store
from pdv_bling.store.models import (
    Customer,
    OutboxItem,
    PaymentMethod,
    Product,
    Sale,
    SaleItem,
    SalePayment,
    StoreCaixa,
    utcnow,
)

NUMBER_REF = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_]*)[\s/-]+0*(\d{1,9})\s*$")
SALE_FIELDS = ("uid", "number", "numero_loja", "coupon", "terminal_id", "installation_id", "created_at", "items_total_cents",
               "discount_cents", "total_cents", "change_cents", "status", "kind", "bling_id", "bling_numero",
               "cancelled_at", "handed_over_at")


def fetch_sale(local: Store, server: Store, reference: str, *, installation: str) -> int:
    """The local id of the referenced sale (raises DomainError sale_not_found / ambiguous)."""
    compact = re.sub(r"[\s-]", "", reference or "")
    with server.read() as src:
        match = NUMBER_REF.match(reference or "")
        if compact.isdigit() and len(compact) < 8:
            found = list(src.scalars(select(Sale).where(Sale.installation_id == installation,
                                                        Sale.number == int(compact))))
        elif match:
            terminal, number = match.group(1).upper(), int(match.group(2))
            caixa = src.scalars(select(StoreCaixa).where(StoreCaixa.terminal_id == terminal)).first()
            found = list(src.scalars(select(Sale).where(
                Sale.installation_id == (caixa.installation_id if caixa else None), Sale.number == number)))
        else:
            coupon = parse_coupon(compact)
            found = list(src.scalars(select(Sale).where(Sale.coupon == coupon)))
        if not found:
            return _local_fallback(local, reference)
        if len(found) > 1:
            example = f"{found[0].terminal_id} {found[0].number}"
            raise DomainError("store_coupon_ambiguous", "cupom", {
                "value": reference[:30], "terminals": ", ".join(s.terminal_id for s in found), "example": example})
        sale = found[0]
        with local.read() as session:  # this caixa's own sale (or a copy made before): by its own id
            here = session.scalars(select(Sale).where(Sale.uid == sale.uid)).first()
            if here is not None and here.origin_id is None:
                return here.id
        return _copy_here(local, src, sale)


def _local_fallback(local: Store, reference: str) -> int:
    """Not in the store (yet): one of this caixa's sales not handed over, or nothing."""
    from pdv_bling.counter.returns import find_original_sale

    with local.read() as session:
        return find_original_sale(session, reference).id


def _copy_here(local: Store, src: Session, sale: Sale) -> int:
    customer = src.get(Customer, sale.customer_id) if sale.customer_id is not None else None
    methods = {m.id: m.name for m in src.scalars(select(PaymentMethod))}
    with local.transaction() as session:
        copy = session.scalars(select(Sale).where(Sale.uid == sale.uid)).first()
        if copy is not None:  # refresh what may have changed (status, Bling ids)
            copy.status, copy.bling_id, copy.cancelled_at = sale.status, sale.bling_id, sale.cancelled_at
            _stock_posting_here(session, src, sale, copy.id)
            return copy.id
        copy = Sale(**{f: getattr(sale, f) for f in SALE_FIELDS}, origin_id=sale.origin_id,
                    customer_id=_customer_here(session, customer))
        for line in sale.items:
            product = session.scalars(select(Product.id).where(Product.bling_id == line.product_bling_id)).first() \
                if line.product_bling_id is not None else None
            copy.items.append(SaleItem(position=line.position, product_id=product, product_bling_id=line.product_bling_id,
                                       sku=line.sku, description=line.description, quantity=line.quantity,
                                       unit_price_cents=line.unit_price_cents, total_cents=line.total_cents))
        for pay in sale.payments:
            method = session.scalars(select(PaymentMethod.id).where(
                PaymentMethod.name == methods.get(pay.payment_method_id))).first()
            if method is not None:
                copy.payments.append(SalePayment(position=pay.position, payment_method_id=method,
                                                 amount_cents=pay.amount_cents))
        session.add(copy)
        session.flush()
        _stock_posting_here(session, src, sale, copy.id)
        return copy.id


def _stock_posting_here(session: Session, src: Session, sale: Sale, copy_id: int) -> None:
    """The store's stock posting of `sale` as a marker in the copy's chain (done, handed over:
    never delivered or handed over again), so `sales.stock_posting` sees how its stock left."""
    posted = src.scalars(select(OutboxItem).where(OutboxItem.sale_id == sale.id,
                                                  OutboxItem.kind == outbox.STOCK_POST)).first()
    if posted is None:
        return  # "Transições do Bling": the order's situação moved the stock
    chain = outbox.sale_chain(copy_id)
    if session.scalars(select(OutboxItem.id).where(OutboxItem.chain == chain,
                                                   OutboxItem.kind == outbox.STOCK_POST)).first() is not None:
        return
    now = utcnow()
    session.add(OutboxItem(chain=chain, kind=outbox.STOCK_POST, sale_id=copy_id, payload=dict(posted.payload or {}),
                           state=outbox.DONE, attempts=0, result={"stock_posting_of": "store"},
                           created_at=posted.created_at, done_at=now, handed_over_at=now))


def _customer_here(session: Session, customer: Customer | None) -> int | None:
    if customer is None:
        return None
    here = session.scalars(select(Customer).where(Customer.document == customer.document)).first()
    if here is None:
        from pdv_bling.retaguarda.replica import CUSTOMER_FIELDS

        here = Customer(document=customer.document, created_at=customer.created_at, updated_at=customer.updated_at,
                        handed_over_at=customer.updated_at, **{f: getattr(customer, f) for f in CUSTOMER_FIELDS})
        session.add(here)
        session.flush()
    return here.id

"""The troca/devolução wizard's state: the original sale as plain data (read from the local store,
or found on the store server by `exchange_async`) and what the pages fill in, turned into an
`ExchangeDraft` at the end."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from pdv_bling.counter.returns import (
    ExchangeResult,
    find_original_sale,
    preview_settlement,
    returnable,
    sold_lines,
)
from pdv_bling.domain.documents import parse_document
from pdv_bling.domain.errors import DomainError
from pdv_bling.domain.exchange import ExchangeDraft, Settlement
from pdv_bling.domain.sale import AddressDraft, CustomerDraft, ItemDraft, PaymentDraft
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import Customer, Sale
from ui.new_sale import Line, Payment  # the same lines and payments as a sale's


@dataclass(frozen=True)
class SoldRow:
    item_id: int
    description: str
    sku: str | None
    sold: int
    available: int
    unit_cents: int  # net of the sale's discount (display only; the core values the return)


@dataclass(frozen=True)
class OriginalSale:
    sale_id: int
    number: int
    coupon: str
    created_at: dt.datetime
    total_cents: int
    seller_id: int | None
    customer: CustomerDraft | None
    rows: tuple[SoldRow, ...]
    payment_names: tuple[str, ...]
    terminal: str | None = None  # store mode: another caixa's sale (shown as "PDV01 15")


@dataclass
class ExchangeState:
    """What the pages fill in, turned into an ExchangeDraft at the end."""

    ctx: AppContext
    sale: OriginalSale | None = None
    customer: CustomerDraft | None = None
    returned: dict[int, int] = field(default_factory=dict)
    new_lines: list[Line] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)  # the difference, in one or several methods
    refund: bool = False
    devolution_key: str | None = None
    result: ExchangeResult | None = None

    def draft(self) -> ExchangeDraft:
        assert self.sale is not None
        payments = tuple(PaymentDraft(p.method_id, p.amount_cents) for p in self.payments)
        return ExchangeDraft(
            original_sale_id=self.sale.sale_id,
            returned={k: v for k, v in self.returned.items() if v},
            new_items=tuple(ItemDraft(product_id=ln.product.product_id, quantity=ln.quantity) for ln in self.new_lines),
            payments=payments,
            customer=self.customer,
            seller=self.sale.seller_id,
            refund=self.refund,
            devolution_key=self.devolution_key,
        )

    def settlement(self) -> Settlement:
        with self.ctx.store.read() as session:
            return preview_settlement(session, self.draft())

    @property
    def full_return(self) -> bool:
        """Mirrors the core's rule: nothing returned before and every sold unit now."""
        assert self.sale is not None
        return all(r.available == r.sold and self.returned.get(r.item_id, 0) == r.sold for r in self.sale.rows)


def customer_draft(customer: Customer | None) -> CustomerDraft | None:
    if customer is None:
        return None
    try:
        document = parse_document(customer.document).formatted()
    except DomainError:
        document = customer.document
    address = AddressDraft(customer.street, customer.number, customer.complement, customer.district,
                           customer.city, customer.uf, customer.cep)
    return CustomerDraft(document=document, name=customer.name, email=customer.email, phone=customer.phone,
                         address=address)


def load_original(session: Session, reference: str) -> OriginalSale:
    """The sale found by number or coupon, as plain data (raises DomainError)."""
    return describe_original(session, find_original_sale(session, reference))


def describe_original(session: Session, sale: Sale, *, taken: dict[int, int] | None = None) -> OriginalSale:
    """`sale` as plain data; `taken` (store mode): units returned anywhere in the store, per item."""
    if sale.status == "cancelled":
        raise DomainError("sale_already_cancelled", "venda", {"value": sale.number})
    left = returnable(session, sale) if taken is None else {i.id: i.quantity - taken.get(i.id, 0) for i in sale.items}
    nets = sold_lines(sale)
    rows = tuple(
        SoldRow(i.id, i.description, i.sku, i.quantity, left.get(i.id, 0), nets[i.id].total_cents // i.quantity)
        for i in sale.items
    )
    seller = sale.seller_id if sale.seller is not None and sale.seller.active else None
    return OriginalSale(sale.id, sale.number, sale.coupon, sale.created_at, sale.total_cents, seller,
                        customer_draft(sale.customer), rows, tuple(p.method.name for p in sale.payments),
                        terminal=sale.terminal_id if sale.origin_id is not None else None)

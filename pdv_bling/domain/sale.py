"""Sale rules, pure: drafts, text checks, totals, change, and parcelas summing to the total."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from pdv_bling.domain.errors import DomainError

MAX_QUANTITY = 100_000
MAX_NAME = 200
MAX_SALE_CENTS = 1_000_000_00  # R$ 1.000.000,00 per sale: above it is a typo at a store counter
HIGH_CASH_FACTOR = 10  # cash of more than 10x the total needs a confirmation


@dataclass(frozen=True)
class ItemDraft:
    barcode: str | None = None
    sku: str | None = None
    product_id: int | None = None
    quantity: int = 1
    unit_price_cents: int | None = None  # None = the product's price


@dataclass(frozen=True)
class PaymentDraft:
    method: str | int  # local method name or id
    amount_cents: int


@dataclass(frozen=True)
class AddressDraft:
    street: str | None = None
    number: str | None = None
    complement: str | None = None
    district: str | None = None
    city: str | None = None
    uf: str | None = None
    cep: str | None = None


@dataclass(frozen=True)
class CustomerDraft:
    document: str
    name: str
    email: str | None = None
    phone: str | None = None
    address: AddressDraft = field(default_factory=AddressDraft)


@dataclass(frozen=True)
class SaleDraft:
    items: tuple[ItemDraft, ...]
    payments: tuple[PaymentDraft, ...]
    seller: str | int | None = None
    customer: CustomerDraft | None = None
    customer_id: int | None = None
    discount_cents: int = 0


@dataclass(frozen=True)
class PricedLine:
    quantity: int
    unit_price_cents: int

    @property
    def total_cents(self) -> int:
        return self.quantity * self.unit_price_cents


@dataclass(frozen=True)
class Tender:
    amount_cents: int
    gives_change: bool


@dataclass(frozen=True)
class Totals:
    items_total_cents: int
    discount_cents: int
    total_cents: int
    paid_cents: int
    change_cents: int
    net_payments: tuple[int, ...]  # each payment less its share of change; sums to total


def check_quantity(value: object, *, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise DomainError("quantity_invalid", field, {"value": str(value)[:20]})
    if value > MAX_QUANTITY:
        raise DomainError("quantity_too_large", field, {"value": value})
    return value


REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})


def clean_text(value: object, *, field: str, max_len: int = MAX_NAME, required: bool = True) -> str | None:
    """Trimmed text within `max_len`, on one line and without invisible characters; None when
    optional and empty. Refused: control characters (tabs and line breaks included), format
    characters (bidi overrides, zero-width), the line and paragraph separators U+2028/U+2029
    (they break the slip and the Bling contact), surrogates and private-use characters."""
    if value is None or value == "":
        if required:
            raise DomainError("text_required", field)
        return None
    if not isinstance(value, str):
        raise DomainError("text_not_string", field)
    if len(value) > max_len * 4:  # far too long: refused before it is scanned
        raise DomainError("text_too_long", field, {"max": max_len})
    text = value.strip()
    bad = next((c for c in text if unicodedata.category(c) in REFUSED_CATEGORIES), None)
    if bad is not None:
        raise DomainError("text_control_chars", field, {"char": f"U+{ord(bad):04X}"})
    if len(text) > max_len:
        raise DomainError("text_too_long", field, {"max": max_len})
    if required and not text:
        raise DomainError("text_required", field)
    return text or None


def compute_totals(lines: list[PricedLine], tenders: list[Tender], *, discount_cents: int = 0) -> Totals:
    """Totals and change. Change comes only out of tenders that give change (cash)."""
    if not lines:
        raise DomainError("items_empty")
    if not tenders:
        raise DomainError("payments_empty")
    items_total = sum(line.total_cents for line in lines)
    if discount_cents < 0 or discount_cents > items_total:
        raise DomainError("discount_exceeds_total", "desconto")
    total = items_total - discount_cents
    paid = sum(t.amount_cents for t in tenders)
    if paid < total:
        raise DomainError("payments_short", None, {"paid": paid, "total": total, "missing": total - paid})
    change = paid - total
    cash = sum(t.amount_cents for t in tenders if t.gives_change)
    if change and not cash:
        raise DomainError("payments_excess_no_cash", None, {"excess": change})
    if change > cash:
        raise DomainError("change_exceeds_cash", None, {"change": change, "cash": cash})
    return Totals(items_total, discount_cents, total, paid, change, _net_of_change(tenders, change))


def check_sale_total(lines: list[PricedLine], *, discount_cents: int) -> None:
    """A sale's total is above zero and under the cap (checked before payments are compared)."""
    total = sum(line.total_cents for line in lines) - discount_cents
    if total == 0:
        raise DomainError("total_zero", "total")
    if total > MAX_SALE_CENTS:
        raise DomainError("total_too_large", "total", {"total": total, "limit": MAX_SALE_CENTS})


def check_high_cash(totals: Totals, tenders: list[Tender], *, allow_high_cash: bool) -> None:
    """Cash of more than 10x the total is a typo until the cashier confirms it (`allow_high_cash`)."""
    cash = sum(t.amount_cents for t in tenders if t.gives_change)
    if not allow_high_cash and cash > HIGH_CASH_FACTOR * totals.total_cents:
        raise DomainError("cash_too_high", "pagamentos", {"cash": cash, "total": totals.total_cents})


def _net_of_change(tenders: list[Tender], change: int) -> tuple[int, ...]:
    """Take the change out of the cash tenders, last first, so parcelas sum to the total."""
    net = [t.amount_cents for t in tenders]
    remaining = change
    for index in range(len(tenders) - 1, -1, -1):
        if remaining == 0:
            break
        if tenders[index].gives_change:
            taken = min(net[index], remaining)
            net[index] -= taken
            remaining -= taken
    return tuple(net)

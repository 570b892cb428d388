"""The sale being typed at the counter, before it is recorded: lines, payments and what the
screen says about them (missing, change, excess). Plain Python, no Qt, no store: Nova venda and
the troca/devolução wizard hold one of these and `sales.record_sale` checks everything again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pdv_bling.counter.queries import ProductHit
from pdv_bling.domain.errors import DomainError
from pdv_bling.domain.sale import MAX_QUANTITY


@dataclass(frozen=True)
class Line:
    product: ProductHit
    quantity: int

    @property
    def total_cents(self) -> int:
        return self.product.price_cents * self.quantity


@dataclass(frozen=True)
class Payment:
    method_id: int
    name: str
    amount_cents: int
    gives_change: bool
    store_credit: bool = False


@dataclass(frozen=True)
class Scan:
    """What the barcode field said: `quantity` of `code`, or (`set_quantity`) a new quantity for
    the chosen line ("*5")."""

    quantity: int  # 0 = not a whole number
    code: str
    set_quantity: bool = False


def split_quantity(text: str) -> tuple[int, str]:
    """ "3*7891234" -> (3, "7891234"); a plain code -> (1, code); bad quantity -> (0, code)."""
    head, sep, tail = text.partition("*")
    if not sep:
        return 1, text.strip()
    try:
        return int(head.strip()), tail.strip()
    except ValueError:
        return 0, tail.strip()


def parse_scan(text: str) -> Scan:
    """ "*5" changes the quantity of the chosen (or last) line to 5; anything else is a product."""
    stripped = text.strip()
    if stripped.startswith("*"):
        try:
            return Scan(int(stripped[1:].strip()), "", set_quantity=True)
        except ValueError:
            return Scan(0, "", set_quantity=True)
    quantity, code = split_quantity(stripped)
    return Scan(quantity, code)


Balance = Literal["due", "paid", "change", "excess"]


@dataclass(frozen=True)
class Tally:
    """How the payments stand against the total. `change` is given only out of cash: an excess
    paid by card or PIX is an `excess`, never "Troco"."""

    state: Balance
    amount_cents: int  # missing (due), change, or excess; 0 when paid exactly


@dataclass
class Basket:
    lines: list[Line] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)

    @property
    def total_cents(self) -> int:
        return sum(line.total_cents for line in self.lines)

    @property
    def paid_cents(self) -> int:
        return sum(p.amount_cents for p in self.payments)

    @property
    def credit_cents(self) -> int:
        """Store credit among the payments."""
        return sum(p.amount_cents for p in self.payments if p.store_credit)

    @property
    def empty(self) -> bool:
        return not self.lines and not self.payments

    def add(self, product: ProductHit, quantity: int) -> int:
        """Add units (to the product's line when there is one); returns the line's index."""
        for index, line in enumerate(self.lines):
            if line.product.product_id == product.product_id:
                self.set_quantity(index, line.quantity + quantity)
                return index
        check(quantity)
        self.lines.append(Line(product, quantity))
        return len(self.lines) - 1

    def set_quantity(self, index: int, quantity: int) -> Line:
        check(quantity)
        line = Line(self.lines[index].product, quantity)
        self.lines[index] = line
        return line

    def remove(self, index: int) -> Line:
        return self.lines.pop(index)

    def remove_payment(self, index: int) -> Payment:
        return self.payments.pop(index)

    def tally(self) -> Tally:
        total, paid = self.total_cents, self.paid_cents
        if paid < total:
            return Tally("due", total - paid)
        if paid == total:
            return Tally("paid", 0)
        cash = sum(p.amount_cents for p in self.payments if p.gives_change)
        return Tally("change", paid - total) if paid - total <= cash else Tally("excess", paid - total)

    def credit_problem(self, extra_cents: int, *, balance_cents: int | None) -> DomainError | None:
        """Store credit of `extra_cents` more: refused without a known customer (balance None)
        or beyond the customer's balance. Said when the payment is typed, not only at F10."""
        if balance_cents is None:
            return DomainError("store_credit_needs_customer", "pagamentos")
        wanted = self.credit_cents + extra_cents
        if wanted > balance_cents:
            return DomainError("store_credit_insufficient", "pagamentos", {"balance": balance_cents, "amount": wanted})
        return None


def check(quantity: int) -> None:
    if quantity <= 0:
        raise DomainError("quantity_invalid", "quantidade", {"value": quantity})
    if quantity > MAX_QUANTITY:
        raise DomainError("quantity_too_large", "quantidade", {"value": quantity})

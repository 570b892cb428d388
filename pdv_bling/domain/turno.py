"""The turno de caixa's arithmetic: what each payment method should hold at the fechamento, and
the rules a movement or a count must keep. Pure: the counter's service (counter/turno.py) reads
the records and writes the results.

Expected per payment method = what the turno's own sales took in that method (payments are kept
net of change, so cash is what stayed in the drawer) − what went back out through it (refunds of
returns, sales of an earlier turno cancelled now) and, for cash only, + the fundo de troco +
suprimentos − sangrias. Store credit ("Crédito em Loja") moves no money: it is reported, never
counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pdv_bling.domain.errors import DomainError

SUPRIMENTO, SANGRIA = "suprimento", "sangria"
MOVEMENT_KINDS = (SUPRIMENTO, SANGRIA)
MAX_REASON = 200
# Notes and coins the fechamento counts by (centavos): R$ 200 down to 5 centavos.
DENOMINATIONS = (20_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100, 50, 25, 10, 5)


@dataclass(frozen=True)
class MethodFlow:
    """Money through one payment method during the turno."""

    name: str
    is_cash: bool
    moves_money: bool = True  # False: store credit (reported, not counted)
    sales_cents: int = 0  # taken in by the turno's sales (net of change)
    out_cents: int = 0  # paid back out: refunds, cancellations of earlier sales


@dataclass(frozen=True)
class Movement:
    kind: str  # suprimento | sangria
    amount_cents: int


@dataclass(frozen=True)
class Expected:
    """What each counted method should hold; `cash` is the drawer's."""

    by_method: dict[str, int]
    cash_method: str | None
    fundo_cents: int
    suprimentos_cents: int
    sangrias_cents: int
    credit_used_cents: int = 0

    @property
    def cash_cents(self) -> int:
        return self.by_method.get(self.cash_method, 0) if self.cash_method else self.drawer_without_sales

    @property
    def drawer_without_sales(self) -> int:
        return self.fundo_cents + self.suprimentos_cents - self.sangrias_cents


def expected(fundo_cents: int, flows: Iterable[MethodFlow], movements: Iterable[Movement]) -> Expected:
    flows = list(flows)
    moves = list(movements)
    suprimentos = sum(m.amount_cents for m in moves if m.kind == SUPRIMENTO)
    sangrias = sum(m.amount_cents for m in moves if m.kind == SANGRIA)
    cash = next((f.name for f in flows if f.is_cash), None)
    by_method = {f.name: f.sales_cents - f.out_cents for f in flows if f.moves_money}
    if cash is not None:
        by_method[cash] = by_method.get(cash, 0) + fundo_cents + suprimentos - sangrias
    credit = sum(f.sales_cents for f in flows if not f.moves_money)
    return Expected(by_method, cash, fundo_cents, suprimentos, sangrias, credit)


def check_amount(amount_cents: int, field: str) -> int:
    if amount_cents <= 0:
        raise DomainError("turno_amount_positive", field)
    return amount_cents


def check_reason(reason: str | None, field: str, *, required: bool) -> str:
    text = " ".join((reason or "").split())
    if required and not text:
        raise DomainError("turno_reason_missing", field)
    if len(text) > MAX_REASON:
        raise DomainError("turno_reason_too_long", field, {"max": MAX_REASON})
    bad = next((c for c in text if not c.isprintable()), None)
    if bad is not None:
        raise DomainError("text_control_chars", field, {"char": f"U+{ord(bad):04X}"})
    return text


def check_sangria(amount_cents: int, drawer_cents: int) -> None:
    """A sangria never takes the drawer's cash below zero."""
    if amount_cents > drawer_cents:
        raise DomainError("turno_sangria_above_drawer", "valor", {"amount": amount_cents, "cash": drawer_cents})


def cash_from_notes(notes: Mapping[int, int], field: str = "contagem") -> int:
    """The drawer's cash counted by notes and coins ({centavos of the note: how many})."""
    total = 0
    for value, quantity in notes.items():
        if value not in DENOMINATIONS:
            raise DomainError("turno_denomination", field, {"value": f"{value / 100:.2f}".replace(".", ",")})
        if quantity < 0 or quantity > 100_000:
            raise DomainError("turno_quantity", field, {"value": quantity})
        total += value * quantity
    return total


@dataclass(frozen=True)
class CountLine:
    method: str
    counted_cents: int
    expected_cents: int

    @property
    def difference_cents(self) -> int:
        """Positive: sobra (more than expected); negative: falta."""
        return self.counted_cents - self.expected_cents


@dataclass(frozen=True)
class Closing:
    lines: tuple[CountLine, ...]
    reason: str
    problems: list[DomainError] = field(default_factory=list)

    @property
    def total_difference_cents(self) -> int:
        return sum(line.difference_cents for line in self.lines)


def close(expected_amounts: Expected, counted: Mapping[str, int], *, reason: str | None,
          limit_cents: int) -> Closing:
    """Each counted method against its expected amount; a reason is required when any method's
    difference is above `limit_cents` (either way). Every method the turno expects must be counted
    (a method never used counts as 0 unless given)."""
    unknown = sorted(set(counted) - set(expected_amounts.by_method))
    if unknown:
        raise DomainError("turno_method_unknown", "contagem", {"value": ", ".join(unknown)})
    for name, cents in counted.items():
        if cents < 0:
            raise DomainError("turno_amount_negative", "contagem", {"value": name})
    lines = tuple(CountLine(name, counted.get(name, 0), cents) for name, cents in expected_amounts.by_method.items())
    needs_reason = any(abs(line.difference_cents) > limit_cents for line in lines)
    text = check_reason(reason, "motivo", required=needs_reason)
    return Closing(lines, text)

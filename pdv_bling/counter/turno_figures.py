"""What a turno's records add up to: money per payment method (domain/turno.py does the
arithmetic), and the report's counts — sales, average ticket, cancellations, returns, credit,
movements. Read-only; the records are this caixa's own (`origin_id IS NULL`) inside the turno's
window (from its abertura to its fechamento, or now)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pdv_bling.domain.money import allocate
from pdv_bling.domain.turno import Expected, MethodFlow, Movement, expected
from pdv_bling.store.models import (
    PaymentMethod,
    Sale,
    SalePayment,
    SaleReturn,
    StoreCreditEntry,
    Turno,
    utcnow,
)

STORE_CREDIT = "store_credit"
NO_MONEY = frozenset({STORE_CREDIT, "loyalty", "gift_card"})  # paid with what the store gave before: no cash, no card


@dataclass
class TurnoFigures:
    expected: Expected
    sales_count: int = 0
    sales_cents: int = 0
    cancelled_count: int = 0
    cancelled_cents: int = 0
    returns_count: int = 0
    refunded_cents: int = 0
    credit_granted_cents: int = 0
    by_method_sales: dict[str, int] = field(default_factory=dict)

    @property
    def average_ticket_cents(self) -> int:
        return round(self.sales_cents / self.sales_count) if self.sales_count else 0


def _methods(session: Session) -> dict[int, PaymentMethod]:
    return {m.id: m for m in session.scalars(select(PaymentMethod))}


def figures(session: Session, turno: Turno, *, until: dt.datetime | None = None) -> TurnoFigures:
    end = turno.closed_at or until or utcnow()
    start = turno.opened_at
    methods = _methods(session)
    taken: dict[int, int] = defaultdict(int)
    out: dict[int, int] = defaultdict(int)
    own = Sale.origin_id.is_(None)
    in_window = (Sale.created_at >= start) & (Sale.created_at < end)
    sold = session.execute(
        select(SalePayment.payment_method_id, func.sum(SalePayment.amount_cents))
        .join(Sale, Sale.id == SalePayment.sale_id)
        .where(own, in_window, Sale.status != "cancelled").group_by(SalePayment.payment_method_id))
    for method_id, cents in sold:
        taken[method_id] += int(cents or 0)
    count, total = session.execute(select(func.count(), func.coalesce(func.sum(Sale.total_cents), 0))
                                   .where(own, in_window, Sale.status != "cancelled", Sale.kind == "sale")).one()
    figures_ = TurnoFigures(expected=expected(0, [], []), sales_count=int(count), sales_cents=int(total))
    _cancellations(session, start, end, out, figures_)
    _refunds(session, start, end, methods, out, figures_)
    figures_.credit_granted_cents = int(session.execute(
        select(func.coalesce(func.sum(StoreCreditEntry.amount_cents), 0)).where(
            StoreCreditEntry.origin_id.is_(None), StoreCreditEntry.amount_cents > 0,
            StoreCreditEntry.created_at >= start, StoreCreditEntry.created_at < end)).scalar_one())
    flows = [MethodFlow(m.name, is_cash=m.kind == "cash", moves_money=m.kind not in NO_MONEY,
                        sales_cents=taken.get(m.id, 0), out_cents=out.get(m.id, 0))
             for m in sorted(methods.values(), key=lambda m: (m.kind != "cash", m.id))
             if m.active or taken.get(m.id) or out.get(m.id)]
    figures_.expected = expected(turno.fundo_cents, flows,
                                 [Movement(m.kind, m.amount_cents) for m in turno.movements])
    figures_.by_method_sales = {methods[i].name: c for i, c in taken.items()}
    return figures_


def _cancellations(session: Session, start: dt.datetime, end: dt.datetime, out: dict[int, int],
                   figures_: TurnoFigures) -> None:
    """Sales cancelled during the turno: counted; one sold in an earlier turno gives its money back now."""
    cancelled = session.scalars(select(Sale).where(Sale.origin_id.is_(None), Sale.status == "cancelled",
                                                   Sale.cancelled_at >= start, Sale.cancelled_at < end))
    for sale in cancelled:
        figures_.cancelled_count += 1
        figures_.cancelled_cents += sale.total_cents
        if sale.created_at < start:
            for payment in sale.payments:
                out[payment.payment_method_id] += payment.amount_cents


def _refunds(session: Session, start: dt.datetime, end: dt.datetime, methods: dict[int, PaymentMethod],
             out: dict[int, int], figures_: TurnoFigures) -> None:
    """Returns during the turno; a refund goes back through the original sale's payment methods
    (in proportion to what each paid; store credit moves no money)."""
    returns = session.scalars(select(SaleReturn).where(SaleReturn.origin_id.is_(None),
                                                       SaleReturn.created_at >= start, SaleReturn.created_at < end))
    for sale_return in returns:
        figures_.returns_count += 1
        if sale_return.settlement != "refund":
            continue
        original = session.get(Sale, sale_return.original_sale_id)
        paid = [p for p in (original.payments if original else [])
                if methods[p.payment_method_id].kind not in NO_MONEY and p.amount_cents > 0]
        new_sale = session.get(Sale, sale_return.new_sale_id) if sale_return.new_sale_id else None
        amount = sale_return.returned_cents - (new_sale.total_cents if new_sale else 0)  # what went back
        figures_.refunded_cents += amount
        if not paid:
            cash = next((m.id for m in methods.values() if m.kind == "cash"), None)
            if cash is not None:
                out[cash] += amount
            continue
        for payment, share in zip(paid, allocate(amount, [p.amount_cents for p in paid]), strict=True):
            out[payment.payment_method_id] += share

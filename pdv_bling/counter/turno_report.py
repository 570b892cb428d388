"""Relatório X and Relatório Z of a turno de caixa, as data (the slip, the screen and `--json`
read the same): per payment method, with the sales count, the average ticket, cancellations,
returns, store credit and the suprimentos and sangrias.

The X is the open turno as it stands, and closes nothing. In a fechamento cego it hides what
would tell the cashier the drawer's expected amounts (money figures of the sales and each
method's expected amount) unless the caller may see them (`reveal`: the manager). The Z is the
fechamento as it was recorded (the turno's summary, whatever changed since): counted, expected
and the difference per method, and the reason given.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pdv_bling.counter.turno import current_turno, recent_turnos
from pdv_bling.counter.turno_figures import figures
from pdv_bling.domain.errors import DomainError
from pdv_bling.store.models import Turno, utcnow

X, Z = "x", "z"


@dataclass(frozen=True)
class MethodLine:
    method: str
    sales_cents: int | None  # taken by the turno's sales, net of change (None: hidden)
    expected_cents: int | None  # None: hidden (X of a fechamento cego)
    counted_cents: int | None = None  # the Z's
    difference_cents: int | None = None  # the Z's: counted − expected (+ sobra, − falta)


@dataclass(frozen=True)
class MovementLine:
    kind: str  # suprimento | sangria
    at: dt.datetime
    amount_cents: int
    operator: str
    reason: str


@dataclass(frozen=True)
class TurnoReport:
    kind: str  # x | z
    turno_id: int
    turno_uid: str
    terminal_id: str
    operator: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    closed_by: str | None
    blind: bool
    revealed: bool  # False: an X of a fechamento cego, its money figures hidden
    made_at: dt.datetime
    fundo_cents: int
    sales_count: int
    sales_cents: int | None
    average_ticket_cents: int | None
    cancelled_count: int
    cancelled_cents: int | None
    returns_count: int
    refunded_cents: int | None
    credit_granted_cents: int
    credit_used_cents: int
    suprimentos_cents: int
    sangrias_cents: int
    cash_method: str | None
    expected_cash_cents: int | None
    methods: tuple[MethodLine, ...]
    movements: tuple[MovementLine, ...]
    total_difference_cents: int | None = None
    reason: str = ""

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        for key in ("opened_at", "closed_at", "made_at"):
            data[key] = data[key].isoformat() if data[key] is not None else None
        for movement in data["movements"]:
            movement["at"] = movement["at"].isoformat()
        return data


def find_turno(session: Session, turno_id: int | None, *, kind: str) -> Turno:
    """The turno numbered `turno_id`; without one, the open turno for an X, the last closed one for a Z."""
    if turno_id is not None:
        turno = session.get(Turno, turno_id)
        if turno is None:
            raise DomainError("turno_none", "turno", {"value": turno_id})
    elif kind == X:
        turno = current_turno(session)
        if turno is None:
            raise DomainError("turno_not_open", "turno")
    else:
        turno = session.scalars(select(Turno).where(Turno.closed_at.is_not(None)).order_by(Turno.id.desc())).first()
        if turno is None:
            raise DomainError("turno_report_z_none", "turno")
    if kind == X and turno.closed_at is not None:
        raise DomainError("turno_report_x_closed", "turno", {"value": turno.id})
    if kind == Z and turno.closed_at is None:
        raise DomainError("turno_report_z_open", "turno", {"value": turno.id})
    return turno


def report(session: Session, turno_id: int | None = None, *, kind: str, reveal: bool = False,
           now: dt.datetime | None = None) -> TurnoReport:
    """Raises DomainError (no such turno, X of a closed one, Z of an open one)."""
    turno = find_turno(session, turno_id, kind=kind)
    return relatorio_z(turno, now=now) if kind == Z else relatorio_x(session, turno, reveal=reveal, now=now)


def _movements(turno: Turno) -> tuple[MovementLine, ...]:
    return tuple(MovementLine(m.kind, m.created_at, m.amount_cents, m.operator, m.reason) for m in turno.movements)


def _head(turno: Turno, kind: str, made_at: dt.datetime) -> dict[str, Any]:
    return {"kind": kind, "turno_id": turno.id, "turno_uid": turno.uid, "terminal_id": turno.terminal_id,
            "operator": turno.operator, "opened_at": turno.opened_at, "closed_at": turno.closed_at,
            "closed_by": turno.closed_by, "blind": turno.blind, "made_at": made_at, "fundo_cents": turno.fundo_cents,
            "movements": _movements(turno)}


def relatorio_x(session: Session, turno: Turno, *, reveal: bool = False, now: dt.datetime | None = None) -> TurnoReport:
    made_at = now or utcnow()
    found = figures(session, turno, until=made_at)
    shown = reveal or not turno.blind
    expected = found.expected
    methods = tuple(MethodLine(name, found.by_method_sales.get(name, 0) if shown else None,
                               cents if shown else None)
                    for name, cents in expected.by_method.items()
                    if name == expected.cash_method or cents or found.by_method_sales.get(name))

    def money(cents: int) -> int | None:
        return cents if shown else None

    return TurnoReport(
        **_head(turno, X, made_at), revealed=shown, sales_count=found.sales_count,
        sales_cents=money(found.sales_cents), average_ticket_cents=money(found.average_ticket_cents),
        cancelled_count=found.cancelled_count, cancelled_cents=money(found.cancelled_cents),
        returns_count=found.returns_count, refunded_cents=money(found.refunded_cents),
        credit_granted_cents=found.credit_granted_cents, credit_used_cents=expected.credit_used_cents,
        suprimentos_cents=expected.suprimentos_cents, sangrias_cents=expected.sangrias_cents,
        cash_method=expected.cash_method, expected_cash_cents=money(expected.cash_cents), methods=methods)


def relatorio_z(turno: Turno, *, now: dt.datetime | None = None) -> TurnoReport:
    summary: dict[str, Any] = dict(turno.summary or {})
    expected: dict[str, int] = summary.get("expected") or {}
    counted: dict[str, int] = summary.get("counted") or {}
    difference: dict[str, int] = summary.get("difference") or {}
    sales: dict[str, int] = summary.get("by_method_sales") or {}
    cash = summary.get("cash_method")
    methods = tuple(MethodLine(name, int(sales.get(name, 0)), int(cents), int(counted.get(name, 0)),
                               int(difference.get(name, 0)))
                    for name, cents in expected.items()
                    if name == cash or cents or counted.get(name) or sales.get(name))
    return TurnoReport(
        **_head(turno, Z, now or utcnow()), revealed=True, sales_count=int(summary.get("sales_count", 0)),
        sales_cents=int(summary.get("sales_cents", 0)), average_ticket_cents=int(summary.get("average_ticket_cents", 0)),
        cancelled_count=int(summary.get("cancelled_count", 0)), cancelled_cents=int(summary.get("cancelled_cents", 0)),
        returns_count=int(summary.get("returns_count", 0)), refunded_cents=int(summary.get("refunded_cents", 0)),
        credit_granted_cents=int(summary.get("credit_granted_cents", 0)),
        credit_used_cents=int(summary.get("credit_used_cents", 0)),
        suprimentos_cents=int(summary.get("suprimentos_cents", 0)), sangrias_cents=int(summary.get("sangrias_cents", 0)),
        cash_method=cash, expected_cash_cents=int(expected.get(cash, 0)) if cash else None, methods=methods,
        total_difference_cents=int(summary.get("total_difference_cents", 0)), reason=str(summary.get("reason") or ""))


@dataclass(frozen=True)
class TurnoListed:
    """One line of the last days' turnos (the list the screen browses, `caixa turnos`)."""

    id: int
    uid: str
    terminal_id: str
    operator: str
    opened_at: dt.datetime
    fundo_cents: int
    closed_at: dt.datetime | None
    closed_by: str | None
    total_difference_cents: int | None  # None while open

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["opened_at"] = self.opened_at.isoformat()
        data["closed_at"] = self.closed_at.isoformat() if self.closed_at else None
        return data


def turnos_of_last_days(session: Session, *, days: int = 30, now: dt.datetime | None = None) -> list[TurnoListed]:
    """The turnos opened in the last `days` days, newest first (and the open one, however old)."""
    rows = recent_turnos(session, days=days, now=now)
    open_now = current_turno(session)
    if open_now is not None and all(t.id != open_now.id for t in rows):
        rows.insert(0, open_now)
    return [TurnoListed(t.id, t.uid, t.terminal_id, t.operator, t.opened_at, t.fundo_cents, t.closed_at, t.closed_by,
                        _int((t.summary or {}).get("total_difference_cents")) if t.closed_at else None)
            for t in rows]


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0

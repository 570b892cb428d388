"""The turno de caixa at the counter: abertura (operator, fundo de troco), suprimento, sangria and
fechamento (each payment method counted), recorded as a sale is — one transaction each, nothing
half-written on a power cut, nothing twice (one open turno per caixa is a unique index; a second
fechamento finds the turno closed).

Suprimentos, sangrias and the cash difference of a fechamento are posted to Bling's Caixa e Bancos
through the outbox (`caixa_lancamento`, sync/caixa_lancamento.py), in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pdv_bling.base.zone import BLING_ZONE, local
from pdv_bling.counter.turno_figures import TurnoFigures, figures
from pdv_bling.domain.errors import DomainError, DomainErrors
from pdv_bling.domain.turno import (
    SANGRIA,
    SUPRIMENTO,
    Closing,
    cash_from_notes,
    check_amount,
    check_reason,
    check_sangria,
    close,
)
from pdv_bling.store import outbox
from pdv_bling.store.engine import Store
from pdv_bling.store.identity import installation_id
from pdv_bling.store.models import Seller, Turno, TurnoCount, TurnoMovement, utcnow
from pdv_bling.store.settings import load_settings

MAX_OPERATOR = 120


@dataclass(frozen=True)
class TurnoRef:
    id: int
    uid: str
    operator: str
    opened_at: dt.datetime
    fundo_cents: int
    blind: bool


def current_turno(session: Session) -> Turno | None:
    return session.scalars(select(Turno).where(Turno.closed_at.is_(None)).order_by(Turno.id.desc())).first()


def has_open_turno(session: Session) -> bool:
    return session.execute(select(func.count()).select_from(Turno).where(Turno.closed_at.is_(None))).scalar_one() > 0


def _operator(session: Session, name: str | None) -> str:
    """A registered, active operator by name (any name where the caixa has no operators at all)."""
    text = " ".join((name or "").split())
    if not text:
        raise DomainError("text_required", "operador")
    if len(text) > MAX_OPERATOR or any(not c.isprintable() for c in text):
        raise DomainError("turno_operator_unknown", "operador", {"value": text[:40]})
    operators = list(session.scalars(select(Seller)))
    if not operators:
        return text
    found = next((s for s in operators if s.name.lower() == text.lower() and s.active), None)
    if found is None:
        raise DomainError("turno_operator_unknown", "operador", {"value": text[:40]})
    return found.name


def open_turno(store: Store, *, operator: str, fundo_cents: int, now: dt.datetime | None = None) -> TurnoRef:
    if fundo_cents < 0:
        raise DomainErrors([DomainError("turno_amount_negative", "fundo", {"value": "fundo de troco"})])
    when = now or utcnow()
    try:
        with store.transaction() as session:
            name = _as_errors(lambda: _operator(session, operator))
            _refuse_if_open(session)
            settings = load_settings(session)
            turno = Turno(terminal_id=settings.terminal_id, installation_id=installation_id(session), operator=name,
                          opened_at=when, fundo_cents=fundo_cents, blind=settings.turno_blind)
            session.add(turno)
            session.flush()
            return _ref(turno)
    except IntegrityError:  # another window or command opened one at the same instant
        with store.read() as session:
            _refuse_if_open(session)
        raise


def _refuse_if_open(session: Session) -> None:
    turno = current_turno(session)
    if turno is not None:
        raise DomainErrors([DomainError("turno_already_open", "turno", {
            "operator": turno.operator, "since": local(turno.opened_at).strftime("%d/%m %H:%M")})])


def _ref(turno: Turno) -> TurnoRef:
    return TurnoRef(turno.id, turno.uid, turno.operator, turno.opened_at, turno.fundo_cents, turno.blind)


def _as_errors(make: Any) -> Any:
    try:
        return make()
    except DomainError as exc:
        raise DomainErrors([exc]) from None


def _open(session: Session) -> Turno:
    turno = current_turno(session)
    if turno is None:
        raise DomainErrors([DomainError("turno_not_open", "turno")])
    return turno


def add_movement(store: Store, *, kind: str, amount_cents: int, reason: str, operator: str,
                 now: dt.datetime | None = None) -> int:
    """A suprimento or a sangria (a sangria never takes the drawer below zero); its posting to
    Caixa e Bancos is queued in the same transaction."""
    assert kind in (SUPRIMENTO, SANGRIA)
    when = now or utcnow()
    with store.transaction() as session:
        errors: list[DomainError] = []
        for check in (lambda: check_amount(amount_cents, "valor"), lambda: check_reason(reason, "motivo", required=True),
                      lambda: _operator(session, operator)):
            try:
                check()
            except DomainError as exc:
                errors.append(exc)
        if errors:
            raise DomainErrors(errors)
        turno = _open(session)
        if kind == SANGRIA:
            drawer = figures(session, turno, until=when).expected.cash_cents
            _as_errors(lambda: check_sangria(amount_cents, drawer))
        movement = TurnoMovement(turno_id=turno.id, kind=kind, amount_cents=amount_cents,
                                 reason=check_reason(reason, "motivo", required=True),
                                 operator=_operator(session, operator), created_at=when)
        session.add(movement)
        session.flush()
        _post(session, turno, uid=movement.uid, papel=kind, cents=amount_cents, when=when,
              words=f"{'Suprimento' if kind == SUPRIMENTO else 'Sangria'} — {movement.operator}: {movement.reason}")
        return movement.id


def _post(session: Session, turno: Turno, *, uid: str, papel: str, cents: int, when: dt.datetime, words: str) -> None:
    """Queue a lançamento in Caixa e Bancos: money into the caixa account (C) or out of it (D)."""
    deb_cred = "C" if papel in (SUPRIMENTO, "sobra") else "D"
    outbox.enqueue(session, chain=f"turno:{turno.uid}", kind=outbox.CAIXA_LANCAMENTO, payload={
        "uid": uid, "data": when.astimezone(BLING_ZONE).date().isoformat(), "valor_cents": cents,
        "debCred": deb_cred, "papel": papel, "historico": f"PDV Bling {turno.terminal_id} — {words}"[:900]})


def expected_for_cashier(session: Session, turno: Turno) -> TurnoFigures | None:
    """The expected amounts as the counter may show them: none during a fechamento cego."""
    return None if turno.blind else figures(session, turno)


def close_turno(store: Store, *, counted: Mapping[str, int], operator: str, reason: str | None = None,
                notes: Mapping[int, int] | None = None, now: dt.datetime | None = None) -> dict[str, Any]:
    """The fechamento: each method counted against its expected amount (cash may be counted by
    notes and coins), a reason required above the store's limit, the cash difference posted to
    Caixa e Bancos; the turno's summary kept for the Z report. All in one transaction."""
    when = now or utcnow()
    with store.transaction() as session:
        turno = current_turno(session)
        if turno is None:
            last = session.scalars(select(Turno).order_by(Turno.id.desc())).first()
            if last is not None and last.closed_at is not None:
                raise DomainErrors([DomainError("turno_already_closed", "turno",
                                                {"since": local(last.closed_at).strftime("%d/%m %H:%M")})])
            raise DomainErrors([DomainError("turno_not_open", "turno")])
        name = _as_errors(lambda: _operator(session, operator))
        settings = load_settings(session)
        found = figures(session, turno, until=when)
        amounts = dict(counted)
        if notes is not None and found.expected.cash_method is not None:
            amounts[found.expected.cash_method] = _as_errors(lambda: cash_from_notes(notes))
        closing: Closing = _as_errors(lambda: close(found.expected, amounts, reason=reason,
                                                    limit_cents=settings.turno_difference_limit_cents))
        for line in closing.lines:
            session.add(TurnoCount(turno_id=turno.id, method=line.method, counted_cents=line.counted_cents,
                                   expected_cents=line.expected_cents,
                                   notes={str(k): v for k, v in notes.items()} if notes is not None
                                   and line.method == found.expected.cash_method else None))
        turno.closed_at, turno.closed_by, turno.difference_reason = when, name, closing.reason or None
        turno.summary = summary_of(found, closing)
        cash_line = next((line for line in closing.lines if line.method == found.expected.cash_method), None)
        if cash_line is not None and cash_line.difference_cents:
            papel = "sobra" if cash_line.difference_cents > 0 else "falta"
            _post(session, turno, uid=f"{turno.uid[:28]}dif", papel=papel, cents=abs(cash_line.difference_cents),
                  when=when, words=f"{'Sobra' if papel == 'sobra' else 'Falta'} de caixa no fechamento — {name}"
                  + (f": {closing.reason}" if closing.reason else ""))
        return dict(turno.summary)


def summary_of(found: TurnoFigures, closing: Closing | None) -> dict[str, Any]:
    lines = closing.lines if closing is not None else ()
    return {
        "expected": found.expected.by_method, "cash_method": found.expected.cash_method,
        "counted": {line.method: line.counted_cents for line in lines},
        "difference": {line.method: line.difference_cents for line in lines},
        "total_difference_cents": closing.total_difference_cents if closing else 0,
        "reason": closing.reason if closing else "",
        "fundo_cents": found.expected.fundo_cents, "suprimentos_cents": found.expected.suprimentos_cents,
        "sangrias_cents": found.expected.sangrias_cents, "credit_used_cents": found.expected.credit_used_cents,
        "credit_granted_cents": found.credit_granted_cents, "sales_count": found.sales_count,
        "sales_cents": found.sales_cents, "average_ticket_cents": found.average_ticket_cents,
        "cancelled_count": found.cancelled_count, "cancelled_cents": found.cancelled_cents,
        "returns_count": found.returns_count, "refunded_cents": found.refunded_cents,
        "by_method_sales": found.by_method_sales,
    }


def recent_turnos(session: Session, *, days: int = 30, now: dt.datetime | None = None) -> list[Turno]:
    since = (now or utcnow()) - dt.timedelta(days=days)
    return list(session.scalars(select(Turno).where(Turno.opened_at >= since).order_by(Turno.id.desc())))

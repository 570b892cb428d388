"""Store mode: a caixa's turnos de caixa handed over to the store database, keyed by their uid.

A sale is made once; a turno changes after it is made (suprimentos, sangrias, sales that move what
its drawer should hold, the fechamento). So a turno moves as a customer's update does: an upsert
by uid, repeated harmlessly — a pass whose answer was lost is simply made again, no batch is left
in doubt. Each pass sends the open turno (with what its drawer should hold now, the retaguarda's
live figure), every turno closed since it was last taken, and the movements the store lacks.

The store keeps what cannot go back: a closed turno never reopens (a caixa restored from an older
copy cannot undo a fechamento), a figure older than the one it has is ignored, and a movement or a
fechamento's count arrives once. A turno the store refuses (another open turno under the same
terminal) waits on the caixa for the next pass; the others go on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pdv_bling.counter.turno_figures import figures
from pdv_bling.store.engine import Store
from pdv_bling.store.models import Turno, TurnoCount, TurnoMovement

log = logging.getLogger(__name__)
TURNO_FIELDS = ("uid", "terminal_id", "operator", "opened_at", "fundo_cents", "blind", "closed_at", "closed_by",
                "difference_reason", "summary")


@dataclass(frozen=True)
class TurnoCopy:
    """A turno as the caixa has it, detached from the caixa's session."""

    fields: dict[str, Any]
    expected_cash_cents: int | None
    movements: tuple[dict[str, Any], ...]
    movement_ids: tuple[int, ...]
    counts: tuple[dict[str, Any], ...]

    @property
    def closed(self) -> bool:
        return self.fields["closed_at"] is not None


def not_handed_over_turnos(session: Session) -> int:
    """Closed turnos and movements the store has not taken yet (the open turno goes every pass)."""
    turnos = session.execute(select(func.count()).select_from(Turno).where(
        Turno.handed_over_at.is_(None), Turno.closed_at.is_not(None))).scalar_one()
    moves = session.execute(select(func.count()).select_from(TurnoMovement).where(
        TurnoMovement.handed_over_at.is_(None))).scalar_one()
    return int(turnos) + int(moves)


def _copies(session: Session, now: dt.datetime) -> list[TurnoCopy]:
    wanted = select(Turno).where(Turno.handed_over_at.is_(None) | Turno.closed_at.is_(None)).order_by(Turno.id)
    copies = []
    for turno in session.scalars(wanted):
        moves = [m for m in turno.movements if m.handed_over_at is None]
        if turno.closed_at is None:
            cash: int | None = figures(session, turno, until=now).expected.cash_cents
        else:
            summary = turno.summary or {}
            expected = summary.get("expected")
            cash = expected.get(str(summary.get("cash_method"))) if isinstance(expected, dict) else None
        copies.append(TurnoCopy(
            fields={name: getattr(turno, name) for name in TURNO_FIELDS}, expected_cash_cents=cash,
            movements=tuple({"uid": m.uid, "kind": m.kind, "amount_cents": m.amount_cents, "reason": m.reason,
                             "operator": m.operator, "created_at": m.created_at} for m in moves),
            movement_ids=tuple(m.id for m in moves),
            counts=tuple({"method": c.method, "counted_cents": c.counted_cents, "expected_cents": c.expected_cents,
                          "notes": c.notes} for c in turno.counts)))
    return copies


def push_turnos(local: Store, server: Store, *, installation: str, now: dt.datetime) -> int:
    """One pass: the caixa's turnos to the store. Returns how many turnos the store took."""
    with local.read() as session:
        copies = _copies(session, now)
    if not copies:
        return 0
    taken: list[TurnoCopy] = []
    with server.transaction() as dst:
        for copy in copies:
            try:
                with dst.begin_nested():
                    _upsert(dst, copy, installation, now)
                taken.append(copy)
            except IntegrityError as exc:
                log.warning("turno %s not taken by the store: %s", copy.fields["uid"], str(exc.orig).splitlines()[0])
    closed = [copy.fields["uid"] for copy in taken if copy.closed]  # never changes again
    moved = [i for copy in taken for i in copy.movement_ids]
    if closed or moved:  # an open turno goes every pass: nothing to mark, no write on the caixa
        with local.transaction() as session:
            if closed:
                session.execute(update(Turno).where(Turno.uid.in_(closed), Turno.closed_at.is_not(None))
                                .values(handed_over_at=now))
            if moved:
                session.execute(update(TurnoMovement).where(TurnoMovement.id.in_(moved)).values(handed_over_at=now))
    return len(taken)


def _upsert(dst: Session, copy: TurnoCopy, installation: str, now: dt.datetime) -> None:
    row = dst.scalars(select(Turno).where(Turno.uid == copy.fields["uid"]).with_for_update()).first()
    if row is None:
        row = Turno(**copy.fields, installation_id=installation, handed_over_at=now,
                    expected_cash_cents=copy.expected_cash_cents, figures_at=now)
        dst.add(row)
        dst.flush()
    elif row.closed_at is None:  # the store's copy moves forward only: a fechamento is never undone
        if copy.closed:
            for name in ("closed_at", "closed_by", "difference_reason", "summary"):
                setattr(row, name, copy.fields[name])
        if row.figures_at is None or row.figures_at <= now:
            row.expected_cash_cents, row.figures_at = copy.expected_cash_cents, now
        row.handed_over_at = now
    known = set(dst.scalars(select(TurnoMovement.uid).where(TurnoMovement.turno_id == row.id)))
    for move in copy.movements:
        if move["uid"] not in known:
            dst.add(TurnoMovement(turno_id=row.id, handed_over_at=now, **move))
    if copy.closed and row.closed_at is not None and not dst.scalars(
            select(TurnoCount.id).where(TurnoCount.turno_id == row.id)).first():
        for count in copy.counts:
            dst.add(TurnoCount(turno_id=row.id, **count))
    dst.flush()


@dataclass(frozen=True)
class OpenTurno:
    """A caixa's open turno as the store last heard of it (`store status`)."""

    terminal_id: str
    installation_id: str | None
    operator: str
    opened_at: dt.datetime
    expected_cash_cents: int | None
    figures_at: dt.datetime | None
    overnight: bool  # opened on an earlier day than today (the store's time zone)

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        for key in ("opened_at", "figures_at"):
            data[key] = data[key].isoformat() if data[key] is not None else None
        return data


def open_turnos(session: Session, *, today: dt.date, zone: dt.tzinfo) -> list[OpenTurno]:
    """Every caixa's open turno in the store database; `overnight` when opened before `today`."""
    rows = session.scalars(select(Turno).where(Turno.closed_at.is_(None)).order_by(Turno.terminal_id))
    return [OpenTurno(t.terminal_id, t.installation_id, t.operator, t.opened_at, t.expected_cash_cents, t.figures_at,
                      t.opened_at.astimezone(zone).date() < today) for t in rows]

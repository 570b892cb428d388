"""Where each sale's NFC-e stands, as the counter shows it (Últimas vendas, the tray, the status
bar, Verificar conta), and what cancelling a sale means for its note. Read-only views plus the one
write a cancellation makes (the note goes "a cancelar no Bling": v3 has no endpoint to cancel an
NFC-e, the manager does it in Bling's screens and the reconciliation reads it back).

A sale needs a note when its chain has the NFC-e steps (the store issues through Bling). Until the
note is authorized it is "pendente"; past the store's wait limit (Configurações, default: the end
of the sale's day) it is overdue, and the status bar, the tray and Verificar conta turn red.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pdv_bling.base.zone import local, local_zone
from pdv_bling.store import outbox
from pdv_bling.store.models import FiscalDocument, NfceNote, OutboxItem, Sale, utcnow
from pdv_bling.store.models import nfce as N

CANCEL_WINDOW = dt.timedelta(minutes=30)  # most UFs (Ajuste SINIEF 19/16 cl. 15ª); "confira o prazo do seu estado"

# what the counter shows (codes; ui/words.py and cli/words.py have the pt_BR)
PENDENTE, AUTORIZADA, REJEITADA, DENEGADA, BLOQUEADA, A_CANCELAR, CANCELADA = (
    "pendente", "autorizada", "rejeitada", "denegada", "bloqueada", "a_cancelar", "cancelada")
_BY_STATE = {N.AUTHORIZED: AUTORIZADA, N.REJECTED: REJEITADA, N.DENIED: DENEGADA, N.BLOCKED: BLOQUEADA,
             N.CANCEL_PENDING: A_CANCELAR, N.CANCELLED: CANCELADA}
WAITING = (PENDENTE, REJEITADA, BLOQUEADA)  # a note still due to the customer


@dataclass(frozen=True)
class NfceStatus:
    sale_id: int
    status: str  # one of the codes above
    numero: str | None = None
    access_key: str | None = None
    link_danfe: str | None = None
    reason: str | None = None
    overdue: bool = False  # still waiting past the store's limit


@dataclass(frozen=True)
class NfceOverview:
    """The tray's and status bar's figures."""

    pending: int  # sales whose note is still to come (pendente, rejeitada, bloqueada)
    overdue: int  # ...of them past the store's wait limit (red)
    to_cancel: int  # notes of cancelled sales still to cancel in Bling


@dataclass(frozen=True)
class CancelNotice:
    """A cancelled sale's authorized note: where and until when to cancel it in Bling."""

    numero: str | None
    access_key: str | None
    authorized_at: dt.datetime | None
    deadline: dt.datetime | None  # authorization + 30 min (most UFs); None when not known yet


def wait_deadline(created_at: dt.datetime, limit_min: int) -> dt.datetime:
    """Until when a sale may wait for its note: `limit_min` after it, or (0) the end of its day
    (the store's day, base/zone.py)."""
    if limit_min > 0:
        return created_at + dt.timedelta(minutes=limit_min)
    day = local(created_at).date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=local_zone())


def _needing(session: Session, sale_ids: Sequence[int] | None) -> set[int]:
    stmt = select(OutboxItem.sale_id).where(OutboxItem.kind == outbox.NFCE_GENERATE)
    if sale_ids is not None:
        stmt = stmt.where(OutboxItem.sale_id.in_(sale_ids))
    return {sid for sid in session.scalars(stmt) if sid is not None}


def nfce_states(session: Session, sale_ids: Sequence[int], *, limit_min: int = 0,
                now: dt.datetime | None = None) -> dict[int, NfceStatus]:
    """Per sale of `sale_ids` that has a note or needs one (others are left out)."""
    if not sale_ids:
        return {}
    moment = now or utcnow()
    notes = {n.sale_id: n for n in session.scalars(select(NfceNote).where(NfceNote.sale_id.in_(sale_ids)))}
    links = dict(session.execute(select(FiscalDocument.sale_id, FiscalDocument.link_danfe).where(
        FiscalDocument.sale_id.in_(list(notes)), FiscalDocument.kind == "nfce",
        FiscalDocument.link_danfe.is_not(None))).all())
    needing = _needing(session, sale_ids)
    sales = {s.id: (s.created_at, s.status) for s in session.execute(
        select(Sale.id, Sale.created_at, Sale.status).where(Sale.id.in_(set(notes) | needing)))}
    out: dict[int, NfceStatus] = {}
    for sale_id, (created_at, sale_status) in sales.items():
        note = notes.get(sale_id)
        status = _BY_STATE.get(note.state, PENDENTE) if note is not None else PENDENTE
        if status == PENDENTE and sale_status == "cancelled":
            continue  # cancelled before its note left: nothing is due
        overdue = status in WAITING and moment >= wait_deadline(created_at, limit_min)
        out[sale_id] = NfceStatus(sale_id, status, note.numero if note else None, note.access_key if note else None,
                                  links.get(sale_id), note.reason if note else None, overdue)
    return out


def nfce_overview(session: Session, *, limit_min: int = 0, now: dt.datetime | None = None,
                  days: int = 30) -> NfceOverview:
    """Counted over the last `days` of sales (an old note still missing stays counted)."""
    since = (now or utcnow()) - dt.timedelta(days=days)
    candidates = [sid for sid in _needing(session, None)]
    candidates += list(session.scalars(select(NfceNote.sale_id).where(NfceNote.state == N.CANCEL_PENDING)))
    recent = list(session.scalars(select(Sale.id).where(Sale.id.in_(set(candidates)), Sale.created_at >= since)))
    states = nfce_states(session, recent, limit_min=limit_min, now=now).values()
    return NfceOverview(pending=sum(1 for s in states if s.status in WAITING),
                        overdue=sum(1 for s in states if s.overdue),
                        to_cancel=sum(1 for s in states if s.status == A_CANCELAR))


def mark_for_cancel(session: Session, sale_id: int, *, now: dt.datetime | None = None) -> CancelNotice | None:
    """The sale was cancelled: an authorized (or already sent) note must be cancelled in Bling."""
    note = session.scalars(select(NfceNote).where(NfceNote.sale_id == sale_id)).first()
    if note is None or note.state not in (N.SENT, N.AUTHORIZED, N.CANCEL_PENDING):
        return None
    note.state = N.CANCEL_PENDING
    note.cancel_asked_at = note.cancel_asked_at or now or utcnow()
    note.updated_at = now or utcnow()
    return cancel_notice(session, sale_id)


def cancel_notice(session: Session, sale_id: int) -> CancelNotice | None:
    note = session.scalars(select(NfceNote).where(NfceNote.sale_id == sale_id)).first()
    if note is None or note.state not in (N.AUTHORIZED, N.CANCEL_PENDING):
        return None  # (a cancel-pending note still at SEFAZ: authorized_at None, the deadline runs from then)
    deadline = note.authorized_at + CANCEL_WINDOW if note.authorized_at else None
    return CancelNotice(note.numero, note.access_key, note.authorized_at, deadline)


def notes_awaited(session: Session, *, within: dt.timedelta = dt.timedelta(minutes=2),
                  now: dt.datetime | None = None) -> list[int]:
    """Sales of the last `within` whose note is still to come (a customer may be waiting for it)."""
    since = (now or utcnow()) - within
    recent = list(session.scalars(select(OutboxItem.sale_id).join(Sale, Sale.id == OutboxItem.sale_id).where(
        OutboxItem.kind == outbox.NFCE_GENERATE, Sale.created_at >= since, Sale.status == "recorded")))
    if not recent:
        return []
    settled = set(session.scalars(select(NfceNote.sale_id).where(
        NfceNote.sale_id.in_(recent), NfceNote.state.notin_((N.DRAFT, N.SENT)))))
    return [sid for sid in recent if sid is not None and sid not in settled]

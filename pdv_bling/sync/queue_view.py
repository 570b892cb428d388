"""The Fila de envio as a person reads it: the open outbox items, what each is doing now, when it
is tried again, and its last problem in the Logs de API's words (fixes.py), never a raw error.

- "sending" only while an attempt is really under way: an item left in flight after a lost answer
  waits to be looked up in Bling ("checking"), and says when;
- a next attempt already due reads "now", never a time in the past;
- trouble on the way to Bling (offline, time-outs, Bling down, 429) shows its suggested check; a
  refusal of the data shows Bling's own words with the fix.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from pdv_bling.store import outbox
from pdv_bling.store.models import OutboxItem, Sale
from pdv_bling.sync.fixes import (
    BLING_INDISPONIVEL,
    LIMITE_POR_SEGUNDO,
    RESPOSTA_PERDIDA,
    SEM_CONEXAO,
    Fix,
)

SENDING, CHECKING, PENDING, PARKED, BLOCKED = "sending", "checking", "pending", "parked", "blocked"
_REPR = re.compile(r"\w(Error|Exception)\b|\w\(['\"]")  # ConnectError('...'), KeyError: a class, not words
ATTEMPT_LIMIT = dt.timedelta(minutes=2)  # longer than any request may take (client time-out and retries)
# Trouble on the way, by the error code an item keeps while it waits (older items kept no fix).
_WAY_FIXES: dict[str, Fix] = {
    "transport": SEM_CONEXAO,
    "outcome_unknown": RESPOSTA_PERDIDA,
    "server": Fix(BLING_INDISPONIVEL.code, BLING_INDISPONIVEL.check.format(status="5xx")),
    "rate_limited": LIMITE_POR_SEGUNDO,
}


@dataclass(frozen=True)
class OutboxRow:
    item_id: int
    kind: str
    state: str
    sale_number: int | None
    attempts: int
    next_attempt_at: dt.datetime | None
    last_error: str | None
    error_code: str | None
    suggested_fix: str | None
    chain: str = ""
    numero_loja: str | None = None  # the sale's store-wide reference (PDV01-0000015)
    attempt_started_at: dt.datetime | None = None
    blocked: bool = False  # waits behind a parked item of its own chain (no attempt is due)
    behind: bool = False  # waits for an earlier item of its own chain to go first


def open_outbox(session: Session, *, limit: int = 500) -> list[OutboxRow]:
    """Pending, in-flight and parked items; parked first (they need someone). Plain columns only:
    no ORM objects and no JSON payloads decoded (this list reloads while a drain runs). An item
    behind a parked one of its own chain is `blocked`: nothing is tried until the parked one is."""
    stmt = (
        select(
            OutboxItem.id, OutboxItem.kind, OutboxItem.state, Sale.number, OutboxItem.attempts,
            OutboxItem.next_attempt_at, OutboxItem.last_error, OutboxItem.error_code, OutboxItem.suggested_fix,
            OutboxItem.chain, Sale.numero_loja, OutboxItem.attempt_started_at,
        )
        .outerjoin(Sale, OutboxItem.sale_id == Sale.id)
        .where(OutboxItem.state != outbox.DONE)
        .order_by((OutboxItem.state == outbox.PARKED).desc(), OutboxItem.id)
        .limit(limit)
    )
    rows = session.execute(stmt).all()
    parked = {row.chain for row in rows if row.state == outbox.PARKED}
    heads: dict[str, int] = {}
    for row in rows:
        heads[row.chain] = min(heads.get(row.chain, row.id), row.id)
    return [replace(OutboxRow(*row), blocked=row.state != outbox.PARKED and row.chain in parked,
                    behind=heads[row.chain] != row.id) for row in rows]


def _aware(when: dt.datetime | None) -> dt.datetime | None:
    return when.replace(tzinfo=dt.UTC) if when is not None and when.tzinfo is None else when


def status(row: OutboxRow, now: dt.datetime) -> str:
    """SENDING, CHECKING, PENDING, PARKED or BLOCKED."""
    if row.state == outbox.PARKED:
        return PARKED
    if row.blocked:
        return BLOCKED
    if row.state != outbox.IN_FLIGHT:
        return PENDING
    started, next_at = _aware(row.attempt_started_at), _aware(row.next_attempt_at)
    running = started is not None and now - started < ATTEMPT_LIMIT and (next_at is None or next_at <= started)
    return SENDING if running else CHECKING


def next_attempt(row: OutboxRow, now: dt.datetime) -> dt.datetime | None:
    """When the item is tried again; None when it is due now (or not up to time: parked, blocked,
    being sent, or waiting for an earlier item of its sale: `row.behind`)."""
    when = _aware(row.next_attempt_at)
    if status(row, now) in (PARKED, BLOCKED, SENDING) or row.behind or when is None or when <= now:
        return None
    return when


def way_fix(row: OutboxRow) -> Fix | None:
    """What a waiting item's trouble is and what to do, as the Logs de API says it: the check kept
    with the item, or (items from before checks were kept) the one its error code stands for."""
    if row.state == outbox.PARKED:
        return None
    known = _WAY_FIXES.get(row.error_code or "")
    if row.suggested_fix:
        return Fix(known.code if known else row.error_code or "", row.suggested_fix)
    return known


def problem(row: OutboxRow) -> str:
    """The item's last problem, one line for the list: a waiting item's check (its first
    sentence); a parked item's refusal in Bling's own words, or its check's headline."""
    fix = way_fix(row)
    if fix is not None:
        return first_sentence(fix.check)
    text = (row.last_error or "").split("\n")[0]
    if not text or _REPR.search(text):  # an item parked by an older version kept a raw error
        return first_sentence(row.suggested_fix or "")
    return text


def technical(row: OutboxRow) -> str:
    """The raw detail, for "Detalhes técnicos": empty when it is a program's own notation."""
    text = row.last_error or ""
    return "" if _REPR.search(text) else text


def first_sentence(text: str) -> str:
    """Up to the first ". " (the check's headline), whole when it has none."""
    cut = text.find(". ")
    return text[: cut + 1] if cut > 0 else text

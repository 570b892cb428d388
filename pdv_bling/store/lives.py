"""A data folder's lives (incarnations): the folder keeps its installation id for ever, but a
restored backup, a copy to another PC or folder, and leaving and joining a store again each begin
a new life. What the old life may have done after the point the new one starts from is unknown,
so a new life answers every rewind the same way ("maybe sent"):

- every queue item not known delivered may have reached Bling already: it is marked `maybe_sent`,
  and the drainer looks it up (numeroLoja, marker, total, items) before any new POST;
- in store mode, every record not known handed over may be in the store already: it is put in
  doubt (a handover batch the store is asked about), so the offline rules leave it alone and the
  next handover sends it again, found by its id if the store has it;
- the sale numbering jumps ahead, so no number the old life used (and maybe sent) is reused;
- a copy on another PC or folder, in single mode, does not send what it inherited until the
  manager says the other copy is gone ("Tentar novamente" in the Fila de envio, which still looks
  each order up first): two copies of one folder sending the same sales would send them twice.

The folder remembers where it lives (machine id and folder path); opening it elsewhere is a copy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pdv_bling.domain.ids import new_incarnation
from pdv_bling.store.models import (
    Counter,
    FiscalDocument,
    OutboxItem,
    Sale,
    SaleReturn,
    StoreCreditEntry,
    utcnow,
)
from pdv_bling.store.settings import get_value, set_value

INCARNATION_KEY = "incarnation"
WHERE_KEY = "folder_lives_at"  # {"machine", "host", "folder"}: where this life began
HISTORY_KEY = "incarnation_history"  # the last lives: {"incarnation", "reason", "at", "host"}
STORE_URL = "store_url"  # as in store.coordination (kept literal: lives sits below it)
NUMBER_GAP = 100_000  # sale numbers skipped when a life begins after a rewind
INHERITED = "herdado"  # the handover batch of records a new life inherited (the store is asked)
COPIED_FOLDER = "pasta_copiada"  # fix code: a copy holds what it inherited until the manager decides
COPIED_FOLDER_FIX = (
    "Esta pasta de dados foi copiada de outro PC ou de outra pasta. Se a pasta original ainda "
    "vende, este envio pode repetir uma venda dela no Bling: use a pasta original e apague esta "
    "cópia. Se a original não vai mais ser usada (PC trocado), clique em Tentar novamente: cada "
    "pedido é procurado no Bling antes de ser enviado, e nada é enviado duas vezes."
)
RESTORE, COPY, REJOIN = "restore", "copy", "rejoin"


@dataclass(frozen=True)
class NewLife:
    incarnation: str
    reason: str
    maybe_sent: int  # queue items put in doubt
    in_doubt: int  # store mode: records not known handed over, to be asked about
    held: int  # single-mode copy: items parked until the manager decides
    next_sale_number: int


def incarnation(session: Session) -> str | None:
    value = get_value(session, INCARNATION_KEY)
    return str(value) if value else None


def where(machine: str, host: str, folder: str) -> dict[str, str]:
    return {"machine": machine, "host": host, "folder": folder}


def check_where(session: Session, *, here: dict[str, str]) -> str | None:
    """At opening: None when the folder opens where its life began (recording it the first time);
    COPY when it was copied or moved to another PC or folder since."""
    known: Any = get_value(session, WHERE_KEY)
    if not isinstance(known, dict) or not incarnation(session):
        set_value(session, WHERE_KEY, here)
        if not incarnation(session):
            set_value(session, INCARNATION_KEY, new_incarnation())
        return None
    if known.get("machine") == here["machine"] and known.get("folder") == here["folder"]:
        return None
    return COPY


def begin_new_life(session: Session, *, reason: str, here: dict[str, str] | None = None,
                   now: dt.datetime | None = None) -> NewLife:
    """Start a new life in the caller's transaction (see the module's docstring)."""
    moment = now or utcnow()
    life = new_incarnation()
    set_value(session, INCARNATION_KEY, life)
    if here is not None:
        set_value(session, WHERE_KEY, here)
    history = list(get_value(session, HISTORY_KEY) or [])[-19:]
    history.append({"incarnation": life, "reason": reason, "at": moment.isoformat(),
                    "host": (here or {}).get("host")})
    set_value(session, HISTORY_KEY, history)
    if reason == REJOIN:  # nothing was rewound: joining again only starts a life the store will know
        return NewLife(life, reason, 0, 0, 0, _next_number(session))
    joined = bool(get_value(session, STORE_URL))
    maybe = _maybe_sent(session, hold=reason == COPY and not joined, now=moment)
    doubt = _put_in_doubt(session) if joined else 0
    return NewLife(life, reason, maybe[0], doubt, maybe[1], _skip_numbers(session))


def _maybe_sent(session: Session, *, hold: bool, now: dt.datetime) -> tuple[int, int]:
    """Every item not delivered (and, in store mode, not handed over) may have been sent."""
    items = session.scalars(select(OutboxItem).where(OutboxItem.state != "done")).all()
    held = 0
    for item in items:
        item.result = {**(item.result or {}), "maybe_sent": True}
        if hold and item.state != "parked":
            item.state, item.error_code, item.suggested_fix = "parked", COPIED_FOLDER, COPIED_FOLDER_FIX
            item.last_error = "pasta copiada de outro PC ou pasta: o envio espera a decisão do gerente"
            item.next_attempt_at = now
            held += 1
    return len(items), held


def _put_in_doubt(session: Session) -> int:
    """Store mode: records not known handed over may be the store's already: ask before owning them."""
    total = 0
    for model in (Sale, SaleReturn, StoreCreditEntry, FiscalDocument, OutboxItem):
        stmt = update(model).where(model.handed_over_at.is_(None)).values(handover_batch=INHERITED)
        if model in (Sale, SaleReturn, StoreCreditEntry):
            stmt = stmt.where(model.origin_id.is_(None))
        if model is OutboxItem:
            stmt = stmt.where(OutboxItem.installation_id.is_(None))
        total += int(session.execute(stmt).rowcount)  # type: ignore[attr-defined]
    return total


def _skip_numbers(session: Session) -> int:
    counter = session.get(Counter, "sale_number") or Counter(name="sale_number", value=0)
    counter.value = (counter.value or 0) + NUMBER_GAP
    session.add(counter)
    session.flush()
    return counter.value + 1


def _next_number(session: Session) -> int:
    counter = session.get(Counter, "sale_number")
    return (counter.value if counter is not None else 0) + 1

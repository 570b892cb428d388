"""Joining a data folder to a store (`pdv-bling store join URL --terminal PDV02`), and leaving it.

The store hands out terminal ids: a terminal id belongs to one installation, and an installation
joins once (a folder copied from another caixa carries the same installation id and is refused).
A folder joins only when its own queue is empty (every record delivered to Bling by itself): its
records then have one owner, itself, and after the first handover, the store. What it recorded
before joining goes to the store as history (so any caixa can exchange those sales).
"""

from __future__ import annotations

import re
import socket
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from pdv_bling.counter.terminal import adopt_terminal
from pdv_bling.retaguarda import replica
from pdv_bling.retaguarda.server import (
    StoreServerError,
    check_schema,
    normalize_url,
    open_server,
    save_password,
    unreachable,
)
from pdv_bling.store import outbox
from pdv_bling.store.context import AppContext
from pdv_bling.store.coordination import STORE_URL_KEY
from pdv_bling.store.engine import Store
from pdv_bling.store.identity import installation_id
from pdv_bling.store.models import PaymentMethod, Seller, Setting, StoreCaixa, utcnow
from pdv_bling.store.settings import get_value, load_settings, set_value

TERMINAL_RE = re.compile(r"^[A-Za-z0-9_-]{1,20}$")


@dataclass(frozen=True)
class Joined:
    terminal: str
    installation: str
    url: str
    already: bool


def store_url(local: Store) -> str | None:
    with local.read() as session:
        value = get_value(session, STORE_URL_KEY)
    return str(value) if value else None


def join_store(ctx: AppContext, raw_url: str, *, terminal: str, password: str | None = None) -> Joined:
    """Register this folder as a caixa of the store; nothing is written on a refusal."""
    url, in_url = normalize_url(raw_url)
    secret = password if password is not None else in_url
    if not TERMINAL_RE.match(terminal):
        raise StoreServerError("terminal_id_invalid", "terminal", {"value": terminal[:30]})
    with ctx.store.read() as session:
        me = str(installation_id(session))
        counts = outbox.counts(session)
        current = get_value(session, STORE_URL_KEY)
    undelivered = counts[outbox.PENDING] + counts[outbox.PARKED]
    if current != url and undelivered:  # one owner per record: this folder delivers its own first
        raise StoreServerError("store_join_pending", None, {"count": undelivered})
    server = open_server(url, password=secret)
    try:
        check_schema(server)
        with server.transaction() as session:
            already = _register(session, me, terminal, rejoin=current == url)
            _seed_store(ctx.store, session)
    except SQLAlchemyError as exc:
        raise unreachable(exc) from None
    finally:
        server.close()
    if secret:
        save_password(url, secret)
    with ctx.store.transaction() as session:
        if load_settings(session).terminal_id != terminal:
            set_value(session, "terminal_id", terminal)
            adopt_terminal(session, terminal)
        set_value(session, STORE_URL_KEY, url)
        replica.forget(session)  # a store it replicated before (or this one, moved) is read whole again
    return Joined(terminal, me, url, already)


def leave_store(local: Store) -> None:
    """Forget the store on this folder (records already handed over stay the store's)."""
    with local.transaction() as session:
        set_value(session, STORE_URL_KEY, None)


def _register(session: Session, me: str, terminal: str, *, rejoin: bool) -> bool:
    mine = session.get(StoreCaixa, me, with_for_update=True)
    holder = session.scalars(select(StoreCaixa).where(StoreCaixa.terminal_id == terminal)).first()
    if holder is not None and holder.installation_id != me:
        raise StoreServerError("store_terminal_taken", "terminal", {
            "terminal": terminal, "other": holder.installation_id[:8], "suggestion": _suggest(session)})
    if mine is not None:
        if not rejoin:
            raise StoreServerError("store_installation_taken", None, {"terminal": mine.terminal_id})
        mine.terminal_id, mine.last_seen_at = terminal, utcnow()
        return True
    session.add(StoreCaixa(installation_id=me, terminal_id=terminal, host=socket.gethostname()[:200],
                           joined_at=utcnow(), last_seen_at=utcnow(), not_handed_over=0))
    session.flush()
    return False


def _suggest(session: Session) -> str:
    taken = set(session.scalars(select(StoreCaixa.terminal_id)))
    return next(f"PDV{n:02d}" for n in range(1, 1000) if f"PDV{n:02d}" not in taken)


def _seed_store(local: Store, session: Session) -> None:
    """The first caixa brings what the store lacks: payment methods with their DE-PARA, sellers,
    and the store-wide settings (stock mode, deposit...). Never overwrites the store's."""
    from pdv_bling.retaguarda.replica import STORE_WIDE_SETTINGS
    from pdv_bling.store.defaults import ensure_defaults

    with local.read() as src:
        methods = [(m.name, m.kind, m.gives_change, m.bling_forma_pagamento_id, m.active)
                   for m in src.scalars(select(PaymentMethod))]
        sellers = [(s.name, s.bling_vendedor_id, s.active) for s in src.scalars(select(Seller))]
        settings = {row.key: row.value for row in src.scalars(select(Setting)) if row.key in STORE_WIDE_SETTINGS}
    ensure_defaults(session)
    session.flush()
    store_methods = {m.name: m for m in session.scalars(select(PaymentMethod))}
    for name, kind, change, forma, active in methods:
        found = store_methods.get(name)
        if found is None:
            session.add(PaymentMethod(name=name, kind=kind, gives_change=change, bling_forma_pagamento_id=forma,
                                      active=active))
        elif found.bling_forma_pagamento_id is None and forma is not None:
            found.bling_forma_pagamento_id = forma
    store_sellers = set(session.scalars(select(Seller.name)))
    for name, vendedor, active in sellers:
        if name not in store_sellers:
            session.add(Seller(name=name, bling_vendedor_id=vendedor, active=active))
    for key, value in settings.items():
        if session.get(Setting, key) is None:
            session.add(Setting(key=key, value=value))

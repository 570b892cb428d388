"""Joining a data folder to a store (`pdv-bling store join URL --terminal PDV02`), and leaving it.

The store hands out terminal ids, and a terminal id is a numeroLoja series: once used in the store
it stays its installation's for ever (`StoreSeries`), through a rename or a leave, so no other caixa
ever numbers a sale the same. A folder joins only when its own queue is empty (every record
delivered to Bling by itself): its records then have one owner, itself, and after the first
handover, the store. What it recorded before joining goes to the store as history.

Joining again is always possible and is how a person tells the store about a folder's new life:
- the same folder after `store leave`: it comes back as a new life (`store.lives`);
- the folder copied to a new PC that replaces a dead one, with the same terminal id: this PC's life
  becomes the caixa's (the old PC is refused from then on);
- a copy that goes on selling beside the original, with another terminal id: the copy becomes a
  caixa of its own (a new installation); the sales it made since the copy take the new series,
  what it inherited stays the original's (found by its own id, never twice).
A join whose answer was lost can simply be repeated.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from pdv_bling.base.machine import host_name
from pdv_bling.counter.terminal import adopt_terminal
from pdv_bling.retaguarda import admission, replica
from pdv_bling.retaguarda.handover import not_handed_over
from pdv_bling.retaguarda.server import (
    StoreServerError,
    check_schema,
    is_offline,
    keep_password,
    normalize_url,
    open_server,
    store_problem,
)
from pdv_bling.store import lives, outbox
from pdv_bling.store.context import AppContext
from pdv_bling.store.coordination import STORE_URL_KEY
from pdv_bling.store.engine import Store
from pdv_bling.store.identity import INSTALLATION_KEY, installation_id, write_identity
from pdv_bling.store.models import (
    OutboxItem,
    PaymentMethod,
    Sale,
    Seller,
    Setting,
    StoreCaixa,
    StoreIncarnation,
    StoreSeries,
    utcnow,
)
from pdv_bling.store.settings import get_value, load_settings, set_value

TERMINAL_RE = re.compile(r"^[A-Za-z0-9_-]{1,20}$")


@dataclass(frozen=True)
class Joined:
    terminal: str
    installation: str
    url: str
    already: bool
    split: bool = False  # a copy that became a caixa of its own


def store_url(local: Store) -> str | None:
    with local.read() as session:
        value = get_value(session, STORE_URL_KEY)
    return str(value) if value else None


def join_store(ctx: AppContext, raw_url: str, *, terminal: str, password: str | None = None) -> Joined:
    """Register this folder as a caixa of the store; nothing is written on a refusal, and a join
    that stopped half-way is finished by running it again."""
    url, in_url = normalize_url(raw_url)
    secret = password if password is not None else in_url
    if not TERMINAL_RE.match(terminal):
        raise StoreServerError("terminal_id_invalid", "terminal", {"value": terminal[:30]})
    with ctx.store.read() as session:
        me = str(installation_id(session))
        counts = outbox.counts(session)
        current = get_value(session, STORE_URL_KEY)
        life = lives.incarnation(session) or ""
    undelivered = counts[outbox.PENDING] + counts[outbox.PARKED]
    if not current and undelivered:  # one owner per record: a single caixa delivers its own first
        raise StoreServerError("store_join_pending", None, {"count": undelivered})  # (a caixa re-pointed
        # at its moved store keeps its queue: the store it joins gets it)
    if secret:  # first: a PC that cannot keep it (and where libpq finds none) refuses before anything is written
        keep_password(url, secret)
    server = open_server(url, password=secret)
    try:
        check_schema(server)
        split = _is_copy_split(server, me, life, terminal)
        joining = uuid.uuid4().hex if split else me
        if split or current != url:
            with ctx.store.transaction() as session:  # a new life joins (a rejoin, or the copy's own)
                lives.begin_new_life(session, reason=lives.REJOIN)
                life = lives.incarnation(session) or ""
        with server.transaction() as session:
            already = _register(session, joining, terminal, life=life, host=host_name())
            _seed_store(ctx.store, session)
    except SQLAlchemyError as exc:
        raise store_problem(exc) from None
    finally:
        server.close()
    with ctx.store.transaction() as session:
        if split:
            _become(session, ctx, joining, me)
        if load_settings(session).terminal_id != terminal:
            set_value(session, "terminal_id", terminal)
            adopt_terminal(session, terminal)
        set_value(session, STORE_URL_KEY, url)
        replica.forget(session)  # a store it replicated before (or this one, moved) is read whole again
    return Joined(terminal, joining, url, already, split)


def _is_copy_split(server: Store, me: str, life: str, terminal: str) -> bool:
    """A copy that goes on beside the original: its life is not the caixa's current one, that one
    is on another PC, and it asks for another terminal id."""
    with server.read() as session:
        caixa = session.get(StoreCaixa, me)
        if caixa is None or caixa.left_at is not None or caixa.terminal_id == terminal:
            return False
        if caixa.incarnation in (None, life):
            return False
        current = session.get(StoreIncarnation, (me, caixa.incarnation))
        return current is not None and current.host != host_name()


def _become(session: Session, ctx: AppContext, new: str, old: str) -> None:
    """The copy takes an installation of its own: the sales it recorded since the copy (never handed
    over, never sent: their order is not "maybe sent" as everything it inherited is) take it, so
    `adopt_terminal` renumbers them under the new series; what it inherited stays in doubt."""
    set_value(session, INSTALLATION_KEY, new)
    write_identity(ctx.paths, new)
    for sale, create in session.execute(select(Sale, OutboxItem).join(OutboxItem, OutboxItem.sale_id == Sale.id).where(
            OutboxItem.kind == outbox.SALE_CREATE, Sale.installation_id == old, Sale.handed_over_at.is_(None),
            Sale.origin_id.is_(None))).all():
        if not (create.result or {}).get("maybe_sent"):
            sale.installation_id, sale.handover_batch = new, None
            session.execute(update(OutboxItem).where(OutboxItem.sale_id == sale.id).values(handover_batch=None))


def leave_store(ctx: AppContext) -> None:
    """Leave the store, only once the store has everything this caixa recorded (a handover pass
    first); the caixa's row and its series stay in the store, and it can join again later."""
    from pdv_bling.retaguarda.caixa import StoreLink

    url = store_url(ctx.store)
    link = ctx.store.coordinator
    if not url or not isinstance(link, StoreLink):
        raise StoreServerError("store_not_joined", None)
    report = link.sync_once()
    if not report.online:
        raise StoreServerError("store_leave_offline", None)
    if report.problem is not None:
        raise report.problem
    with ctx.store.read() as session:
        left = not_handed_over(session) + int(session.execute(
            select(OutboxItem.id).where(OutboxItem.handed_over_at.is_(None), OutboxItem.installation_id.is_(None),
                                        OutboxItem.state != outbox.DONE).limit(1)).first() is not None)
    if left:
        raise StoreServerError("store_leave_pending", None, {"count": left})
    try:
        with link.server().transaction() as session:
            session.execute(update(StoreCaixa).where(StoreCaixa.installation_id == link.installation)
                            .values(left_at=utcnow()))
    except SQLAlchemyError as exc:
        if is_offline(exc):
            raise StoreServerError("store_leave_offline", None) from None
        raise store_problem(exc) from None
    with ctx.store.transaction() as session:
        set_value(session, STORE_URL_KEY, None)


def _register(session: Session, me: str, terminal: str, *, life: str, host: str) -> bool:
    """The store's side of a join (one transaction): the series, the caixa's row, its current life."""
    holder = session.scalars(select(StoreCaixa).where(StoreCaixa.terminal_id == terminal)).first()
    if holder is not None and holder.installation_id != me:
        raise StoreServerError("store_terminal_taken", "terminal", {
            "terminal": terminal, "other": holder.installation_id[:8], "suggestion": _suggest(session)})
    series = session.get(StoreSeries, terminal, with_for_update=True)
    if series is not None and series.installation_id != me:  # freed by a rename: its numbers stay its own
        raise StoreServerError("store_series_taken", "terminal", {
            "terminal": terminal, "other": series.installation_id[:8], "suggestion": _suggest(session)})
    if series is None:
        session.add(StoreSeries(terminal_id=terminal, installation_id=me, first_used_at=utcnow()))
    mine = session.get(StoreCaixa, me, with_for_update=True)
    already = mine is not None
    if mine is None:
        mine = StoreCaixa(installation_id=me, terminal_id=terminal, host=host[:200], joined_at=utcnow(),
                          last_seen_at=utcnow(), not_handed_over=0)
        session.add(mine)
    mine.terminal_id, mine.last_seen_at, mine.left_at, mine.problem = terminal, utcnow(), None, None
    session.flush()
    if life:
        admission.confirm_new_pc(session, installation=me, incarnation=life, host=host)
    return already


def _suggest(session: Session) -> str:
    taken = set(session.scalars(select(StoreCaixa.terminal_id))) | set(session.scalars(select(StoreSeries.terminal_id)))
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

"""Where a store-wide command acts: the one place that decides it.

The DE-PARA, the sellers, the store-wide settings and the send queue belong to the whole store once
a data folder is a caixa of a store or the host of its integrador: the integrador delivers from the
store database, and the caixa's replica overwrites its own copy with the store's on the next pass.
A command that wrote the caixa's SQLite there would print "done" and change nothing (issue 26).

    with acting_on(ctx, writes=True) as scope:      # scope.store: where to read and write
        with scope.store.transaction() as session: ...

- single (no store): this folder's SQLite, as always;
- caixa or integrador host: the store database. A write that cannot reach it raises the pt_BR
  `StoreServerError` (unreachable, busy, refused): nothing is written anywhere. A read on a caixa
  whose store does not answer gets this caixa's copy, with `scope.offline` saying why;
- after a write on a caixa, one link pass brings the change back to the caixa's copy at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError

from pdv_bling.retaguarda.caixa import OFFLINE_CODES, StoreLink
from pdv_bling.retaguarda.server import StoreServerError, check_schema, open_server, store_problem
from pdv_bling.store.context import AppContext
from pdv_bling.store.coordination import STORE_URL_KEY
from pdv_bling.store.engine import Store
from pdv_bling.store.settings import get_value

SINGLE, CAIXA, INTEGRADOR = "single", "caixa", "integrador"
INTEGRATOR_URL_KEY = "integrator_store_url"  # local settings of an integrador host (retaguarda.integrator)


@dataclass(frozen=True)
class Scope:
    mode: str  # single | caixa | integrador
    url: str | None  # the store database (None in single mode)
    store: Store  # where to act: the store database, or this folder's SQLite
    offline: str | None = None  # pt_BR: a caixa's read fell back to its own copy, and why

    @property
    def in_store(self) -> bool:
        return self.mode != SINGLE


def mode_of(ctx: AppContext) -> tuple[str, str | None]:
    """(single | caixa | integrador, the store's URL)."""
    with ctx.store.read() as session:
        caixa_url = get_value(session, STORE_URL_KEY)
        host_url = get_value(session, INTEGRATOR_URL_KEY)
    if caixa_url:
        return CAIXA, str(caixa_url)
    if host_url:
        return INTEGRADOR, str(host_url)
    return SINGLE, None


@contextmanager
def acting_on(ctx: AppContext, *, writes: bool) -> Iterator[Scope]:
    """The store to act on for a store-wide command (see the module's docstring)."""
    mode, url = mode_of(ctx)
    if mode == SINGLE or url is None:
        yield Scope(SINGLE, None, ctx.store)
        return
    link = ctx.store.coordinator if isinstance(ctx.store.coordinator, StoreLink) else None
    server = link.server() if link is not None else open_server(url, application="pdv-bling-cli")
    try:
        try:
            check_schema(server)
        except StoreServerError as exc:
            if writes or mode != CAIXA or exc.code not in OFFLINE_CODES:
                raise
            yield Scope(mode, url, ctx.store, offline=str(exc))
            return
        try:
            yield Scope(mode, url, server)
        except SQLAlchemyError as exc:
            raise store_problem(exc) from None
    finally:
        if link is None:
            server.close()
    if writes and link is not None:
        link.sync_once()  # the replica brings the store's change to this caixa's copy now

"""What the desktop app runs on a caixa of a store, in place of `SyncService`.

A caixa never talks to Bling in store mode: no drainer, no puller, no Bling client. Its one
background job is its link to the store server (`StoreLink`): hand over right after each record
and every few seconds, refresh the replica, release claims left by a crash. The service has the
same methods the app calls on `SyncService` (ui/service.py `SyncServiceLike`):

- `nudge()` (after a sale, an exchange, a retry): the link runs its next pass now;
- `drain_now()` / `pull_now()` ("Sincronizar agora"): one pass now, raising the pt_BR
  `StoreServerError` when the store server cannot be reached;
- `connection_state()`: "connected" (the caixa's way to Bling is the store; the integrador holds
  the Bling tokens), so the first-run guide never asks a caixa to connect;
- `connect_interactive()` / `disconnect()`: refused (`store_bling_on_integrator`);
- `check_account()`: asks the store's integrador to check the account and waits for its report.

After each pass it publishes `StoreLinkChanged` on the bus (the status bar's "Retaguarda" and the
sales list listen) and `ConnectivityChanged` when the store server comes or goes.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from pdv_bling.account_check.model import AccountChecked, CheckReport, load_last
from pdv_bling.base.events import ConnectivityChanged, EventBus
from pdv_bling.retaguarda import asks
from pdv_bling.retaguarda.caixa import LinkReport, StoreLink
from pdv_bling.retaguarda.handover import not_handed_over
from pdv_bling.retaguarda.server import LOCK_KEY, StoreServerError, unreachable
from pdv_bling.store.context import AppContext
from pdv_bling.store.engine import Store
from pdv_bling.store.settings import get_value, set_value

log = logging.getLogger(__name__)
CHECK_WAIT_S = 90.0  # the integrador answers within ~2 s and checks in ~5-10 s at 3 req/s
PULL_WAIT_S = 600.0  # a first pull of a big catalogue takes minutes
LAST_CONTACT_KEY = "store_last_contact_at"  # local settings: kept across restarts for the status bar


@dataclass(frozen=True)
class StoreLinkChanged:
    """Bus event after each pass of the caixa's link (and when it goes on or off line)."""

    online: bool
    last_contact_at: dt.datetime | None
    moved: int  # records handed over in this pass
    replicated: int  # rows the replica brought (Bling ids of this caixa's sales among them)
    not_handed_over: int  # this caixa's records the store does not own yet
    error: str | None = None  # pt_BR, when offline


class CaixaService:
    def __init__(self, ctx: AppContext, link: StoreLink, *, bus: EventBus | None = None) -> None:
        self.ctx = ctx
        self.link = link
        self.bus = bus or EventBus()
        self.online: bool | None = None
        self.last: StoreLinkChanged | None = None
        self._stop = threading.Event()
        self._announced: dt.datetime | None = None
        if link.last_contact_at is None:  # the last contact before this start (shown while offline)
            link.last_contact_at = self._saved_contact()

    @classmethod
    def for_context(cls, ctx: AppContext, *, bus: EventBus | None = None) -> CaixaService | None:
        """The service when the data folder is a caixa of a store (None in single mode)."""
        link = ctx.store.coordinator
        return cls(ctx, link, bus=bus) if isinstance(link, StoreLink) else None

    # ------------------------------------------------------------ background

    def start(self) -> None:
        self.link.on_pass = self._publish
        self.link.start()

    def stop(self) -> None:
        self._stop.set()
        self.link.on_pass = None
        self.link.stop()
        self._save_contact()

    def _saved_contact(self) -> dt.datetime | None:
        with self.ctx.store.read() as session:
            raw = get_value(session, LAST_CONTACT_KEY)
        try:
            return dt.datetime.fromisoformat(raw) if isinstance(raw, str) else None
        except ValueError:
            return None

    def _save_contact(self) -> None:
        moment = self.link.last_contact_at
        if moment is not None:
            with self.ctx.store.transaction() as session:
                set_value(session, LAST_CONTACT_KEY, moment.isoformat())

    def nudge(self) -> None:
        self.link.recorded()

    def customer_at_counter(self, state: str) -> None:
        """Store mode: the integrador, in its own process, already serves a waiting customer first."""

    def _publish(self, report: LinkReport) -> None:
        moved = report.handover.moved if report.handover is not None else 0
        if report.handover is not None:
            waiting = report.handover.remaining
        else:  # offline: what is still only here, from this caixa's own records
            with self.ctx.store.read() as session:
                waiting = not_handed_over(session)
        event = StoreLinkChanged(
            online=report.online, last_contact_at=self.link.last_contact_at, moved=moved,
            replicated=report.replica.total if report.replica is not None else 0, not_handed_over=waiting,
            error=report.error)
        self.last = event
        if report.replica is not None and report.replica.changed.get("settings"):
            self._announce_check()
        if report.online != self.online:
            if self.online and not report.online:
                self._save_contact()
            self.online = report.online
            self.bus.publish(ConnectivityChanged(online=report.online, reason=None if report.online else "store"))
        self.bus.publish(event)

    # ------------------------------------------------------------ "Sincronizar agora"

    def drain_now(self) -> LinkReport:
        """Hand over now (and refresh the replica); raises StoreServerError when offline."""
        report = self.link.sync_once()
        self._publish(report)
        if not report.online:
            raise report.problem or StoreServerError("store_unreachable", "url", {"detail": report.error or ""})
        return report

    def pull_now(self, models: list[str] | None = None) -> LinkReport:
        """A caixa's catalogue comes from the store: a replica pass (the integrador pulls Bling)."""
        return self.drain_now()

    # ------------------------------------------------------------ Bling is the integrador's

    def connection_state(self) -> str:
        return "connected"

    def connect_interactive(self, open_browser: Callable[[str], None], **_options: Any) -> str | None:
        raise StoreServerError("store_bling_on_integrator", None)

    def disconnect(self) -> None:
        raise StoreServerError("store_bling_on_integrator", None)

    def check_account(self) -> CheckReport:
        report = check_through_integrator(self.link.server(), should_stop=self._stop.is_set)
        self._announce_check(report)
        return report

    def _announce_check(self, report: CheckReport | None = None) -> None:
        """A new account check of the store (asked here, or replicated from the integrador's daily
        one): the status bar's "Conta Bling" and the Verificar conta tab listen."""
        if report is None:
            with self.ctx.store.read() as session:
                report = load_last(session)
        if report is None or report.finished_at == self._announced:
            return
        self._announced = report.finished_at
        self.bus.publish(AccountChecked(status=report.status, erros=report.count("erro"),
                                        atencoes=report.count("atencao"), problem=report.problem))

    def ask_pull(self) -> bool:
        """Ask the integrador to pull the catalogue from Bling now and wait for it (True: done)."""
        return ask_and_wait(self.link.server(), "pull", timeout_s=PULL_WAIT_S, should_stop=self._stop.is_set)


def ask_and_wait(server: Store, what: asks.Ask, *, timeout_s: float,
                 should_stop: Callable[[], bool] = lambda: False) -> bool:
    """Ask the integrador for `what` and wait for the answer; StoreServerError when offline or
    when no integrador holds the store's lock (nobody would answer)."""
    try:
        if not integrator_running(server):
            raise StoreServerError("store_integrator_stopped", None)
        number = asks.ask(server, what)
        return asks.wait_answered(server, what, number, timeout_s=timeout_s, should_stop=should_stop)
    except SQLAlchemyError as exc:
        raise unreachable(exc) from None


def check_through_integrator(server: Store, *, timeout_s: float = CHECK_WAIT_S,
                             should_stop: Callable[[], bool] = lambda: False) -> CheckReport:
    """Verificar conta Bling in store mode: the integrador checks (its tokens, the store's DE-PARA,
    queue and request count) and keeps the report in the store database; this returns it. Raises
    StoreServerError `store_integrator_silent` when no integrador answered in time."""
    if not ask_and_wait(server, "check", timeout_s=timeout_s, should_stop=should_stop):
        raise StoreServerError("store_integrator_silent", None, {"seconds": int(timeout_s)})
    try:
        with server.read() as session:
            report = load_last(session)
    except SQLAlchemyError as exc:
        raise unreachable(exc) from None
    if report is None:
        raise StoreServerError("store_integrator_silent", None, {"seconds": int(timeout_s)})
    return report


def integrator_running(server: Store) -> bool:
    """Some integrador holds the store's advisory lock (it may still be a few seconds from leading)."""
    with server.read() as session:
        held = session.execute(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                                    "AND objid = :key"), {"key": LOCK_KEY}).scalar_one()
    return bool(held)

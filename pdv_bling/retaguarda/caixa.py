"""A caixa in store mode: its link to the store server (`StoreLink`).

- Records are always written to the caixa's SQLite first; a normal sale never touches the LAN.
- `sync_once()` hands the caixa's records over and refreshes its replica; a background thread runs
  it every few seconds and soon after something is recorded (`recorded()`), so when the store
  server comes back everything flows without anyone acting. A pass (tens of ms of Python and local
  writes) never starts while the counter is busy: it waits until no sale was recorded for
  `QUIET_S`, or a record has waited `MAX_DEFER_S`, so it does not compete with recording.
- As `Store.coordinator`, it claims on the store what other caixas could touch (units of a sale the
  store owns, store credit), and cancels there a sale the store owns. Without the store server, what
  only this caixa can have touched still works: its own sales not handed over yet, and store credit
  granted here and not handed over yet. Anything else is refused with a pt_BR message.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

from filelock import FileLock, Timeout
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from pdv_bling.base.machine import host_name
from pdv_bling.counter.nfce_status import notes_awaited
from pdv_bling.domain.errors import DomainError
from pdv_bling.retaguarda import claims
from pdv_bling.retaguarda.admission import note_refusal
from pdv_bling.retaguarda.caixa_claims import StoreCoordinator
from pdv_bling.retaguarda.handover import HandoverReport, hand_over
from pdv_bling.retaguarda.replica import ReplicaReport, replicate
from pdv_bling.retaguarda.server import (
    StoreServerError,
    check_schema,
    is_offline,
    open_server,
    store_problem,
)
from pdv_bling.store import coordination
from pdv_bling.store.context import AppContext
from pdv_bling.store.coordination import STORE_URL_KEY
from pdv_bling.store.engine import Store
from pdv_bling.store.identity import installation_id
from pdv_bling.store.lives import RESTORE, begin_new_life
from pdv_bling.store.models import Sale, StoreCaixa, utcnow
from pdv_bling.store.settings import get_value

log = logging.getLogger(__name__)
OFFLINE_CODES = ("store_unreachable", "store_auth_failed")


def admission_refusals() -> tuple[str, ...]:
    return ("store_sequence_back", "store_two_lives", "store_copied_folder", "store_caixa_not_member",
            "store_life_unknown", "store_terminal_lost")
INTERVAL_S = 3.0
QUIET_S = 1.0  # a pass starts once no sale was recorded for this long...
MAX_DEFER_S = 15.0  # ...or once a record has waited this long (a counter that never pauses)
NOTE_POLL_S = 0.2  # a customer waits for an NFC-e: the replica is read this often until it is here...
AWAIT_NOTE_S = 60.0  # ...for at most this long after the sale


@dataclass
class LinkReport:
    online: bool
    handover: HandoverReport | None = None
    replica: ReplicaReport | None = None
    error: str | None = None  # pt_BR, when offline
    problem: StoreServerError | None = None  # the same, as an error to raise


class StoreLink(StoreCoordinator):
    def __init__(self, ctx: AppContext, url: str, *, on_state: Callable[[bool], None] | None = None,
                 quiet_s: float = QUIET_S, max_defer_s: float = MAX_DEFER_S) -> None:
        self.ctx = ctx
        self.url = url
        with ctx.store.read() as session:
            self.installation = str(installation_id(session))
        self.online: bool | None = None
        self.last_contact_at: dt.datetime | None = None  # the last time the store server answered
        self.on_state = on_state
        self.on_pass: Callable[[LinkReport], None] | None = None  # after each background pass
        self._server: Store | None = None
        self.host = host_name()
        self._lock = FileLock(str(ctx.paths.data / "handover.lock"), thread_local=False)
        self._work = threading.Lock()
        self._opening = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.quiet_s, self.max_defer_s = quiet_s, max_defer_s
        self._last_record = float("-inf")  # monotonic
        self._waiting_since: float | None = None  # the oldest record the next pass is for
        self._urgent = False  # a sale whose customer waits for its NFC-e: hand over now, no quiet period
        self._awaiting_note_until = float("-inf")  # monotonic: read the replica often until then

    @classmethod
    def attach(cls, ctx: AppContext, **options: Any) -> StoreLink | None:
        """Store mode when the folder has joined a store: the link becomes the store's coordinator."""
        with ctx.store.read() as session:
            url = get_value(session, STORE_URL_KEY)
        if not url:
            return None
        link = cls(ctx, str(url), **options)
        ctx.store.coordinator = link
        return link

    # ------------------------------------------------------------ the store server

    def server(self) -> Store:
        """The store server (opened once; the app's screens read it from worker threads too)."""
        with self._opening:
            if self._server is None:
                self._server = open_server(self.url, application="pdv-bling-caixa")
            return self._server

    def _set_online(self, online: bool) -> None:
        changed = online != self.online
        self.online = online
        if online:
            self.last_contact_at = utcnow()
        if changed and self.on_state is not None:
            self.on_state(online)

    def sync_once(self) -> LinkReport:
        """Hand over, then refresh the replica. Never raises for a missing store server."""
        with self.exclusive() as free:
            if not free:
                return LinkReport(online=bool(self.online), error="busy")
            try:
                check_schema(self.server())
                report = hand_over(self.ctx.store, self.server(), installation=self.installation, host=self.host)
                replica = replicate(self.ctx.store, self.server(), installation=self.installation)
                claims.release_unused(self.server(), self.ctx.store, installation=self.installation)
            except (SQLAlchemyError, OSError) as exc:
                return self._failed(store_problem(exc), offline=is_offline(exc))
            except StoreServerError as exc:
                return self._failed(exc, offline=exc.code in OFFLINE_CODES)
            self._set_online(True)
            return LinkReport(online=True, handover=report, replica=replica)

    @contextmanager
    def exclusive(self) -> Iterator[bool]:
        """One handover at a time on this folder, whoever asks (the link's pass, a credit claim, a
        CLI run): two passes racing could both copy what one of them then marks."""
        with self._work:
            try:
                self._lock.acquire(timeout=10)
            except Timeout:
                yield False
                return
            try:
                yield True
            finally:
                self._lock.release()

    def _failed(self, problem: StoreServerError, *, offline: bool) -> LinkReport:
        if offline:
            log.warning("store server unreachable: %s", problem.code)
            self._set_online(False)
            return LinkReport(online=False, error=str(problem), problem=problem)
        log.error("store server refused this caixa's pass: %s %s", problem.code, problem.params)
        self._set_online(True)  # the server answered: nothing offline about it
        if problem.code in admission_refusals():
            self._refused(problem)
        return LinkReport(online=True, error=str(problem), problem=problem)

    def _refused(self, problem: StoreServerError) -> None:
        """The store refused this folder's life: kept on the store for the manager; a database
        rewound on this very PC (a file restored by hand) begins a new life and hands over again."""
        with suppress(SQLAlchemyError, OSError):
            note_refusal(self.server(), self.installation, problem)
        if problem.code == "store_sequence_back":
            with self.ctx.store.transaction() as session:
                begin_new_life(session, reason=RESTORE)

    # ------------------------------------------------------------ background

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="store-link", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wait_for_quiet()
            if self._stop.is_set():
                break
            self._waiting_since = None
            self._urgent = False
            try:
                report = self.sync_once()
                if self.on_pass is not None:
                    self.on_pass(report)
                while self._awaiting_note() and not self._wake.wait(NOTE_POLL_S):  # the DANFE is awaited
                    self._notes_pass()
            except Exception:
                log.exception("store link pass failed")
            self._wake.wait(INTERVAL_S if self.online else min(30.0, INTERVAL_S * 3))
            self._wake.clear()

    def _awaiting_note(self) -> bool:
        """A sale of the last minute still waits for its NFC-e to come back from the store."""
        if self._stop.is_set() or not self.online or time.monotonic() > self._awaiting_note_until:
            return False
        with self.ctx.store.read() as session:
            return bool(notes_awaited(session))

    def _notes_pass(self) -> None:
        """Only the replica (the note comes back with it); records wait for the next full pass."""
        with self.exclusive() as free:
            if not free:
                return
            try:
                report = replicate(self.ctx.store, self.server(), installation=self.installation)
            except (SQLAlchemyError, OSError) as exc:
                self._failed(store_problem(exc), offline=is_offline(exc))
                return
        if report.changed.get("notes") and self.on_pass is not None:
            self.on_pass(LinkReport(online=True, replica=report))

    def _wait_for_quiet(self) -> None:
        """Until the counter pauses (no record for `quiet_s`), at most `max_defer_s` after the
        oldest record waiting: a pass never runs right behind a sale, competing with the next."""
        while not self._stop.is_set():
            now = time.monotonic()
            wait = self.quiet_s - (now - self._last_record)
            if self._waiting_since is not None:
                wait = min(wait, self.max_defer_s - (now - self._waiting_since))
            if wait <= 0 or self._urgent:
                return
            self._stop.wait(wait)

    def recorded(self, *, urgent: bool = False) -> None:
        """Something was recorded; `urgent`: a customer waits for its NFC-e, so it is handed over at
        once and the replica is read often until the authorized note is back here to print."""
        now = time.monotonic()
        self._last_record = now
        if self._waiting_since is None:
            self._waiting_since = now
        if urgent:
            self._urgent = True
            self._awaiting_note_until = now + AWAIT_NOTE_S
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        if self._server is not None:
            self._server.close()
            self._server = None

    # ------------------------------------------------------------ finding any caixa's sale

    def locate_sale(self, store: Store, reference: str) -> int:
        """Local id of the sale named by `reference` (coupon, number, or caixa + number such as
        "PDV02 15" / "PDV02-0000015"); another caixa's sale is copied here from the store first."""
        from pdv_bling.retaguarda.lookup import fetch_sale

        try:
            return fetch_sale(store, self.server(), reference, installation=self.installation)
        except (SQLAlchemyError, OSError):
            self._set_online(False)
            from pdv_bling.counter.returns import find_original_sale

            with store.read() as session:
                try:
                    return find_original_sale(session, reference).id
                except DomainError:
                    raise DomainError("store_sale_not_found_offline", "cupom", {"value": reference[:30]}) from None

    def units_taken(self, store: Store, sale_id: int) -> dict[int, int] | None:
        """Units of the sale already returned or being returned anywhere in the store, per local
        sale item id (what the exchange wizard shows as still returnable). None when the sale is
        this caixa's alone (the local records decide). Raises SQLAlchemyError when offline."""
        with store.read() as session:
            sale = session.get(Sale, sale_id)
            if sale is None or (sale.origin_id is None and sale.handed_over_at is None and sale.handover_batch is None):
                return None
            uid = sale.uid
            by_position = {position: item for item, position in claims.item_positions(session, sale.id).items()}
        with self.server().read() as session:
            found = session.scalars(select(Sale).where(Sale.uid == uid)).first()
            if found is None:
                return None
            taken = claims.returned_or_claimed(session, found)
        self._set_online(True)
        return {by_position[p]: units for p, units in taken.items() if p in by_position}

    def caixas(self) -> list[StoreCaixa]:
        with self.server().read() as session:
            return list(session.scalars(select(StoreCaixa).order_by(StoreCaixa.terminal_id)))


coordination.provide(StoreLink.attach)  # AppContext.open gives a caixa's folder its link (core -> no import here)


def locate_any_sale(ctx: AppContext, reference: str) -> int:
    """The local id of a sale by coupon, "PDV01 15" or number: this caixa's, or in store mode any
    caixa's, copied here first (a pt_BR DomainError when not found, or offline and not here)."""
    from pdv_bling.counter.returns import find_original_sale

    link = ctx.store.coordinator
    if isinstance(link, StoreLink):
        return link.locate_sale(ctx.store, reference)
    with ctx.store.read() as session:
        return find_original_sale(session, reference).id

"""One object the windows share: the app context, the sync service, the event bridge, the
background runner, and the status figures (pending, parked, last sync, connection)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from sqlalchemy.orm import Session

from pdv_bling.base.events import EventBus, OutboxCountsChanged
from pdv_bling.counter import queries
from pdv_bling.counter.nfce_status import NfceOverview, nfce_overview
from pdv_bling.store import outbox
from pdv_bling.store.context import AppContext
from pdv_bling.store.settings import load_settings
from ui.bridge import EventBridge
from ui.service import CONNECTED, NOT_CONNECTED, RECONNECTION_NEEDED, SyncServiceLike
from ui.tasks import TaskRunner

T = TypeVar("T")


def known_company(session: Session) -> str | None:
    """The Bling account's name as the last account check read it (None before any check)."""
    from pdv_bling.account_check import load_last

    report = load_last(session)
    return report.company if report is not None else None
log = logging.getLogger(__name__)


class Hub(QObject):
    overview_changed = Signal(object)  # queries.Overview
    nfce_changed = Signal(object)  # counter.nfce_status.NfceOverview
    data_changed = Signal()  # sales or outbox changed: lists reload
    connection_changed = Signal(str)  # connected / not_connected / reconnection_needed
    online_changed = Signal(object)  # True, False or None (unknown)

    def __init__(
        self,
        ctx: AppContext,
        service: SyncServiceLike,
        bus: EventBus,
        *,
        demo: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.service = service
        self.bus = bus
        self.demo = demo
        self.runner = TaskRunner(self)
        self.bridge = EventBridge(bus, self)
        self.overview = queries.Overview(0, 0, None)
        self.nfce = NfceOverview(0, 0, 0)
        self.online: bool | None = None
        self.company_name: str | None = None
        self.connection = NOT_CONNECTED
        # A drain delivers hundreds of items a minute: lists and figures reload at most every
        # 300 ms instead of once per event (each reload is a query plus a model reset).
        self._inflight: set[str] = set()
        self._again: dict[str, tuple[Callable[[Session], Any], Callable[[Any], None]]] = {}
        self._coalesce = QTimer(self, singleShot=True, interval=300)
        self._coalesce.timeout.connect(self._flush_changes)
        self._closed = False  # after shutdown(): no more reads (their windows are going away)
        self._clock = QTimer(self, interval=60_000)  # a note still missing turns red as time passes
        self._clock.timeout.connect(self.refresh_nfce)
        self._clock.start()
        self._wire()

    def _wire(self) -> None:
        b = self.bridge
        b.outbox_counts.connect(self._on_counts)
        b.item_parked.connect(lambda _e: self.changed())
        b.item_delivered.connect(lambda _e: self.changed())
        b.connectivity.connect(self._on_connectivity)
        b.reconnection_needed.connect(lambda _r: self._set_connection(RECONNECTION_NEEDED))
        b.connected.connect(self._on_connected)
        b.sync_progress.connect(lambda e: self.changed() if e.finished else None)

    # ------------------------------------------------------------ reading

    def read(self, fn: Callable[[Session], T], on_done: Callable[[T], None]) -> None:
        """Run a read-only query on a worker thread; `on_done` gets the result on the GUI thread."""
        if self._closed:
            return

        def job() -> T:
            with self.ctx.store.read() as session:
                return fn(session)

        self.runner.submit(job, on_done=on_done)

    def read_latest(self, key: str, fn: Callable[[Session], T], on_done: Callable[[T], None]) -> None:
        """Like `read`, but at most one query per `key` in flight: asked again meanwhile, it runs
        once more afterwards with the latest arguments (no pile-up behind a busy drain)."""
        if self._closed:
            return
        if key in self._inflight:
            self._again[key] = (fn, on_done)
            return
        self._inflight.add(key)

        def job() -> T:
            with self.ctx.store.read() as session:
                return fn(session)

        def settle() -> None:
            self._inflight.discard(key)
            queued = self._again.pop(key, None)
            if queued is not None:
                self.read_latest(key, *queued)

        def done(result: T) -> None:
            try:
                on_done(result)
            finally:
                settle()

        def failed(exc: BaseException) -> None:
            log.error("query %s failed", key, exc_info=exc)
            settle()

        self.runner.submit(job, on_done=done, on_error=failed)

    def refresh(self) -> None:
        self.read_latest("overview", queries.overview, self._set_overview)
        self.refresh_nfce()

    def refresh_nfce(self) -> None:
        self.read_latest("nfce", nfce_figures, self._set_nfce)

    def _set_nfce(self, value: NfceOverview) -> None:
        if value != self.nfce:
            self.nfce = value
            self.nfce_changed.emit(value)

    def refresh_connection(self) -> None:
        self.runner.submit(self.service.connection_state, on_done=self._set_connection)
        if self.company_name is None:  # at start-up: the account's name from its last check
            self.read(known_company, self._set_company)

    def _set_company(self, name: str | None) -> None:
        if name and not self.company_name:
            self.company_name = name
            self.connection_changed.emit(self.connection)  # the screens showing the name redraw

    def changed(self) -> None:
        """Something recorded or delivered: refresh figures and lists (coalesced)."""
        if not self._coalesce.isActive():
            self._coalesce.start()

    def _flush_changes(self) -> None:
        if self._closed:
            return
        self.refresh()
        self.data_changed.emit()

    def after_local_write(self) -> None:
        """A screen wrote to the store (sale, retry...): tell everyone, like the drainer does."""
        def counts() -> OutboxCountsChanged:
            with self.ctx.store.read() as session:
                c = outbox.counts(session)
            return OutboxCountsChanged(pending=c[outbox.PENDING], parked=c[outbox.PARKED])

        self.runner.submit(counts, on_done=self.bus.publish)  # other subscribers count items
        self.service.nudge()  # deliver it now, not at the scheduler's next tick
        self._flush_changes()

    # ------------------------------------------------------------ event slots

    def _set_overview(self, value: queries.Overview) -> None:
        self.overview = value
        self.overview_changed.emit(value)

    def _on_counts(self, pending: int, parked: int) -> None:
        """The drainer counts queue items; the screens count sales: read them again (coalesced)."""
        if pending == 0 and parked == 0:
            self._set_overview(queries.Overview(0, 0, self.overview.last_sync_at))
            self.refresh_nfce()
        else:
            self.refresh()

    def _on_connectivity(self, online: bool, _reason: Any) -> None:
        self.online = online
        self.online_changed.emit(online)

    def _on_connected(self, company: str) -> None:
        self.company_name = company or self.company_name
        self._set_connection(CONNECTED)

    def _set_connection(self, state: str) -> None:
        self.connection = state
        if state != CONNECTED:
            self.online = None if state == NOT_CONNECTED else self.online
        self.connection_changed.emit(state)

    def shutdown(self) -> None:
        self._closed = True
        self._coalesce.stop()
        self._clock.stop()
        self.bridge.detach()
        self.runner.wait(10_000)
        # The last results are queued to the GUI thread: deliver them now, while the windows that
        # asked still exist (delivered later, after those are deleted, they would hit dead widgets).
        QCoreApplication.processEvents()


def nfce_figures(session: Session) -> NfceOverview:
    """The NFC-e figures of the status bar and the tray (nothing when another emitter issues them)."""
    settings = load_settings(session)
    if settings.nfce_source != "bling":
        return NfceOverview(0, 0, 0)
    return nfce_overview(session, limit_min=settings.nfce_wait_limit_min)

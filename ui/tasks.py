"""Background work for the GUI: run a blocking core call on QThreadPool, get the result (or the
exception) back on the GUI thread through a queued signal. Widgets never block on the network
or on long database work."""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

log = logging.getLogger(__name__)
T = TypeVar("T")


COLLECT_EVERY_MS = 250


class GuiThreadCollector(QObject):
    """Python's cyclic garbage collector, run on the GUI thread only. Left automatic, it runs on
    whichever thread allocates: on a worker it may free a dead widget's Qt wrapper, whose
    destructor takes Qt's connection lock and then waits for the GIL, while the GUI thread holds
    the GIL and waits for that lock in a `connect` or a `setStyleSheet`: the window hangs for good
    (seen in tests/ui/test_account_check_ui.py: GC in a sellers-list read on a pool thread, the GUI
    thread styling the Caixa e Bancos combos). So the automatic collector is off and this timer
    collects each generation when Python's own thresholds say it is due."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start(COLLECT_EVERY_MS)

    @staticmethod
    def collect_due() -> None:
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):  # the oldest due generation (a collection includes the younger ones)
            if thresholds[generation] and counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return

    def stop(self) -> None:
        """Back to the automatic collector (tests, after the GUI work)."""
        self._timer.stop()
        gc.collect()
        gc.enable()


class _Relay(QObject):
    """Lives in the GUI thread; emitted from the worker, so slots run queued on the GUI thread.

    Values always travel boxed in a 1-tuple: a bare None through a queued Signal(object) makes
    PySide6 drop a reference to None on every delivery, and after enough of them the interpreter
    aborts ("none_dealloc")."""

    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], object], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread as data
            log.info("background task failed: %s", type(exc).__name__)
            self._relay.failed.emit((exc,))
        else:
            self._relay.done.emit((result,))


class TaskRunner(QObject):
    """Submit callables; `busy` counts tasks not yet reported back."""

    idle = Signal()

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relays: set[_Relay] = set()

    @property
    def busy(self) -> int:
        return len(self._relays)

    def submit(
        self,
        fn: Callable[[], T],
        *,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        relay = _Relay(self)
        self._relays.add(relay)

        def finish(result: Any, *, ok: bool) -> None:
            self._relays.discard(relay)
            relay.deleteLater()
            try:
                if ok and on_done is not None:
                    on_done(result)
                elif not ok:
                    if on_error is not None:
                        on_error(result)
                    else:
                        log.error("background task failed", exc_info=result)
            finally:
                if not self._relays:
                    self.idle.emit()

        relay.done.connect(lambda box: finish(box[0], ok=True))
        relay.failed.connect(lambda box: finish(box[0], ok=False))
        self._pool.start(_Job(fn, relay))

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the worker threads finish (for shutdown and tests); results still arrive
        through the event loop."""
        return bool(self._pool.waitForDone(msecs))

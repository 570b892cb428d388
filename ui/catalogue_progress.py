"""The catalogue being prepared, inside the main window (issue 23: a window in two seconds).

The demo's first start used to hold a start-up screen (and before it a black window) until the
stand-in's whole catalogue was pulled. Now the main window shows as soon as the data folder is
open, and this strip under the banner says what is still coming ("Preparando o catálogo:
produtos 120 de 200", with a bar) while the pull runs on a worker thread; it goes away once the
catalogue is ready, and the screens reload.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMainWindow, QProgressBar, QVBoxLayout, QWidget

from pdv_bling.base.events import SyncProgress
from ui import words
from ui.hub import Hub

log = logging.getLogger(__name__)


class _Relay(QObject):
    done = Signal(object)  # None when ready, else the exception (from the worker, queued)


class CatalogueProgress(QFrame):
    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.setObjectName("catalogueProgress")
        self.setStyleSheet("#catalogueProgress { background: #e8f0fb; border-bottom: 1px solid #b8c7e0; }")
        self.message = QLabel(self.tr("Preparando o catálogo…"))
        self.message.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until a count is known
        self.bar.setFixedWidth(220)
        self.bar.setTextVisible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.bar)
        self.seen: list[tuple[str, int, int | None]] = []  # what was shown (tests, bench)
        self.ready = False
        self._relay = _Relay(self)
        self._relay.done.connect(self._finished)
        hub.bridge.sync_progress.connect(self.show_progress)

    def show_progress(self, event: SyncProgress) -> None:
        if self.ready:
            return
        name = words.sync_model(event.model)
        if event.total:
            self.bar.setRange(0, event.total)
            self.bar.setValue(min(event.done, event.total))
            text = self.tr("Preparando o catálogo: %1 %2 de %3").replace("%1", name).replace("%2", str(event.done))
            self.message.setText(text.replace("%3", str(event.total)))
        else:
            self.bar.setRange(0, 0)
            self.message.setText(self.tr("Preparando o catálogo: %1…").replace("%1", name))
        self.seen.append((event.model, event.done, event.total))

    def start(self, prepare: Callable[[], None]) -> threading.Thread:
        """Run `prepare` (blocking: the pull) on a worker thread; the strip follows it."""

        def work() -> None:
            try:
                prepare()
            except Exception as exc:  # noqa: BLE001 - shown in the strip, logged with its traceback
                log.exception("catalogue preparation failed")
                self._relay.done.emit(exc)
                return
            self._relay.done.emit(None)

        thread = threading.Thread(target=work, name="pdv-bling-catalogue", daemon=True)
        thread.start()
        return thread

    def _finished(self, error: object) -> None:
        self.ready = error is None
        if error is None:
            self.hide()
        else:
            self.bar.hide()
            self.message.setText(self.tr("O catálogo não pôde ser preparado agora: use Sincronizar agora (F5) "
                                         "para tentar de novo."))
        self.hub.changed()


START_AFTER_MS = 150  # the window paints first: the pull's thread would contend with it for the GIL


def show_preparation(window: QMainWindow, hub: Hub, prepare: Callable[[], None]) -> CatalogueProgress:
    """The strip under the main window's banner (the central widget's layout), following `prepare`,
    which starts once the window had time to paint."""
    progress = CatalogueProgress(hub)
    central = window.centralWidget()
    layout = central.layout() if central is not None else None
    if isinstance(layout, QVBoxLayout):
        layout.insertWidget(1, progress)
    QTimer.singleShot(START_AFTER_MS, lambda: progress.start(prepare))
    return progress

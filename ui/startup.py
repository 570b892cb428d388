"""The start-up screen: shown at once, before the data folder is opened, with what is being
prepared and, while the demo's first start pulls the stand-in's catalogue, a progress bar of the
products. The opening itself runs on a worker thread, so the screen keeps painting (it used to
be a black window for about 11 s)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QLabel, QProgressBar, QVBoxLayout, QWidget

from pdv_bling.base.events import EventBus, SyncProgress
from ui import icons

T = TypeVar("T")


class _Relay(QObject):
    progress = Signal(object)  # SyncProgress, from the worker thread (queued to the GUI)
    finished = Signal()


class StartupScreen(QWidget):
    def __init__(self, *, demo: bool) -> None:
        super().__init__(None, Qt.WindowType.SplashScreen | Qt.WindowType.WindowStaysOnTopHint)
        self.setWindowTitle(self.tr("PDV Bling"))
        self.setWindowIcon(icons.app_icon())
        title = QLabel(self.tr("PDV Bling"))
        title.setStyleSheet("font-size: 26px; font-weight: bold;")
        self.message = QLabel(self.tr("Abrindo os dados deste caixa…"))
        self.message.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until a count is known
        note = QLabel(self.tr("Modo demonstração: o primeiro início prepara um catálogo de exemplo.") if demo else "")
        note.setStyleSheet("color: #555;")
        note.setWordWrap(True)  # a fixed-width screen: the demo's note takes two lines
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        for widget in (title, self.message, self.bar, note):
            layout.addWidget(widget)
        self.setStyleSheet("StartupScreen { background: #ffffff; border: 1px solid #9e9e9e; }")
        self.setFixedWidth(460)
        self.seen: list[tuple[str, int, int | None]] = []  # what was shown (tests)

    def show_progress(self, event: SyncProgress) -> None:
        from ui import words  # the core's words: imported once the screen is up, not before it

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


def open_with_screen(app: QApplication, opener: Callable[[EventBus], T], *, demo: bool) -> T:
    """Show the start-up screen, run `opener(bus)` on a worker thread while the screen follows
    the bus's SyncProgress events, then close the screen and return what `opener` returned (or
    raise what it raised)."""
    screen = StartupScreen(demo=demo)
    screen.show()
    app.processEvents()
    relay = _Relay()
    relay.progress.connect(screen.show_progress)
    bus = EventBus()
    unsubscribe = bus.subscribe(SyncProgress, relay.progress.emit)
    values: list[T] = []
    errors: list[BaseException] = []
    loop = QEventLoop()
    relay.finished.connect(loop.quit)

    def work() -> None:
        try:
            values.append(opener(bus))
        except BaseException as exc:  # noqa: BLE001 - re-raised on the GUI thread
            errors.append(exc)
        finally:
            relay.finished.emit()

    worker = threading.Thread(target=work, name="pdv-bling-startup", daemon=True)
    worker.start()
    loop.exec()  # quits on `finished`, queued from the worker (even if it already ran)
    worker.join()
    unsubscribe()
    app.processEvents()
    screen.close()
    screen.deleteLater()
    if errors:
        raise errors[0]
    return values[0]

"""Application entry for the desktop UI (`pdv-bling` with no sub-command; `--demo`, `--smoke`).

A window at once (issue 23): this module imports only Qt and the start-up screen; the screens and
the core are imported on the screen's worker thread while it paints, the data folder is opened
there too, and the demo's catalogue is pulled after the main window shows, its progress inside
it (`ui/catalogue_progress.py`). `bench/bench_startup.py` measures it against the previous commit.
"""

from __future__ import annotations

import gc
import importlib
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from pdv_bling.base.events import EventBus
from pdv_bling.runtime.app_instance import AppInstance, folder_for
from ui import i18n, icons
from ui.single_app import WakeWatcher, bring_to_front, hand_over
from ui.startup import open_with_screen
from ui.store_problem import open_or_offer_restore
from ui.tasks import GuiThreadCollector

if TYPE_CHECKING:
    from pdv_bling.store.context import AppContext
    from ui.main_window import MainWindow
    from ui.service import SyncServiceLike

log = logging.getLogger(__name__)
# What the main window needs, imported on the start-up screen's worker (never before the screen).
SCREEN_MODULES = ("ui.hub", "ui.main_window", "ui.first_run", "ui.catalogue_progress")


@dataclass
class Session:
    ctx: AppContext
    service: SyncServiceLike
    bus: EventBus
    demo: bool
    close: Callable[[], None]
    prepare: Callable[[], None] | None = None  # demo: the catalogue still to pull (blocking; after the window shows)


def open_session(*, demo: bool, home: str | os.PathLike[str] | None = None, demo_products: int = 200,
                 bus: EventBus | None = None, catalogue_later: bool = False) -> Session:
    """The data folder and its sync service, started: in demo mode as in a store, the scheduler
    delivers in the background (only the Bling it talks to is the stand-in on loopback).
    `catalogue_later`: the demo's catalogue is not pulled here but left in `Session.prepare`."""
    bus = bus or EventBus()
    if demo:
        from pdv_bling.runtime.demo import start_demo

        demo_session = start_demo(home, products=demo_products, bus=bus, pull=not catalogue_later)
        demo_session.service.start()
        prepare = demo_session.prepare_catalogue if catalogue_later else None
        return Session(demo_session.ctx, demo_session.service, demo_session.bus, True, demo_session.stop, prepare)
    from pdv_bling.store.context import AppContext

    ctx = AppContext.open(home)
    service = _service_for(ctx, bus)
    service.start()

    def close() -> None:
        service.stop()
        ctx.close()

    return Session(ctx, service, bus, False, close)


def _service_for(ctx: AppContext, bus: EventBus) -> SyncServiceLike:
    """Single mode: the sync service (drainer, puller, scheduler). A caixa of a store: its link
    to the store server instead (it never talks to Bling; the store's integrador does)."""
    from pdv_bling.retaguarda.caixa_service import CaixaService

    caixa = CaixaService.for_context(ctx, bus=bus)
    if caixa is not None:
        return caixa
    from pdv_bling.runtime.service import SyncService

    return SyncService(ctx, bus=bus)


def _qt_app() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName("PDV Bling")
    app.setOrganizationName("PDVBling")
    app.setWindowIcon(icons.app_icon())
    app.setQuitOnLastWindowClosed(False)  # the tray (when present) keeps the app alive
    return app


def settle_memory() -> None:
    """Move everything alive after start-up (Qt wrappers, modules, the window) out of the garbage
    collector's reach. A full collection over them took ~100 ms on this machine and froze the
    window mid-pull (bench/bench_ui_stall.py: 102 ms with, 18 ms without); objects made later
    are still collected as usual, on the GUI thread (`ui.tasks.GuiThreadCollector`). The
    collector, off while the app started (`pdv-bling` turns it off before importing this module),
    runs again."""
    gc.collect()
    gc.freeze()
    app = QApplication.instance()  # from now on the collector runs on this (the GUI) thread only
    if app is None:
        gc.enable()
    elif app.findChild(GuiThreadCollector) is None:
        GuiThreadCollector(app)


def _open_behind_screen(*, demo: bool, bus: EventBus, catalogue_later: bool) -> Session:
    """On the start-up screen's worker: the screens' modules, then the data folder."""
    for module in SCREEN_MODULES:
        importlib.import_module(module)
    return open_session(demo=demo, bus=bus, catalogue_later=catalogue_later)


def run(*, demo: bool = False, smoke: bool = False) -> int:
    app = _qt_app()
    translators = i18n.install(app)
    folder = folder_for(demo=demo)
    instance = AppInstance.claim(folder)  # one app per data folder, demo included
    if instance is None:
        return hand_over(folder)  # the running app shows its window; this start opens nothing
    watcher = WakeWatcher(instance)
    watcher.show = lambda: _raise_visible(app)  # still starting: the start-up screen
    try:
        return _run_claimed(app, watcher, demo=demo, smoke=smoke)
    finally:
        watcher.deleteLater()
        instance.release()
        del translators


def _run_claimed(app: QApplication, watcher: WakeWatcher, *, demo: bool, smoke: bool) -> int:
    session = open_or_offer_restore(  # damaged or lost database: say so, offer the newest good backup
        lambda: open_with_screen(app, lambda bus: _open_behind_screen(demo=demo, bus=bus, catalogue_later=not smoke),
                                 demo=demo))
    if session is None:
        return 2
    from ui.catalogue_progress import show_preparation
    from ui.first_run import open_if_needed
    from ui.hub import Hub
    from ui.main_window import MainWindow

    hub = Hub(session.ctx, session.service, session.bus, demo=session.demo)
    window = MainWindow(hub)
    if session.prepare is not None:  # the demo's catalogue comes in behind the window, shown inside it
        show_preparation(window, hub, session.prepare)
    window.show()
    watcher.show = lambda: _show_again(app, window)
    log.info("main window shown")
    hub.refresh()
    hub.refresh_connection()
    window.sales.reload()
    if not session.demo and not smoke:  # a store never connected (or a guide left half-way)
        open_if_needed(window, hub, lambda: window.open_first_run(resume=True))
    QTimer.singleShot(200, settle_memory)  # after the first paint, not before it
    try:
        if smoke:
            from ui.smoke import smoke_run

            return smoke_run(app, hub, window)
        if not window.tray.available:
            app.setQuitOnLastWindowClosed(True)
        return int(app.exec())
    finally:
        hub.shutdown()
        session.close()


def _raise_visible(app: QApplication) -> None:
    for widget in app.topLevelWidgets():
        if widget.isVisible():
            widget.raise_()


def _show_again(app: QApplication, window: MainWindow) -> None:
    """Another start on this folder: this window comes to the front instead of a second app."""
    from ui.main_window import MainWindow

    bring_to_front(window)
    shown = sum(1 for widget in app.topLevelWidgets() if isinstance(widget, MainWindow) and widget.isVisible())
    log.info("second start on this data folder: window brought to the front (main windows shown: %d)", shown)

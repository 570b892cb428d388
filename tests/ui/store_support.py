"""Store mode in the desktop app: a store server on the session's throwaway PostgreSQL, caixas
joined to it, the app of a caixa as `pdv-bling` opens it, and (when a test wants Bling) an
integrador running in a thread against the Bling stand-in on loopback."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pytestqt.qtbot import QtBot

from pdv_bling.app_context import AppContext
from pdv_bling.demo import attach_to_sandbox, map_payments_by_name
from pdv_bling.retaguarda.integrator import Integrator
from pdv_bling.retaguarda.membership import join_store
from pdv_bling.retaguarda.server import init_store, open_server
from pdv_bling.sandbox import SandboxServer
from pdv_bling.store.engine import Store
from ui.app import Session, open_session
from ui.hub import Hub
from ui.main_window import MainWindow

UNREACHABLE = "postgresql+psycopg://pdv@127.0.0.1:1/nada"  # a pulled cable


def joined_folder(tmp_path: Path, url: str, terminal: str) -> Path:
    """A data folder joined to the store as `terminal` (`pdv-bling store join`), closed again."""
    home = tmp_path / terminal
    with AppContext.open(home, log=False) as ctx:
        join_store(ctx, url, terminal=terminal)
    return home


@contextmanager
def caixa_app(qtbot: QtBot, home: Path) -> Iterator[tuple[Hub, MainWindow, Session]]:
    """The desktop app on a caixa's folder, as `pdv-bling` starts it (window shown)."""
    session = open_session(demo=False, home=home)
    hub = Hub(session.ctx, session.service, session.bus)
    window = MainWindow(hub)
    qtbot.addWidget(window)
    window.show()
    hub.refresh()
    hub.refresh_connection()
    window.sales.reload()
    try:
        yield hub, window, session
    finally:
        window.quitting = True
        window.close()
        hub.shutdown()
        session.close()


class RunningIntegrador:
    """`pdv-bling integrator` in a thread: connected once to the stand-in, it pulls the
    catalogue into the store (after `store init`), then delivers the store's outbox until stopped."""

    def __init__(self, tmp_path: Path, url: str, bling: SandboxServer) -> None:
        init_store(url)  # `pdv-bling store init URL`
        self.ctx = AppContext.open(tmp_path / "integrador", log=False)
        attach_to_sandbox(self.ctx, bling)
        self.integrator = Integrator(self.ctx, url)
        report = self.integrator.run_once(pull=True)
        assert report.role == "leader" and report.pulled.get("produtos"), report
        self.server: Store = open_server(url)
        map_payments_by_name(AppContext(self.ctx.paths, self.server))  # the store's DE-PARA
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> RunningIntegrador:
        self._thread = threading.Thread(target=self.integrator.run_forever,
                                        kwargs={"should_stop": self._stop.is_set, "idle_s": 0.2}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        self.integrator.stop()
        self.server.close()
        self.ctx.close()

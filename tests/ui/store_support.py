"""Store mode in the desktop app: a store server on the session's throwaway PostgreSQL, caixas
joined to it, the app of a caixa as `pdv-bling` opens it, and (when a test wants Bling) an
integrador running in a thread against the Bling stand-in on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pytestqt.qtbot import QtBot

from pdv_bling.retaguarda.membership import join_store
from pdv_bling.store.context import AppContext
from tests.store.helpers import RunningIntegrador
from ui.app import Session, open_session
from ui.hub import Hub
from ui.main_window import MainWindow

UNREACHABLE = "postgresql+psycopg://pdv@127.0.0.1:1/nada"  # a pulled cable
__all__ = ["UNREACHABLE", "RunningIntegrador", "caixa_app", "joined_folder"]


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

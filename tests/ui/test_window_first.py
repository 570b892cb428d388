"""A window in two seconds (issue 23 item 6): the demo's first start shows the main window before
the stand-in's catalogue is pulled, with the catalogue's progress inside it; the strip goes away
once the catalogue is ready, and selling works then. `pdv-bling --version` and the desktop app
import nothing they do not need before their first output (the figures: bench/bench_startup.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from pdv_bling.base.events import SyncProgress
from pdv_bling.store.models import PaymentMethod, Product
from ui import app
from ui.catalogue_progress import CatalogueProgress, show_preparation
from ui.hub import Hub
from ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def fast_client(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PDV_BLING_RATE_PER_SECOND", "500")


def _count(hub: Hub, what: object) -> int:
    with hub.ctx.store.read() as session:
        return int(session.scalar(select(func.count()).select_from(what)) or 0)  # type: ignore[arg-type]


def test_the_main_window_shows_before_the_catalogue_and_shows_its_progress(qtbot: QtBot, tmp_path: Path) -> None:
    session = app.open_session(demo=True, home=tmp_path / "demo", demo_products=40, catalogue_later=True)
    hub = Hub(session.ctx, session.service, session.bus, demo=True)
    window = MainWindow(hub)
    qtbot.addWidget(window)
    try:
        assert session.prepare is not None
        assert _count(hub, Product) == 0  # nothing pulled yet: the window does not wait for it
        progress = show_preparation(window, hub, session.prepare)
        window.show()
        assert progress.isVisible() and progress.window() is window  # inside the main window, not a splash
        qtbot.waitUntil(lambda: progress.ready, timeout=60_000)
        assert not progress.isVisible()
        assert any(model == "produtos" and total for model, _done, total in progress.seen)  # counted as it came
        assert _count(hub, Product) > 0
        with hub.ctx.store.read() as s:
            assert s.scalars(select(PaymentMethod).where(PaymentMethod.bling_forma_pagamento_id.is_not(None))).first()
    finally:
        window.quitting = True
        window.close()
        hub.shutdown()
        session.close()


def test_the_strip_words_what_is_coming_and_a_failure(qtbot: QtBot, hub: Hub) -> None:
    strip = CatalogueProgress(hub)
    qtbot.addWidget(strip)
    strip.show()
    strip.show_progress(SyncProgress(model="produtos", done=120, total=200))
    assert strip.message.text() == "Preparando o catálogo: Produto 120 de 200"
    assert (strip.bar.value(), strip.bar.maximum()) == (120, 200)

    def boom() -> None:
        raise RuntimeError("stand-in down")

    strip.start(boom)
    qtbot.waitUntil(lambda: "Sincronizar agora (F5)" in strip.message.text(), timeout=10_000)
    assert strip.isVisible() and not strip.ready and "RuntimeError" not in strip.message.text()


def test_the_desktop_app_shows_its_start_up_screen_before_importing_the_core() -> None:
    """`import ui.app` (what `pdv-bling` does before the first window) brings neither SQLAlchemy nor
    the screens: those load on the start-up screen's worker while it paints."""
    code = ("import sys; import ui.app; heavy = ('sqlalchemy', 'alembic', 'httpx', 'psycopg', 'ui.main_window', "
            "'pdv_bling.store.context'); print([m for m in heavy if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_caixa_app_never_imports_postgresqls_driver_before_the_store_is_opened() -> None:
    code = ("import sys; import ui.hub, ui.main_window, ui.first_run, pdv_bling.runtime.demo; "
            "print([m for m in ('psycopg', 'openapi_schema_validator', 'alembic') if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"

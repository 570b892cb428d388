"""UI fixtures: an opened AppContext seeded like a product pull, a fake sync service, a Hub."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pdv_bling.base.events import EventBus
from pdv_bling.store.context import AppContext
from tests.core.factories import seed_store
from tests.ui.fakes import FakeService
from ui.hub import Hub
from ui.tasks import GuiThreadCollector


@pytest.fixture(autouse=True)
def gc_on_the_gui_thread(qapp: QApplication) -> Iterator[None]:
    """As in the app (`ui.app.settle_memory`): cyclic garbage collected on the GUI thread only,
    never on a worker where freeing a Qt wrapper deadlocks with the GUI thread."""
    collector = GuiThreadCollector(qapp)
    yield
    collector.stop()
    collector.setParent(None)


@pytest.fixture(autouse=True)
def no_modal_questions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A modal box would block an offscreen test forever: questions are answered "Não" and
    messages recorded, unless a test installs its own answer."""
    from ui import guards

    said: list[str] = []
    monkeypatch.setattr(guards, "ask", lambda _parent, _title, text: said.append(text) or False)
    monkeypatch.setattr(guards, "tell", lambda _parent, _title, text, **_kw: said.append(text))
    return said


@pytest.fixture
def ctx(home: Path) -> Iterator[AppContext]:
    context = AppContext.open(home, log=False)
    seed_store(context.store, products=5, map_payments=False)
    yield context
    context.close()


@pytest.fixture
def bus() -> EventBus:
    return EventBus()


@pytest.fixture
def service(ctx: AppContext, bus: EventBus) -> FakeService:
    return FakeService(ctx, bus)


@pytest.fixture
def hub(qtbot: QtBot, ctx: AppContext, service: FakeService, bus: EventBus) -> Iterator[Hub]:
    h = Hub(ctx, service, bus)
    yield h
    h.shutdown()
    qtbot.wait(10)


def wait_idle(qtbot: QtBot, hub: Hub) -> None:
    """Let every background task finish and report back on the GUI thread."""
    qtbot.waitUntil(lambda: hub.runner.busy == 0, timeout=10_000)

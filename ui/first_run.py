"""Primeiros passos: the first-run guide (connect, barcode mode, first pull, DE-PARA, sellers,
stock mode, the account check, ready to sell). Keyboard only works throughout: Enter moves on,
Alt+letter picks an option, Esc closes. Each step reached is saved (pdv_bling/management/first_run.py):
closed half-way, the guide reopens at that step when the app starts again."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget, QWizard

from pdv_bling.management import first_run
from ui.first_run_pages import (
    BarcodePage,
    CheckPage,
    ConnectPage,
    DeParaPage,
    PullPage,
    ReadyPage,
    SellersPage,
    StockPage,
)
from ui.hub import Hub

PAGES = (ConnectPage, BarcodePage, PullPage, DeParaPage, SellersPage, StockPage, CheckPage, ReadyPage)


class FirstRunWizard(QWizard):
    def __init__(self, hub: Hub, parent: QWidget | None = None, *, resume: bool = False) -> None:
        super().__init__(parent)
        self.hub = hub
        self.setWindowTitle(self.tr("Primeiros passos — PDV Bling"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.resize(900, 540)  # fits a 1024x600 counter screen with its title bar
        self.pages = [page(hub) for page in PAGES]
        for index, page in enumerate(self.pages):
            self.setPage(index, page)
        if resume:
            with hub.ctx.store.read() as session:
                self.setStartId(first_run.load_progress(session).index)
        self.currentIdChanged.connect(self._reached)

    def _reached(self, page_id: int) -> None:
        if 0 <= page_id < len(first_run.STEPS):
            self._save(first_run.STEPS[page_id], finished=False)

    def accept(self) -> None:
        self._save(first_run.STEPS[-1], finished=True)
        super().accept()

    def _save(self, step: str, *, finished: bool) -> None:
        with self.hub.ctx.store.transaction() as session:
            first_run.save_progress(session, step=step, finished=finished)


def open_if_needed(window: QWidget, hub: Hub, open_guide: object) -> None:
    """At start-up, on a worker thread: a never-connected store, or a guide left half-way."""

    def decide() -> bool:
        with hub.ctx.store.read() as session:
            progress = first_run.load_progress(session)
        return first_run.should_open(progress, connection=hub.service.connection_state())

    def done(wanted: bool) -> None:
        if wanted and callable(open_guide):
            open_guide()

    hub.runner.submit(decide, on_done=done)

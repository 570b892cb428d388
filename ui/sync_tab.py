"""Sincronizar Dados: one row per model with its Última Sincronização (dd/MM/yy, HH:mm), a
per-model button, progress with ETA during long pulls, and the manual's advice."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pdv_bling.base.events import SyncProgress
from pdv_bling.counter import queries
from ui import fmt, words
from ui.hub import Hub
from ui.store_mode import StoreView, is_caixa, offline_text, pull_through_integrator, view_store


class _Row:
    def __init__(self, model: str, grid: QGridLayout, index: int, tab: SyncTab) -> None:
        self.model = model
        self.name = QLabel(words.sync_model(model))
        self.date = QLabel("—")
        self.button = QPushButton(QCoreApplication.translate("SyncTab", "Sincronizar"))
        self.button.clicked.connect(lambda: tab.sync([model]))
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(True)
        self.progress.setMinimumWidth(160)
        self.progress.hide()
        self.eta = QLabel()
        self.eta.setStyleSheet("color: #555;")
        for column, widget in enumerate((self.name, self.date, self.button, self.progress, self.eta)):
            grid.addWidget(widget, index, column)


class SyncTab(QWidget):
    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.dates: dict[str, dt.datetime | None] = {}
        self.running: set[str] = set()
        grid = QGridLayout()
        for column, caption in enumerate((self.tr("Modelo"), self.tr("Última Sincronização"), "", self.tr("Andamento"))):
            header = QLabel(caption)
            header.setStyleSheet("font-weight: bold;")
            grid.addWidget(header, 0, column)
        self.rows = {model: _Row(model, grid, i + 1, self) for i, model in enumerate(queries.SYNC_MODELS)}
        grid.setColumnStretch(4, 1)
        self.all_button = QPushButton(self.tr("Sincronizar tudo"))
        self.all_button.clicked.connect(lambda: self.sync(None))
        self.message = QLabel()
        self.message.setWordWrap(True)
        advice = QLabel(
            self.tr(
                "Na frente de cada modelo está a data e hora da última sincronização realizada. "
                "Recomenda-se conferir essa data antes de executar uma nova sincronização, otimizando tempo e recursos. "
                "A 1ª sincronização é mais demorada; as seguintes trazem apenas as últimas alterações."
            )
        )
        advice.setWordWrap(True)
        advice.setStyleSheet("background: #eef4fb; border: 1px solid #c9dcf0; padding: 8px;")
        if is_caixa(hub):  # a caixa of a store: the integrador pulls from Bling, the caixa copies the store
            advice.setText(self.tr(
                "Loja com vários caixas: o integrador da loja sincroniza com o Bling (todos os modelos) e os caixas "
                "copiam da retaguarda. As datas são as da loja. Sincronizar pede ao integrador uma sincronização agora."))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Sincronize os modelos disponíveis na integração.")), 1)
        top.addWidget(self.all_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addWidget(advice)
        layout.addStretch(1)
        hub.bridge.sync_progress.connect(self.on_progress)
        self.reload()

    def reload(self) -> None:
        view_store(self.hub, "sync_dates", queries.last_sync, self._show_view)  # a caixa: the store's pulls

    def _show_view(self, view: StoreView[dict[str, dt.datetime | None]]) -> None:
        self._show_dates(view.value)
        if view.offline and not self.running:
            self.message.setText(offline_text(view))
            self.message.setStyleSheet("color: #b26a00;")

    def _show_dates(self, dates: dict[str, dt.datetime | None]) -> None:
        self.dates = dates
        for model, row in self.rows.items():
            row.date.setText(fmt.short_datetime(dates.get(model), never=self.tr("Nunca sincronizado")))

    def sync(self, models: list[str] | None) -> None:
        targets = models or list(self.rows)
        for model in targets:
            self.running.add(model)
            row = self.rows[model]
            row.button.setEnabled(False)
            row.progress.setRange(0, 0)  # busy until the first progress event
            row.progress.show()
            row.eta.setText(self.tr("Sincronizando…"))
        self.all_button.setEnabled(False)
        self.message.setText("")
        service = self.hub.service
        pull = (lambda: pull_through_integrator(service)) if is_caixa(self.hub) else (lambda: service.pull_now(models))
        self.hub.runner.submit(
            pull,
            on_done=lambda _report: self._finished(targets, None),
            on_error=lambda exc: self._finished(targets, exc),
        )

    def on_progress(self, event: SyncProgress) -> None:
        row = self.rows.get(event.model)
        if row is None:
            return
        row.progress.show()
        if event.finished:
            row.progress.setRange(0, 100)
            row.progress.setValue(100 if event.ok else row.progress.value())
            row.eta.setText(self.tr("Concluído") if event.ok else self.tr("Falhou: %1").replace("%1", event.error or ""))
            self.reload()
            return
        if event.total:
            row.progress.setRange(0, event.total)
            row.progress.setValue(event.done)
        done = (
            self.tr("%1 de %2").replace("%1", str(event.done)).replace("%2", str(event.total))
            if event.total
            else self.tr("%1 itens").replace("%1", str(event.done))
        )
        if event.eta_seconds is not None:
            done += " · " + self.tr("faltam ~%1").replace("%1", fmt.duration(event.eta_seconds))
        row.eta.setText(done)

    def _finished(self, models: list[str], exc: BaseException | None) -> None:
        for model in models:
            self.running.discard(model)
            row = self.rows[model]
            row.button.setEnabled(True)
            if row.progress.maximum() == 0:
                row.progress.setRange(0, 100)
                row.progress.setValue(100 if exc is None else 0)
            if exc is None and not row.eta.text().startswith(self.tr("Falhou")):
                row.eta.setText(self.tr("Concluído"))
        self.all_button.setEnabled(not self.running)
        if exc is not None:
            self.message.setText(words.error_text(exc))
            self.message.setStyleSheet("color: #b3261e;")
        self.reload()
        self.hub.refresh()

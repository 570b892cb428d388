"""Logs de API: Ação (in words: "Venda 5: situação → Cancelado"), Verificar, Modelo, Data/Hora
(first → last time of a repeated failure) and Vezes; filters by model and errors only. The
selected entry shows its suggested check in full, and "Detalhes técnicos" reveals the raw
request (method, path, HTTP answer) and Bling's own text."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pdv_bling.counter import queries
from ui import fmt, words
from ui.hub import Hub
from ui.store_mode import StoreView, offline_text, view_store
from ui.table import ATTENTION, RowsModel, rows_view


class LogsTab(QWidget):
    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.model_filter = QComboBox()
        self.model_filter.addItem(self.tr("Todos os modelos"), None)
        self.errors_only = QCheckBox(self.tr("Somente erros"))
        refresh = QPushButton(self.tr("Atualizar"))
        self.model: RowsModel[queries.LogRow] = RowsModel(
            [self.tr("Ação"), self.tr("Verificar"), self.tr("Modelo"), self.tr("Data / Hora"), self.tr("Vezes")],
            [
                lambda r: r.action,
                lambda r: (r.check or "").split("\n")[0][:90] if not r.ok else self.tr("OK"),
                lambda r: words.sync_model(r.model),
                self._when,
                lambda r: str(r.count),
            ],
            background=lambda r: None if r.ok else ATTENTION,
            tooltip=lambda r: r.check,
        )
        self.table = rows_view(self.model, stretch=1, sized_to_contents=True)
        self.empty = QLabel(self.tr("Sem dados disponíveis."))
        self.details = QPlainTextEdit()
        self.details.setTabChangesFocus(True)  # Tab moves on, never stays in the text
        self.details.setReadOnly(True)
        self.details.setMaximumHeight(130)
        self.details.setPlaceholderText(self.tr("Selecione uma linha para ver a verificação sugerida."))
        self.technical = QCheckBox(self.tr("Detalhes técnicos (requisição)"))
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Modelo")))
        filters.addWidget(self.model_filter)
        filters.addWidget(self.errors_only)
        filters.addStretch(1)
        filters.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Logs para resolução de conflitos com a integração.")))
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.details)
        layout.addWidget(self.technical)
        self.model_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.errors_only.toggled.connect(lambda _c: self.reload())
        self.technical.toggled.connect(lambda _c: self._show_details())
        refresh.clicked.connect(self.reload)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_details())
        self.reload()

    def _when(self, row: queries.LogRow) -> str:
        if row.count > 1 and row.last_at is not None:
            return self.tr("%1 → %2").replace("%1", fmt.long_datetime(row.at)).replace(
                "%2", fmt.long_datetime(row.last_at))
        return fmt.long_datetime(row.at)

    def reload(self) -> None:
        model, errors = self.model_filter.currentData(), self.errors_only.isChecked()
        # One query at a time, the latest filter last: a reload on opening the tab and a click on
        # "Somente erros" right after must not finish in the wrong order and show the stale list.
        # a caixa of a store: the store's API log (the integrador's requests for every caixa)
        view_store(self.hub, "logs",
                   lambda s: (queries.api_log(s, model=model, errors_only=errors), queries.api_log_models(s)),
                   self._show_view)

    def _show_view(self, view: StoreView[tuple[list[queries.LogRow], list[str]]]) -> None:
        self._show(view.value)
        self.empty.setText(offline_text(view) if view.offline else self.tr("Sem dados disponíveis."))
        self.empty.setVisible(view.offline or not view.value[0])

    def _show(self, data: tuple[list[queries.LogRow], list[str]]) -> None:
        rows, models = data
        known = {self.model_filter.itemData(i) for i in range(self.model_filter.count())}
        for name in models:
            if name not in known:
                self.model_filter.addItem(words.sync_model(name), name)
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        self.details.clear()

    def selected(self) -> queries.LogRow | None:
        chosen = self.table.selectionModel().selectedRows()
        return self.model.row_at(chosen[0].row()) if chosen else None

    def _show_details(self) -> None:
        row = self.selected()
        if row is None:
            self.details.clear()
            return
        parts = [row.action]
        if row.count > 1:
            parts.append(self.tr("%1 tentativas seguidas, de %2 a %3.").replace("%1", str(row.count))
                         .replace("%2", fmt.long_datetime(row.at)).replace("%3", fmt.long_datetime(row.last_at)))
        if row.check:
            parts.append(self.tr("Verificar: %1").replace("%1", row.check))
        if self.technical.isChecked():
            if row.request:
                parts.append(self.tr("Requisição: %1").replace("%1", row.request))
            if row.detail:
                parts.append(self.tr("Resposta do Bling: %1").replace("%1", row.detail))
        self.details.setPlainText("\n\n".join(parts))

"""Métodos de Pagamento: the DE-PARA. Each local method (Pagamento (PDV)) gets one Bling forma
de pagamento (Informado (Bling)); "Não informado" rows are highlighted as incomplete."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pdv_bling.counter import queries
from pdv_bling.management.local_admin import save_payment_mapping
from ui import words
from ui.cell_choice import CellChoice, choice_table, fixed_item
from ui.hub import Hub
from ui.store_mode import StoreView, change_store, offline_text, view_store

INCOMPLETE = "QComboBox { background: #fff4d6; color: #8a5300; font-weight: bold; }"


class PaymentsTab(QWidget):
    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.rows: list[queries.MappingRow] = []
        self.combos: list[QComboBox] = []
        self.stored: dict[int, int | None] = {}  # the mapping as saved: anything else is "não salvo"
        self.table = choice_table([self.tr("Pagamento (PDV)"), self.tr("Informado (Bling)")], column=1)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Salvar"))
        self.save_button.clicked.connect(self.save)
        self.saved = QLabel()  # "✔ Salvo" after Salvar, until the next change
        self.saved.setStyleSheet("color: #1e7d32; font-weight: bold;")
        self.unsaved = QLabel(self.tr("● Não salvo"))  # a choice changed since the last Salvar
        self.unsaved.setStyleSheet("color: #b26a00; font-weight: bold;")
        self.unsaved.setVisible(False)
        note = QLabel(
            self.tr("Relacione cada método de pagamento do PDV com a forma de pagamento do Bling. É obrigatório: vendas pagas com um método não informado ficam aguardando.")
        )
        note.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.saved)
        bottom.addWidget(self.unsaved)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Defina as configurações para métodos de pagamento.")))
        layout.addWidget(self.table)
        layout.addWidget(note)
        layout.addLayout(bottom)
        self.reload()

    def reload(self) -> None:
        # the store's DE-PARA on a caixa of a store (all caixas share it), this PC's otherwise
        view_store(self.hub, "payments", lambda s: (queries.payment_mapping(s), queries.bling_formas(s)),
                   self._show_view)

    def _show_view(self, view: StoreView[tuple[list[queries.MappingRow], list[queries.Choice]]]) -> None:
        self._show(view.value)
        self.save_button.setEnabled(not view.offline)
        if view.offline:  # this caixa's copy: the store's DE-PARA changes only on the store server
            self.summary.setText(offline_text(view))
            self.summary.setStyleSheet("color: #b26a00;")

    def _show(self, data: tuple[list[queries.MappingRow], list[queries.Choice]]) -> None:
        self.rows, formas = data
        self.table.setRowCount(len(self.rows))
        self.combos = []
        for index, row in enumerate(self.rows):
            self.table.setItem(index, 0, fixed_item(row.name))
            combo = CellChoice()
            combo.addItem(self.tr("Não informado"), None)
            for forma in formas:
                combo.addItem(forma.label, forma.bling_id)
            found = combo.findData(row.bling_id) if row.bling_id is not None else 0
            if found < 0:  # mapped to a forma no longer active in Bling: keep it visible
                combo.addItem(self.tr("Forma %1 (inativa no Bling)").replace("%1", str(row.bling_id)), row.bling_id)
                found = combo.count() - 1
            combo.setCurrentIndex(found)
            combo.currentIndexChanged.connect(lambda _i, c=combo: self._changed(c))
            self._mark(combo, summarize=False)
            self.table.setCellWidget(index, 1, combo)
            self.combos.append(combo)
        self.stored = self.mapping()
        self.unsaved.setVisible(False)
        if not formas:
            self.summary.setText(self.tr("Nenhuma forma de pagamento do Bling ainda: sincronize o modelo Formas de pagamento."))
        else:
            self._summarize()

    def _changed(self, combo: QComboBox) -> None:
        self.saved.clear()
        self.unsaved.setVisible(self.has_unsaved())
        self._mark(combo)

    def has_unsaved(self) -> bool:
        return self.mapping() != self.stored

    def _mark(self, combo: QComboBox, *, summarize: bool = True) -> None:
        wanted = INCOMPLETE if combo.currentData() is None else ""
        if combo.styleSheet() != wanted:  # a style sheet re-polishes the widget: only when it changes
            combo.setStyleSheet(wanted)
        if summarize:
            self._summarize()

    def _summarize(self) -> None:
        missing = sum(1 for c in self.combos if c.currentData() is None)
        if missing:
            self.summary.setText(
                self.tr("1 método sem forma de pagamento do Bling.") if missing == 1
                else self.tr("%1 métodos sem forma de pagamento do Bling.").replace("%1", str(missing))
            )
            self.summary.setStyleSheet("color: #8a5300;")
        else:
            self.summary.setText(self.tr("Todos os métodos estão relacionados."))
            self.summary.setStyleSheet("color: #1e7d32;")

    def mapping(self) -> dict[int, int | None]:
        return {row.method_id: combo.currentData() for row, combo in zip(self.rows, self.combos, strict=True)}

    def save(self) -> None:
        mapping = self.mapping()
        self.save_button.setEnabled(False)
        change_store(self.hub, lambda session: save_payment_mapping(session, mapping), on_done=self._saved,
                     on_error=self._failed)

    def _saved(self, _changed: int) -> None:
        self.save_button.setEnabled(True)
        self.saved.setText(self.tr("✔ Salvo"))
        self.hub.read_latest("payments", lambda s: (queries.payment_mapping(s), queries.bling_formas(s)), self._reloaded)

    def _reloaded(self, data: tuple[list[queries.MappingRow], list[queries.Choice]]) -> None:
        saved = self.saved.text()
        self._show(data)  # the rows as stored; rebuilding the combos is no edit
        self.saved.setText(saved)

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.saved.clear()
        self.summary.setText(words.error_text(exc))

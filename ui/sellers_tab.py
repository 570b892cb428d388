"""Integração Bling > Vendedores: each local operator (the "Vendedor" of Nova venda) linked to a
Bling vendedor, so sales carry it (the manual: only vendedores synced with Bling are sent).
Operators can be added by name or created from the Bling vendedores in one click."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from pdv_bling.management import sellers as sellers_admin
from ui import words
from ui.cell_choice import CellChoice, choice_table, fixed_item
from ui.hub import Hub
from ui.store_mode import StoreView, change_store, offline_text, view_store

UNLINKED = "QComboBox { background: #fff4d6; color: #8a5300; font-weight: bold; }"


class SellersTab(QWidget):
    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.rows: list[sellers_admin.OperatorRow] = []
        self.combos: list[QComboBox] = []
        self.stored: dict[int, int | None] = {}  # the links as saved: anything else is "não salvo"
        self.table = choice_table([self.tr("Operador (PDV)"), self.tr("Vendedor (Bling)")], column=1)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(self.tr("Nome do novo operador"))
        self.new_name.returnPressed.connect(self.add)
        self.add_button = QPushButton(self.tr("&Adicionar operador"))
        self.add_button.clicked.connect(self.add)
        self.import_button = QPushButton(self.tr("&Criar operadores dos vendedores do Bling"))
        self.import_button.clicked.connect(self.import_all)
        self.save_button = QPushButton(self.tr("&Salvar"))
        self.save_button.clicked.connect(self.save)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.unsaved = QLabel(self.tr("● Não salvo"))  # a link changed since the last Salvar
        self.unsaved.setStyleSheet("color: #b26a00; font-weight: bold;")
        self.unsaved.setVisible(False)
        note = QLabel(
            self.tr("Vincule cada operador do caixa a um vendedor do Bling: a venda vai ao Bling com esse vendedor (comissão). Sem vínculo, vai sem vendedor.")
        )
        note.setWordWrap(True)
        adding = QHBoxLayout()
        adding.addWidget(self.new_name, 1)
        adding.addWidget(self.add_button)
        adding.addWidget(self.import_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.unsaved)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(adding)
        layout.addLayout(bottom)
        self.reload()

    def reload(self) -> None:
        # a caixa of a store: the store's operators and links (every caixa sells with them)
        view_store(self.hub, "sellers", lambda s: (sellers_admin.operators(s), sellers_admin.vendedores(s)),
                   self._show_view)

    def _show_view(self, view: StoreView[tuple[list[sellers_admin.OperatorRow],
                                               list[sellers_admin.VendedorChoice]]]) -> None:
        self._show(view.value)
        self._enable(not view.offline)
        if view.offline:
            self.summary.setStyleSheet("color: #b26a00;")
            self.summary.setText(offline_text(view))

    def _show(self, data: tuple[list[sellers_admin.OperatorRow], list[sellers_admin.VendedorChoice]]) -> None:
        self.rows, vendedores = data
        self.table.setRowCount(len(self.rows))
        self.combos = []
        for index, row in enumerate(self.rows):
            self.table.setItem(index, 0, fixed_item(row.name))
            combo = CellChoice()
            combo.addItem(self.tr("Sem vínculo"), None)
            for vendedor in vendedores:
                label = vendedor.nome if vendedor.active else self.tr("%1 (inativo no Bling)").replace("%1", vendedor.nome)
                combo.addItem(label, vendedor.bling_id)
            found = combo.findData(row.vendedor_id) if row.vendedor_id is not None else 0
            if found < 0:  # linked to a vendedor no longer in Bling: keep it visible
                combo.addItem(self.tr("Vendedor %1 (não existe no Bling)").replace("%1", str(row.vendedor_id)), row.vendedor_id)
                found = combo.count() - 1
            combo.setCurrentIndex(found)
            combo.currentIndexChanged.connect(lambda _i, c=combo: self._mark(c))
            self._mark(combo, summarize=False)
            self.table.setCellWidget(index, 1, combo)
            self.combos.append(combo)
        self.stored = self.links()
        self.unsaved.setVisible(False)
        if not vendedores:
            self.summary.setText(self.tr("Nenhum vendedor do Bling ainda: sincronize o modelo Vendedor."))
        else:
            self._summarize()

    def has_unsaved(self) -> bool:
        return self.links() != self.stored

    def _mark(self, combo: QComboBox, *, summarize: bool = True) -> None:
        wanted = UNLINKED if combo.currentData() is None else ""
        if combo.styleSheet() != wanted:
            combo.setStyleSheet(wanted)
        if summarize:  # a change by hand (while the rows are built, only their colours)
            self.unsaved.setVisible(self.has_unsaved())
            self._summarize()

    def _summarize(self) -> None:
        missing = sum(1 for c in self.combos if c.currentData() is None)
        if not self.rows:
            self.summary.setText(self.tr("Nenhum operador cadastrado: as vendas vão ao Bling sem vendedor."))
            self.summary.setStyleSheet("color: #444;")
        elif missing:
            self.summary.setText(words.operators_without_seller(missing))
            self.summary.setStyleSheet("color: #8a5300;")
        else:
            self.summary.setText(self.tr("Todos os operadores estão vinculados."))
            self.summary.setStyleSheet("color: #1e7d32;")

    def links(self) -> dict[int, int | None]:
        return {row.seller_id: combo.currentData() for row, combo in zip(self.rows, self.combos, strict=True)}

    def save(self) -> None:
        self._write(lambda session: sellers_admin.save_links(session, self.links()), self.tr("Vínculos salvos."))

    def add(self) -> None:
        name = self.new_name.text()
        self._write(lambda session: sellers_admin.add_operator(session, name), self.tr("Operador adicionado."),
                    clear=True)

    def import_all(self) -> None:
        self._write(sellers_admin.import_vendedores, self.tr("Operadores criados a partir dos vendedores do Bling."))

    def _write(self, change: Callable[[Session], object], done_text: str, *, clear: bool = False) -> None:
        links = self.links()

        def job(session: Session) -> object:
            sellers_admin.save_links(session, links)  # unsaved choices are kept, whatever the action
            return change(session)

        def done(_result: object) -> None:
            self._enable(True)
            if clear:
                self.new_name.clear()
            self.reload()
            self.summary.setText(done_text)

        self._enable(False)
        change_store(self.hub, job, on_done=done, on_error=self._failed)  # a caixa: in the store's database

    def _enable(self, on: bool) -> None:
        for button in (self.add_button, self.import_button, self.save_button):
            button.setEnabled(on)

    def _failed(self, exc: BaseException) -> None:
        self._enable(True)
        self.summary.setStyleSheet("color: #b3261e;")
        self.summary.setText(words.error_text(exc))

"""Configurações › Operadores: the operators a sale names as its vendedor, each optionally linked to
a Bling vendedor (then sent to Bling with the sale). Add, link, deactivate, reactivate; the same
actions as `pdv-bling operador` (pdv_bling/management/operators.py). On a caixa of a store the operators are
the store's: read from and written to the store database, as Integração Bling > Vendedores does."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from pdv_bling.management.operators import (
    OperatorRow,
    add_operator,
    link_operator,
    list_operators,
    set_operator_active,
)
from pdv_bling.store.models import BlingVendedor
from ui import words
from ui.hub import Hub
from ui.store_mode import StoreView, change_store, offline_text, view_store
from ui.table import RowsModel, rows_view


def _vendedores(session: Session) -> list[tuple[int, str]]:
    stmt = select(BlingVendedor).order_by(BlingVendedor.nome)
    return [(v.bling_id, v.nome) for v in session.scalars(stmt) if (v.situacao or "A") == "A"]


class OperatorsBox(QGroupBox):
    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Operadores (vendedor da venda)"), parent)
        self.hub = hub
        self.model: RowsModel[OperatorRow] = RowsModel(
            [self.tr("Operador"), self.tr("Vendedor no Bling"), self.tr("Situação")],
            [
                lambda r: r.name,
                lambda r: r.bling_vendedor or self.tr("Nenhum (não enviado ao Bling)"),
                lambda r: self.tr("Ativo") if r.active else self.tr("Desativado"),
            ],
        )
        self.table = rows_view(self.model, stretch=0, sized_to_contents=True)  # a handful of rows
        self.table.setMinimumHeight(90)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("Nome do operador"))
        self.name.setMaxLength(120)
        self.vendedor = QComboBox()
        self.add_button = QPushButton(self.tr("Adicionar"))
        self.link_button = QPushButton(self.tr("Ligar ao vendedor"))
        self.toggle_button = QPushButton(self.tr("Desativar"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        form = QHBoxLayout()
        form.addWidget(self.name, 2)
        form.addWidget(self.vendedor, 2)
        form.addWidget(self.add_button)
        actions = QHBoxLayout()
        actions.addWidget(self.link_button)
        actions.addWidget(self.toggle_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(form)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        self.add_button.clicked.connect(self.add)
        self.link_button.clicked.connect(self.link)
        self.toggle_button.clicked.connect(self.toggle)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self._offline = False  # a caixa whose retaguarda does not answer: read-only
        self.reload()

    def reload(self) -> None:
        view_store(self.hub, "operators_box", lambda s: (list_operators(s), _vendedores(s)), self._show_view)

    def _show_view(self, view: StoreView[tuple[list[OperatorRow], list[tuple[int, str]]]]) -> None:
        """Offline on a caixa: this caixa's copy, read-only, with the reason."""
        self.add_button.setEnabled(not view.offline)
        self.name.setEnabled(not view.offline)
        self._offline = view.offline
        if view.offline:
            self.message.setText(offline_text(view))
        self._show(view.value)

    def _show(self, data: tuple[list[OperatorRow], list[tuple[int, str]]]) -> None:
        rows, vendedores = data
        self.model.set_rows(rows)
        current = self.vendedor.currentData()
        self.vendedor.clear()
        self.vendedor.addItem(self.tr("Sem vendedor do Bling"), None)
        for bling_id, nome in vendedores:
            self.vendedor.addItem(nome, bling_id)
        self.vendedor.setCurrentIndex(max(0, self.vendedor.findData(current)))
        self._selection_changed()

    def selected(self) -> OperatorRow | None:
        chosen = self.table.selectionModel().selectedRows()
        return self.model.row_at(chosen[0].row()) if chosen else None

    def _selection_changed(self) -> None:
        row = self.selected()
        writable = row is not None and not self._offline
        self.link_button.setEnabled(writable)
        self.toggle_button.setEnabled(writable)
        self.toggle_button.setText(self.tr("Reativar") if row is not None and not row.active else self.tr("Desativar"))

    def add(self) -> None:
        name, vendedor = self.name.text(), self.vendedor.currentData()
        self._run(lambda s: add_operator(s, name, vendedor=vendedor),
                  self.tr("Operador %1 adicionado.").replace("%1", name.strip()))
        self.name.clear()

    def link(self) -> None:
        row, vendedor = self.selected(), self.vendedor.currentData()
        if row is not None:
            self._run(lambda s: link_operator(s, row.name, vendedor), self.tr("Vínculo salvo."))

    def toggle(self) -> None:
        row = self.selected()
        if row is not None:
            self._run(lambda s: set_operator_active(s, row.name, active=not row.active),
                      self.tr("Operador reativado.") if not row.active else self.tr("Operador desativado."))

    def _run(self, action: Callable[[Session], object], done_text: str) -> None:
        """One transaction: this PC's database, or on a caixa the store's (the replica brings it back)."""
        change_store(self.hub, action, on_done=lambda _r: self._done(done_text), on_error=self._failed)

    def _done(self, text: str) -> None:
        self.message.setText(text)
        self.reload()

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(words.error_text(exc))

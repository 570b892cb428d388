"""Caixa e Bancos: where the turno's suprimentos, sangrias and fechamento differences are posted in
Bling. One row for the conta financeira and one per role with its categoria, chosen like the
DE-PARA (a choice changes only on F2, Enter or Space); "Não informado" rows are highlighted, since
their postings wait in the queue until chosen. The lists come from Bling (Atualizar do Bling)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from pdv_bling.management.caixa_bancos import choices_for, set_mapping
from pdv_bling.store.caixa_mapping import (
    CONTA,
    KEYS,
    ROLES,
    SYNC_MODEL,
    CaixaMapping,
    Choice,
    load_categorias,
    load_contas,
    load_mapping,
)
from pdv_bling.store.models import SyncState
from pdv_bling.sync.caixa_bancos import ask_pull
from ui import fmt, words
from ui.cell_choice import CellChoice, choice_table, fixed_item
from ui.hub import Hub
from ui.store_mode import (
    StoreView,
    change_store,
    is_caixa,
    link_of,
    offline_text,
    pull_through_integrator,
    view_store,
)

INCOMPLETE = "QComboBox { background: #fff4d6; color: #8a5300; font-weight: bold; }"


@dataclass(frozen=True)
class CaixaView:
    mapping: CaixaMapping
    contas: list[Choice]
    categorias: list[Choice]
    pulled_at: dt.datetime | None


def read_view(session: Session) -> CaixaView:
    state = session.get(SyncState, SYNC_MODEL)
    return CaixaView(load_mapping(session), load_contas(session), load_categorias(session),
                     state.last_success_at if state is not None else None)


def _row_names() -> dict[str, str]:
    tr = QCoreApplication.translate
    return {CONTA: tr("CaixaBancosTab", "Conta financeira"), "suprimento": tr("CaixaBancosTab", "Suprimento"),
            "sangria": tr("CaixaBancosTab", "Sangria"), "sobra": tr("CaixaBancosTab", "Sobra de caixa (fechamento)"),
            "falta": tr("CaixaBancosTab", "Falta de caixa (fechamento)")}


class CaixaBancosTab(QWidget):
    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.combos: dict[str, CellChoice] = {}
        self.pull_problem: str | None = None  # why the last Atualizar do Bling failed, shown after the reload
        self.stored: dict[str, int | None] = {}
        self.table = choice_table([self.tr("Lançamento do turno"), self.tr("Informado (Bling)")], column=1)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.lists = QLabel()
        self.lists.setWordWrap(True)
        self.pull_button = QPushButton(self.tr("Atualizar do Bling"))
        self.pull_button.clicked.connect(self.pull)
        self.save_button = QPushButton(self.tr("Salvar"))
        self.save_button.clicked.connect(self.save)
        self.saved = QLabel()
        self.saved.setStyleSheet("color: #1e7d32; font-weight: bold;")
        self.unsaved = QLabel(self.tr("● Não salvo"))
        self.unsaved.setStyleSheet("color: #b26a00; font-weight: bold;")
        self.unsaved.setVisible(False)
        note = QLabel(self.tr("Suprimentos, sangrias e diferenças do fechamento são lançados no Caixa e Bancos do "
                              "Bling nesta conta, com estas categorias. É obrigatório para enviar os turnos: "
                              "lançamentos sem conta ou categoria ficam aguardando na Fila de envio."))
        note.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.saved)
        bottom.addWidget(self.unsaved)
        bottom.addWidget(self.pull_button)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table)
        layout.addWidget(self.lists)
        layout.addLayout(bottom)
        self.reload()

    def reload(self) -> None:
        view_store(self.hub, "caixa_bancos", read_view, self._show_view)  # a caixa: the store's, for all caixas

    def _show_view(self, view: StoreView[CaixaView]) -> None:
        self._show(view.value)
        self.save_button.setEnabled(not view.offline)
        self.pull_button.setEnabled(not view.offline)
        if view.offline:
            self.summary.setText(offline_text(view))
            self.summary.setStyleSheet("color: #b26a00;")
        elif self.pull_problem:
            self.summary.setText(self.pull_problem)
            self.summary.setStyleSheet("color: #b3261e;")
            self.pull_problem = None

    def _show(self, data: CaixaView) -> None:
        names = _row_names()
        self.table.setRowCount(len(KEYS))
        self.combos = {}
        for index, key in enumerate(KEYS):
            self.table.setItem(index, 0, fixed_item(names[key]))
            options = data.contas if key == CONTA else choices_for(ROLES[index - 1], data.categorias)
            combo = self._combo(options, getattr(data.mapping, key))
            self.table.setCellWidget(index, 1, combo)
            self.combos[key] = combo
        self.stored = self.mapping()
        self.unsaved.setVisible(False)
        if data.pulled_at is None:
            self.lists.setText(self.tr("As contas e categorias ainda não foram baixadas do Bling: clique em "
                                       "Atualizar do Bling."))
        else:
            self.lists.setText(self.tr("Contas e categorias do Bling de %1.").replace(
                "%1", fmt.short_datetime(data.pulled_at, never="—")))
        self._summarize()

    def _combo(self, options: list[Choice], current: int | None) -> CellChoice:
        combo = CellChoice()
        combo.addItem(self.tr("Não informado"), None)
        for option in options:
            combo.addItem(option.descricao, option.id)
        found = combo.findData(current) if current is not None else 0
        if found < 0:  # chosen once, no longer among the active ones in Bling: keep it visible
            combo.addItem(self.tr("Id %1 (não está entre as ativas do Bling)").replace("%1", str(current)), current)
            found = combo.count() - 1
        combo.setCurrentIndex(found)
        combo.currentIndexChanged.connect(lambda _i, c=combo: self._changed(c))
        self._mark(combo)
        return combo

    def _changed(self, combo: CellChoice) -> None:
        self.saved.clear()
        self.unsaved.setVisible(self.has_unsaved())
        self._mark(combo)
        self._summarize()

    @staticmethod
    def _mark(combo: CellChoice) -> None:
        wanted = INCOMPLETE if combo.currentData() is None else ""
        if combo.styleSheet() != wanted:
            combo.setStyleSheet(wanted)

    def _summarize(self) -> None:
        missing = sum(1 for combo in self.combos.values() if combo.currentData() is None)
        if missing:
            self.summary.setText(self.tr("1 item sem escolha: os lançamentos dele aguardam.") if missing == 1
                                 else self.tr("%1 itens sem escolha: os lançamentos deles aguardam.").replace(
                                     "%1", str(missing)))
            self.summary.setStyleSheet("color: #8a5300;")
        else:
            self.summary.setText(self.tr("Conta e categorias escolhidas."))
            self.summary.setStyleSheet("color: #1e7d32;")

    def mapping(self) -> dict[str, int | None]:
        return {key: combo.currentData() for key, combo in self.combos.items()}

    def has_unsaved(self) -> bool:
        return self.mapping() != self.stored

    def save(self) -> None:
        values: dict[str, str | int | None] = {key: str(value) if value is not None else None
                                               for key, value in self.mapping().items()}
        self.save_button.setEnabled(False)
        change_store(self.hub, lambda session: set_mapping(session, values), on_done=self._saved,
                     on_error=self._failed)

    def _saved(self, _mapping: CaixaMapping) -> None:
        self.save_button.setEnabled(True)
        self.hub.read_latest("caixa_bancos", read_view, self._reloaded)

    def _reloaded(self, data: CaixaView) -> None:
        self._show(data)
        self.saved.setText(self.tr("✔ Salvo"))

    def pull(self) -> None:
        """Single mode: pull now. A caixa: ask the store's integrador, wait, then copy the store."""
        self.pull_button.setEnabled(False)
        self.lists.setText(self.tr("Baixando contas e categorias do Bling…"))
        if is_caixa(self.hub):
            link, service = link_of(self.hub), self.hub.service
            assert link is not None

            def job() -> object:
                with link.server().transaction() as session:
                    ask_pull(session)
                return pull_through_integrator(service)
        else:
            def job() -> object:
                return self.hub.service.pull_now([SYNC_MODEL])
        self.hub.runner.submit(job, on_done=lambda _r: self._pulled(None), on_error=self._pulled)

    def _pulled(self, exc: BaseException | None) -> None:
        self.pull_button.setEnabled(True)
        self.pull_problem = words.error_text(exc) if exc is not None else None
        self.reload()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.saved.clear()
        self.summary.setText(words.error_text(exc))
        self.summary.setStyleSheet("color: #b3261e;")

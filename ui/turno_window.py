"""Caixa (F4): the turno de caixa at the counter — open it, record a suprimento or a sangria,
close it (the fechamento wizard, ui/turno_close.py), read the X report, and browse the last 30
days' turnos (Enter reprints a Z report). Keyboard only: each action has its letter key, the
form's fields follow in Tab order, Enter confirms, Esc goes back. The core decides and refuses
(counter/turno.py); this screen shows its words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pdv_bling.counter import turno as service
from pdv_bling.counter.queries import sellers
from pdv_bling.domain.money import parse_money
from pdv_bling.slips.thermal import kick_drawer
from ui import fmt, words
from ui.hub import Hub
from ui.slip_print import open_slip


class TurnoWindow(QDialog):
    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.operators: list[str] = []
        self.rows: list[dict[str, Any]] = []
        self.setWindowTitle(self.tr("Caixa — turno"))
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setStyleSheet("font-size: 15px; font-weight: bold; padding: 4px;")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._home())
        self.form = MovementForm(self)
        self.pages.addWidget(self.form)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)
        self.resize(720, 480)
        self.reload()

    def _home(self) -> QWidget:
        page = QWidget()
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, text, key in (("abrir", self.tr("&Abrir caixa"), "A"), ("suprimento", self.tr("&Suprimento"), "S"),
                                ("sangria", self.tr("San&gria"), "G"), ("fechar", self.tr("&Fechar caixa"), "F"),
                                ("x", self.tr("Relatório &X"), "X")):
            button = QPushButton(text)
            button.setEnabled(False)  # until the turno's state is read (`_show_state`): no act before it
            button.clicked.connect(lambda _c=False, n=name: self.act(n))
            QShortcut(QKeySequence(key), page, lambda n=name: self.act(n),
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)  # not while typing a reason
            button.setEnabled(False)  # until the turno's state is read
            buttons.addWidget(button)
            self.buttons[name] = button
        self.turnos = QTableWidget(0, 4)
        self.turnos.setHorizontalHeaderLabels([self.tr("Turno"), self.tr("Operador"), self.tr("Aberto"),
                                               self.tr("Fechado (Enter: Relatório Z)")])
        self.turnos.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.turnos.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.turnos.setTabKeyNavigation(False)
        self.turnos.horizontalHeader().setStretchLastSection(True)
        self.turnos.activated.connect(lambda index: self.reprint(index.row()))
        layout = QVBoxLayout(page)
        layout.addLayout(buttons)
        layout.addWidget(QLabel(self.tr("Turnos dos últimos 30 dias")))
        layout.addWidget(self.turnos, 1)
        return page

    # ------------------------------------------------------------ state

    def reload(self) -> None:
        self.hub.read(_read_state, self._show_state)

    def _show_state(self, state: dict[str, Any]) -> None:
        current = state["current"]
        if current is None:
            self.state.setText(self.tr("Caixa fechado."))
        else:
            text = self.tr("Caixa aberto por %1 desde %2 — fundo de troco %3.").replace("%1", current["operator"]).replace(
                "%2", fmt.short_datetime(current["opened_at"])).replace("%3", fmt.money(current["fundo"]))
            if current["drawer"] is not None:
                text += " " + self.tr("Dinheiro esperado na gaveta: %1.").replace("%1", fmt.money(current["drawer"]))
            self.state.setText(text)
        for name, button in self.buttons.items():
            button.setEnabled((name == "abrir") == (current is None))
        self.operators = state["operators"]
        self.rows = state["turnos"]
        self.turnos.setRowCount(len(self.rows))
        for row, t in enumerate(self.rows):
            for col, value in enumerate((str(t["id"]), t["operator"], fmt.short_datetime(t["opened_at"]),
                                         fmt.short_datetime(t["closed_at"], never=self.tr("aberto")))):
                self.turnos.setItem(row, col, QTableWidgetItem(value))
        self.turnos.resizeColumnsToContents()

    # ------------------------------------------------------------ actions

    def act(self, name: str) -> None:
        if self.pages.currentIndex() != 0 or not self.buttons[name].isEnabled():
            return
        if name == "x":
            open_slip(self, self.hub, "turno_x", 0)
        elif name == "fechar":
            from ui.turno_close import TurnoCloseWizard

            wizard = TurnoCloseWizard(self.hub, self.operators, self)
            wizard.finished.connect(lambda _r: self.reload())
            wizard.show()
        else:
            self.form.start(name, self.operators)
            self.pages.setCurrentIndex(1)

    def reprint(self, row: int) -> None:
        if 0 <= row < len(self.rows) and self.rows[row]["closed_at"] is not None:
            open_slip(self, self.hub, "turno_z", int(self.rows[row]["id"]))

    def back(self, done: str = "") -> None:
        self.pages.setCurrentIndex(0)
        self.message.setText(done)
        self.buttons["abrir"].setFocus()
        self.reload()
        self.hub.after_local_write()

    def keyPressEvent(self, event: Any) -> None:  # Esc on a form goes back instead of closing
        if event.key() == Qt.Key.Key_Escape and self.pages.currentIndex() == 1:
            self.back()
            return
        super().keyPressEvent(event)


class MovementForm(QWidget):
    """Abertura (fundo de troco), suprimento or sangria: amount, reason, operator; Enter records."""

    def __init__(self, window: TurnoWindow) -> None:
        super().__init__()
        self.window_ = window
        self.kind = ""
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 14px;")
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("0,00")
        self.reason = QLineEdit()
        self.reason.setMaxLength(200)
        self.operator = QComboBox()
        self.operator.setEditable(True)
        self.record = QPushButton(self.tr("Registrar (Enter)"))
        self.record.setDefault(True)
        self.record.clicked.connect(self.submit)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        form = QFormLayout(self)
        form.addRow(self.title)
        form.addRow(self.tr("Valor (R$)"), self.amount)
        self.reason_label = QLabel(self.tr("Motivo"))
        form.addRow(self.reason_label, self.reason)
        form.addRow(self.tr("Operador"), self.operator)
        form.addRow(self.record)
        form.addRow(self.error)
        for field in (self.amount, self.reason):
            field.returnPressed.connect(self.submit)

    def start(self, kind: str, operators: list[str]) -> None:
        self.kind = kind
        titles = {"abrir": self.tr("Abertura do caixa: o fundo de troco"), "suprimento": self.tr("Suprimento: dinheiro que entra na gaveta"),
                  "sangria": self.tr("Sangria: dinheiro que sai da gaveta")}
        self.title.setText(titles[kind])
        self.amount.clear()
        self.reason.clear()
        self.error.clear()
        self.reason.setVisible(kind != "abrir")
        self.reason_label.setVisible(kind != "abrir")
        self.operator.clear()
        self.operator.addItems(operators)
        self.amount.setFocus()

    def submit(self) -> None:
        try:
            cents = parse_money(self.amount.text(), field="valor")
        except Exception as exc:  # noqa: BLE001 - DomainError: said in words below
            self.error.setText(words.error_text(exc))
            self.amount.setFocus()
            return
        store, kind = self.window_.hub.ctx.store, self.kind
        operator, reason = self.operator.currentText(), self.reason.text()

        def job() -> str:
            if kind == "abrir":
                service.open_turno(store, operator=operator, fundo_cents=cents)
                return ""
            service.add_movement(store, kind=kind, amount_cents=cents, reason=reason, operator=operator)
            return kick_drawer(store)

        self.record.setEnabled(False)
        self.window_.hub.runner.submit(job, on_done=self._done, on_error=self._failed)

    def _done(self, drawer: str) -> None:
        self.record.setEnabled(True)
        done = {"abrir": self.tr("Caixa aberto."), "suprimento": self.tr("Suprimento registrado."),
                "sangria": self.tr("Sangria registrada.")}[self.kind]
        self.window_.back(done + (" " + drawer if drawer else ""))

    def _failed(self, exc: BaseException) -> None:
        self.record.setEnabled(True)
        self.error.setText(words.error_text(exc))


def _read_state(session: Any) -> dict[str, Any]:
    current = service.current_turno(session)
    drawer = None
    if current is not None and not current.blind:
        from pdv_bling.counter.turno_figures import figures

        drawer = figures(session, current).expected.cash_cents
    turnos = [{"id": t.id, "operator": t.operator, "opened_at": t.opened_at, "closed_at": t.closed_at}
              for t in service.recent_turnos(session)]
    return {"current": None if current is None else {"operator": current.operator, "opened_at": current.opened_at,
                                                     "fundo": current.fundo_cents, "drawer": drawer},
            "operators": [name for _id, name in sellers(session)], "turnos": turnos}


Reader = Callable[[Any], Any]

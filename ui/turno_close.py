"""Fechamento do caixa: a keyboard-only wizard that fits 1024×600, like the exchange wizard.

1. Dinheiro — counted by notes and coins (a quantity per note, the total follows) or typed as a total.
2. Cartões e PIX — each other payment method's total from the machine's report.
3. Conferência — what was counted; outside a fechamento cego also what was expected and the
   difference. A reason when the core asks for one, the operator, F10 closes. The Z report opens.

Tab moves between fields, Enter or PageDown goes to the next step, PageUp back, F10 closes the
caixa from the last step, Esc asks before leaving the count half-done."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pdv_bling.counter import turno as service
from pdv_bling.domain.money import parse_money
from pdv_bling.domain.turno import DENOMINATIONS
from ui import fmt, guards, words
from ui.hub import Hub
from ui.slip_print import open_slip


class TurnoCloseWizard(QDialog):
    def __init__(self, hub: Hub, operators: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.setWindowTitle(self.tr("Fechamento do caixa"))
        self.methods: list[str] = []
        self.cash_method = ""
        self.expected: dict[str, int] | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(self._cash_page())
        self.other_page = QWidget()
        self.other_form = QFormLayout(self.other_page)
        self.pages.addWidget(self.other_page)
        self.pages.addWidget(self._review_page(operators))
        self.back_button = QPushButton(self.tr("Voltar (PgUp)"))
        self.back_button.clicked.connect(lambda: self.go(-1))
        self.next_button = QPushButton(self.tr("Avançar (Enter)"))
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(lambda: self.go(1))
        self.close_button = QPushButton(self.tr("Fechar caixa (F10)"))
        self.close_button.clicked.connect(self.finish)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        buttons = QHBoxLayout()
        for button in (self.back_button, self.next_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        QShortcut(QKeySequence("PgDown"), self, lambda: self.go(1))
        QShortcut(QKeySequence("PgUp"), self, lambda: self.go(-1))
        QShortcut(QKeySequence("F10"), self, self.finish)
        self.resize(760, 540)
        self.show_step()
        self.hub.read(_methods, self._set_methods)

    # ------------------------------------------------------------ pages

    def _cash_page(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout()
        self.notes: dict[int, QSpinBox] = {}
        for index, value in enumerate(DENOMINATIONS):
            spin = QSpinBox()
            spin.setRange(0, 100_000)
            spin.valueChanged.connect(self._cash_changed)
            row, col = index % 6, (index // 6) * 2
            grid.addWidget(QLabel(fmt.money(value)), row, col)
            grid.addWidget(spin, row, col + 1)
            self.notes[value] = spin
        self.cash_total = QLineEdit()
        self.cash_total.setPlaceholderText(self.tr("ou digite o total contado, ex.: 412,50"))
        self.cash_sum = QLabel()
        layout = QVBoxLayout(page)
        layout.addWidget(_title(self.tr("1 de 3 — Dinheiro na gaveta: a quantidade de cada cédula e moeda")))
        layout.addLayout(grid)
        layout.addWidget(self.cash_total)
        layout.addWidget(self.cash_sum)
        layout.addStretch(1)
        self._cash_changed()
        return page

    def _review_page(self, operators: list[str]) -> QWidget:
        page = QWidget()
        self.review = QLabel()
        self.review.setTextFormat(Qt.TextFormat.RichText)
        self.reason = QLineEdit()
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(self.tr("obrigatório quando a diferença passa do limite da loja"))
        self.operator = QComboBox()
        self.operator.setEditable(True)
        self.operator.addItems(operators)
        form = QFormLayout(page)
        form.addRow(_title(self.tr("3 de 3 — Conferência")))
        form.addRow(self.review)
        form.addRow(self.tr("Motivo da diferença"), self.reason)
        form.addRow(self.tr("Operador"), self.operator)
        return page

    def _set_methods(self, found: tuple[str, list[str], dict[str, int] | None]) -> None:
        self.cash_method, self.methods, self.expected = found
        self.others: dict[str, QLineEdit] = {}
        self.other_form.addRow(_title(self.tr("2 de 3 — Cartões, PIX e outras formas: o total do relatório da maquininha")))
        for method in self.methods:
            if method == self.cash_method:
                continue
            field = QLineEdit()
            field.setPlaceholderText("0,00")
            self.other_form.addRow(method, field)
            self.others[method] = field

    def _cash_changed(self) -> None:
        total = sum(value * spin.value() for value, spin in self.notes.items())
        self.cash_sum.setText(self.tr("Total pelas cédulas e moedas: %1").replace("%1", fmt.money(total)))

    # ------------------------------------------------------------ steps

    def go(self, step: int) -> None:
        index = self.pages.currentIndex() + step
        if not 0 <= index < self.pages.count():
            return
        if step > 0:
            try:
                self.counted()
            except Exception as exc:  # noqa: BLE001 - a typed amount refused, in words
                self.error.setText(words.error_text(exc))
                return
        self.pages.setCurrentIndex(index)
        self.show_step()

    def show_step(self) -> None:
        index = self.pages.currentIndex()
        self.error.clear()
        self.back_button.setEnabled(index > 0)
        self.next_button.setVisible(index < self.pages.count() - 1)
        self.close_button.setVisible(index == self.pages.count() - 1)
        if index == 0:
            self.notes[DENOMINATIONS[0]].setFocus()
        elif index == 1:
            first = next(iter(getattr(self, "others", {}).values()), None)
            (first or self.next_button).setFocus()
        else:
            self._show_review()
            self.reason.setFocus()

    def counted(self) -> tuple[dict[str, int], dict[int, int] | None]:
        """The counts as typed; a typed cash total wins over the notes."""
        counts: dict[str, int] = {}
        notes: dict[int, int] | None = {value: spin.value() for value, spin in self.notes.items() if spin.value()}
        if self.cash_total.text().strip():
            counts[self.cash_method] = parse_money(self.cash_total.text(), field="contagem")
            notes = None
        elif notes:
            counts[self.cash_method] = sum(v * n for v, n in notes.items())
        else:
            counts[self.cash_method], notes = 0, None
        for method, field in getattr(self, "others", {}).items():
            counts[method] = parse_money(field.text() or "0", field="contagem")
        return counts, notes

    def _show_review(self) -> None:
        counts, _notes = self.counted()
        rows = []
        for method, cents in counts.items():
            line = f"<tr><td>{method}</td><td align='right'>{fmt.money(cents)}</td>"
            if self.expected is not None:  # outside a fechamento cego
                expected = self.expected.get(method, 0)
                line += f"<td align='right'>{fmt.money(expected)}</td><td align='right'><b>{fmt.money(cents - expected)}</b></td>"
            rows.append(line + "</tr>")
        head = self.tr("<tr><th>Forma</th><th>Contado</th>")
        head += self.tr("<th>Esperado</th><th>Diferença</th></tr>") if self.expected is not None else "</tr>"
        blind = "" if self.expected is not None else "<p>" + self.tr(
            "Fechamento cego: os valores esperados aparecem no Relatório Z, depois de fechar.") + "</p>"
        self.review.setText(f"<table cellspacing='6'>{head}{''.join(rows)}</table>{blind}")

    def finish(self) -> None:
        if self.pages.currentIndex() != self.pages.count() - 1:
            return
        try:
            counts, notes = self.counted()
        except Exception as exc:  # noqa: BLE001
            self.error.setText(words.error_text(exc))
            return
        store, operator, reason = self.hub.ctx.store, self.operator.currentText(), self.reason.text()
        self.close_button.setEnabled(False)
        self.hub.runner.submit(lambda: service.close_turno(store, counted=counts, operator=operator, reason=reason,
                                                           notes=notes),
                               on_done=self._closed, on_error=self._failed)

    def _closed(self, _summary: dict[str, Any]) -> None:
        self.hub.after_local_write()
        parent = self.parentWidget() or self
        self.accept()
        open_slip(parent, self.hub, "turno_z", 0)  # the Z report, to print

    def _failed(self, exc: BaseException) -> None:
        self.close_button.setEnabled(True)
        self.error.setText(words.error_text(exc))
        self.reason.setFocus()

    def reject(self) -> None:
        if guards.ask(self, self.tr("Fechamento do caixa"), self.tr("Sair sem fechar o caixa? A contagem digitada se perde.")):
            super().reject()


def _title(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("font-weight: bold; font-size: 14px;")
    return label


def _methods(session: Any) -> tuple[str, list[str], dict[str, int] | None]:
    """The methods to count (the turno's money methods), the cash one, and the expected amounts
    unless the turno is closed blind."""
    from pdv_bling.counter.turno_figures import figures

    current = service.current_turno(session)
    if current is None:
        return "", [], None
    found = figures(session, current).expected
    return found.cash_method or "", list(found.by_method), None if current.blind else dict(found.by_method)

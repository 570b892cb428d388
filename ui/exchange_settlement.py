"""Troca/devolução, page 4: the settlement. The customer pays the difference (in one payment
method or split over several, e.g. part in cash and the rest by PIX), or keeps it as store
credit, or, on a pure return, has it refunded in the original payment."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)
from sqlalchemy import select

from pdv_bling.counter.lookups import store_credit_balance
from pdv_bling.counter.sales import STORE_CREDIT
from pdv_bling.domain.documents import parse_document
from pdv_bling.domain.errors import DomainError
from pdv_bling.domain.exchange import Settlement
from pdv_bling.domain.money import parse_money
from pdv_bling.store.models import Customer, PaymentMethod
from ui import fmt, words
from ui.exchange_pages import BIG, HINT_STYLE, focus_later, message_label
from ui.exchange_state import ExchangeState
from ui.new_sale import Payment


def customer_balance(state: ExchangeState) -> int:
    if state.customer is None:
        return 0
    try:
        document = parse_document(state.customer.document).value
    except DomainError:
        return 0
    with state.ctx.store.read() as session:
        customer_id = session.scalars(select(Customer.id).where(Customer.document == document)).first()
        return store_credit_balance(session, customer_id) if customer_id is not None else 0


def payment_problem(parts: list[Payment], due_cents: int) -> DomainError | None:
    """The sale's own rules for what the customer hands over: enough in total, and change only
    out of the methods that give it (cash)."""
    paid = sum(p.amount_cents for p in parts)
    if paid < due_cents:
        return DomainError("payments_short", None, {"paid": paid, "total": due_cents, "missing": due_cents - paid})
    change, cash = paid - due_cents, sum(p.amount_cents for p in parts if p.gives_change)
    if change and not cash:
        return DomainError("payments_excess_no_cash", None, {"excess": change})
    if change > cash:
        return DomainError("change_exceeds_cash", None, {"change": change, "cash": cash})
    return None


class SettlementPage(QWizardPage):
    def __init__(self, state: ExchangeState) -> None:
        super().__init__()
        self.state = state
        self.settlement: Settlement | None = None
        self.methods: list[tuple[int, str, bool]] = []
        self.parts: list[Payment] = []  # split payment: the parts already taken
        self.setTitle(self.tr("Acerto"))
        self.setSubTitle(self.tr("Diferença a pagar, crédito em loja ou estorno, conforme os valores."))
        self.headline = QLabel()
        self.headline.setStyleSheet(BIG)
        self.detail = QLabel()
        self.pay_box = self._build_pay_box()
        self.return_box = QWidget()
        self.as_credit = QRadioButton(self.tr("Manter como crédito em loja"))
        self.as_refund = QRadioButton()
        self.choice = QButtonGroup(self)
        for button in (self.as_credit, self.as_refund):
            self.choice.addButton(button)
        choice_layout = QVBoxLayout(self.return_box)
        choice_layout.addWidget(self.as_credit)
        choice_layout.addWidget(self.as_refund)
        self.balance = QLabel()
        self.balance.setStyleSheet(HINT_STYLE)
        self.message = message_label()
        layout = QVBoxLayout(self)
        for widget in (self.headline, self.detail, self.pay_box, self.return_box, self.balance, self.message):
            layout.addWidget(widget)
        layout.addStretch(1)

    def _build_pay_box(self) -> QWidget:
        box = QWidget()
        self.method = QComboBox()
        self.received = QLineEdit()
        self.received.textChanged.connect(self._show_change)
        self.change = QLabel()
        self.split_button = QPushButton(self.tr("&Dividir: receber este valor e outra forma"))
        self.split_button.setAutoDefault(False)
        self.split_button.clicked.connect(self.add_part)
        self.undo_button = QPushButton(self.tr("Desfazer divisão"))
        self.undo_button.setAutoDefault(False)
        self.undo_button.clicked.connect(self.clear_parts)
        self.parts_list = QListWidget()
        self.parts_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.parts_list.setMaximumHeight(80)
        buttons = QHBoxLayout()
        buttons.addWidget(self.split_button)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        form = QFormLayout(box)
        form.addRow(self.tr("Forma de pagamento"), self.method)
        form.addRow(self.tr("Valor recebido"), self.received)
        form.addRow("", buttons)
        form.addRow("", self.parts_list)
        form.addRow("", self.change)
        self.method.currentIndexChanged.connect(self._show_change)
        return box

    def initializePage(self) -> None:
        state = self.state
        s = self.settlement = state.settlement()
        with state.ctx.store.read() as session:
            rows = session.scalars(select(PaymentMethod).where(PaymentMethod.active.is_(True),
                                                               PaymentMethod.kind != STORE_CREDIT)
                                   .order_by(PaymentMethod.id))
            self.methods = [(m.id, m.name, m.gives_change) for m in rows]
        self.method.clear()
        for method_id, name, _change in self.methods:
            self.method.addItem(name, method_id)
        self.detail.setText(self.tr("Devolvido %1 · Novos %2").replace("%1", fmt.money(s.returned_cents))
                            .replace("%2", fmt.money(s.new_total_cents)))
        self.balance.setText(self.tr("Saldo atual de crédito do cliente: %1").replace("%1", fmt.money(customer_balance(state))))
        pure_return = not state.new_lines
        self.pay_box.setVisible(s.kind == "pay")
        self.return_box.setVisible(pure_return)
        self.message.clear()
        self.clear_parts()
        if s.kind == "pay":
            self.headline.setText(self.tr("O cliente paga a diferença: %1").replace("%1", fmt.money(s.difference_cents)))
            focus_later(self.method)
        elif s.kind == "credit":
            self.headline.setText(self.tr("Fica de crédito para o cliente: %1").replace("%1", fmt.money(s.difference_cents)))
        else:
            self.headline.setText(self.tr("Sem diferença: nada a pagar."))
        if s.kind != "pay" and not pure_return:
            focus_later(self.wizard().button(QWizard.WizardButton.NextButton))
        if pure_return:
            self.headline.setText(self.tr("Devolução de %1").replace("%1", fmt.money(s.difference_cents)))
            original = ", ".join(state.sale.payment_names) if state.sale else ""
            self.as_refund.setText(self.tr("Estornar ao cliente no pagamento original (%1)").replace("%1", original))
            (self.as_refund if state.refund else self.as_credit).setChecked(True)
            focus_later(self.as_credit)

    # ------------------------------------------------------------ the parts of the payment

    def _due(self) -> int:
        return self.settlement.difference_cents if self.settlement is not None else 0

    def _remaining(self) -> int:
        return max(self._due() - sum(p.amount_cents for p in self.parts), 0)

    def _current(self) -> Payment | None:
        """What the method and amount fields say now (None: no method, or no valid amount)."""
        index = self.method.currentIndex()
        try:
            cents = parse_money(self.received.text(), field="valor")
        except DomainError:
            return None
        if index < 0 or cents <= 0:
            return None
        method_id, name, gives_change = self.methods[index]
        return Payment(method_id, name, cents, gives_change)

    def add_part(self) -> None:
        """Take the amount typed in the chosen method; the fields then ask for the rest."""
        part = self._current()
        if part is None:
            self.message.setText(self.tr("Escolha a forma e informe um valor maior que zero para dividir."))
            return
        self.parts.append(part)
        self.parts_list.addItem(f"{part.name}: {fmt.money(part.amount_cents)}")
        self.message.clear()
        self._refill()
        focus_later(self.method)

    def clear_parts(self) -> None:
        self.parts = []
        self.parts_list.clear()
        self._refill()

    def _refill(self) -> None:
        self.parts_list.setVisible(bool(self.parts))
        self.undo_button.setVisible(bool(self.parts))
        self.received.setText(fmt.money_plain(self._remaining()))
        self._show_change()

    def _tendered(self) -> list[Payment]:
        current = self._current()
        return self.parts + ([current] if current is not None else [])

    def _show_change(self) -> None:
        if self.settlement is None or self.settlement.kind != "pay":
            self.change.clear()
            return
        parts, due = self._tendered(), self._due()
        paid = sum(p.amount_cents for p in parts)
        cash = sum(p.amount_cents for p in parts if p.gives_change)
        if paid < due:
            self.change.setText(self.tr("Falta: %1").replace("%1", fmt.money(due - paid)) if self.parts else "")
        else:
            change = paid - due  # shown only when the cash handed over can give it back
            self.change.setText(self.tr("Troco: %1").replace("%1", fmt.money(change)) if 0 < change <= cash else "")

    def validatePage(self) -> bool:
        s, state = self.settlement, self.state
        assert s is not None
        state.payments = []
        state.refund = not state.new_lines and self.as_refund.isChecked()
        if s.kind != "pay":
            return True
        if not self.methods:
            self.message.setText(self.tr("Nenhuma forma de pagamento ativa."))
            return False
        parts = self._tendered()
        problem = payment_problem(parts, s.difference_cents)
        if problem is not None:
            self.message.setText(words.error_text(problem))
            return False
        state.payments = parts
        return True

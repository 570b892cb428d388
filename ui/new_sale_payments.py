"""Nova venda's customer and payments: the CPF/CNPJ fills the name and shows the store credit, each
payment in a local method (change only from cash, store credit checked against the balance as it is
typed), and the totals line (Falta / Troco / Pago a mais). A part of `NewSaleDialog`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QLineEdit

from pdv_bling.counter import queries
from pdv_bling.counter.basket import Basket, Line, Payment
from pdv_bling.domain.documents import parse_document
from pdv_bling.domain.errors import DomainError
from pdv_bling.domain.money import parse_money
from ui import fmt, words
from ui.sale_widgets import PaymentsList, ScanField

if TYPE_CHECKING:
    from ui.hub import Hub

    _Dialog = QDialog
else:
    _Dialog = object


class PaymentsPart(_Dialog):
    """The dialog's customer, payments and totals (mixed into `NewSaleDialog`)."""

    hub: Hub
    basket: Basket
    barcode: ScanField
    document: QLineEdit
    customer_name: QLineEdit
    credit_label: QLabel
    method: QComboBox
    amount: ScanField
    payment_list: PaymentsList
    total_label: QLabel
    paid_label: QLabel
    change_label: QLabel
    credit: queries.CustomerCredit | None
    _auto_name: str
    _methods: list[queries.PaymentChoice]
    _counter_state: str

    if TYPE_CHECKING:
        @property
        def lines(self) -> list[Line]: ...

        def _say(self, text: str, *, error: bool = True) -> None: ...


    def _forget_customer(self) -> None:
        self.credit = None
        self.credit_label.clear()

    def _check_document(self) -> None:
        text = self.document.text().strip()
        if not text:
            self._forget_customer()
            return
        try:
            doc = parse_document(text, field="cliente.documento")
        except DomainError as exc:
            self._say(words.error_text(exc))
            return
        self.document.setText(doc.formatted())
        self._say("")
        self.hub.read(lambda s: queries.customer_credit(s, doc.value), lambda found: self._customer_found(doc.formatted(), found))

    def _customer_found(self, document: str, found: queries.CustomerCredit | None) -> None:
        if self.document.text() != document:
            return  # typed again meanwhile
        self.credit = found
        if found is None:
            self.credit_label.setText(self.tr("Cliente novo: informe o nome."))
            self.credit_label.setStyleSheet("color: #444;")
            return
        if not self.customer_name.text().strip() or self.customer_name.text() == self._auto_name:
            self.customer_name.setText(found.name)
            self._auto_name = found.name
        if found.balance_cents > 0:
            self.credit_label.setText(self.tr("Crédito em loja: %1").replace("%1", fmt.money(found.balance_cents)))
            self.credit_label.setStyleSheet("color: #1e7d32; font-weight: bold;")
        else:
            self.credit_label.setText(self.tr("Sem crédito em loja."))
            self.credit_label.setStyleSheet("color: #444;")

    # ------------------------------------------------------------ payments and totals

    @property
    def payments(self) -> list[Payment]:
        return self.basket.payments

    @property
    def total_cents(self) -> int:
        return self.basket.total_cents

    @property
    def paid_cents(self) -> int:
        return self.basket.paid_cents

    def _focus_payment(self) -> None:
        self.amount.setText(fmt.money_plain(max(self.total_cents - self.paid_cents, 0)))
        self.amount.selectAll()
        self.amount.setFocus()

    def _chosen_method(self) -> queries.PaymentChoice | None:
        index = self.method.currentIndex()
        return self._methods[index] if 0 <= index < len(self._methods) else None

    def add_payment(self) -> None:
        method = self._chosen_method()
        if method is None:
            return
        try:
            cents = parse_money(self.amount.text(), field="valor")
        except DomainError as exc:
            self._say(words.error_text(exc))
            return
        if cents <= 0:
            self._say(self.tr("Informe um valor maior que zero."))
            return
        if method.store_credit and self._credit_refused(cents):
            return
        self.basket.payments.append(Payment(method.method_id, method.name, cents, method.gives_change, method.store_credit))
        self._show_payments()
        self.amount.clear()
        self._say("")
        self.barcode.setFocus()

    def _credit_refused(self, cents: int) -> bool:
        problem = self.basket.credit_problem(cents, balance_cents=self.credit.balance_cents if self.credit else None)
        if problem is not None:
            self._say(words.error_text(problem))
        return problem is not None

    def remove_payment(self, index: int) -> None:
        if not 0 <= index < len(self.payments):
            self._say(self.tr("Não há pagamento para remover."))
            return
        payment = self.basket.remove_payment(index)
        self._show_payments()
        self._say(self.tr("Pagamento removido: %1 %2.").replace("%1", payment.name).replace("%2", fmt.money(payment.amount_cents)), error=False)

    def _show_payments(self) -> None:
        self.payment_list.clear()
        for p in self.payments:
            self.payment_list.addItem(f"{p.name}: {fmt.money(p.amount_cents)}")
        self._update_totals()

    def _update_totals(self) -> None:
        building = "building" if self.lines else "idle"
        if building != self._counter_state:  # a customer at the counter: the backlog leaves Bling to them
            self._counter_state = building
            self.hub.service.customer_at_counter(building)
        self.total_label.setText(fmt.money(self.total_cents))
        self.paid_label.setText(fmt.money(self.paid_cents))
        tally = self.basket.tally() if self.lines else None
        if tally is None or tally.state == "due":
            text, color = self.tr("Falta: %1").replace("%1", fmt.money(tally.amount_cents if tally else 0)), "#b26a00"
        elif tally.state == "change":
            text, color = self.tr("Troco: %1").replace("%1", fmt.money(tally.amount_cents)), "#1e7d32"
        elif tally.state == "excess":
            text, color = self.tr("Pago a mais: %1 (troco só em dinheiro)").replace("%1", fmt.money(tally.amount_cents)), "#b3261e"
        else:
            text, color = self.tr("Pago"), "#1e7d32"
        self.change_label.setText(text)
        self.change_label.setStyleSheet(f"font-size: 18px; color: {color};")

"""Nova venda: the cashier's screen, driven by the keyboard. The barcode field keeps the focus (a
scanner types like a keyboard and ends with Enter); "3*789..." multiplies, "*5" makes the chosen
line 5 units, ↑/↓ choose a line, Del removes it, a name fragment lists matches, and a product with
variations asks which one. Payments in local methods (several per sale, Del removes one, change
only from cash, store credit checked against the customer's balance as it is typed), F10
finalizes: the sale is recorded locally at once (no network) and the exchange coupon is shown,
with its slip a key away (F8). Esc asks before throwing away a sale in progress."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QDialog, QStackedWidget, QVBoxLayout, QWidget

from pdv_bling.counter import queries
from pdv_bling.counter.basket import Basket, Line, Payment, split_quantity
from pdv_bling.counter.sales import RecordedSale, record_sale
from pdv_bling.domain.coupon import format_coupon
from pdv_bling.domain.sale import HIGH_CASH_FACTOR, CustomerDraft, ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.slips.thermal import kick_drawer
from ui import fmt, guards, screen, words
from ui.hub import Hub
from ui.new_sale_lines import LinesPart
from ui.new_sale_pages import DonePage, SalePage
from ui.new_sale_payments import PaymentsPart
from ui.tasks import TaskRunner

__all__ = ["Line", "NewSaleDialog", "Payment", "split_quantity"]  # the wizard shares the records


class NewSaleDialog(LinesPart, PaymentsPart, QDialog):
    recorded = Signal(object)  # RecordedSale

    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.setWindowTitle(self.tr("Nova venda"))
        self.basket = Basket()
        self._counter_state = "idle"  # what the sync service was last told (customer_at_counter)
        # the sale just recorded; it hides QDialog.result() (the dialog code, never read here)
        # and keeps its name: the screen's callers and tests read `dialog.result`
        self.result: RecordedSale | None = None  # type: ignore[assignment]
        self.credit: queries.CustomerCredit | None = None
        self._auto_name = ""
        self._lookups = TaskRunner(self, max_threads=1)  # scans are resolved in the order typed
        self._methods: list[queries.PaymentChoice] = []
        self.page = SalePage()
        self.done_page = DonePage()
        self.stack = QStackedWidget()
        self.stack.addWidget(screen.scrolling(self.page))
        self.stack.addWidget(self.done_page)
        QVBoxLayout(self).addWidget(self.stack)
        self._alias_widgets()
        self._wire()
        self._shortcuts()
        self.memory = screen.remember(self, "nova_venda", hub.ctx.paths.config, width=980, height=640)
        hub.read(lambda s: (queries.payment_methods(s), queries.sellers(s), queries.default_seller(s)), self._fill_choices)
        self._update_totals()
        self.barcode.setFocus()

    def _alias_widgets(self) -> None:
        p, d = self.page, self.done_page
        self.barcode, self.hits, self.items, self.items_model, self.message = p.barcode, p.hits, p.items, p.items_model, p.message
        self.seller, self.document, self.customer_name, self.credit_label = p.seller, p.document, p.customer_name, p.credit_label
        self.method, self.amount, self.payment_list = p.method, p.amount, p.payment_list
        self.total_label, self.paid_label, self.change_label = p.total_label, p.paid_label, p.change_label
        self.finalize_button = p.finalize_button
        self.done_title, self.coupon_label, self.done_change = d.title, d.coupon, d.change
        self.next_button, self.print_button = d.next_button, d.print_button

    def _wire(self) -> None:
        self.barcode.returnPressed.connect(self.add_from_barcode)
        self.barcode.textEdited.connect(lambda _t: self._clear_error())
        self.barcode.steer.connect(self._move_choice)
        self.barcode.remove.connect(self.remove_chosen)
        self.hits.itemActivated.connect(self._add_hit)
        self.items.remove.connect(self.remove_chosen)
        self.items.quantity_edited.connect(self.set_quantity)
        self.document.editingFinished.connect(self._check_document)
        self.document.textEdited.connect(lambda _t: self._forget_customer())
        self.amount.returnPressed.connect(self.add_payment)
        self.amount.remove.connect(lambda: self.remove_payment(len(self.basket.payments) - 1))
        self.payment_list.remove.connect(lambda: self.remove_payment(self.payment_list.currentRow()))
        self.finalize_button.clicked.connect(self.finalize)
        self.next_button.clicked.connect(self.reset)
        self.done_page.close_button.clicked.connect(self.accept)
        self.print_button.clicked.connect(self.print_slip)

    def _shortcuts(self) -> None:
        for key, slot in (
            (Qt.Key.Key_F1, self.barcode.setFocus),
            (Qt.Key.Key_F3, self.document.setFocus),
            (Qt.Key.Key_F4, self._focus_payment),
            (Qt.Key.Key_F8, self.print_slip),
            (Qt.Key.Key_F10, self.finalize),
            (QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Return), self.finalize),
        ):
            QShortcut(QKeySequence(key), self).activated.connect(slot)

    def _fill_choices(self, choices: tuple[list[queries.PaymentChoice], list[tuple[int, str]], int | None]) -> None:
        methods, sellers, chosen = choices
        self._methods = methods
        for method in methods:
            self.method.addItem(method.name, method.method_id)
        self.seller.addItem(self.tr("(nenhum)"), None)
        for seller_id, name in sellers:
            self.seller.addItem(name, seller_id)
        self.seller.setCurrentIndex(max(0, self.seller.findData(chosen)) if chosen is not None else 0)

    # ------------------------------------------------------------ finalize

    def build_draft(self) -> SaleDraft:
        payments = self.payments
        method = self._chosen_method()
        if not payments and method is not None and self.lines:
            # F10 with no payment typed: the chosen method pays the exact total
            payments = [Payment(method.method_id, method.name, self.total_cents, method.gives_change, method.store_credit)]
        customer = None
        if self.document.text().strip():
            customer = CustomerDraft(document=self.document.text(), name=self.customer_name.text())
        return SaleDraft(
            items=tuple(ItemDraft(product_id=ln.product.product_id, quantity=ln.quantity) for ln in self.lines),
            payments=tuple(PaymentDraft(method=p.method_id, amount_cents=p.amount_cents) for p in payments),
            seller=self.seller.currentData(),
            customer=customer,
        )

    def finalize(self) -> None:
        if self.stack.currentIndex() != 0 or not self.finalize_button.isEnabled():
            return
        if not self.lines:
            self._say(self.tr("A venda não tem itens."))
            return
        tally = self.basket.tally()
        if tally.state == "excess":
            self._say(self.tr("Os pagamentos passam do total em %1 e só o dinheiro dá troco: remova um pagamento (Del no campo Valor).").replace("%1", fmt.money(tally.amount_cents)))
            return
        method = self._chosen_method()
        if not self.payments and method is not None and method.store_credit and self._credit_refused(self.total_cents):
            return
        high_cash = self._high_cash_confirmed()
        if high_cash is None:
            return
        draft = self.build_draft()
        self.finalize_button.setEnabled(False)
        store = self.hub.ctx.store
        cash = any(p.gives_change for p in self.payments)

        def record() -> RecordedSale:
            sale = record_sale(store, draft, allow_high_cash=high_cash)
            if cash:  # a cash sale opens the drawer wired to the thermal printer (none: nothing happens)
                kick_drawer(store)
            return sale

        self.hub.runner.submit(record, on_done=self._recorded, on_error=self._failed)

    def _high_cash_confirmed(self) -> bool | None:
        """Cash of more than 10x the total is usually a typo (R$ 5000 for R$ 50,00): ask first.
        True = confirmed, False = nothing to confirm, None = the cashier said no."""
        cash = sum(p.amount_cents for p in self.payments if p.gives_change)
        if cash <= HIGH_CASH_FACTOR * self.total_cents:
            return False
        question = (self.tr("Recebido em dinheiro: %1 para um total de %2 (troco de %3). Confirma o valor?")
                    .replace("%1", fmt.money(cash)).replace("%2", fmt.money(self.total_cents))
                    .replace("%3", fmt.money(cash - self.total_cents)))
        if guards.ask(self, self.tr("Troco alto"), question):
            return True
        self._say(self.tr("Confira o valor recebido em dinheiro (Del no campo Valor remove o pagamento)."))
        return None

    def _recorded(self, sale: RecordedSale) -> None:
        self.result = sale
        self._counter_state = "recorded"  # its order and NFC-e go first, then the backlog again
        self.hub.service.customer_at_counter("recorded")
        self.finalize_button.setEnabled(True)
        self.done_title.setText(
            self.tr("Venda %1 registrada · Total %2").replace("%1", str(sale.number)).replace("%2", fmt.money(sale.total_cents))
        )
        self.coupon_label.setText(format_coupon(sale.coupon))
        self.done_change.setText(self.tr("Troco: %1").replace("%1", fmt.money(sale.change_cents)) if sale.change_cents else "")
        self.stack.setCurrentIndex(1)
        self.next_button.setFocus()
        self.hub.after_local_write()
        self.recorded.emit(sale)

    def _failed(self, exc: BaseException) -> None:
        self.finalize_button.setEnabled(True)
        self._say(words.error_text(exc))
        self.barcode.setFocus()

    def print_slip(self) -> None:
        if self.stack.currentIndex() == 1 and self.result is not None:
            from ui.slip_print import print_sale_slip

            print_sale_slip(self, self.hub, self.result.number)

    def reset(self) -> None:
        self.basket = Basket()
        self.items_model.set_rows([])
        self.payment_list.clear()
        self.document.clear()
        self.customer_name.clear()
        self._forget_customer()
        self._auto_name = ""
        self._say("")
        self._update_totals()
        self.stack.setCurrentIndex(0)
        self.barcode.setFocus()

    # ------------------------------------------------------------ messages and keys

    def _say(self, text: str, *, error: bool = True) -> None:
        """The line under the barcode field: errors large and red, with a beep."""
        self.message.setText(text)
        self.message.setProperty("error", bool(text) and error)
        self.message.setStyleSheet(self.page.message_style(error=error))
        if text and error:
            QApplication.beep()

    def _clear_error(self) -> None:
        if self.message.property("error"):
            self._say("")

    def has_work(self) -> bool:
        """Anything typed that Esc would throw away."""
        return self.stack.currentIndex() == 0 and (not self.basket.empty or bool(self.document.text().strip()))

    def reject(self) -> None:
        if self.has_work() and not guards.ask(
            self, self.tr("Cancelar a venda"),
            self.tr("Cancelar a venda? Os itens e pagamentos digitados serão descartados."),
        ):
            self.barcode.setFocus()
            return
        super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # line edits handled it already; never let QDialog press a default button
            if self.stack.currentIndex() == 1:
                self.reset()
            return
        if key == Qt.Key.Key_Escape and self.hits.isVisible():
            self.hits.hide()
            self._say("")
            self.barcode.setFocus()
            return
        super().keyPressEvent(event)

    def done(self, result: int) -> None:  # closing waits for pending lookups (milliseconds)
        self._lookups.wait(5_000)
        if self._counter_state == "building":  # the sale was abandoned: nobody waits any more
            self.hub.service.customer_at_counter("idle")
        super().done(result)

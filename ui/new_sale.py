"""Nova venda: the cashier's screen, driven by the keyboard. The barcode field keeps the focus (a
scanner types like a keyboard and ends with Enter); "3*789..." multiplies, "*5" makes the chosen
line 5 units, ↑/↓ choose a line, Del removes it, a name fragment lists matches, and a product with
variations asks which one. Payments in local methods (several per sale, Del removes one, change
only from cash, store credit checked against the customer's balance as it is typed), F10
finalizes: the sale is recorded locally at once (no network) and the exchange coupon is shown,
with its slip a key away (F8). Esc asks before throwing away a sale in progress."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QDialog, QListWidgetItem, QStackedWidget, QVBoxLayout, QWidget

from pdv_bling import queries
from pdv_bling.basket import Basket, Line, Payment, parse_scan, split_quantity
from pdv_bling.domain.coupon import format_coupon
from pdv_bling.domain.documents import parse_document
from pdv_bling.domain.errors import DomainError
from pdv_bling.domain.money import parse_money
from pdv_bling.domain.sale import CustomerDraft, ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.sales import RecordedSale, record_sale
from ui import fmt, guards, screen, words
from ui.hub import Hub
from ui.new_sale_pages import DonePage, SalePage
from ui.product_hits import show_hits
from ui.tasks import TaskRunner

__all__ = ["Line", "NewSaleDialog", "Payment", "split_quantity"]  # the wizard shares the records


class NewSaleDialog(QDialog):
    recorded = Signal(object)  # RecordedSale

    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.setWindowTitle(self.tr("Nova venda"))
        self.basket = Basket()
        self.result: RecordedSale | None = None
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
        hub.read(lambda s: (queries.payment_methods(s), queries.sellers(s)), self._fill_choices)
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
        self.barcode.move.connect(self._move_choice)
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
            QShortcut(QKeySequence(key), self, activated=slot)

    def _fill_choices(self, choices: tuple[list[queries.PaymentChoice], list[tuple[int, str]]]) -> None:
        methods, sellers = choices
        self._methods = methods
        for method in methods:
            self.method.addItem(method.name, method.method_id)
        self.seller.addItem(self.tr("(nenhum)"), None)
        for seller_id, name in sellers:
            self.seller.addItem(name, seller_id)

    # ------------------------------------------------------------ items

    @property
    def lines(self) -> list[Line]:
        return self.basket.lines

    @property
    def payments(self) -> list[Payment]:
        return self.basket.payments

    def add_from_barcode(self) -> None:
        scan = parse_scan(self.barcode.text())
        self.barcode.clear()
        if scan.set_quantity:
            self._set_chosen_quantity(scan.quantity)
            return
        if not scan.code:
            return
        if scan.quantity <= 0:
            self._say(self.tr("Quantidade inválida antes do *."))
            return
        store, code, quantity = self.hub.ctx.store, scan.code, scan.quantity

        def lookup() -> list[queries.ProductHit]:
            with store.read() as session:
                return queries.search_products(session, code)

        self._lookups.submit(lookup, on_done=lambda hits: self._resolved(code, quantity, hits))

    def _resolved(self, code: str, quantity: int, hits: list[queries.ProductHit]) -> None:
        exact = [h for h in hits if code in (h.barcode, h.sku)]
        if exact or len(hits) == 1:
            self.add_line((exact or hits)[0], quantity)
            return
        if not hits:
            self._say(self.tr("Produto não encontrado: %1").replace("%1", code))
            return
        show_hits(self.hits, hits, quantity)
        parents = {h.parent_name for h in hits}
        if len(parents) == 1 and None not in parents:
            text = self.tr("%1 tem variações: escolha o tamanho/cor com ↑↓ e tecle Enter.").replace("%1", str(hits[0].parent_name))
        else:
            text = self.tr("Escolha o produto com ↑↓ e tecle Enter.")
        self._say(text, error=False)

    def _add_hit(self, item: QListWidgetItem) -> None:
        hit, quantity = item.data(Qt.ItemDataRole.UserRole)
        self.add_line(hit, quantity)

    def add_line(self, product: queries.ProductHit, quantity: int) -> None:
        try:
            index = self.basket.add(product, quantity)
        except DomainError as exc:
            self._say(words.error_text(exc))
            return
        self.hits.hide()
        self._show_lines(choose=index)
        self._say("")
        self.barcode.setFocus()

    def _show_lines(self, *, choose: int | None) -> None:
        self.items_model.set_rows(list(self.lines))
        if choose is not None and 0 <= choose < len(self.lines):
            self.items.selectRow(choose)
            self.items.scrollTo(self.items_model.index(choose, 0))
        else:
            self.items.clearSelection()
        self._update_totals()

    def chosen_row(self) -> int:
        """The line ↑/↓ chose, else the last one (-1 when there are none)."""
        selected = self.items.selectionModel().selectedRows()
        return selected[0].row() if selected else len(self.lines) - 1

    def _move_choice(self, step: int) -> None:
        if self.hits.isVisible():
            self.hits.setFocus()
            self.hits.setCurrentRow(max(0, min(self.hits.currentRow() + step, self.hits.count() - 1)))
            return
        if self.lines:
            self.items.selectRow(max(0, min(self.chosen_row() + step, len(self.lines) - 1)))

    def _set_chosen_quantity(self, quantity: int) -> None:
        row = self.chosen_row()
        if row < 0:
            self._say(self.tr("Não há item para mudar a quantidade: leia um produto primeiro."))
        elif quantity <= 0:
            self._say(self.tr("Quantidade inválida depois do *: use, por exemplo, *3."))
        else:
            self.set_quantity(row, quantity)

    def set_quantity(self, row: int, quantity: int) -> None:
        try:
            line = self.basket.set_quantity(row, quantity)
        except DomainError as exc:
            self._say(words.error_text(exc))
            return
        self._show_lines(choose=row)
        self._say(self.tr("Quantidade alterada: %1 × %2.").replace("%1", str(line.quantity)).replace("%2", line.product.name), error=False)
        self.barcode.setFocus()

    def remove_chosen(self) -> None:
        row = self.chosen_row()
        if row < 0:
            self._say(self.tr("Não há itens para remover."))
            return
        line = self.lines[row]
        if line.quantity > 1 and not guards.ask(
            self, self.tr("Remover item"),
            self.tr("Remover %1 unidades de %2 da venda?").replace("%1", str(line.quantity)).replace("%2", line.product.name),
        ):
            self.barcode.setFocus()
            return
        self.basket.remove(row)
        self._show_lines(choose=None)
        self._say(self.tr("Item removido: %1.").replace("%1", line.product.name), error=False)
        self.barcode.setFocus()

    # ------------------------------------------------------------ customer

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
        draft = self.build_draft()
        self.finalize_button.setEnabled(False)
        store = self.hub.ctx.store
        self.hub.runner.submit(lambda: record_sale(store, draft), on_done=self._recorded, on_error=self._failed)

    def _recorded(self, sale: RecordedSale) -> None:
        self.result = sale
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

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
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
        super().done(result)

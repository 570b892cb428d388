"""Nova venda: the cashier's screen. The barcode field keeps the focus (a scanner types like a
keyboard and ends with Enter); "3*789..." multiplies; a name fragment lists matches. Payments in
local methods (several per sale, change from cash), F10 finalizes: the sale is recorded locally
at once (no network) and the exchange coupon is shown."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pdv_bling import queries
from pdv_bling.domain.coupon import format_coupon
from pdv_bling.domain.documents import parse_document
from pdv_bling.domain.errors import DomainError
from pdv_bling.domain.money import parse_money
from pdv_bling.domain.sale import CustomerDraft, ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.sales import RecordedSale, record_sale
from ui import fmt, words
from ui.hub import Hub
from ui.product_hits import show_hits
from ui.table import RowsModel, rows_view
from ui.tasks import TaskRunner


@dataclass(frozen=True)
class Line:
    product: queries.ProductHit
    quantity: int

    @property
    def total_cents(self) -> int:
        return self.product.price_cents * self.quantity


@dataclass(frozen=True)
class Payment:
    method_id: int
    name: str
    amount_cents: int
    gives_change: bool


def split_quantity(text: str) -> tuple[int, str]:
    """ "3*7891234" -> (3, "7891234"); a plain code -> (1, code); bad quantity -> (0, code)."""
    head, sep, tail = text.partition("*")
    if not sep:
        return 1, text.strip()
    try:
        return int(head.strip()), tail.strip()
    except ValueError:
        return 0, tail.strip()


class NewSaleDialog(QDialog):
    recorded = Signal(object)  # RecordedSale

    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.setWindowTitle(self.tr("Nova venda"))
        self.resize(980, 640)
        self.lines: list[Line] = []
        self.payments: list[Payment] = []
        self.result: RecordedSale | None = None
        self._lookups = TaskRunner(self, max_threads=1)  # scans are resolved in the order typed
        self._methods: list[tuple[int, str, bool]] = []
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_sale_page())
        self.stack.addWidget(self._build_done_page())
        QVBoxLayout(self).addWidget(self.stack)
        self._shortcuts()
        hub.read(lambda s: (queries.payment_methods(s), queries.sellers(s)), self._fill_choices)
        self.barcode.setFocus()

    # ------------------------------------------------------------ layout

    def _build_sale_page(self) -> QWidget:
        page = QWidget()
        self.barcode = QLineEdit()
        self.barcode.setPlaceholderText(self.tr("Código de barras, SKU ou nome do produto (3*código multiplica)"))
        self.barcode.setStyleSheet("font-size: 18px; padding: 6px;")
        self.barcode.returnPressed.connect(self.add_from_barcode)
        self.hits = QListWidget()
        self.hits.setMaximumHeight(120)
        self.hits.hide()
        self.hits.itemActivated.connect(self._add_hit)
        self.items_model: RowsModel[Line] = RowsModel(
            [self.tr("Produto"), self.tr("SKU"), self.tr("Qtd"), self.tr("Unitário"), self.tr("Total")],
            [
                lambda ln: ln.product.name,
                lambda ln: ln.product.sku or "",
                lambda ln: str(ln.quantity),
                lambda ln: fmt.money(ln.product.price_cents),
                lambda ln: fmt.money(ln.total_cents),
            ],
        )
        self.items = rows_view(self.items_model, stretch=0, single=False)
        self.items.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Produto (F1)")))
        left.addWidget(self.barcode)
        left.addWidget(self.hits)
        left.addWidget(self.items, 1)
        left.addWidget(self.message)
        row = QHBoxLayout(page)
        row.addLayout(left, 3)
        row.addWidget(self._build_side(), 2)
        return page

    def _build_side(self) -> QWidget:
        side = QWidget()
        form = QFormLayout()
        self.seller = QComboBox()
        self.document = QLineEdit()
        self.document.setPlaceholderText(self.tr("CPF ou CNPJ (opcional)"))
        self.document.setMaxLength(18)
        self.document.editingFinished.connect(self._check_document)
        self.customer_name = QLineEdit()
        self.customer_name.setPlaceholderText(self.tr("Nome do cliente"))
        form.addRow(self.tr("Vendedor"), self.seller)
        form.addRow(self.tr("Cliente (F3)"), self.document)
        form.addRow("", self.customer_name)
        self.method = QComboBox()
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(self.tr("Valor (Enter adiciona)"))
        self.amount.returnPressed.connect(self.add_payment)
        form.addRow(self.tr("Pagamento (F4)"), self.method)
        form.addRow(self.tr("Valor"), self.amount)
        self.payment_list = QListWidget()
        self.payment_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.payment_list.setMaximumHeight(110)
        totals = QGridLayout()
        self.total_label, self.paid_label, self.change_label = QLabel(), QLabel(), QLabel()
        for i, (caption, label) in enumerate(
            ((self.tr("Total"), self.total_label), (self.tr("Pago"), self.paid_label), ("", self.change_label))
        ):
            totals.addWidget(QLabel(caption), i, 0)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            totals.addWidget(label, i, 1)
        totals.setColumnStretch(1, 1)
        self.total_label.setStyleSheet("font-size: 22px; font-weight: bold;")
        self.finalize_button = QPushButton(self.tr("Finalizar venda (F10)"))
        self.finalize_button.setStyleSheet("font-size: 16px; padding: 8px; font-weight: bold;")
        self.finalize_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.finalize_button.setAutoDefault(False)
        self.finalize_button.clicked.connect(self.finalize)
        hint = QLabel(self.tr("Del remove o último item · Esc cancela · F10 finaliza"))
        hint.setStyleSheet("color: #666;")
        layout = QVBoxLayout(side)
        layout.addLayout(form)
        layout.addWidget(self.payment_list)
        layout.addLayout(totals)
        layout.addStretch(1)
        layout.addWidget(self.finalize_button)
        layout.addWidget(hint)
        self._update_totals()
        return side

    def _build_done_page(self) -> QWidget:
        page = QWidget()
        self.done_title = QLabel()
        self.done_title.setStyleSheet("font-size: 20px; font-weight: bold; color: #1e7d32;")
        self.coupon_label = QLabel()
        self.coupon_label.setStyleSheet("font-size: 40px; font-weight: bold; font-family: monospace;")
        self.coupon_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.done_change = QLabel()
        self.done_change.setStyleSheet("font-size: 26px;")
        note = QLabel(self.tr("A venda foi guardada neste computador e será enviada ao Bling automaticamente."))
        self.next_button = QPushButton(self.tr("Próxima venda (Enter)"))
        self.next_button.clicked.connect(self.reset)
        close = QPushButton(self.tr("Fechar"))
        close.clicked.connect(self.accept)
        for button in (self.next_button, close):
            button.setAutoDefault(False)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        for widget in (self.done_title, QLabel(self.tr("Cupom de troca")), self.coupon_label, self.done_change, note):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        buttons.addWidget(close)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)
        return page

    def _shortcuts(self) -> None:
        for key, slot in (
            (Qt.Key.Key_F1, self.barcode.setFocus),
            (Qt.Key.Key_F3, self.document.setFocus),
            (Qt.Key.Key_F4, self._focus_payment),
            (Qt.Key.Key_F10, self.finalize),
            (QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Return), self.finalize),
        ):
            QShortcut(QKeySequence(key), self, activated=slot)

    def _fill_choices(self, choices: tuple[list[tuple[int, str, bool]], list[tuple[int, str]]]) -> None:
        methods, sellers = choices
        self._methods = methods
        for method_id, name, _change in methods:
            self.method.addItem(name, method_id)
        self.seller.addItem(self.tr("(nenhum)"), None)
        for seller_id, name in sellers:
            self.seller.addItem(name, seller_id)

    # ------------------------------------------------------------ items

    def add_from_barcode(self) -> None:
        quantity, code = split_quantity(self.barcode.text())
        self.barcode.clear()
        if not code:
            return
        if quantity <= 0:
            self._say(self.tr("Quantidade inválida antes do *."))
            return
        store = self.hub.ctx.store

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
        self._say(self.tr("Escolha o produto e tecle Enter."), error=False)

    def _add_hit(self, item: QListWidgetItem) -> None:
        hit, quantity = item.data(Qt.ItemDataRole.UserRole)
        self.add_line(hit, quantity)

    def add_line(self, product: queries.ProductHit, quantity: int) -> None:
        for index, line in enumerate(self.lines):
            if line.product.product_id == product.product_id:
                self.lines[index] = Line(product, line.quantity + quantity)
                break
        else:
            self.lines.append(Line(product, quantity))
        self.items_model.set_rows(self.lines)
        self.items.scrollToBottom()
        self.hits.hide()
        self._say("")
        self._update_totals()
        self.barcode.setFocus()

    def remove_last(self) -> None:
        selected = self.items.selectionModel().selectedRows()
        index = selected[0].row() if selected else len(self.lines) - 1
        if 0 <= index < len(self.lines):
            del self.lines[index]
            self.items_model.set_rows(self.lines)
            self._update_totals()

    # ------------------------------------------------------------ payments and totals

    @property
    def total_cents(self) -> int:
        return sum(line.total_cents for line in self.lines)

    @property
    def paid_cents(self) -> int:
        return sum(p.amount_cents for p in self.payments)

    def _focus_payment(self) -> None:
        remaining = self.total_cents - self.paid_cents
        self.amount.setText(fmt.money_plain(max(remaining, 0)))
        self.amount.selectAll()
        self.amount.setFocus()

    def add_payment(self) -> None:
        index = self.method.currentIndex()
        if index < 0:
            return
        try:
            cents = parse_money(self.amount.text(), field="valor")
        except DomainError as exc:
            self._say(str(exc))
            return
        if cents <= 0:
            self._say(self.tr("Informe um valor maior que zero."))
            return
        method_id, name, gives_change = self._methods[index]
        self.payments.append(Payment(method_id, name, cents, gives_change))
        self.payment_list.addItem(f"{name}: {fmt.money(cents)}")
        self.amount.clear()
        self._say("")
        self._update_totals()
        self.barcode.setFocus()

    def _update_totals(self) -> None:
        total, paid = self.total_cents, self.paid_cents
        self.total_label.setText(fmt.money(total))
        self.paid_label.setText(fmt.money(paid))
        if paid >= total and total:
            self.change_label.setText(self.tr("Troco: %1").replace("%1", fmt.money(paid - total)))
            self.change_label.setStyleSheet("font-size: 18px; color: #1e7d32;")
        else:
            self.change_label.setText(self.tr("Falta: %1").replace("%1", fmt.money(total - paid)))
            self.change_label.setStyleSheet("font-size: 18px; color: #b26a00;")

    def _check_document(self) -> None:
        text = self.document.text().strip()
        if not text:
            self._say("")
            return
        try:
            doc = parse_document(text, field="cliente.documento")
        except DomainError as exc:
            self._say(str(exc))
            return
        self.document.setText(doc.formatted())
        self._say("")

    # ------------------------------------------------------------ finalize

    def build_draft(self) -> SaleDraft:
        payments = self.payments
        if not payments and self._methods and self.lines:
            # F10 with no payment typed: the chosen method pays the exact total
            method_id, name, change = self._methods[max(self.method.currentIndex(), 0)]
            payments = [Payment(method_id, name, self.total_cents, change)]
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
        self.done_change.setText(self.tr("Troco: %1").replace("%1", fmt.money(sale.change_cents)))
        self.stack.setCurrentIndex(1)
        self.next_button.setFocus()
        self.hub.after_local_write()
        self.recorded.emit(sale)

    def _failed(self, exc: BaseException) -> None:
        self.finalize_button.setEnabled(True)
        self._say(words.error_text(exc))
        self.barcode.setFocus()

    def reset(self) -> None:
        self.lines, self.payments = [], []
        self.items_model.set_rows([])
        self.payment_list.clear()
        self.document.clear()
        self.customer_name.clear()
        self._update_totals()
        self.stack.setCurrentIndex(0)
        self.barcode.setFocus()

    def _say(self, text: str, *, error: bool = True) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b3261e;" if error else "color: #444;")

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        key = event.key()
        if key == Qt.Key.Key_Delete and self.stack.currentIndex() == 0:
            self.remove_last()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # line edits handled it already; never let QDialog press a default button
            if self.stack.currentIndex() == 1:
                self.reset()
            return
        if key == Qt.Key.Key_Escape and self.hits.isVisible():
            self.hits.hide()
            self.barcode.setFocus()
            return
        super().keyPressEvent(event)

    def done(self, result: int) -> None:  # closing waits for pending lookups (milliseconds)
        self._lookups.wait(5_000)
        super().done(result)

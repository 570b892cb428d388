"""Troca/Devolução wizard, first pages (the manual's steps 2-3): find the original sale, link and
complete the customer (prerequisites block with the reason), pick returned and new items.

Everything here reads the local SQLite store (milliseconds, never the network), so it runs on
the GUI thread and the wizard works with the internet down."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from pdv_bling import queries
from pdv_bling.app_context import AppContext
from pdv_bling.domain.documents import parse_document
from pdv_bling.domain.errors import DomainError, DomainErrors
from pdv_bling.domain.exchange import Settlement, check_prerequisites
from pdv_bling.domain.sale import AddressDraft, CustomerDraft, ItemDraft, PaymentDraft
from pdv_bling.returns import (
    ExchangeDraft,
    ExchangeResult,
    find_original_sale,
    preview_settlement,
    returnable,
    sold_lines,
)
from pdv_bling.sales import UFS
from pdv_bling.store.models import Customer
from pdv_bling.store.settings import Settings, load_settings
from ui import fmt
from ui.new_sale import split_quantity
from ui.table import RowsModel

ERROR_STYLE = "color: #b3261e;"
HINT_STYLE = "color: #555;"


# ---------------------------------------------------------------- wizard state (plain data)


@dataclass(frozen=True)
class SoldRow:
    item_id: int
    description: str
    sku: str | None
    sold: int
    available: int
    unit_cents: int  # net of the sale's discount (display only; the core values the return)


@dataclass(frozen=True)
class OriginalSale:
    sale_id: int
    number: int
    coupon: str
    created_at: dt.datetime
    total_cents: int
    seller_id: int | None
    customer: CustomerDraft | None
    rows: tuple[SoldRow, ...]
    payment_names: tuple[str, ...]


@dataclass(frozen=True)
class NewLine:
    product: queries.ProductHit
    quantity: int

    @property
    def total_cents(self) -> int:
        return self.product.price_cents * self.quantity


@dataclass
class ExchangeState:
    """What the pages fill in, turned into an ExchangeDraft at the end."""

    ctx: AppContext
    sale: OriginalSale | None = None
    customer: CustomerDraft | None = None
    returned: dict[int, int] = field(default_factory=dict)
    new_lines: list[NewLine] = field(default_factory=list)
    payment_method_id: int | None = None
    payment_name: str = ""
    received_cents: int = 0
    refund: bool = False
    devolution_key: str | None = None
    result: ExchangeResult | None = None

    def draft(self) -> ExchangeDraft:
        assert self.sale is not None
        payments = ()
        if self.payment_method_id is not None and self.received_cents:
            payments = (PaymentDraft(self.payment_method_id, self.received_cents),)
        return ExchangeDraft(
            original_sale_id=self.sale.sale_id,
            returned={k: v for k, v in self.returned.items() if v},
            new_items=tuple(ItemDraft(product_id=ln.product.product_id, quantity=ln.quantity) for ln in self.new_lines),
            payments=payments,
            customer=self.customer,
            seller=self.sale.seller_id,
            refund=self.refund,
            devolution_key=self.devolution_key,
        )

    def settlement(self) -> Settlement:
        with self.ctx.store.read() as session:
            return preview_settlement(session, self.draft())

    @property
    def full_return(self) -> bool:
        """Mirrors the core's rule: nothing returned before and every sold unit now."""
        assert self.sale is not None
        return all(r.available == r.sold and self.returned.get(r.item_id, 0) == r.sold for r in self.sale.rows)


def customer_draft(customer: Customer | None) -> CustomerDraft | None:
    if customer is None:
        return None
    try:
        document = parse_document(customer.document).formatted()
    except DomainError:
        document = customer.document
    address = AddressDraft(customer.street, customer.number, customer.complement, customer.district,
                           customer.city, customer.uf, customer.cep)
    return CustomerDraft(document=document, name=customer.name, email=customer.email, phone=customer.phone,
                         address=address)


def load_original(session: Session, reference: str) -> OriginalSale:
    """The sale found by number or coupon, as plain data (raises DomainError)."""
    sale = find_original_sale(session, reference)
    if sale.status == "cancelled":
        raise DomainError("sale_already_cancelled", "venda", {"value": sale.number})
    left = returnable(session, sale)
    nets = sold_lines(sale)
    rows = tuple(
        SoldRow(i.id, i.description, i.sku, i.quantity, left.get(i.id, 0), nets[i.id].total_cents // i.quantity)
        for i in sale.items
    )
    seller = sale.seller_id if sale.seller is not None and sale.seller.active else None
    return OriginalSale(sale.id, sale.number, sale.coupon, sale.created_at, sale.total_cents, seller,
                        customer_draft(sale.customer), rows, tuple(p.method.name for p in sale.payments))


# ---------------------------------------------------------------- small widgets


class ScanLineEdit(QLineEdit):
    """Enter with text adds the product and stays here; Enter on an empty field goes on (Avançar)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        had_text = bool(self.text().strip())
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and had_text:
            event.accept()


class ReturnTable(QTableWidget):
    """The "Devolvidos" panel. Keys: Espaço marks/unmarks all units, + and - adjust, a digit sets."""

    changed = Signal()

    def __init__(self, headers: list[str]) -> None:
        super().__init__(0, len(headers))
        self.setHorizontalHeaderLabels(headers)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)  # Tab goes on to "Novos"
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.rows: tuple[SoldRow, ...] = ()
        self.quantities: dict[int, int] = {}

    def set_rows(self, rows: tuple[SoldRow, ...], quantities: dict[int, int]) -> None:
        self.rows, self.quantities = rows, dict(quantities)
        self.setRowCount(len(rows))
        for index, row in enumerate(rows):
            cells = (row.description, str(row.sold), str(row.available), "", fmt.money(row.unit_cents))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(index, column, item)
            self._show(index)
        if rows:
            self.selectRow(0)

    def set_quantity(self, index: int, quantity: int) -> None:
        row = self.rows[index]
        self.quantities[row.item_id] = max(0, min(quantity, row.available))
        self._show(index)
        self.changed.emit()

    def _show(self, index: int) -> None:
        row = self.rows[index]
        qty = self.quantities.get(row.item_id, 0)
        cell = self.item(index, 3)
        cell.setText(str(qty) if qty else "—")
        font = cell.font()
        font.setBold(bool(qty))
        cell.setFont(font)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index, key = self.currentRow(), event.key()
        if 0 <= index < len(self.rows):
            current = self.quantities.get(self.rows[index].item_id, 0)
            if key == Qt.Key.Key_Space:
                self.set_quantity(index, 0 if current else self.rows[index].available)
                return
            if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
                self.set_quantity(index, current + 1)
                return
            if key == Qt.Key.Key_Minus:
                self.set_quantity(index, current - 1)
                return
            if Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
                self.set_quantity(index, int(key) - int(Qt.Key.Key_0))
                return
        super().keyPressEvent(event)


def focus_later(widget: QWidget) -> None:
    """QWizard focuses the page's first child after initializePage; ours wins on the next turn."""
    QTimer.singleShot(0, widget, widget.setFocus)


def message_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    return label


def sale_caption(sale: OriginalSale) -> str:
    return f"{sale.number} · {fmt.short_datetime(sale.created_at)} · {fmt.money(sale.total_cents)}"


# ---------------------------------------------------------------- 1. find the sale


class FindSalePage(QWizardPage):
    def __init__(self, state: ExchangeState) -> None:
        super().__init__()
        self.state = state
        self.setTitle(self.tr("Localizar a venda original"))
        self.setSubTitle(self.tr("Digite o número da venda ou leia o cupom de troca impresso no comprovante."))
        self.reference = QLineEdit()
        self.reference.setPlaceholderText(self.tr("Número da venda ou cupom de troca (ex.: 12 ou ABCD-EF12)"))
        self.reference.setStyleSheet("font-size: 18px; padding: 6px;")
        self.reference.textEdited.connect(lambda _t: self.message.clear())
        self.message = message_label()
        hint = QLabel(self.tr("Enter busca a venda e avança · Esc cancela"))
        hint.setStyleSheet(HINT_STYLE)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Venda ou cupom")))
        layout.addWidget(self.reference)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(hint)

    def initializePage(self) -> None:
        focus_later(self.reference)

    def validatePage(self) -> bool:
        text = self.reference.text().strip()
        if not text:
            self.message.setText(self.tr("Informe o número da venda ou o cupom de troca."))
            return False
        try:
            with self.state.ctx.store.read() as session:
                sale = load_original(session, text)
        except DomainError as exc:
            self.message.setText(self.lookup_error(exc, text))
            return False
        if not any(r.available for r in sale.rows):
            self.message.setText(self.tr("Todos os itens da venda %1 já foram devolvidos.").replace("%1", str(sale.number)))
            return False
        if self.state.sale is None or self.state.sale.sale_id != sale.sale_id:
            self.state.sale, self.state.customer = sale, sale.customer
            self.state.returned, self.state.new_lines = {}, []
        return True

    def lookup_error(self, exc: DomainError, text: str) -> str:
        if exc.code == "sale_not_found":
            return self.tr("Nenhuma venda encontrada com \"%1\".").replace("%1", text)
        if exc.code == "coupon_check_digit":
            return self.tr("Cupom de troca com erro de digitação: confira o código impresso.")
        if exc.code == "coupon_invalid":
            return self.tr("Código inválido: digite o número da venda ou o cupom de troca (8 caracteres).")
        if exc.code == "sale_already_cancelled":
            return self.tr("A venda %1 está cancelada: não há o que trocar.").replace("%1", str(exc.params.get("value")))
        return str(exc)


# ---------------------------------------------------------------- 2. customer


@dataclass
class _FormCustomer:
    document: str
    street: str | None
    number: str | None
    district: str | None
    city: str | None
    uf: str | None
    cep: str | None


class CustomerPage(QWizardPage):
    FIELDS = ("document", "name", "cep", "street", "number", "complement", "district", "city", "uf")

    def __init__(self, state: ExchangeState) -> None:
        super().__init__()
        self.state = state
        self.settings = Settings()
        self.setTitle(self.tr("Cliente"))
        self.setSubTitle(self.tr("Troca e devolução exigem CPF/CNPJ e endereço completo (nota fiscal de devolução)."))
        labels = (self.tr("CPF/CNPJ"), self.tr("Nome"), self.tr("CEP"), self.tr("Logradouro"), self.tr("Número"),
                  self.tr("Complemento"), self.tr("Bairro"), self.tr("Cidade"), self.tr("UF"))
        self.edits: dict[str, QLineEdit] = {}
        self.sale_label = QLabel()
        form = QFormLayout()
        for name, label in zip(self.FIELDS, labels, strict=True):
            edit = QLineEdit()
            edit.textChanged.connect(self._changed)
            self.edits[name] = edit
            form.addRow(label, edit)
        self.edits["uf"].setMaxLength(2)
        self.edits["uf"].setMaximumWidth(60)
        self.edits["cep"].setMaximumWidth(140)
        self.edits["document"].editingFinished.connect(self._document_done)
        self.problems = message_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.sale_label)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addStretch(1)

    def initializePage(self) -> None:
        sale = self.state.sale
        assert sale is not None
        with self.state.ctx.store.read() as session:
            self.settings = load_settings(session)
        self.sale_label.setText(self.tr("Venda %1").replace("%1", sale_caption(sale)))
        self.fill(self.state.customer)
        focus_later(self.edits["document"])
        self._changed()

    def fill(self, customer: CustomerDraft | None) -> None:
        a = customer.address if customer else AddressDraft()
        values = (customer.document if customer else "", customer.name if customer else "", a.cep, a.street,
                  a.number, a.complement, a.district, a.city, a.uf)
        for name, value in zip(self.FIELDS, values, strict=True):
            self.edits[name].setText(value or "")

    def value(self, name: str) -> str | None:
        return self.edits[name].text().strip() or None

    def current_problems(self) -> list[str]:
        v = self.value
        form = _FormCustomer(v("document") or "", v("street"), v("number"), v("district"), v("city"), v("uf"), v("cep"))
        errors = check_prerequisites(form, self.settings)
        if not v("name"):
            errors.append(DomainError("customer_name_missing", "cliente.nome"))
        uf, cep = (v("uf") or "").upper(), (v("cep") or "").replace("-", "").replace(".", "")
        if uf and uf not in UFS:
            errors.append(DomainError("uf_invalid", "UF", {"value": uf}))
        if cep and (len(cep) != 8 or not cep.isdigit()):
            errors.append(DomainError("cep_invalid", "CEP"))
        return [self.reason(e) for e in errors]

    def reason(self, error: DomainError) -> str:
        if error.code == "customer_name_missing":
            return self.tr("Informe o nome do cliente.")
        return str(error)

    def _changed(self) -> None:
        self.problems.setText("\n".join(self.current_problems()))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self.current_problems()

    def _document_done(self) -> None:
        """A known CPF/CNPJ fills the fields still empty from the store's customer."""
        try:
            document = parse_document(self.edits["document"].text())
        except DomainError:
            return
        self.edits["document"].setText(document.formatted())
        with self.state.ctx.store.read() as session:
            found = customer_draft(session.scalars(select(Customer).where(Customer.document == document.value)).first())
        if found is None:
            return
        a = found.address
        for name, value in zip(self.FIELDS[1:], (found.name, a.cep, a.street, a.number, a.complement, a.district,
                                                 a.city, a.uf), strict=True):
            if not self.value(name) and value:
                self.edits[name].setText(value)

    def validatePage(self) -> bool:
        if not self.isComplete():
            return False
        v = self.value
        address = AddressDraft(v("street"), v("number"), v("complement"), v("district"), v("city"),
                               (v("uf") or "").upper(), v("cep"))
        self.state.customer = CustomerDraft(document=v("document") or "", name=v("name") or "", address=address,
                                            email=self.state.customer.email if self.state.customer else None,
                                            phone=self.state.customer.phone if self.state.customer else None)
        return True


# ---------------------------------------------------------------- 3. items


class ItemsPage(QWizardPage):
    def __init__(self, state: ExchangeState) -> None:
        super().__init__()
        self.state = state
        self.setTitle(self.tr("Itens da troca"))
        self.setSubTitle(self.tr("À esquerda, o que o cliente devolve; à direita, o que ele leva (vazio = devolução)."))
        self.returned = ReturnTable([self.tr("Produto"), self.tr("Vendido"), self.tr("Disponível"),
                                     self.tr("Devolver"), self.tr("Valor un.")])
        self.returned.changed.connect(self._update)
        left = QGroupBox(self.tr("Devolvidos (F6)"))
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.returned)
        tip = QLabel(self.tr("Espaço marca/desmarca · + e − ajustam · número define a quantidade"))
        tip.setStyleSheet(HINT_STYLE)
        left_layout.addWidget(tip)
        row = QHBoxLayout()
        row.addWidget(left, 1)
        row.addWidget(self._build_new_panel(), 1)
        self.totals = QLabel()
        self.totals.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.message = message_label()
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(self.totals)
        layout.addWidget(self.message)
        QWidget.setTabOrder(self.returned, self.barcode)
        QWidget.setTabOrder(self.barcode, self.new_table)
        QShortcut(QKeySequence(Qt.Key.Key_F6), self, activated=self.returned.setFocus)
        QShortcut(QKeySequence(Qt.Key.Key_F7), self, activated=self.barcode.setFocus)

    def _build_new_panel(self) -> QWidget:
        box = QGroupBox(self.tr("Novos (F7)"))
        self.barcode = ScanLineEdit()
        self.barcode.setPlaceholderText(self.tr("Código de barras, SKU ou nome (3*código multiplica)"))
        self.barcode.returnPressed.connect(self.add_from_barcode)
        self.hits = QListWidget()
        self.hits.setMaximumHeight(110)
        self.hits.hide()
        self.hits.itemActivated.connect(lambda item: self.add_line(*item.data(Qt.ItemDataRole.UserRole)))
        self.new_model: RowsModel[NewLine] = RowsModel(
            [self.tr("Produto"), self.tr("Qtd"), self.tr("Total")],
            [lambda ln: ln.product.name, lambda ln: str(ln.quantity), lambda ln: fmt.money(ln.total_cents)],
        )
        self.new_table = QTableView()
        self.new_table.setModel(self.new_model)
        self.new_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.new_table.setTabKeyNavigation(False)
        self.new_table.verticalHeader().setVisible(False)
        self.new_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.new_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        remove = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.new_table, activated=self.remove_selected)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        tip = QLabel(self.tr("Enter adiciona · Delete na lista remove · Enter vazio avança"))
        tip.setStyleSheet(HINT_STYLE)
        layout = QVBoxLayout(box)
        for widget in (self.barcode, self.hits, self.new_table, tip):
            layout.addWidget(widget)
        return box

    def initializePage(self) -> None:
        sale = self.state.sale
        assert sale is not None
        self.returned.set_rows(sale.rows, self.state.returned)
        self.new_model.set_rows(self.state.new_lines)
        self._update()
        focus_later(self.returned)

    def add_from_barcode(self) -> None:
        quantity, code = split_quantity(self.barcode.text())
        self.barcode.clear()
        if not code:
            return
        if quantity <= 0:
            self.message.setText(self.tr("Quantidade inválida antes do *."))
            return
        with self.state.ctx.store.read() as session:
            hits = queries.search_products(session, code)
        exact = [h for h in hits if code in (h.barcode, h.sku)]
        if exact or len(hits) == 1:
            self.add_line((exact or hits)[0], quantity)
        elif not hits:
            self.message.setText(self.tr("Produto não encontrado: %1").replace("%1", code))
        else:
            self.hits.clear()
            for hit in hits:
                item = QListWidgetItem(f"{hit.name} — {fmt.money(hit.price_cents)}")
                item.setData(Qt.ItemDataRole.UserRole, (hit, quantity))
                self.hits.addItem(item)
            self.hits.show()
            self.hits.setCurrentRow(0)
            self.hits.setFocus()
            self.message.setText(self.tr("Escolha o produto com as setas e tecle Enter."))

    def add_line(self, product: queries.ProductHit, quantity: int) -> None:
        lines = self.state.new_lines
        for index, line in enumerate(lines):
            if line.product.product_id == product.product_id:
                lines[index] = NewLine(product, line.quantity + quantity)
                break
        else:
            lines.append(NewLine(product, quantity))
        self.new_model.set_rows(lines)
        self.hits.hide()
        self.message.clear()
        self._update()
        self.barcode.setFocus()

    def remove_selected(self) -> None:
        selected = self.new_table.selectionModel().selectedRows()
        index = selected[0].row() if selected else len(self.state.new_lines) - 1
        if 0 <= index < len(self.state.new_lines):
            del self.state.new_lines[index]
            self.new_model.set_rows(self.state.new_lines)
            self._update()

    def _update(self) -> None:
        self.state.returned = {k: v for k, v in self.returned.quantities.items() if v}
        self.completeChanged.emit()
        if not self.state.returned:
            self.totals.setText(self.tr("Marque ao menos um item devolvido."))
            return
        try:
            s = self.state.settlement()
        except (DomainError, DomainErrors) as exc:
            self.totals.setText(str(exc))
            return
        text = self.tr("Devolvido %1 · Novos %2").replace("%1", fmt.money(s.returned_cents))
        text = text.replace("%2", fmt.money(s.new_total_cents))
        if s.kind == "pay":
            text += " · " + self.tr("A pagar %1").replace("%1", fmt.money(s.difference_cents))
        elif s.kind == "credit":
            text += " · " + self.tr("Crédito %1").replace("%1", fmt.money(s.difference_cents))
        self.totals.setText(text)

    def isComplete(self) -> bool:
        return bool(self.state.returned)

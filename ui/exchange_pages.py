"""Troca/Devolução wizard: the state the pages share, and the first pages (the manual's steps 1-2):
find the original sale, link and complete the customer (prerequisites block with the reason).

Everything here reads the local SQLite store (milliseconds, never the network), so it runs on
the GUI thread and the wizard works with the internet down."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from pdv_bling.app_context import AppContext
from pdv_bling.domain.documents import parse_document
from pdv_bling.domain.errors import DomainError
from pdv_bling.domain.exchange import Settlement, check_prerequisites
from pdv_bling.domain.sale import AddressDraft, CustomerDraft, ItemDraft, PaymentDraft
from pdv_bling.lookups import UFS
from pdv_bling.returns import (
    ExchangeDraft,
    ExchangeResult,
    find_original_sale,
    preview_settlement,
    returnable,
    sold_lines,
)
from pdv_bling.store.models import Customer
from pdv_bling.store.settings import Settings, load_settings
from ui import fmt, words
from ui.new_sale import Line, Payment  # the same lines and payments as a sale's

ERROR_STYLE = "color: #b3261e;"
BIG = "font-size: 20px; font-weight: bold;"
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


@dataclass
class ExchangeState:
    """What the pages fill in, turned into an ExchangeDraft at the end."""

    ctx: AppContext
    sale: OriginalSale | None = None
    customer: CustomerDraft | None = None
    returned: dict[int, int] = field(default_factory=dict)
    new_lines: list[Line] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)  # the difference, in one or several methods
    refund: bool = False
    devolution_key: str | None = None
    result: ExchangeResult | None = None

    def draft(self) -> ExchangeDraft:
        assert self.sale is not None
        payments = tuple(PaymentDraft(p.method_id, p.amount_cents) for p in self.payments)
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
        return words.error_text(exc)


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
        return words.error_text(error)

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

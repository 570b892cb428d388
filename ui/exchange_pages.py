"""Troca/Devolução wizard: the state the pages share, and the first pages (the manual's steps 1-2):
find the original sale, link and complete the customer (prerequisites block with the reason).

Everything here reads the local SQLite store (milliseconds, never the network), so it runs on
the GUI thread and the wizard works with the internet down."""

from __future__ import annotations

from dataclasses import dataclass

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

from pdv_bling.counter.lookups import UFS
from pdv_bling.domain.documents import parse_document
from pdv_bling.domain.errors import DomainError
from pdv_bling.domain.exchange import check_prerequisites
from pdv_bling.domain.sale import AddressDraft, CustomerDraft
from pdv_bling.store.models import Customer
from pdv_bling.store.settings import Settings, load_settings
from ui import fmt, words
from ui.exchange_async import AsyncStep, find_any_sale, is_store_caixa
from ui.exchange_state import ExchangeState, OriginalSale, customer_draft, load_original

ERROR_STYLE = "color: #b3261e;"
BIG = "font-size: 20px; font-weight: bold;"
HINT_STYLE = "color: #555;"


def focus_later(widget: QWidget) -> None:
    """QWizard focuses the page's first child after initializePage; ours wins on the next turn."""
    QTimer.singleShot(0, widget, widget.setFocus)


def message_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    return label


def sale_caption(sale: OriginalSale) -> str:
    number = f"{sale.terminal} {sale.number}" if sale.terminal else str(sale.number)
    return f"{number} · {fmt.short_datetime(sale.created_at)} · {fmt.money(sale.total_cents)}"


# ---------------------------------------------------------------- 1. find the sale


class FindSalePage(QWizardPage):
    def __init__(self, state: ExchangeState) -> None:
        super().__init__()
        self.state = state
        self.setTitle(self.tr("Localizar a venda original"))
        self.setSubTitle(self.tr("Digite o número da venda ou leia o cupom de troca impresso no comprovante."))
        self.reference = QLineEdit()
        self.store_lookup = AsyncStep(self) if is_store_caixa(state.ctx) else None
        if self.store_lookup is None:
            self.reference.setPlaceholderText(self.tr("Número da venda ou cupom de troca (ex.: 12 ou ABCD-EF12)"))
        else:  # a caixa of a store finds any caixa's sale
            self.setSubTitle(self.tr("Digite o número da venda deste caixa, o caixa e o número de uma venda de outro caixa, ou leia o cupom de troca."))
            self.reference.setPlaceholderText(self.tr("Ex.: 12 (este caixa), PDV01 15 (outro caixa) ou ABCD-EF12 (cupom)"))
        self.reference.setStyleSheet("font-size: 18px; padding: 6px;")
        self.message = message_label()
        self.reference.textEdited.connect(lambda _t: self.message.clear())
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
        if self.store_lookup is not None:  # store mode: any caixa's sale, found off the GUI thread
            found = self.store_lookup.take(text)
            if found is None:
                self.store_lookup.start(text, lambda: find_any_sale(self.state.ctx, text), self._lookup_failed)
                self.message.setStyleSheet(HINT_STYLE)
                self.message.setText(self.tr("Buscando a venda na retaguarda…"))
                return False
            sale = found
        else:
            try:
                with self.state.ctx.store.read() as session:
                    sale = load_original(session, text)
            except DomainError as exc:
                self.message.setText(self.lookup_error(exc, text))
                return False
        self.message.setStyleSheet(ERROR_STYLE)
        if not any(r.available for r in sale.rows):
            self.message.setText(self.tr("Todos os itens da venda %1 já foram devolvidos.").replace("%1", str(sale.number)))
            return False
        if self.state.sale is None or self.state.sale.sale_id != sale.sale_id:
            self.state.sale, self.state.customer = sale, sale.customer
            self.state.returned, self.state.new_lines = {}, []
        return True

    def _lookup_failed(self, exc: BaseException) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        text = self.reference.text().strip()
        self.message.setText(self.lookup_error(exc, text) if isinstance(exc, DomainError) else words.error_text(exc))

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

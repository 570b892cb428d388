"""Exchange and return rules (troca/devolução), pure: prerequisites, over-return, settlement."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, Protocol

from pdv_bling.domain.documents import parse_document
from pdv_bling.domain.errors import DomainError
from pdv_bling.domain.money import allocate
from pdv_bling.domain.sale import CustomerDraft, ItemDraft, PaymentDraft

ADDRESS_FIELDS = (
    ("street", "logradouro"),
    ("number", "número"),
    ("district", "bairro"),
    ("city", "cidade"),
    ("uf", "UF"),
    ("cep", "CEP"),
)


@dataclass(frozen=True)
class ExchangeDraft:
    original_sale_id: int
    returned: dict[int, int]  # sale_item_id -> units returned
    new_items: tuple[ItemDraft, ...] = ()
    payments: tuple[PaymentDraft, ...] = ()  # pay the difference (when the new total is higher)
    customer_id: int | None = None
    customer: CustomerDraft | None = None  # completes/links the customer (CPF and address)
    seller: str | int | None = None
    refund: bool = False  # pure return: refund in the original payment method instead of credit
    devolution_key: str | None = None  # access key of the devolution note issued by the PDV


class CustomerLike(Protocol):
    document: str
    street: str | None
    number: str | None
    district: str | None
    city: str | None
    uf: str | None
    cep: str | None


class SettingsLike(Protocol):
    @property
    def auto_return_invoice(self) -> bool: ...

    @property
    def positive_customer_credit(self) -> bool: ...


def check_prerequisites(customer: CustomerLike | None, settings: SettingsLike) -> list[DomainError]:
    """The manual's step 1: CPF/CNPJ, complete address, and the two PDV settings on."""
    errors: list[DomainError] = []
    if customer is None:
        errors.append(DomainError("customer_missing", "cliente"))
    else:
        try:
            parse_document(customer.document, field="cliente.documento")
        except DomainError as exc:
            errors.append(exc)
        missing = [label for attr, label in ADDRESS_FIELDS if not (getattr(customer, attr) or "").strip()]
        if missing:
            errors.append(DomainError("customer_address_incomplete", "cliente.endereco", {"missing": ", ".join(missing)}))
    if not settings.auto_return_invoice:
        errors.append(DomainError("setting_return_invoice_off", "configuracoes"))
    if not settings.positive_customer_credit:
        errors.append(DomainError("setting_positive_credit_off", "configuracoes"))
    return errors


@dataclass(frozen=True)
class SoldLine:
    item_id: int
    quantity: int
    total_cents: int  # the line's value net of its share of the sale's discount


def net_line_values(line_totals: list[int], discount_cents: int) -> list[int]:
    """Each line's value after its proportional share of the sale-level discount."""
    if not discount_cents or not line_totals:
        return list(line_totals)
    shares = allocate(discount_cents, line_totals) if sum(line_totals) else [0] * len(line_totals)
    return [total - share for total, share in zip(line_totals, shares, strict=True)]


def returned_value(
    sold: Mapping[int, SoldLine], already_returned: Mapping[int, int], wanted: Mapping[int, int]
) -> int:
    """Value of the units being returned; refuses more units than remain returnable.

    Units of a line are valued evenly; the last returnable unit takes the line's rounding, so
    returning a line in several steps adds up exactly to the line's value.
    """
    if not wanted or not any(wanted.values()):
        raise DomainError("return_empty", "devolvidos")
    value = 0
    for index, (item_id, quantity) in enumerate(sorted(wanted.items())):
        line = sold.get(item_id)
        field = f"devolvidos[{index}]"
        if line is None:
            raise DomainError("sale_not_found", field, {"value": item_id})
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
            raise DomainError("quantity_invalid", f"{field}.quantidade", {"value": quantity})
        done = already_returned.get(item_id, 0)
        available = line.quantity - done
        if quantity > available:
            raise DomainError("over_return", field, {"requested": quantity, "available": available})
        value += _units_value(line, start=done, count=quantity)
    return value


def _units_value(line: SoldLine, *, start: int, count: int) -> int:
    unit = line.total_cents // line.quantity
    last_unit = line.total_cents - unit * (line.quantity - 1)
    includes_last = start + count == line.quantity
    return unit * (count - 1) + (last_unit if includes_last else unit)


@dataclass(frozen=True)
class Settlement:
    kind: Literal["pay", "credit", "even"]
    returned_cents: int
    new_total_cents: int

    @property
    def difference_cents(self) -> int:
        """What the customer pays (kind "pay") or keeps as credit (kind "credit")."""
        return abs(self.new_total_cents - self.returned_cents)

    @property
    def credit_applied_cents(self) -> int:
        """The part of the returned value that pays the new sale ("Crédito em Loja")."""
        return min(self.returned_cents, self.new_total_cents)


def settle(returned_cents: int, new_total_cents: int) -> Settlement:
    if new_total_cents > returned_cents:
        return Settlement("pay", returned_cents, new_total_cents)
    if new_total_cents < returned_cents:
        return Settlement("credit", returned_cents, new_total_cents)
    return Settlement("even", returned_cents, new_total_cents)


def return_marker(numero_loja: str, return_uid: str, line: int) -> str:
    """The `observacoes` of a partial return's stock entry in Bling: the text a person searches
    Bling's movements for (a movement cannot be looked up by the API). It names the return by its
    own id, which no restore, copy or store rewinds; a row id would be given out again."""
    return f"PDV-Bling devolução {numero_loja} #{return_uid} item {line}"

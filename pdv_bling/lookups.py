"""The local records a sale refers to: products (by id, barcode or SKU), payment methods, sellers,
customers (created or updated from the cashier's input, validated first) and store credit.
Each lookup raises a `DomainError` naming the field when nothing usable is found."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from pdv_bling.domain.documents import parse_document
from pdv_bling.domain.errors import DomainError
from pdv_bling.domain.sale import CustomerDraft, ItemDraft, clean_text
from pdv_bling.store.models import Customer, PaymentMethod, Product, Seller, StoreCreditEntry

_Named = TypeVar("_Named", PaymentMethod, Seller)

UFS = frozenset(
    ["AC", "AL", "AP", "AM", "BA", "CE", "DF", "ES", "GO", "MA", "MT", "MS", "MG", "PA", "PB", "PR", "PE", "PI", "RJ", "RN", "RS", "RO", "RR", "SC", "SP", "SE", "TO"]
)


def sellable_products() -> ColumnElement[bool]:
    """Active products that can be sold as they are (not the parent of variations)."""
    return and_(Product.active.is_(True), or_(Product.formato.is_(None), Product.formato != "V"))


def find_product(session: Session, draft: ItemDraft, *, field: str) -> Product:
    """By id, barcode or SKU; active products only."""
    if draft.product_id is not None:
        product = session.get(Product, draft.product_id)
        ref = str(draft.product_id)
    elif draft.barcode:
        ref = draft.barcode
        product = session.scalars(
            select(Product).where(Product.barcode == ref, Product.active.is_(True)).limit(1)
        ).first()
    elif draft.sku:
        ref = draft.sku
        product = session.scalars(select(Product).where(Product.sku == ref, Product.active.is_(True)).limit(1)).first()
    else:
        raise DomainError("product_ref_missing", field)
    if product is None:
        raise DomainError("product_not_found", field, {"value": ref[:60]})
    if not product.active:
        raise DomainError("product_inactive", field, {"value": ref[:60]})
    if has_variations(session, product):
        raise DomainError("product_has_variations", field, {"value": ref[:60]})
    return product


def has_variations(session: Session, product: Product) -> bool:
    """A product with variations (Bling's formato "V") is sold only as one of them (size, colour)."""
    if product.formato == "V":
        return True
    return session.scalars(select(Product.id).where(Product.parent_id == product.id).limit(1)).first() is not None


def find_payment_method(session: Session, ref: str | int, *, field: str) -> PaymentMethod:
    return _find_active(session, PaymentMethod, ref, code="payment_method_unknown", field=field)


def find_seller(session: Session, ref: str | int, *, field: str = "vendedor") -> Seller:
    return _find_active(session, Seller, ref, code="seller_unknown", field=field)


def _find_active(session: Session, model: type[_Named], ref: str | int, *, code: str, field: str) -> _Named:
    """By id, or by name ignoring case; inactive records count as unknown."""
    found = (
        session.get(model, ref)
        if isinstance(ref, int)
        else session.scalars(select(model).where(func.lower(model.name) == ref.strip().lower())).first()
    )
    if found is None or not found.active:
        raise DomainError(code, field, {"value": str(ref)[:60]})
    return found


def upsert_customer(session: Session, draft: CustomerDraft, *, field: str = "cliente") -> Customer:
    """Create or update the local customer identified by CPF/CNPJ (validated first)."""
    document = parse_document(draft.document, field=f"{field}.documento")
    name = clean_text(draft.name, field=f"{field}.nome")
    values = _customer_values(draft, field=field)
    customer = session.scalars(select(Customer).where(Customer.document == document.value)).first()
    if customer is None:
        customer = Customer(document=document.value, tipo=document.tipo_pessoa, name=name, **values)
        session.add(customer)
        session.flush()
        return customer
    customer.name = name or customer.name
    for key, value in values.items():
        if value is not None:
            setattr(customer, key, value)
    return customer


def _customer_values(draft: CustomerDraft, *, field: str) -> dict[str, str | None]:
    addr = draft.address
    values = {
        "email": clean_text(draft.email, field=f"{field}.email", required=False),
        "phone": clean_text(draft.phone, field=f"{field}.telefone", max_len=30, required=False),
        "street": clean_text(addr.street, field=f"{field}.endereco.logradouro", required=False),
        "number": clean_text(addr.number, field=f"{field}.endereco.numero", max_len=20, required=False),
        "complement": clean_text(addr.complement, field=f"{field}.endereco.complemento", max_len=100, required=False),
        "district": clean_text(addr.district, field=f"{field}.endereco.bairro", max_len=100, required=False),
        "city": clean_text(addr.city, field=f"{field}.endereco.cidade", max_len=100, required=False),
        "uf": clean_text(addr.uf, field=f"{field}.endereco.uf", max_len=2, required=False),
        "cep": clean_text(addr.cep, field=f"{field}.endereco.cep", max_len=9, required=False),
    }
    if values["uf"] is not None:
        values["uf"] = values["uf"].upper()
        if values["uf"] not in UFS:
            raise DomainError("uf_invalid", f"{field}.endereco.uf", {"value": values["uf"]})
    if values["cep"] is not None:
        digits = values["cep"].replace("-", "").replace(".", "")
        if len(digits) != 8 or not digits.isdigit():
            raise DomainError("cep_invalid", f"{field}.endereco.cep")
        values["cep"] = digits
    return values


def store_credit_balance(session: Session, customer_id: int) -> int:
    stmt = select(func.coalesce(func.sum(StoreCreditEntry.amount_cents), 0)).where(
        StoreCreditEntry.customer_id == customer_id
    )
    return int(session.execute(stmt).scalar_one())

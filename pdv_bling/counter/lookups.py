"""The local records a sale refers to: products (by id, barcode or SKU), payment methods, sellers,
customers (created or updated from the cashier's input, validated first) and store credit.
Each lookup raises a `DomainError` naming the field when nothing usable is found."""

from __future__ import annotations

import re
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, bindparam, func, or_, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, aliased

from pdv_bling.domain.documents import parse_document
from pdv_bling.domain.errors import DomainError
from pdv_bling.domain.sale import CustomerDraft, ItemDraft, clean_text
from pdv_bling.store.models import (
    BlingVendedor,
    Customer,
    PaymentMethod,
    Product,
    Seller,
    StoreCreditEntry,
    table_of,
    utcnow,
)

_Named = TypeVar("_Named", PaymentMethod, Seller)

EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s.]+(?:\.[^@\s.]+)+")
UFS = frozenset(
    ["AC", "AL", "AP", "AM", "BA", "CE", "DF", "ES", "GO", "MA", "MT", "MS", "MG", "PA", "PB", "PR", "PE", "PI", "RJ", "RN", "RS", "RO", "RR", "SC", "SP", "SE", "TO"]
)


def sellable_products() -> ColumnElement[bool]:
    """Active products that can be sold as they are (not the parent of variations)."""
    return and_(Product.active.is_(True), or_(Product.formato.is_(None), Product.formato != "V"))


_CHILD = aliased(Product)
# Products, each with whether a variation points to it (then it is a parent of variations).
_WITH_CHILDREN: Select[Product, bool] = select(
    Product, select(_CHILD.id).where(_CHILD.parent_id == Product.id).exists().label("children"))
# Built once with bound parameters: a statement built per call costs its cache key every time.
_BY_ID = _WITH_CHILDREN.where(Product.id == bindparam("ref"))
_BY_CODE = {
    name: _WITH_CHILDREN.where(column == bindparam("ref")).order_by(Product.id).limit(6)
    for name, column in (("barcode", Product.barcode), ("sku", Product.sku))
}


def find_product(session: Session, draft: ItemDraft, *, field: str) -> Product:
    """By id, barcode or SKU. A code shared by several active products, a barcode and a SKU naming
    different products, and an inactive product are each refused with their own message.

    One query per code: the product and whether it has variations come back together (this is the
    cashier's path, run for every item of every sale)."""
    if draft.product_id is not None:
        row = session.execute(_BY_ID, {"ref": draft.product_id}).first()
        if row is None:
            raise DomainError("product_not_found", field, {"value": str(draft.product_id)})
        return _active(row[0], bool(row[1]), str(draft.product_id), field)
    if not draft.barcode and not draft.sku:
        raise DomainError("product_ref_missing", field)
    by_barcode = _by_code(session, "barcode", draft.barcode, field) if draft.barcode else None
    by_sku = _by_code(session, "sku", draft.sku, field) if draft.sku else None
    if by_barcode is not None and by_sku is not None and by_barcode[0].id != by_sku[0].id:
        raise DomainError("product_ref_conflict", field, {
            "barcode": draft.barcode, "barcode_name": by_barcode[0].name[:60],
            "sku": draft.sku, "sku_name": by_sku[0].name[:60]})
    found = by_barcode or by_sku
    assert found is not None
    product, children = found
    if _is_parent(product, children):
        raise DomainError("product_has_variations", field, {"value": (draft.barcode or draft.sku or "")[:60]})
    return product


def _by_code(session: Session, column: str, code: str, field: str) -> tuple[Product, bool]:
    found = [(p, bool(c)) for p, c in session.execute(_BY_CODE[column], {"ref": code})]
    active = [row for row in found if row[0].active]
    if len(active) > 1:
        names = ", ".join(f"{p.name[:40]} (id {p.bling_id})" for p, _c in active[:5])
        raise DomainError("product_ambiguous", field, {"value": code[:60], "names": names})
    if active:
        return active[0]
    if found:
        return _active(found[0][0], found[0][1], code, field), found[0][1]
    raise DomainError("product_not_found", field, {"value": code[:60]})


def _active(product: Product, children: bool, ref: str, field: str) -> Product:
    if not product.active:
        raise DomainError("product_inactive", field, {"value": ref[:60], "name": product.name[:60]})
    if _is_parent(product, children):
        raise DomainError("product_has_variations", field, {"value": ref[:60]})
    return product


def _is_parent(product: Product, children: bool) -> bool:
    """A product with variations (Bling's formato "V") is sold only as one of them (size, colour)."""
    return product.formato == "V" or children


_BY_NAME: dict[type[Any], Select[Any]] = {
    model: select(model).where(func.lower(model.name) == bindparam("ref")) for model in (PaymentMethod, Seller)
}


def find_payment_method(session: Session, ref: str | int, *, field: str) -> PaymentMethod:
    return _find_active(session, PaymentMethod, ref, code="payment_method_unknown", field=field)


def find_seller(session: Session, ref: str | int, *, field: str = "vendedor") -> Seller:
    """A local operator by id or name; else an active Bling vendedor by name or id, which becomes
    a local operator linked to it (so a sale can name the vendedor as Bling knows them)."""
    if isinstance(ref, int):
        return _find_active(session, Seller, ref, code="seller_unknown", field=field)
    local: Seller | None = session.scalars(_BY_NAME[Seller], {"ref": ref.strip().lower()}).first()
    if local is not None:
        if not local.active:
            raise DomainError("seller_inactive", field, {"value": local.name[:60]})
        return local
    try:
        vendedor = find_vendedor(session, ref, field=field)
    except DomainError as exc:
        if exc.code == "vendedor_ambiguous":
            raise DomainError("seller_ambiguous", field, exc.params) from None
        raise DomainError("seller_unknown", field, {"value": ref.strip()[:60]}) from None
    linked = session.scalars(select(Seller).where(Seller.bling_vendedor_id == vendedor.bling_id,
                                                  Seller.active.is_(True))).first()
    if linked is not None:
        return linked
    seller = Seller(name=_free_name(session, vendedor.nome.strip()[:120]), bling_vendedor_id=vendedor.bling_id,
                    active=True)
    session.add(seller)
    session.flush()
    return seller


def _free_name(session: Session, name: str) -> str:
    taken = {n.lower() for n in session.scalars(select(Seller.name))}
    candidate, n = name, 2
    while candidate.lower() in taken:
        candidate, n = f"{name[:110]} ({n})", n + 1
    return candidate


def _find_active(session: Session, model: type[_Named], ref: str | int, *, code: str, field: str) -> _Named:
    """By id, or by name ignoring case; inactive records count as unknown."""
    found = (
        session.get(model, ref)
        if isinstance(ref, int)
        else session.scalars(_BY_NAME[model], {"ref": ref.strip().lower()}).first()
    )
    if found is None or not found.active:
        raise DomainError(code, field, {"value": str(ref)[:60]})
    return found


def upsert_customer(session: Session, draft: CustomerDraft, *, field: str = "cliente") -> Customer:
    """Create or update the local customer identified by CPF/CNPJ (validated first).

    One statement (`INSERT ... ON CONFLICT (document) DO UPDATE`), so a customer another writer
    inserted meanwhile (the caixa's replica bringing the same CPF from the store) is updated, never
    a unique-constraint failure that loses the sale. The row changes (and `updated_at` moves) only
    when a given value differs from the stored one, as before: an unchanged customer is not handed
    over again."""
    document = parse_document(draft.document, field=f"{field}.documento")
    name = clean_text(draft.name, field=f"{field}.nome")
    values = _customer_values(draft, field=field)
    now = utcnow()
    table = table_of(Customer)
    insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else postgresql_insert
    stmt = insert(table).values(document=document.value, tipo=document.tipo_pessoa, name=name, **values,
                                created_at=now, updated_at=now)
    given = {"name": name, **values}
    changes = {key: stmt.excluded[key] for key, value in given.items() if value is not None}
    differs = or_(*(table.c[key].is_distinct_from(stmt.excluded[key]) for key in changes))
    stmt = stmt.on_conflict_do_update(index_elements=[table.c.document], set_={**changes, "updated_at": now},
                                      where=differs)
    session.execute(stmt)
    found = session.scalars(select(Customer).where(Customer.document == document.value)
                            .execution_options(populate_existing=True)).one()
    return found


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
        if len(digits) != 8 or not (digits.isascii() and digits.isdigit()):
            raise DomainError("cep_invalid", f"{field}.endereco.cep")
        values["cep"] = digits
    if values["email"] is not None and not EMAIL.fullmatch(values["email"]):
        raise DomainError("email_invalid", f"{field}.email", {"value": values["email"][:60]})
    if values["phone"] is not None:
        values["phone"] = _phone(values["phone"], field=f"{field}.telefone")
    return values


def _phone(text: str, *, field: str) -> str:
    """A Brazilian phone: DDD + 8 or 9 digits, optionally +55; ASCII digits only."""
    digits = re.sub(r"[\s().+-]", "", text)
    if digits.isascii() and digits.isdigit() and digits.startswith("55") and len(digits) in (12, 13):
        digits = digits[2:]
    if not (digits.isascii() and digits.isdigit() and len(digits) in (10, 11)):
        raise DomainError("phone_invalid", field, {"value": text[:30]})
    return text


def store_credit_balance(session: Session, customer_id: int) -> int:
    stmt = select(func.coalesce(func.sum(StoreCreditEntry.amount_cents), 0)).where(
        StoreCreditEntry.customer_id == customer_id
    )
    return int(session.execute(stmt).scalar_one())


def find_vendedor(session: Session, ref: str | int, *, field: str = "vendedor_bling") -> BlingVendedor:
    """An active Bling vendedor (pulled from Bling) by id or by name, ignoring case."""
    if isinstance(ref, int) or (isinstance(ref, str) and ref.strip().isascii() and ref.strip().isdigit()):
        found = [v for v in [session.get(BlingVendedor, int(ref))] if v is not None]
    else:
        name = ref.strip().lower()
        found = list(session.scalars(select(BlingVendedor).where(func.lower(BlingVendedor.nome) == name)))
    found = [v for v in found if (v.situacao or "A") == "A"]
    if not found:
        raise DomainError("vendedor_unknown", field, {"value": str(ref)[:60]})
    if len(found) > 1:
        raise DomainError("vendedor_ambiguous", field, {"value": str(ref)[:60],
                                                        "ids": ", ".join(str(v.bling_id) for v in found)})
    return found[0]

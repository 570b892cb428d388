"""The sale JSON a PDV hands over to `pdv-bling sale add` (format documented in the README).

Strict: unknown keys, wrong types, bad encodings and bad values are all reported at once with
the JSON path of the field (e.g. `itens[1].quantidade`), and nothing is recorded.
"""

from __future__ import annotations

from typing import Any

from pdv_bling.cli.json_input import load_json
from pdv_bling.domain.errors import DomainError, DomainErrors
from pdv_bling.domain.money import parse_money
from pdv_bling.domain.sale import AddressDraft, CustomerDraft, ItemDraft, PaymentDraft, SaleDraft

SALE_KEYS = {"itens", "pagamentos", "vendedor", "cliente", "desconto"}
ITEM_KEYS = {"codigo_barras", "sku", "quantidade", "preco"}
PAYMENT_KEYS = {"forma", "valor"}
CUSTOMER_KEYS = {"documento", "nome", "email", "telefone", "endereco"}
ADDRESS_KEYS = {"logradouro", "numero", "complemento", "bairro", "cidade", "uf", "cep"}
MAX_ITEMS = 500


def parse_sale_bytes(raw: bytes) -> SaleDraft:
    """The sale of a JSON file: read strictly (`json_input.load_json`), then validated field by
    field; every refusal is a DomainError in pt_BR naming its field, never a traceback."""
    return parse_sale(load_json(raw))


def parse_sale(data: Any) -> SaleDraft:
    errors: list[DomainError] = []
    if not isinstance(data, dict):
        raise DomainErrors([DomainError("not_an_object", "venda")])
    _unknown(data, SALE_KEYS, "", errors)
    items = [_item(raw, f"itens[{i}]", errors) for i, raw in enumerate(_list(data.get("itens"), "itens", errors))]
    payments = [
        _payment(raw, f"pagamentos[{i}]", errors) for i, raw in enumerate(_list(data.get("pagamentos"), "pagamentos", errors))
    ]
    seller = _text(data.get("vendedor"), "vendedor", errors)
    customer = _customer(data["cliente"], errors) if data.get("cliente") is not None else None
    discount = _money(data.get("desconto", 0), "desconto", errors)
    if errors:
        raise DomainErrors(errors)
    return SaleDraft(
        items=tuple(i for i in items if i is not None),
        payments=tuple(p for p in payments if p is not None),
        seller=seller,
        customer=customer,
        discount_cents=discount or 0,
    )


def _unknown(data: dict[str, Any], allowed: set[str], prefix: str, errors: list[DomainError]) -> None:
    for key in data:
        if key not in allowed:
            errors.append(DomainError("unknown_field", f"{prefix}{str(key)[:40]}"))


def _list(value: Any, field: str, errors: list[DomainError]) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        errors.append(DomainError("not_a_list", field))
        return []
    if len(value) > MAX_ITEMS:
        errors.append(DomainError("quantity_too_large", field, {"value": len(value)}))
        return []
    return value


def _text(value: Any, field: str, errors: list[DomainError], *, max_len: int = 200) -> str | None:
    from pdv_bling.domain.sale import clean_text

    try:
        return clean_text(value, field=field, max_len=max_len, required=False)
    except DomainError as exc:
        errors.append(exc)
        return None


def _money(value: Any, field: str, errors: list[DomainError]) -> int | None:
    try:
        return parse_money(value, field=field)
    except DomainError as exc:
        errors.append(exc)
        return None


def _item(raw: Any, field: str, errors: list[DomainError]) -> ItemDraft | None:
    if not isinstance(raw, dict):
        errors.append(DomainError("not_an_object", field))
        return None
    _unknown(raw, ITEM_KEYS, f"{field}.", errors)
    barcode = _text(raw.get("codigo_barras"), f"{field}.codigo_barras", errors, max_len=60)
    sku = _text(raw.get("sku"), f"{field}.sku", errors, max_len=60)
    quantity = raw.get("quantidade", 1)
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
        errors.append(DomainError("quantity_invalid", f"{field}.quantidade", {"value": str(quantity)[:20]}))
        quantity = 1
    price = _money(raw["preco"], f"{field}.preco", errors) if "preco" in raw else None
    if not barcode and not sku:
        errors.append(DomainError("product_ref_missing", field))
    return ItemDraft(barcode=barcode, sku=sku, quantity=quantity, unit_price_cents=price)


def _payment(raw: Any, field: str, errors: list[DomainError]) -> PaymentDraft | None:
    if not isinstance(raw, dict):
        errors.append(DomainError("not_an_object", field))
        return None
    _unknown(raw, PAYMENT_KEYS, f"{field}.", errors)
    method = _text(raw.get("forma"), f"{field}.forma", errors, max_len=80)
    amount = _money(raw.get("valor"), f"{field}.valor", errors)
    if method is None:
        if not any(e.field == f"{field}.forma" for e in errors):
            errors.append(DomainError("text_required", f"{field}.forma"))
        return None
    return PaymentDraft(method=method, amount_cents=amount or 0)


def _customer(raw: Any, errors: list[DomainError]) -> CustomerDraft | None:
    if not isinstance(raw, dict):
        errors.append(DomainError("not_an_object", "cliente"))
        return None
    _unknown(raw, CUSTOMER_KEYS, "cliente.", errors)
    document = raw.get("documento")
    if not isinstance(document, str):
        errors.append(DomainError("text_not_string" if document is not None else "document_missing", "cliente.documento"))
        document = ""
    name = _text(raw.get("nome"), "cliente.nome", errors) or ""
    if not name and not any(e.field == "cliente.nome" for e in errors):
        errors.append(DomainError("customer_name_missing", "cliente.nome"))
    address = raw.get("endereco") or {}
    if not isinstance(address, dict):
        errors.append(DomainError("not_an_object", "cliente.endereco"))
        address = {}
    _unknown(address, ADDRESS_KEYS, "cliente.endereco.", errors)
    fields = {k: _text(address.get(k), f"cliente.endereco.{k}", errors) for k in ADDRESS_KEYS}
    return CustomerDraft(
        document=document,
        name=name,
        email=_text(raw.get("email"), "cliente.email", errors),
        phone=_text(raw.get("telefone"), "cliente.telefone", errors, max_len=30),
        address=AddressDraft(
            street=fields["logradouro"], number=fields["numero"], complement=fields["complemento"],
            district=fields["bairro"], city=fields["cidade"], uf=fields["uf"], cep=fields["cep"],
        ),
    )

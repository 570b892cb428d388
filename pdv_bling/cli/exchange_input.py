"""The exchange/return JSON of `pdv-bling troca add` (format documented in the README).

Validated like the sale JSON: unknown keys, wrong types and bad values are reported at once with
the field's JSON path, and nothing is recorded. Returned lines name the original sale's line by its
position (`item`, from 1) or by its `sku`/`codigo_barras`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pdv_bling.cli.json_input import load_json
from pdv_bling.cli.sale_input import _customer, _item, _list, _payment, _text, _unknown
from pdv_bling.domain.errors import DomainError, DomainErrors
from pdv_bling.domain.sale import CustomerDraft, ItemDraft, PaymentDraft

EXCHANGE_KEYS = {"venda", "devolver", "novos", "pagamentos", "cliente", "vendedor", "reembolso", "chave_devolucao"}
RETURN_KEYS = {"item", "sku", "codigo_barras", "quantidade"}


@dataclass(frozen=True)
class ReturnLine:
    position: int | None  # 0-based
    code: str | None  # sku or barcode
    quantity: int
    field: str


@dataclass(frozen=True)
class ExchangeInput:
    sale: str
    lines: tuple[ReturnLine, ...]
    new_items: tuple[ItemDraft, ...]
    payments: tuple[PaymentDraft, ...]
    customer: CustomerDraft | None
    seller: str | None
    refund: bool
    devolution_key: str | None


def parse_exchange_bytes(raw: bytes) -> ExchangeInput:
    """Read as strictly as the sale JSON (`json_input.load_json`: depth, size, repeated keys,
    encoding, all refused in pt_BR naming the field)."""
    return parse_exchange(load_json(raw))


def parse_exchange(data: Any) -> ExchangeInput:
    errors: list[DomainError] = []
    if not isinstance(data, dict):
        raise DomainErrors([DomainError("not_an_object", None)])
    _unknown(data, EXCHANGE_KEYS, "", errors)
    sale = data.get("venda")
    if isinstance(sale, int) and not isinstance(sale, bool):
        sale = str(sale)
    if not isinstance(sale, str) or not sale.strip():
        errors.append(DomainError("text_required", "venda"))
    lines = tuple(filter(None, (_line(raw, f"devolver[{i}]", errors)
                                for i, raw in enumerate(_list(data.get("devolver"), "devolver", errors)))))
    if not lines and "devolver" in data and not errors:
        errors.append(DomainError("return_empty", "devolver"))
    items = tuple(filter(None, (_item(raw, f"novos[{i}]", errors)
                                for i, raw in enumerate(_list(data.get("novos", []), "novos", errors)))))
    payments = tuple(filter(None, (_payment(raw, f"pagamentos[{i}]", errors)
                                   for i, raw in enumerate(_list(data.get("pagamentos", []), "pagamentos", errors)))))
    customer = _customer(data["cliente"], errors) if data.get("cliente") is not None else None
    seller = _text(data.get("vendedor"), "vendedor", errors) if data.get("vendedor") is not None else None
    refund = data.get("reembolso", False)
    if not isinstance(refund, bool):
        errors.append(DomainError("setting_bool", "reembolso", {"value": str(refund)[:20]}))
    key = _text(data.get("chave_devolucao"), "chave_devolucao", errors, max_len=60) \
        if data.get("chave_devolucao") is not None else None
    if errors:
        raise DomainErrors(errors)
    return ExchangeInput(str(sale).strip(), lines, items, payments, customer, seller, bool(refund), key)


def _line(raw: Any, field: str, errors: list[DomainError]) -> ReturnLine | None:
    if not isinstance(raw, dict):
        errors.append(DomainError("not_an_object", field))
        return None
    _unknown(raw, RETURN_KEYS, field + ".", errors)
    quantity = raw.get("quantidade", 1)
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity <= 0:
        errors.append(DomainError("quantity_invalid", f"{field}.quantidade"))
        return None
    position = raw.get("item")
    if position is not None and (not isinstance(position, int) or isinstance(position, bool) or position <= 0):
        errors.append(DomainError("quantity_invalid", f"{field}.item"))
        return None
    code = raw.get("sku") or raw.get("codigo_barras")
    if position is None and not isinstance(code, str):
        errors.append(DomainError("product_ref_missing", field))
        return None
    return ReturnLine(position - 1 if position else None, code if isinstance(code, str) else None, quantity, field)

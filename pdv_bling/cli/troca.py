"""`pdv-bling troca add`: an exchange JSON (`exchange_input`) turned into an `ExchangeDraft` against
the referenced sale (this caixa's, or in store mode any caixa's, copied here first) and recorded."""

from __future__ import annotations

from typing import Any

from pdv_bling.cli.exchange_input import ExchangeInput, ReturnLine
from pdv_bling.counter.returns import record_exchange
from pdv_bling.domain.coupon import format_coupon
from pdv_bling.domain.errors import DomainError, DomainErrors
from pdv_bling.domain.exchange import ExchangeDraft
from pdv_bling.retaguarda.caixa import locate_any_sale
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import Product, Sale, SaleItem


def record_exchange_input(ctx: AppContext, data: ExchangeInput) -> dict[str, Any]:
    sale_id = locate_any_sale(ctx, data.sale)
    with ctx.store.read() as session:
        sale = session.get(Sale, sale_id)
        assert sale is not None
        barcodes = {i.id: (session.get(Product, i.product_id).barcode if i.product_id else None)  # type: ignore[union-attr]
                    for i in sale.items}
        returned, fields = _returned(list(sale.items), barcodes, data.lines)
        positions = {i.position: i.id for i in sale.items}
    draft = ExchangeDraft(original_sale_id=sale_id, returned=returned, new_items=data.new_items,
                          payments=data.payments, customer=data.customer, seller=data.seller, refund=data.refund,
                          devolution_key=data.devolution_key)
    try:
        result = record_exchange(ctx.store, draft)
    except DomainErrors as exc:
        raise DomainErrors([_named_as_typed(e, fields, positions, sorted(returned)) for e in exc.errors]) from None
    new = result.new_sale
    return {"return_id": result.return_id, "settlement": result.settlement.kind,
            "difference_cents": result.settlement.difference_cents, "full_return": result.full_return,
            "credit_granted_cents": result.credit_granted_cents, "credit_balance_cents": result.credit_balance_cents,
            "new_sale_number": new.number if new else None, "new_sale_numero_loja": new.numero_loja if new else None,
            "new_sale_coupon": format_coupon(new.coupon) if new else None,
            "new_sale_total_cents": new.total_cents if new else None, "bling_steps": list(result.bling_steps)}


def _returned(items: list[SaleItem], barcodes: dict[int, str | None], lines: tuple[ReturnLine, ...]
              ) -> tuple[dict[int, int], dict[int, str]]:
    """Units per sale item id, and the input's field that named each item (`devolver[0]`)."""
    errors: list[DomainError] = []
    returned: dict[int, int] = {}
    fields: dict[int, str] = {}
    for line in lines:
        match = [i for i in items if (line.position is not None and i.position == line.position)
                 or (line.code is not None and line.code in (i.sku, barcodes.get(i.id)))]
        if not match:
            errors.append(DomainError("product_not_found", line.field, {"value": str(line.code or line.position)}))
            continue
        returned[match[0].id] = returned.get(match[0].id, 0) + line.quantity
        fields.setdefault(match[0].id, line.field)
    if errors:
        raise DomainErrors(errors)
    return returned, fields


def _named_as_typed(error: DomainError, fields: dict[int, str], positions: dict[int, int],
                    returned: list[int]) -> DomainError:
    """A refusal about a returned unit names the line of the input that asked for it: the store's
    claim speaks the sale's positions (`itens[1]` is the second item) and the local check its own
    order (`devolvidos[0]`), neither of which is what the person typed."""
    item_id: int | None = None
    if error.field and error.field.startswith("itens[") and error.field.endswith("]"):
        item_id = positions.get(int(error.field[6:-1]))
    elif error.field and error.field.startswith("devolvidos[") and error.field.endswith("]"):
        index = int(error.field[11:-1])
        item_id = returned[index] if index < len(returned) else None
    if item_id is None or item_id not in fields:
        return error
    return DomainError(error.code, fields[item_id], error.params)


"""`pdv-bling troca add`: an exchange JSON (`exchange_input`) turned into an `ExchangeDraft` against
the referenced sale (this caixa's, or in store mode any caixa's, copied here first) and recorded."""

from __future__ import annotations

from typing import Any

from pdv_bling.cli.exchange_input import ExchangeInput, ReturnLine
from pdv_bling.counter.returns import record_exchange
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
        returned = _returned(list(sale.items), barcodes, data.lines)
    draft = ExchangeDraft(original_sale_id=sale_id, returned=returned, new_items=data.new_items,
                          payments=data.payments, customer=data.customer, seller=data.seller, refund=data.refund,
                          devolution_key=data.devolution_key)
    result = record_exchange(ctx.store, draft)
    return {"return_id": result.return_id, "settlement": result.settlement.kind,
            "difference_cents": result.settlement.difference_cents, "full_return": result.full_return,
            "credit_granted_cents": result.credit_granted_cents, "credit_balance_cents": result.credit_balance_cents,
            "new_sale_number": result.new_sale.number if result.new_sale else None,
            "bling_steps": list(result.bling_steps)}


def _returned(items: list[SaleItem], barcodes: dict[int, str | None], lines: tuple[ReturnLine, ...]) -> dict[int, int]:
    errors: list[DomainError] = []
    returned: dict[int, int] = {}
    for line in lines:
        match = [i for i in items if (line.position is not None and i.position == line.position)
                 or (line.code is not None and line.code in (i.sku, barcodes.get(i.id)))]
        if not match:
            errors.append(DomainError("product_not_found", line.field, {"value": str(line.code or line.position)}))
            continue
        returned[match[0].id] = returned.get(match[0].id, 0) + line.quantity
    if errors:
        raise DomainErrors(errors)
    return returned


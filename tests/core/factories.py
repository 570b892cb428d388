"""Small helpers to put catalogue data in a store for tests (as a product pull would)."""

from __future__ import annotations

from pdv_bling.store.defaults import ensure_defaults
from pdv_bling.store.engine import Store
from pdv_bling.store.models import PaymentMethod, Product, Seller


def seed_store(store: Store, *, products: int = 5, map_payments: bool = True) -> None:
    with store.transaction() as session:
        ensure_defaults(session)
        for i in range(1, products + 1):
            session.add(
                Product(
                    bling_id=1000 + i,
                    sku=f"SKU-{i}",
                    gtin=f"78900000000{i:02d}",
                    barcode=f"78900000000{i:02d}",
                    name=f"Produto {i}",
                    price_cents=1000 * i + 90,
                    active=True,
                )
            )
        session.add(Seller(name="Ana", bling_vendedor_id=501))
        if map_payments:
            for n, method in enumerate(session.query(PaymentMethod).order_by(PaymentMethod.id), start=1):
                method.bling_forma_pagamento_id = 9000 + n

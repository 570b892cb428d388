"""Manager actions on local data that the Integração Bling and Configurações screens trigger:
saving the DE-PARA, a consistent backup of the store, and "Nova integração do zero".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Delete, delete, exists, update
from sqlalchemy.orm import Session

from pdv_bling.base.zone import local
from pdv_bling.domain.errors import DomainError
from pdv_bling.store import outbox
from pdv_bling.store.engine import Store
from pdv_bling.store.models import (
    BlingDeposito,
    BlingFormaPagamento,
    BlingSituacao,
    BlingVendedor,
    Category,
    Customer,
    PaymentMethod,
    Product,
    Sale,
    SaleItem,
    SaleReturn,
    Seller,
    StoreCreditEntry,
    SyncState,
    utcnow,
)
from pdv_bling.store.settings import ACCOUNT_KEYS, load_settings, save_settings, set_value


@dataclass(frozen=True)
class ResetReport:
    backup: Path
    products: int
    categories: int
    customers_deleted: int
    customers_unlinked: int


def save_payment_mapping(session: Session, mapping: dict[int, int | None]) -> int:
    """Write the DE-PARA (local method id -> Bling forma de pagamento id). Returns rows changed."""
    changed = 0
    for method_id, bling_id in mapping.items():
        method = session.get(PaymentMethod, method_id)
        if method is None:
            raise DomainError("payment_method_unknown", "pagamento", {"value": method_id})
        if method.bling_forma_pagamento_id != bling_id:
            method.bling_forma_pagamento_id = bling_id
            changed += 1
    return changed


def backup_store(store: Store, folder: Path, *, now: dt.datetime | None = None) -> Path:
    """A consistent copy of the SQLite store (online backup API), named by the store's time
    (its time zone, base/zone.py), as the screens show it."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = local(now or utcnow()).strftime("%Y%m%dT%H%M%S%f")
    target = folder / f"pdv-bling-{stamp}.sqlite3"
    raw = store.engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        with sqlite3.connect(target) as dest:
            source.backup(dest)
        dest.close()
    finally:
        raw.close()
    return target


def reset_integration(store: Store, backups: Path, *, now: dt.datetime | None = None) -> ResetReport:
    """The manual's "Nova integração do zero" (migration to a new Bling integration).

    Refused while anything is waiting for delivery (those items belong to the old account).
    After a backup: products and categories are erased; customers are erased too, except those
    referenced by sales or holding store credit, which stay (the store's own records) but lose
    their link to the old Bling contact. Everything pulled from the old account (formas de
    pagamento, depósitos, vendedores, situações, sync dates and cursors) and every link to it
    (DE-PARA, sellers, deposit and loja settings) is cleared.
    """
    with store.read() as session:
        waiting = outbox.pending_count(session)
    if waiting:
        raise DomainError("reset_refused_pending", None, {"count": waiting})
    backup = backup_store(store, backups, now=now)
    with store.transaction() as session:
        session.execute(update(SaleItem).values(product_id=None))
        session.execute(update(Product).values(parent_id=None, category_id=None))
        products = _count_deleted(session, delete(Product))
        categories = _count_deleted(session, delete(Category))
        referenced = (
            exists().where(Sale.customer_id == Customer.id)
            | exists().where(StoreCreditEntry.customer_id == Customer.id)
            | exists().where(SaleReturn.customer_id == Customer.id)
        )
        customers_deleted = _count_deleted(session, delete(Customer).where(~referenced))
        unlinked = session.execute(
            update(Customer).where(Customer.bling_contato_id.is_not(None)).values(bling_contato_id=None)
        )
        for model in (BlingFormaPagamento, BlingDeposito, BlingVendedor, BlingSituacao, SyncState):
            session.execute(delete(model))
        session.execute(update(PaymentMethod).values(bling_forma_pagamento_id=None))
        session.execute(update(Seller).values(bling_vendedor_id=None))
        previous = load_settings(session)
        save_settings(session, dataclasses.replace(previous, deposit_id=None, loja_id=None), previous=previous)
        for key in ACCOUNT_KEYS:  # facts about the old account: the new one is checked afresh
            set_value(session, key, None)
    return ResetReport(backup, products, categories, customers_deleted, int(unlinked.rowcount))  # type: ignore[attr-defined]


def _count_deleted(session: Session, stmt: Delete) -> int:
    result = session.execute(stmt)
    return int(result.rowcount)  # type: ignore[attr-defined]


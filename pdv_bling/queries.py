"""Read-only views the desktop app shows: recent sales with their delivery state, the open
outbox, last sync per model, the API log, the DE-PARA. Plain frozen rows, no Qt, no ORM objects
leaking out of the session (so a worker thread can build them and the GUI thread can read them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import Session

from pdv_bling.store import outbox
from pdv_bling.store.models import (
    ApiLogEntry,
    BlingDeposito,
    BlingFormaPagamento,
    Customer,
    FiscalDocument,
    OutboxItem,
    PaymentMethod,
    Product,
    Sale,
    Seller,
    SyncState,
)

SYNC_MODELS = ("clientes", "categorias", "produtos", "vendedores", "formas_pagamento", "depositos")


@dataclass(frozen=True)
class SaleRow:
    sale_id: int
    number: int
    numero_loja: str
    coupon: str
    created_at: dt.datetime
    customer_name: str | None
    total_cents: int
    status: str  # recorded, cancelled
    kind: str  # sale, exchange
    delivery: str  # pending, parked, done
    nfce_key: str | None
    location: str = "caixa"  # store mode: caixa (only here), retaguarda (the store owns it), bling


@dataclass(frozen=True)
class OutboxRow:
    item_id: int
    kind: str
    state: str
    sale_number: int | None
    attempts: int
    next_attempt_at: dt.datetime | None
    last_error: str | None
    error_code: str | None
    suggested_fix: str | None
    numero_loja: str | None = None  # the sale's store-wide reference (PDV01-0000015)


@dataclass(frozen=True)
class LogRow:
    entry_id: int
    at: dt.datetime
    model: str
    action: str
    ok: bool
    check: str | None
    detail: str | None


@dataclass(frozen=True)
class MappingRow:
    method_id: int
    name: str
    bling_id: int | None


@dataclass(frozen=True)
class Choice:
    bling_id: int
    label: str


@dataclass(frozen=True)
class ProductHit:
    product_id: int
    name: str
    sku: str | None
    barcode: str | None
    price_cents: int


@dataclass(frozen=True)
class Overview:
    """The status bar's figures."""

    pending: int
    parked: int
    last_sync_at: dt.datetime | None


def recent_sales(session: Session, *, search: str = "", limit: int = 200) -> list[SaleRow]:
    """Newest first; `search` matches the number, the coupon (with or without dash) or the customer."""
    stmt = select(
        Sale.id, Sale.number, Sale.numero_loja, Sale.coupon, Sale.created_at, Customer.name, Sale.total_cents,
        Sale.status, Sale.kind, Sale.handed_over_at, Sale.bling_id,
    ).outerjoin(Customer, Sale.customer_id == Customer.id)  # plain columns: no ORM objects to build
    stmt = stmt.where(Sale.origin_id.is_(None))  # store mode: another caixa's sale copied here for an exchange
    text = search.strip()
    if text:
        compact = text.replace("-", "").upper()
        stmt = stmt.where(
            or_(
                cast(Sale.number, String) == text,
                Sale.numero_loja.contains(text),
                Sale.coupon == compact,
                Customer.name.ilike(f"%{text}%"),
                Customer.document == compact,
            )
        )
    rows = session.execute(stmt.order_by(Sale.id.desc()).limit(limit)).all()
    sale_ids = [row.id for row in rows]
    delivery = _delivery_states(session, sale_ids)
    keys = _nfce_keys(session, sale_ids)
    return [
        SaleRow(
            sale_id=row.id,
            number=row.number,
            numero_loja=row.numero_loja,
            coupon=row.coupon,
            created_at=row.created_at,
            customer_name=row.name,
            total_cents=row.total_cents,
            status=row.status,
            kind=row.kind,
            delivery=delivery.get(row.id, outbox.DONE),
            nfce_key=keys.get(row.id),
            location=sale_location(handed_over=row.handed_over_at is not None, in_bling=row.bling_id is not None),
        )
        for row in rows
    ]


def sale_location(*, handed_over: bool, in_bling: bool) -> str:
    """Where a caixa's sale is in store mode: "bling" once the store's integrador created it
    there (the replica brings its Bling id back), "retaguarda" once the store database owns it,
    "caixa" while it is only on this caixa."""
    if in_bling:
        return "bling"
    return "retaguarda" if handed_over else "caixa"


def _delivery_states(session: Session, sale_ids: Sequence[int]) -> dict[int, str]:
    if not sale_ids:
        return {}
    stmt = select(OutboxItem.sale_id, OutboxItem.state).where(
        OutboxItem.sale_id.in_(sale_ids), OutboxItem.state != outbox.DONE
    )
    result: dict[int, str] = {}
    for sale_id, state in session.execute(stmt):
        if sale_id is None:
            continue
        if state == outbox.PARKED or result.get(sale_id) == outbox.PARKED:
            result[sale_id] = outbox.PARKED
        else:
            result[sale_id] = outbox.PENDING
    return result


def _nfce_keys(session: Session, sale_ids: Sequence[int]) -> dict[int, str]:
    if not sale_ids:
        return {}
    stmt = (
        select(FiscalDocument.sale_id, FiscalDocument.access_key)
        .where(FiscalDocument.sale_id.in_(sale_ids), FiscalDocument.kind.in_(("nfce", "nfe")))
        .order_by(FiscalDocument.id)
    )
    return {sale_id: key for sale_id, key in session.execute(stmt)}


def open_outbox(session: Session, *, limit: int = 500) -> list[OutboxRow]:
    """Pending, in-flight and parked items; parked first (they need someone). Plain columns only:
    no ORM objects and no JSON payloads decoded (this list reloads while a drain runs)."""
    stmt = (
        select(
            OutboxItem.id, OutboxItem.kind, OutboxItem.state, Sale.number, OutboxItem.attempts,
            OutboxItem.next_attempt_at, OutboxItem.last_error, OutboxItem.error_code, OutboxItem.suggested_fix,
            Sale.numero_loja,
        )
        .outerjoin(Sale, OutboxItem.sale_id == Sale.id)
        .where(OutboxItem.state != outbox.DONE)
        .order_by((OutboxItem.state == outbox.PARKED).desc(), OutboxItem.id)
        .limit(limit)
    )
    return [OutboxRow(*tuple(row)) for row in session.execute(stmt)]


def last_sync(session: Session) -> dict[str, dt.datetime | None]:
    """Última Sincronização per model of the Sincronizar Dados tab (None = never)."""
    found = {row.model: row.last_success_at for row in session.scalars(select(SyncState))}
    return {model: found.get(model) for model in SYNC_MODELS}


def overview(session: Session) -> Overview:
    counts = outbox.counts(session)
    latest = session.execute(select(func.max(SyncState.last_success_at))).scalar_one()
    return Overview(pending=counts[outbox.PENDING], parked=counts[outbox.PARKED], last_sync_at=latest)


def api_log(
    session: Session, *, model: str | None = None, errors_only: bool = False, limit: int = 500
) -> list[LogRow]:
    """Newest first, optionally one model and/or errors only (the Logs de API filters)."""
    stmt = select(ApiLogEntry)
    if model:
        stmt = stmt.where(ApiLogEntry.model == model)
    if errors_only:
        stmt = stmt.where(ApiLogEntry.ok.is_(False))
    stmt = stmt.order_by(ApiLogEntry.at.desc(), ApiLogEntry.id.desc()).limit(limit)
    return [
        LogRow(entry_id=e.id, at=e.at, model=e.model, action=e.action, ok=e.ok, check=e.check, detail=e.detail)
        for e in session.scalars(stmt)
    ]


def api_log_models(session: Session) -> list[str]:
    return sorted(m for m in session.scalars(select(ApiLogEntry.model).distinct()) if m)


def payment_mapping(session: Session) -> list[MappingRow]:
    stmt = select(PaymentMethod).where(PaymentMethod.active.is_(True)).order_by(PaymentMethod.id)
    return [MappingRow(m.id, m.name, m.bling_forma_pagamento_id) for m in session.scalars(stmt)]


def bling_formas(session: Session) -> list[Choice]:
    stmt = select(BlingFormaPagamento).where(BlingFormaPagamento.situacao == 1).order_by(BlingFormaPagamento.descricao)
    return [Choice(f.bling_id, f.descricao) for f in session.scalars(stmt)]


def bling_depositos(session: Session) -> list[Choice]:
    stmt = select(BlingDeposito).where(BlingDeposito.situacao == 1).order_by(BlingDeposito.descricao)
    return [Choice(d.bling_id, d.descricao) for d in session.scalars(stmt)]


def payment_methods(session: Session) -> list[tuple[int, str, bool]]:
    """(id, name, gives change) of the active local methods, for the Nova venda screen."""
    stmt = select(PaymentMethod).where(PaymentMethod.active.is_(True)).order_by(PaymentMethod.id)
    return [(m.id, m.name, m.gives_change) for m in session.scalars(stmt)]


def sellers(session: Session) -> list[tuple[int, str]]:
    stmt = select(Seller).where(Seller.active.is_(True)).order_by(Seller.name)
    return [(s.id, s.name) for s in session.scalars(stmt)]


def search_products(session: Session, text: str, *, limit: int = 30) -> list[ProductHit]:
    """Active products by exact barcode/SKU (indexed: a scan resolves in well under 2 ms with
    100,000 products); only when there is none, by name fragment (a full scan)."""
    needle = text.strip()
    if not needle:
        return []
    exact = (
        select(Product)
        .where(Product.active.is_(True), or_(Product.barcode == needle, Product.sku == needle))
        .order_by((Product.barcode == needle).desc(), Product.name)
        .limit(limit)
    )
    found = list(session.scalars(exact))
    if not found:
        by_name = select(Product).where(Product.active.is_(True), Product.name.ilike(f"%{needle}%"))
        found = list(session.scalars(by_name.order_by(Product.name).limit(limit)))
    return [ProductHit(p.id, p.name, p.sku, p.barcode, p.price_cents) for p in found]


def products_synced(session: Session) -> bool:
    """True once a product pull has succeeded (locks "SKU como código de barras")."""
    state = session.get(SyncState, "produtos")
    if state is not None and state.last_success_at is not None:
        return True
    return session.scalars(select(Product.id).limit(1)).first() is not None

"""Read-only views the desktop app shows: recent sales with their delivery state (the open outbox
is pdv_bling/sync/queue_view.py), last sync per model, the API log, the DE-PARA. Plain frozen rows, no Qt, no ORM objects
leaking out of the session (so a worker thread can build them and the GUI thread can read them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import String, case, cast, func, or_, select
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
    SaleReturn,
    Seller,
    StoreCreditEntry,
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
    origin_number: int | None = None  # an exchange's new sale: the number of the sale it replaced
    returns: str | None = None  # None, "partial", "full" (units given back by troca/devolução)
    exchanged: bool = False  # some of its units were exchanged for a new sale
    location: str = "caixa"  # store mode: caixa (only here), retaguarda (the store owns it), bling


@dataclass(frozen=True)
class LogRow:
    entry_id: int
    at: dt.datetime
    model: str
    action: str
    ok: bool
    check: str | None
    detail: str | None
    count: int = 1  # attempts collapsed into this row while the cause lasted
    last_at: dt.datetime | None = None
    request: str | None = None  # the raw request, for the detail view
    http_status: int | None = None


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
    parent_name: str | None = None  # set for a variation: the product it belongs to


@dataclass(frozen=True)
class Overview:
    """The status bar's figures, counted by sale (a sale's chain of deliveries is one thing to
    the cashier): `pending` sales still to reach Bling, `parked` sales needing someone."""

    pending: int
    parked: int
    last_sync_at: dt.datetime | None


@dataclass(frozen=True)
class PaymentChoice:
    method_id: int
    name: str
    gives_change: bool
    store_credit: bool


@dataclass(frozen=True)
class CustomerCredit:
    """A known customer as Nova venda shows it after the CPF/CNPJ is typed."""

    customer_id: int
    name: str
    balance_cents: int


def recent_sales(session: Session, *, search: str = "", limit: int = 200) -> list[SaleRow]:
    """Newest first; `search` matches the number, the coupon (with or without dash) or the customer."""
    stmt = select(
        Sale.id, Sale.number, Sale.numero_loja, Sale.coupon, Sale.created_at, Customer.name, Sale.total_cents,
        Sale.status, Sale.kind, Sale.origin_sale_id, Sale.handed_over_at, Sale.bling_id,
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
    returns = _returns(session, sale_ids)
    origins = _origin_numbers(session, [row.origin_sale_id for row in rows if row.origin_sale_id])
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
            origin_number=origins.get(row.origin_sale_id) if row.origin_sale_id else None,
            returns=returns.get(row.id, (None, False))[0],
            exchanged=returns.get(row.id, (None, False))[1],
            location=sale_location(handed_over=row.handed_over_at is not None, in_bling=row.bling_id is not None),
        )
        for row in rows
    ]


def sale_returns(session: Session, sale_id: int) -> list[tuple[int, bool]]:
    """(return id, with a new sale) of the exchanges/returns of a sale, or the one that made it."""
    stmt = (
        select(SaleReturn.id, SaleReturn.new_sale_id)
        .where(or_(SaleReturn.original_sale_id == sale_id, SaleReturn.new_sale_id == sale_id))
        .order_by(SaleReturn.id)
    )
    return [(return_id, new_sale is not None) for return_id, new_sale in session.execute(stmt)]


def _returns(session: Session, sale_ids: Sequence[int]) -> dict[int, tuple[str, bool]]:
    """Per original sale: "full" or "partial" return, and whether a new sale came of it."""
    if not sale_ids:
        return {}
    stmt = (
        select(SaleReturn.original_sale_id, func.max(SaleReturn.full_return), func.max(SaleReturn.new_sale_id))
        .where(SaleReturn.original_sale_id.in_(sale_ids))
        .group_by(SaleReturn.original_sale_id)
    )
    return {sid: ("full" if full else "partial", new is not None) for sid, full, new in session.execute(stmt)}


def _origin_numbers(session: Session, sale_ids: Sequence[int]) -> dict[int, int]:
    if not sale_ids:
        return {}
    return {sale_id: number for sale_id, number in session.execute(select(Sale.id, Sale.number).where(Sale.id.in_(sale_ids)))}


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


def last_sync(session: Session) -> dict[str, dt.datetime | None]:
    """Última Sincronização per model of the Sincronizar Dados tab (None = never)."""
    found = {row.model: row.last_success_at for row in session.scalars(select(SyncState))}
    return {model: found.get(model) for model in SYNC_MODELS}


def overview(session: Session) -> Overview:
    pending, parked = open_sales(session)
    latest = session.execute(select(func.max(SyncState.last_success_at))).scalar_one()
    return Overview(pending=pending, parked=parked, last_sync_at=latest)


def open_sales(session: Session) -> tuple[int, int]:
    """(sales still to deliver, sales needing someone): each sale's chain counts once, in the
    second figure when anything of it is parked. Reads the open rows only (partial index)."""
    has_parked = func.max(case((OutboxItem.state == outbox.PARKED, 1), else_=0))
    stmt = select(OutboxItem.chain, has_parked).where(outbox.OPEN_ROWS).group_by(OutboxItem.chain)
    pending = parked = 0
    for _chain, blocked in session.execute(stmt):
        if blocked:
            parked += 1
        else:
            pending += 1
    return pending, parked


def api_log(
    session: Session, *, model: str | None = None, errors_only: bool = False, limit: int = 500
) -> list[LogRow]:
    """Newest first, optionally one model and/or errors only (the Logs de API filters)."""
    stmt = select(ApiLogEntry)
    if model:
        stmt = stmt.where(ApiLogEntry.model == model)
    if errors_only:
        stmt = stmt.where(ApiLogEntry.ok.is_(False))
    stmt = stmt.order_by(func.coalesce(ApiLogEntry.last_at, ApiLogEntry.at).desc(), ApiLogEntry.id.desc()).limit(limit)
    return [
        LogRow(entry_id=e.id, at=e.at, model=e.model, action=e.action, ok=e.ok, check=e.check, detail=e.detail,
               count=e.count or 1, last_at=e.last_at, request=e.request, http_status=e.http_status)
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


def payment_methods(session: Session) -> list[PaymentChoice]:
    """The active local methods, for the Nova venda screen."""
    stmt = select(PaymentMethod).where(PaymentMethod.active.is_(True)).order_by(PaymentMethod.id)
    return [PaymentChoice(m.id, m.name, m.gives_change, m.kind == "store_credit") for m in session.scalars(stmt)]


def sellers(session: Session) -> list[tuple[int, str]]:
    stmt = select(Seller).where(Seller.active.is_(True)).order_by(Seller.name)
    return [(s.id, s.name) for s in session.scalars(stmt)]


def default_seller(session: Session) -> int | None:
    """Nova venda's vendedor at first: the one of this caixa's latest sale that named one (still
    active), else the only active operator linked to a Bling vendedor; None when neither."""
    last = session.scalars(
        select(Seller.id).join(Sale, Sale.seller_id == Seller.id).where(Seller.active.is_(True))
        .order_by(Sale.id.desc()).limit(1)).first()
    if last is not None:
        return last
    linked = session.scalars(select(Seller.id).where(Seller.active.is_(True), Seller.bling_vendedor_id.is_not(None))
                             .limit(2)).all()
    return linked[0] if len(linked) == 1 else None


def search_products(session: Session, text: str, *, limit: int = 30) -> list[ProductHit]:
    """Active products by exact barcode/SKU (indexed: a scan resolves in well under 2 ms with
    100,000 products); only when there is none, by name fragment (a full scan). A product with
    variations is never sold itself: it is replaced by its active variations (size, colour...)."""
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
    return _sellable(session, found)[:limit]


def _sellable(session: Session, found: list[Product]) -> list[ProductHit]:
    children: dict[int, list[Product]] = {}
    ids = [p.id for p in found]
    if ids:
        stmt = select(Product).where(Product.parent_id.in_(ids)).order_by(Product.id)
        for child in session.scalars(stmt):
            assert child.parent_id is not None
            children.setdefault(child.parent_id, []).append(child)
    hits: list[ProductHit] = []
    seen: set[int] = set()
    for product in found:
        items: list[tuple[Product, str | None]]
        if product.formato == "V" or product.id in children:  # a parent: its variations instead
            items = [(c, product.name) for c in children.get(product.id, []) if c.active]
        else:
            items = [(product, None)]
        for item, parent in items:
            if item.id not in seen:
                seen.add(item.id)
                hits.append(ProductHit(item.id, item.name, item.sku, item.barcode, item.price_cents, parent))
    return hits


def customer_credit(session: Session, document: str) -> CustomerCredit | None:
    """The customer with this CPF/CNPJ (digits or the alphanumeric CNPJ, no mask) and their
    store-credit balance; None when the store does not know them."""
    customer = session.execute(select(Customer.id, Customer.name).where(Customer.document == document)).first()
    if customer is None:
        return None
    balance = select(func.coalesce(func.sum(StoreCreditEntry.amount_cents), 0)).where(
        StoreCreditEntry.customer_id == customer.id
    )
    return CustomerCredit(customer.id, customer.name, int(session.execute(balance).scalar_one()))


def products_synced(session: Session) -> bool:
    """True once a product pull has succeeded (locks "SKU como código de barras")."""
    state = session.get(SyncState, "produtos")
    if state is not None and state.last_success_at is not None:
        return True
    return session.scalars(select(Product.id).limit(1)).first() is not None

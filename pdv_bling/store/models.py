"""SQLAlchemy 2 typed models of the local store.

Money is integer centavos (`*_cents`). Times are timezone-aware UTC (`UtcDateTime`). Bling ids
are BigInteger (Bling's ids exceed 2**31). Every schema change goes through an Alembic
revision in `migrations/versions/`; a test checks that the models equal the migrated schema.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Aware datetimes stored as ISO-8601 UTC text (sortable, exact, tz kept)."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use an aware datetime")
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def process_result_value(self, value: str | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


class JsonText(TypeDecorator[Any]):
    """JSON stored as text (compact, UTF-8)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        return None if value is None else json.loads(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def table_of(model: type[Base]) -> Table:
    """The model's table, for plain Core statements (the sale's path writes rows with them)."""
    return cast(Table, model.__table__)


def store_xid_column() -> Mapped[int | None]:
    """Store mode: on PostgreSQL a trigger stamps every insert/update with the writing transaction's
    id, so caixas replicate incrementally (`retaguarda.replica`). Always NULL on SQLite."""
    return mapped_column(BigInteger, nullable=True, index=True)


def handed_over_column() -> Mapped[dt.datetime | None]:
    """Store mode, on a caixa: when the store server committed this record (the store owns it
    from then on). On the store server: when it was received. NULL in single mode."""
    return mapped_column(UtcDateTime, nullable=True)


# ---------------------------------------------------------------- settings and sync state


class Setting(Base):
    """Key/value settings (terminal id, deposit, stock mode, switches...). Never secrets."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[Any | None] = mapped_column(JsonText, nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    store_xid: Mapped[int | None] = store_xid_column()


class SyncState(Base):
    """Per pulled model: last successful sync and a resumable cursor."""

    __tablename__ = "sync_state"
    model: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_success_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    last_attempt_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    cursor: Mapped[Any | None] = mapped_column(JsonText)
    last_error: Mapped[str | None] = mapped_column(Text)


class Counter(Base):
    """Monotonic local sequences (sale numbers)."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


# ---------------------------------------------------------------- catalogue (pulled from Bling)


class Category(Base):
    __tablename__ = "categories"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bling_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    descricao: Mapped[str] = mapped_column(String(200))
    parent_bling_id: Mapped[int | None] = mapped_column(BigInteger)
    store_xid: Mapped[int | None] = store_xid_column()


class Product(Base):
    """A product or a variation (variations point to their parent with `parent_id`)."""

    __tablename__ = "products"
    __table_args__ = (Index("ix_products_barcode_active", "barcode", "active"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bling_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    sku: Mapped[str | None] = mapped_column(String(60), index=True)
    gtin: Mapped[str | None] = mapped_column(String(20))
    barcode: Mapped[str | None] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(300), index=True)
    price_cents: Mapped[int] = mapped_column(Integer, default=0)
    unidade: Mapped[str | None] = mapped_column(String(10))
    ncm: Mapped[str | None] = mapped_column(String(12))
    cest: Mapped[str | None] = mapped_column(String(12))
    origem: Mapped[int | None] = mapped_column(Integer)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id", ondelete="SET NULL"))
    formato: Mapped[str | None] = mapped_column(String(1))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    attributes: Mapped[dict[str, str] | None] = mapped_column(JsonText)
    bling_updated_at: Mapped[str | None] = mapped_column(String(32))
    synced_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    store_xid: Mapped[int | None] = store_xid_column()

    variations: Mapped[list[Product]] = relationship(back_populates="parent")
    parent: Mapped[Product | None] = relationship(back_populates="variations", remote_side=[id])
    category: Mapped[Category | None] = relationship()


class BlingVendedor(Base):
    __tablename__ = "bling_vendedores"
    bling_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    nome: Mapped[str] = mapped_column(String(200))
    situacao: Mapped[str | None] = mapped_column(String(2))
    loja_id: Mapped[int | None] = mapped_column(BigInteger)
    store_xid: Mapped[int | None] = store_xid_column()


class BlingFormaPagamento(Base):
    __tablename__ = "bling_formas_pagamento"
    bling_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    descricao: Mapped[str] = mapped_column(String(200))
    tipo_pagamento: Mapped[int | None] = mapped_column(Integer)
    situacao: Mapped[int] = mapped_column(Integer, default=1)
    padrao: Mapped[int] = mapped_column(Integer, default=0)
    store_xid: Mapped[int | None] = store_xid_column()


class BlingDeposito(Base):
    __tablename__ = "bling_depositos"
    bling_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    descricao: Mapped[str] = mapped_column(String(200))
    situacao: Mapped[int] = mapped_column(Integer, default=1)
    padrao: Mapped[bool] = mapped_column(Boolean, default=False)
    store_xid: Mapped[int | None] = store_xid_column()


class BlingSituacao(Base):
    """Situações of the Vendas module, resolved by name (ids differ per account)."""

    __tablename__ = "bling_situacoes"
    bling_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    nome: Mapped[str] = mapped_column(String(100))
    id_herdado: Mapped[int | None] = mapped_column(BigInteger)
    store_xid: Mapped[int | None] = store_xid_column()


# ---------------------------------------------------------------- store-side records


class Seller(Base):
    """A local operator; `bling_vendedor_id` links it to a Bling vendedor (sent on sales)."""

    __tablename__ = "sellers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    bling_vendedor_id: Mapped[int | None] = mapped_column(BigInteger)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    store_xid: Mapped[int | None] = store_xid_column()


class Customer(Base):
    """A customer registered at the store (only these go to Bling, never the other way)."""

    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document: Mapped[str] = mapped_column(String(14), unique=True)  # digits / alphanumeric CNPJ, no mask
    tipo: Mapped[str] = mapped_column(String(1))  # F or J
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(30))
    street: Mapped[str | None] = mapped_column(String(200))
    number: Mapped[str | None] = mapped_column(String(20))
    complement: Mapped[str | None] = mapped_column(String(100))
    district: Mapped[str | None] = mapped_column(String(100))
    city: Mapped[str | None] = mapped_column(String(100))
    uf: Mapped[str | None] = mapped_column(String(2))
    cep: Mapped[str | None] = mapped_column(String(8))
    bling_contato_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    handed_over_at: Mapped[dt.datetime | None] = handed_over_column()
    store_xid: Mapped[int | None] = store_xid_column()


class PaymentMethod(Base):
    """A local payment method and its DE-PARA to a Bling forma de pagamento."""

    __tablename__ = "payment_methods"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="other")  # cash, card, pix, store_credit, ...
    gives_change: Mapped[bool] = mapped_column(Boolean, default=False)
    bling_forma_pagamento_id: Mapped[int | None] = mapped_column(BigInteger)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    store_xid: Mapped[int | None] = store_xid_column()


class Sale(Base):
    """A sale recorded at the counter. Delivery state lives in its outbox items."""

    __tablename__ = "sales"
    __table_args__ = (
        # A store numbers each caixa's sales from 1: numbers are unique per installation only.
        UniqueConstraint("installation_id", "number"),
        UniqueConstraint("installation_id", "origin_id"),
        # 32**6 random coupons collide across a store's many caixas (birthday bound): unique per
        # installation, and a store-wide lookup that finds two asks for the caixa.
        UniqueConstraint("installation_id", "coupon"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer)
    numero_loja: Mapped[str] = mapped_column(String(40), unique=True)
    coupon: Mapped[str] = mapped_column(String(16), index=True)
    terminal_id: Mapped[str] = mapped_column(String(20))
    # The data folder that recorded it (pdv_bling/identity.py); None for sales from before ids.
    installation_id: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    seller_id: Mapped[int | None] = mapped_column(ForeignKey("sellers.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    items_total_cents: Mapped[int] = mapped_column(Integer)
    discount_cents: Mapped[int] = mapped_column(Integer, default=0)
    total_cents: Mapped[int] = mapped_column(Integer)
    change_cents: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(12), default="recorded")  # recorded, cancelled
    kind: Mapped[str] = mapped_column(String(12), default="sale")  # sale, exchange
    origin_sale_id: Mapped[int | None] = mapped_column(ForeignKey("sales.id"))
    bling_id: Mapped[int | None] = mapped_column(BigInteger)
    bling_numero: Mapped[int | None] = mapped_column(BigInteger)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    # Store mode: the sale's id in the data folder that recorded it (on the store server, and on a
    # caixa for a copy of another caixa's sale); NULL for a caixa's own sales.
    origin_id: Mapped[int | None] = mapped_column(Integer)
    handed_over_at: Mapped[dt.datetime | None] = handed_over_column()
    store_xid: Mapped[int | None] = store_xid_column()

    items: Mapped[list[SaleItem]] = relationship(
        back_populates="sale", cascade="all, delete-orphan", order_by="SaleItem.position"
    )
    payments: Mapped[list[SalePayment]] = relationship(
        back_populates="sale", cascade="all, delete-orphan", order_by="SalePayment.position"
    )
    seller: Mapped[Seller | None] = relationship()
    customer: Mapped[Customer | None] = relationship()
    fiscal_documents: Mapped[list[FiscalDocument]] = relationship(back_populates="sale")


class SaleItem(Base):
    __tablename__ = "sale_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    product_bling_id: Mapped[int | None] = mapped_column(BigInteger)
    sku: Mapped[str | None] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price_cents: Mapped[int] = mapped_column(Integer)
    total_cents: Mapped[int] = mapped_column(Integer)

    sale: Mapped[Sale] = relationship(back_populates="items")


class SalePayment(Base):
    __tablename__ = "sale_payments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    payment_method_id: Mapped[int] = mapped_column(ForeignKey("payment_methods.id"))
    amount_cents: Mapped[int] = mapped_column(Integer)

    sale: Mapped[Sale] = relationship(back_populates="payments")
    method: Mapped[PaymentMethod] = relationship()


class FiscalDocument(Base):
    """A reference to a fiscal document issued by the PDV (NFC-e, NF-e, devolution note)."""

    __tablename__ = "fiscal_documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # nfce, nfe, devolucao
    access_key: Mapped[str] = mapped_column(String(44), unique=True)
    model: Mapped[str] = mapped_column(String(2))  # 65 NFC-e, 55 NF-e
    number: Mapped[int] = mapped_column(Integer)
    series: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    handed_over_at: Mapped[dt.datetime | None] = handed_over_column()

    sale: Mapped[Sale] = relationship(back_populates="fiscal_documents")


class SaleReturn(Base):
    """A return or exchange against an original sale (troca/devolução)."""

    __tablename__ = "sale_returns"
    __table_args__ = (UniqueConstraint("installation_id", "origin_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    original_sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id"), index=True)
    new_sale_id: Mapped[int | None] = mapped_column(ForeignKey("sales.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    returned_cents: Mapped[int] = mapped_column(Integer)
    settlement: Mapped[str] = mapped_column(String(12))  # pay, credit, even, refund
    full_return: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    # Store mode (see Sale): who recorded it, its id there, the store server's claim on the units.
    installation_id: Mapped[str | None] = mapped_column(String(32))
    origin_id: Mapped[int | None] = mapped_column(Integer)
    claim_id: Mapped[str | None] = mapped_column(String(32))
    handed_over_at: Mapped[dt.datetime | None] = handed_over_column()

    items: Mapped[list[ReturnItem]] = relationship(back_populates="sale_return", cascade="all, delete-orphan")


class ReturnItem(Base):
    __tablename__ = "return_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("sale_returns.id", ondelete="CASCADE"), index=True)
    sale_item_id: Mapped[int] = mapped_column(ForeignKey("sale_items.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    value_cents: Mapped[int] = mapped_column(Integer)

    sale_return: Mapped[SaleReturn] = relationship(back_populates="items")


class StoreCreditEntry(Base):
    """The customer's store-credit ledger: positive = credit granted, negative = credit used."""

    __tablename__ = "store_credit_ledger"
    __table_args__ = (UniqueConstraint("installation_id", "origin_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    amount_cents: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(20))  # exchange, return, sale_payment
    sale_id: Mapped[int | None] = mapped_column(ForeignKey("sales.id"))
    return_id: Mapped[int | None] = mapped_column(ForeignKey("sale_returns.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    # Store mode (see Sale); `claim_id`: the store server's claim that allowed this spending.
    installation_id: Mapped[str | None] = mapped_column(String(32))
    origin_id: Mapped[int | None] = mapped_column(Integer)
    claim_id: Mapped[str | None] = mapped_column(String(32))
    handed_over_at: Mapped[dt.datetime | None] = handed_over_column()
    store_xid: Mapped[int | None] = store_xid_column()


# ---------------------------------------------------------------- delivery


class OutboxItem(Base):
    """One operation to deliver to Bling.

    Items of a chain (`chain`, e.g. "sale:12") are delivered in `id` order; chains are
    independent. `state`: pending -> in_flight (attempt started, outcome unknown until
    recorded) -> done | parked. The drainer is the only writer of delivery state.
    """

    __tablename__ = "outbox_items"
    __table_args__ = (
        Index("ix_outbox_items_state_next", "state", "next_attempt_at"),
        Index("ix_outbox_items_chain_state", "chain", "state"),
        # the tray's pending count reads only open rows, however many are done (revision 0002)
        Index(
            "ix_outbox_items_open", "state",
            sqlite_where=text("state != 'done'"), postgresql_where=text("state != 'done'"),
        ),
        UniqueConstraint("installation_id", "origin_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chain: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(40))
    sale_id: Mapped[int | None] = mapped_column(ForeignKey("sales.id"), index=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    payload: Mapped[Any | None] = mapped_column(JsonText)
    state: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    attempt_started_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    error_code: Mapped[str | None] = mapped_column(String(60))
    suggested_fix: Mapped[str | None] = mapped_column(Text)
    result: Mapped[Any | None] = mapped_column(JsonText)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    done_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    # Store mode: on the store server, the caixa and its local item id this item was built from.
    installation_id: Mapped[str | None] = mapped_column(String(32))
    origin_id: Mapped[int | None] = mapped_column(Integer)
    handed_over_at: Mapped[dt.datetime | None] = handed_over_column()


class ApiLogEntry(Base):
    """The "Logs de API" screen: Ação (in words), Verificar (suggested check), Modelo, Data/Hora.

    A failure that repeats while its cause lasts (offline, 429...) is one row: `count` attempts
    from `at` to `last_at`. `request` is the raw request ("PATCH /pedidos/vendas/1/situacoes/9"),
    shown behind the detail view; never a token or a body.
    """

    __tablename__ = "api_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    model: Mapped[str] = mapped_column(String(40), index=True)
    action: Mapped[str] = mapped_column(String(300))
    count: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    last_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    request: Mapped[str | None] = mapped_column(String(400))
    ok: Mapped[bool] = mapped_column(Boolean, default=False)
    http_status: Mapped[int | None] = mapped_column(Integer)
    error_code: Mapped[str | None] = mapped_column(String(60))
    check: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[str | None] = mapped_column(Text)
    outbox_item_id: Mapped[int | None] = mapped_column(Integer)


# ---------------------------------------------------------------- store mode (the store server)


class StoreCaixa(Base):
    """A caixa (data folder) joined to the store: the store hands out terminal ids, one each."""

    __tablename__ = "store_caixas"
    installation_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(20), unique=True)
    host: Mapped[str | None] = mapped_column(String(200))
    joined_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    last_handover_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    not_handed_over: Mapped[int] = mapped_column(Integer, default=0)  # as the caixa last reported


class IntegratorLease(Base):
    """The integrador's leadership epoch (one row). A process holding the advisory lock bumps
    `epoch`; every "attempt started" checks it in the same transaction (fencing)."""

    __tablename__ = "integrator_lease"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    epoch: Mapped[int] = mapped_column(BigInteger, default=0)
    holder: Mapped[str | None] = mapped_column(String(200))
    acquired_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class StoreClaim(Base):
    """A caixa's claim, decided on the store server under a row lock, on units of a sale item
    (a return) or on a customer's store credit (a spending). `open` until the record that used it
    is handed over (`consumed`) or the caixa gives it back (`released`)."""

    __tablename__ = "store_claims"
    __table_args__ = (
        Index("ix_store_claims_item_state", "sale_item_id", "state"),
        Index("ix_store_claims_customer_state", "customer_id", "state"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[str] = mapped_column(String(32), index=True)
    installation_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(12))  # units | credit
    sale_id: Mapped[int | None] = mapped_column(ForeignKey("sales.id"))
    sale_item_id: Mapped[int | None] = mapped_column(ForeignKey("sale_items.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    quantity: Mapped[int] = mapped_column(Integer, default=0)
    amount_cents: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(12), default="open")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class RequestBudget(Base):
    """Requests sent to Bling per day (Bling's time zone), counted for the whole store."""

    __tablename__ = "request_budget"
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    used: Mapped[int] = mapped_column(Integer, default=0)


__all__ = [
    "ApiLogEntry",
    "Base",
    "BlingDeposito",
    "BlingFormaPagamento",
    "BlingSituacao",
    "BlingVendedor",
    "Category",
    "Counter",
    "Customer",
    "FiscalDocument",
    "IntegratorLease",
    "OutboxItem",
    "PaymentMethod",
    "RequestBudget",
    "Product",
    "ReturnItem",
    "Sale",
    "SaleItem",
    "SalePayment",
    "SaleReturn",
    "Seller",
    "Setting",
    "StoreCaixa",
    "StoreClaim",
    "StoreCreditEntry",
    "SyncState",
    "utcnow",
]

"""A sale and what it refers to at the counter: operators (sellers), customers, the local payment
methods, the sale with its items and payments, and its fiscal documents (NFC-e references)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pdv_bling.store.models.base import (
    Base,
    UtcDateTime,
    handed_over_column,
    handover_batch_column,
    store_xid_column,
    uid_column,
    utcnow,
)


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
        # 32**6 random coupons collide across a store's many caixas (birthday bound): unique per
        # installation, and a store-wide lookup that finds two asks for the caixa.
        UniqueConstraint("installation_id", "coupon"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = uid_column()
    number: Mapped[int] = mapped_column(Integer)
    numero_loja: Mapped[str] = mapped_column(String(40), unique=True)
    coupon: Mapped[str] = mapped_column(String(16), index=True)
    terminal_id: Mapped[str] = mapped_column(String(20))
    # The data folder that recorded it (pdv_bling/store/identity.py); None for sales from before ids.
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
    handover_batch: Mapped[str | None] = handover_batch_column()
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
    """A fiscal document of a sale (NFC-e, NF-e, devolution note): a reference typed in, or an
    NFC-e issued through Bling. For the latter, `xml` holds the authorized note exactly as Bling's
    signed `xml` link served it (`nfeProc`: `NFe` + `protNFe`, UTF-8 text), the source the DANFE
    is printed from, and `link_danfe` the note's `linkDanfe` (sent to the customer)."""

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
    handover_batch: Mapped[str | None] = handover_batch_column()
    xml: Mapped[str | None] = mapped_column(Text, nullable=True, deferred=True)  # authorized nfeProc
    link_danfe: Mapped[str | None] = mapped_column(String(500), nullable=True)

    sale: Mapped[Sale] = relationship(back_populates="fiscal_documents")

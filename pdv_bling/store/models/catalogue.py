"""The catalogue, pulled from Bling: categories, products and their variations, and the account's
vendedores, formas de pagamento, depósitos and situações."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pdv_bling.store.models.base import (
    Base,
    JsonText,
    UtcDateTime,
    store_xid_column,
    utcnow,
)


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

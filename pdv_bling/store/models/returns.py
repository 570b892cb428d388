"""Exchanges and returns (troca/devolução) and the store credit they grant or spend."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Integer,
    String,
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


class SaleReturn(Base):
    """A return or exchange against an original sale (troca/devolução)."""

    __tablename__ = "sale_returns"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = uid_column()
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
    handover_batch: Mapped[str | None] = handover_batch_column()

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
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = uid_column()
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
    handover_batch: Mapped[str | None] = handover_batch_column()
    store_xid: Mapped[int | None] = store_xid_column()

"""Tables of store mode's store server only: the caixas of the store, the integrador's lease, the
claims that keep cross-caixa consistency, and the account's daily request budget."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from pdv_bling.store.models.base import (
    Base,
    JsonText,
    UtcDateTime,
    utcnow,
)


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
    # The caixa's current life (a restore, a detected copy or a rejoin makes a new one), and why
    # the store refused it last, when it did (shown by `store status`).
    incarnation: Mapped[str | None] = mapped_column(String(32))
    left_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    problem: Mapped[Any | None] = mapped_column(JsonText)


class StoreIncarnation(Base):
    """One life of a caixa's data folder, as the store saw it: on which PC, and the last handover
    batch it committed. A newer life supersedes the older one; an older life that speaks again
    means two copies of one folder are alive, and the store refuses it."""

    __tablename__ = "store_incarnations"
    installation_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    incarnation: Mapped[str] = mapped_column(String(32), primary_key=True)
    host: Mapped[str | None] = mapped_column(String(200))
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    first_seen_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    superseded_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class StoreHandoverBatch(Base):
    """A handover batch the store committed: the caixa names it before the store's commit and asks
    for it afterwards, so a commit whose answer was lost is never guessed."""

    __tablename__ = "store_handover_batches"
    __table_args__ = (UniqueConstraint("installation_id", "incarnation", "seq"),)
    batch_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    installation_id: Mapped[str] = mapped_column(String(32))
    incarnation: Mapped[str] = mapped_column(String(32))
    seq: Mapped[int] = mapped_column(Integer)
    records: Mapped[int] = mapped_column(Integer, default=0)
    committed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class StoreSeries(Base):
    """Every terminal id (numeroLoja series) ever used in the store and the installation it belongs
    to: a series keeps its history through a rename and is never given to another installation."""

    __tablename__ = "store_series"
    terminal_id: Mapped[str] = mapped_column(String(20), primary_key=True)
    installation_id: Mapped[str] = mapped_column(String(32))
    first_used_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class StoreSetAside(Base):
    """A record a handover could not take without breaking one of the store's rules (a unit
    returned twice, credit below zero, a second cancellation, a number already used): kept for the
    manager with both records named, never silently accepted, never blocking the other records."""

    __tablename__ = "store_set_aside"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    installation_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(40))
    record_uid: Mapped[str] = mapped_column(String(32), unique=True)
    detail: Mapped[Any | None] = mapped_column(JsonText)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


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


class StoreClockTick(Base):
    """A committed tick of the store's clock (retaguarda/lineage.py; values from the `store_clock`
    sequence): the highest is the clock's reading, exactly as old as the data beside it in any
    backup. Written on the store server only."""

    __tablename__ = "store_clock_ticks"
    clock: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)

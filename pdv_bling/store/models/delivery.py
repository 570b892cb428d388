"""Delivery to Bling: the outbox (one row per Bling step of a record) and the API log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from pdv_bling.store.models.base import (
    Base,
    JsonText,
    UtcDateTime,
    handed_over_column,
    handover_batch_column,
    uid_column,
    utcnow,
)


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
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = uid_column()
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
    handover_batch: Mapped[str | None] = handover_batch_column()


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

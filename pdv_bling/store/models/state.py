"""Settings and sync state: the settings rows (never secrets), each model's last pull, and the
named counters (sale numbers)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from pdv_bling.store.models.base import (
    Base,
    JsonText,
    UtcDateTime,
    store_xid_column,
    utcnow,
)


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

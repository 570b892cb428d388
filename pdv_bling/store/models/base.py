"""The models' shared ground: the declarative base and its naming convention, the column types
(aware UTC times as text, JSON as text) and the columns store mode adds to replicated records."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from pdv_bling.domain.ids import new_uid

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


def uid_column() -> Mapped[str]:
    """The record's own id, made with it (`pdv_bling.domain.ids`): the key every other database
    (the store server, a restored copy) knows it by. Never a rowid, which a restore rewinds."""
    return mapped_column(String(32), unique=True, default=new_uid)


def handover_batch_column() -> Mapped[str | None]:
    """Store mode, on a caixa: the handover batch this record was sent in, written before the store
    commits it. While set and `handed_over_at` is not, the record is in doubt (the store may own
    it): the offline rules leave it alone until the caixa has asked the store."""
    return mapped_column(String(32), nullable=True)


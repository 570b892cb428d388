"""The turno de caixa: opened with a fundo de troco, its suprimentos and sangrias, and the
fechamento's count per payment method. One open turno per data folder (a partial unique index)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pdv_bling.store.models.base import Base, JsonText, UtcDateTime, uid_column, utcnow

OPEN_TURNO = text("closed_at IS NULL")


class Turno(Base):
    __tablename__ = "turnos"
    __table_args__ = (
        # one open turno per caixa: a second abertura (two windows, a retried command) is refused
        Index("ux_turnos_open", "terminal_id", unique=True, sqlite_where=OPEN_TURNO, postgresql_where=OPEN_TURNO),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = uid_column()
    terminal_id: Mapped[str] = mapped_column(String(20))
    installation_id: Mapped[str | None] = mapped_column(String(32))
    operator: Mapped[str] = mapped_column(String(120))
    opened_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    fundo_cents: Mapped[int] = mapped_column(Integer)
    blind: Mapped[bool] = mapped_column(Boolean, default=False)  # fechamento cego, as set at the abertura
    closed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    closed_by: Mapped[str | None] = mapped_column(String(120))
    difference_reason: Mapped[str | None] = mapped_column(String(200))
    # the fechamento's figures as they were at that moment (the Z report reprints them, whatever changes later)
    summary: Mapped[dict[str, object] | None] = mapped_column(JsonText)

    movements: Mapped[list[TurnoMovement]] = relationship(
        back_populates="turno", cascade="all, delete-orphan", order_by="TurnoMovement.id")
    counts: Mapped[list[TurnoCount]] = relationship(
        back_populates="turno", cascade="all, delete-orphan", order_by="TurnoCount.id")


class TurnoMovement(Base):
    """A suprimento (cash in) or a sangria (cash out) during a turno."""

    __tablename__ = "turno_movements"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = uid_column()
    turno_id: Mapped[int] = mapped_column(ForeignKey("turnos.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # suprimento, sangria
    amount_cents: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(200))
    operator: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    turno: Mapped[Turno] = relationship(back_populates="movements")


class TurnoCount(Base):
    """The fechamento's count of one payment method, beside what was expected."""

    __tablename__ = "turno_counts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    turno_id: Mapped[int] = mapped_column(ForeignKey("turnos.id"), index=True)
    method: Mapped[str] = mapped_column(String(80))
    counted_cents: Mapped[int] = mapped_column(Integer)
    expected_cents: Mapped[int] = mapped_column(Integer)
    notes: Mapped[dict[str, object] | None] = mapped_column(JsonText)  # cash by notes and coins, when counted so

    turno: Mapped[Turno] = relationship(back_populates="counts")

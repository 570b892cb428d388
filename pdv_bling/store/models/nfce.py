"""An NFC-e issued through Bling for a sale: the draft's id, each state it went through, and once
authorized its key and number. The authorized XML itself (what the DANFE is printed from, also
offline) and the DANFE link are the sale's `FiscalDocument`'s, made when situacao 5 is read back.
One row per sale; written by the drainer's NFC-e steps (`sync/nfce.py`)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pdv_bling.store.models.base import Base, UtcDateTime, store_xid_column, utcnow

# state: where the note stands for the store (the codes the screens turn into words)
DRAFT = "draft"  # gerar-nfce made it in Bling; not sent to SEFAZ yet
SENT = "sent"  # enviar went out; SEFAZ's answer not read back yet
AUTHORIZED = "authorized"  # situacao 5 read back, key and XML kept
REJECTED = "rejected"  # situacao 4: parked with the reason and the fix
DENIED = "denied"  # situacao 9 Denegada
BLOCKED = "blocked"  # situacao 11 Bloqueada
CANCEL_PENDING = "cancel_pending"  # the sale was cancelled: the note must be cancelled in Bling's screens
CANCELLED = "cancelled"  # situacao 2 read back
STATES = (DRAFT, SENT, AUTHORIZED, REJECTED, DENIED, BLOCKED, CANCEL_PENDING, CANCELLED)


class NfceNote(Base):
    __tablename__ = "nfce_notes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id"), unique=True)
    bling_id: Mapped[int | None] = mapped_column(BigInteger)
    state: Mapped[str] = mapped_column(String(20), default=DRAFT)
    situacao: Mapped[int | None] = mapped_column(Integer)  # Bling's, as last read
    numero: Mapped[str | None] = mapped_column(String(20))
    serie: Mapped[int | None] = mapped_column(Integer)
    access_key: Mapped[str | None] = mapped_column(String(44), index=True)
    reason_code: Mapped[str | None] = mapped_column(String(20))  # SEFAZ cStat of a rejection
    reason: Mapped[str | None] = mapped_column(Text)  # SEFAZ's text, as Bling gave it
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    authorized_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    cancel_asked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    store_xid: Mapped[int | None] = store_xid_column()

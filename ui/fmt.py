"""pt_BR presentation of money and dates through QLocale (the core keeps centavos and UTC)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDateTime, QLocale

LOCALE = QLocale(QLocale.Language.Portuguese, QLocale.Country.Brazil)


def money(cents: int) -> str:
    """R$ 1.234,56 (QLocale's BRL formatting; a plain space instead of the no-break space)."""
    return LOCALE.toCurrencyString(cents / 100, "R$", 2).replace("\u00a0", " ")


def money_plain(cents: int) -> str:
    """1.234,56 — for editable fields."""
    return LOCALE.toString(cents / 100, "f", 2)


def _local(when: dt.datetime) -> QDateTime:
    return QDateTime.fromMSecsSinceEpoch(int(when.timestamp() * 1000))


def short_datetime(when: dt.datetime | None, *, never: str = "—") -> str:
    """dd/MM/yy, HH:mm in the machine's time zone, as the manual's Sincronizar Dados shows."""
    if when is None:
        return never
    return LOCALE.toString(_local(when), "dd/MM/yy, HH:mm")


def clock_time(when: dt.datetime | None, *, never: str = "—") -> str:
    """HH:mm in the machine's time zone ("tentaremos de novo às 14:32")."""
    if when is None:
        return never
    return LOCALE.toString(_local(when), "HH:mm")


def long_datetime(when: dt.datetime | None, *, never: str = "—") -> str:
    if when is None:
        return never
    return LOCALE.toString(_local(when), "dd/MM/yyyy HH:mm:ss")


def duration(seconds: float) -> str:
    """A short ETA: 45 s, 3 min 05 s, 1 h 02 min."""
    total = max(0, int(round(seconds)))
    if total < 60:
        return f"{total} s"
    minutes, secs = divmod(total, 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"

"""pt_BR presentation of money and dates through QLocale (the core keeps centavos and UTC).

Times are shown in the store's time zone (`pdv_bling.base.zone`: the PC's, or the one chosen in
Configurações), the same as the slips and the backups' names, never in Qt's own idea of the zone.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

from pdv_bling.base.zone import local

LOCALE = QLocale(QLocale.Language.Portuguese, QLocale.Country.Brazil)


def money(cents: int) -> str:
    """R$ 1.234,56 (QLocale's BRL formatting; a plain space instead of the no-break space)."""
    return LOCALE.toCurrencyString(cents / 100, "R$", 2).replace("\u00a0", " ")


def money_plain(cents: int) -> str:
    """1.234,56 — for editable fields."""
    return LOCALE.toString(cents / 100, "f", 2)


def local_qdatetime(when: dt.datetime) -> QDateTime:
    """The wall-clock time of `when` in the store's zone, as a QDateTime to format."""
    moment = local(when)
    return QDateTime(QDate(moment.year, moment.month, moment.day),
                     QTime(moment.hour, moment.minute, moment.second, moment.microsecond // 1000))


def is_today(when: dt.datetime) -> bool:
    """Whether `when` falls on today in the store's zone."""
    return local(when).date() == local(dt.datetime.now(dt.UTC)).date()


def short_datetime(when: dt.datetime | None, *, never: str = "—") -> str:
    """dd/MM/yy, HH:mm in the machine's time zone, as the manual's Sincronizar Dados shows."""
    if when is None:
        return never
    return LOCALE.toString(local_qdatetime(when), "dd/MM/yy, HH:mm")


def clock_time(when: dt.datetime | None, *, never: str = "—") -> str:
    """HH:mm in the machine's time zone ("tentaremos de novo às 14:32")."""
    if when is None:
        return never
    return LOCALE.toString(local_qdatetime(when), "HH:mm")


def long_datetime(when: dt.datetime | None, *, never: str = "—") -> str:
    if when is None:
        return never
    return LOCALE.toString(local_qdatetime(when), "dd/MM/yyyy HH:mm:ss")


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

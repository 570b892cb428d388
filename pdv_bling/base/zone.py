"""The two time zones of the product, kept apart.

- **The store's zone** (`local_zone()`): every time a person reads (the screens, the slips, the
  backups' names and dates, the NFC-e's month, which SEFAZ stamps in the store's own time) is in
  one zone: the PC's own (`tzlocal`), unless the store chose another in Configurações
  (`Settings.time_zone`, an IANA name such as "America/Manaus"). A PC in Rio Branco prints
  Rio Branco's time on the slip, as its clock shows.
- **Bling's zone** (`BLING_ZONE`, America/Sao_Paulo): what Bling itself dates in Brasília time and
  requires so: an order's `data`, the day of the account's request budget (the pacer's day, when
  it resets). These never follow the store's zone.

The store's choice is process-wide: the data folder being opened applies it (`use_store_zone`,
from `store.context`), and Configurações applies a new one when saved.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import threading
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

log = logging.getLogger(__name__)
BLING_ZONE_NAME = "America/Sao_Paulo"
_BRT = dt.timezone(dt.timedelta(hours=-3), "BRT")  # Brasília has had no DST since 2019


def zone_named(name: str) -> dt.tzinfo | None:
    """The IANA zone `name` ("America/Manaus"), or None when there is no such zone (or the name
    is not one: paths, empty, spaces)."""
    text = name.strip()
    if not text or len(text) > 60 or text.startswith(("/", ".")) or ".." in text or "\\" in text or " " in text:
        return None
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _bling_zone() -> dt.tzinfo:
    return zone_named(BLING_ZONE_NAME) or _BRT  # no tz database (bare Windows without tzdata)


BLING_ZONE: dt.tzinfo = _bling_zone()


@functools.cache
def pc_zone() -> dt.tzinfo:
    """The zone this PC's clock is set to (the operating system's), as tzlocal finds it; the
    offset the C library reports when even that fails."""
    try:
        import tzlocal

        zone: dt.tzinfo = tzlocal.get_localzone()
        return zone
    except Exception:  # noqa: BLE001 - a PC whose zone cannot be named still has an offset
        log.warning("the PC's time zone could not be named; using its current offset")
        return dt.datetime.now().astimezone().tzinfo or dt.UTC


_lock = threading.Lock()
_store_choice: dt.tzinfo | None = None


def use_store_zone(name: str | None) -> None:
    """Apply the store's choice (Configurações): an IANA name, or empty/None for the PC's zone.
    A name that is not a zone (a database written elsewhere) is ignored with a warning."""
    global _store_choice
    zone = zone_named(name) if name else None
    if name and zone is None:
        log.warning("unknown time zone in the settings, using the PC's: %r", name[:60])
    with _lock:
        _store_choice = zone


def local_zone() -> dt.tzinfo:
    """The store's zone: its choice in Configurações, or the PC's."""
    with _lock:
        chosen = _store_choice
    return chosen if chosen is not None else pc_zone()


def local(when: dt.datetime) -> dt.datetime:
    """`when` (aware, as the store keeps it: UTC) in the store's zone."""
    return when.astimezone(local_zone())


def zone_label(zone: dt.tzinfo | None = None) -> str:
    """The zone's IANA name where it has one ("America/Manaus"), else its offset ("UTC-04:00")."""
    zone = zone or local_zone()
    key = getattr(zone, "key", None)
    if isinstance(key, str) and key:
        return key
    offset = dt.datetime.now(zone).utcoffset() or dt.timedelta()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"

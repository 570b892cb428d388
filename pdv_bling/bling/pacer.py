"""Pacing for the whole Bling account: a request-slot scheduler (token bucket with burst 1) and
a daily counter. Every request of the process goes through one `Pacer` per API URL.

The clock and sleep are injected so tests never really wait.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone, tzinfo

from pdv_bling.bling.errors import BlingDailyLimit

try:
    from zoneinfo import ZoneInfo

    BLING_TZ: tzinfo = ZoneInfo("America/Sao_Paulo")
except Exception:  # no tz database (bare Windows without tzdata): Brasília has no DST since 2019
    BLING_TZ = timezone(timedelta(hours=-3), "BRT")

Clock = Callable[[], float]
Sleep = Callable[[float], None]
WallClock = Callable[[], datetime]


def next_bling_midnight(now: datetime) -> datetime:
    """Start of the next day in Bling's time zone (when the daily budget resets)."""
    local = now.astimezone(BLING_TZ)
    tomorrow = local.date() + timedelta(days=1)
    return datetime(tomorrow.year, tomorrow.month, tomorrow.day, tzinfo=BLING_TZ)


class Pacer:
    """Hands out request slots at most `rate_per_second` apart, and counts the day's requests."""

    def __init__(
        self,
        *,
        rate_per_second: float = 3.0,
        daily_limit: int = 120_000,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
        wall_clock: WallClock | None = None,
    ) -> None:
        if rate_per_second <= 0:
            raise ValueError("rate_per_second must be positive")
        self.interval = 1.0 / rate_per_second
        self.daily_limit = daily_limit
        self._clock = clock
        self._sleep = sleep
        self._wall = wall_clock or (lambda: datetime.now(BLING_TZ))
        self._lock = threading.Lock()
        self._next_free = 0.0
        self._day: date | None = None
        self._count = 0
        self._paused_until: datetime | None = None

    @property
    def used_today(self) -> int:
        with self._lock:
            self._roll_day()
            return self._count

    def acquire(self) -> None:
        """Block until this caller may send one request; raise BlingDailyLimit when paused."""
        with self._lock:
            self._check_daily()
            now = self._clock()
            slot = max(now, self._next_free)
            self._next_free = slot + self.interval
            self._count += 1
        if slot > now:
            self._sleep(slot - now)

    def note_used(self, count: int) -> None:
        """Requests already sent today by others on this account (store mode: the store's count)."""
        with self._lock:
            self._roll_day()
            self._count = max(self._count, count)

    def back_off(self, seconds: float) -> None:
        """After a per-second 429: hold every caller back for `seconds` (the budget is shared)."""
        with self._lock:
            self._next_free = max(self._next_free, self._clock() + seconds)

    def pause_until(self, when: datetime) -> None:
        """After a per-day 429: stop all traffic until `when`."""
        with self._lock:
            self._paused_until = when

    def paused_until(self) -> datetime | None:
        with self._lock:
            self._roll_day()
            return self._paused_until

    def _roll_day(self) -> None:
        now = self._wall()
        today = now.astimezone(BLING_TZ).date()
        if self._day != today:
            self._day, self._count = today, 0
        if self._paused_until is not None and now >= self._paused_until:
            self._paused_until = None

    def _check_daily(self) -> None:
        self._roll_day()
        if self._paused_until is None and self._count >= self.daily_limit:
            self._paused_until = next_bling_midnight(self._wall())
        if self._paused_until is not None:
            raise BlingDailyLimit(
                "Limite diário de requisições do Bling atingido",
                error_type="TOO_MANY_REQUESTS",
                resume_at=self._paused_until,
            )


_SHARED: dict[str, Pacer] = {}
_SHARED_LOCK = threading.Lock()


def shared_pacer(api_url: str, *, rate_per_second: float, daily_limit: int) -> Pacer:
    """The process-wide pacer for one API URL (all clients of the process share the budget)."""
    with _SHARED_LOCK:
        pacer = _SHARED.get(api_url)
        if pacer is None:
            pacer = _SHARED[api_url] = Pacer(rate_per_second=rate_per_second, daily_limit=daily_limit)
        return pacer

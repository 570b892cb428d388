"""Pacing for the whole Bling account: request slots at an adaptive rate, and a daily counter.
Every request of the process goes through one `Pacer` per API URL.

The rate adapts as TCP's congestion control does (AIMD), because the 3 requests/s are shared by
every program using the account and no terminal can see the others:

- **slow start**: a new pacer starts at a third of the ceiling and doubles every 2 s of accepted
  requests until the first 429 (one terminal reaches Bling's 3/s within ~3 s);
- **additive increase**: after that, every second of accepted requests adds `increase_per_s`
  (the ceiling x 0.0013, i.e. 0.004 req/s at 3/s); after a minute of sending without a 429 the
  step doubles each further minute (up to 64x), so a terminal whose neighbours went quiet finds
  the free budget again; idle time grows nothing;
- **multiplicative decrease**: a per-second 429 halves the rate (at most once per slot: the
  refusals of one congestion event count once) and moves this terminal's slots by a random
  fraction of its interval, so two terminals that collide do not collide again in step.

Independent terminals on one account so converge to shares of the ceiling (AIMD's fairness) and
Bling's refusals stay a small share; `docs/reliability.md` has the measured figures. The rate
never exceeds the configured ceiling (PDV_BLING_RATE_PER_SECOND, default Bling's 3/s).

The clock, sleep and random source are injected so tests never really wait.
"""

from __future__ import annotations

import random
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from datetime import date, datetime, timedelta, tzinfo

from pdv_bling.base.zone import BLING_ZONE
from pdv_bling.bling.errors import BlingDailyLimit

BLING_TZ: tzinfo = BLING_ZONE  # Bling's day (the budget's reset), never the store's zone (base/zone.py)

Clock = Callable[[], float]
Sleep = Callable[[float], None]
WallClock = Callable[[], datetime]

SLOW_START_DOUBLING_S = 2.0
INCREASE_SHARE_PER_S = 0.0013  # additive increase per second, as a share of the ceiling
QUIET_DOUBLING_S = 60.0  # after this long sending without a 429, the additive step doubles (and again...)
MAX_QUIET_DOUBLINGS = 6.0  # ... up to 64x (0.26 req/s per second at 3/s)
DECREASE = 0.5  # multiplicative decrease on a per-second 429
FLOOR_SHARE = 1 / 60  # never slower than 1/60 of the ceiling (0.05 req/s at 3/s)
MIN_WAIT_AFTER_429_S = 1.0  # Bling sends no Retry-After: wait at least this before the next request


# The priority lane: requests a customer at the counter waits for (this sale's order, its NFC-e
# steps, the note's XML). Set by the drainer around such an item; per thread, so a pull running on
# another thread stays in the normal lane.
PRIORITY: ContextVar[bool] = ContextVar("bling_priority", default=False)
_serving = [0]  # customers' items being delivered now, in any thread of this process
_serving_lock = threading.Lock()


@contextmanager
def customer_waiting(active: bool = True) -> Iterator[None]:
    """Every request sent inside goes through the account's priority lane (when `active`); while
    any such block runs, the normal lane leaves one slot of every window free for it (`Pacer`)."""
    token = PRIORITY.set(active)
    if active:
        with _serving_lock:
            _serving[0] += 1
    try:
        yield
    finally:
        if active:
            with _serving_lock:
                _serving[0] -= 1
        PRIORITY.reset(token)


def serving_customer() -> bool:
    return _serving[0] > 0


_HELD: ContextVar[tuple[InheritingLock, ...]] = ContextVar("bling_locks_held", default=())


class InheritingLock:
    """A lock held across requests to Bling (a cache's fill, a contact's link) that a customer's
    request may have to wait for: while a caller of the priority lane waits for it, the holder's
    requests go through the priority lane too (priority inheritance). Without it the backlog,
    holding such a lock while the counter holds the normal lane (`Pacer.hold_for_counter`), would
    keep the customer waiting for the whole hold."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._customers_waiting = 0
        self._count_lock = threading.Lock()
        self._token: Token[tuple[InheritingLock, ...]] | None = None

    def __enter__(self) -> InheritingLock:
        if not self._lock.acquire(blocking=False):
            urgent = PRIORITY.get()
            if urgent:
                with self._count_lock:
                    self._customers_waiting += 1
            try:
                self._lock.acquire()
            finally:
                if urgent:
                    with self._count_lock:
                        self._customers_waiting -= 1
        self._token = _HELD.set((*_HELD.get(), self))  # the holder's own context (one holder at a time)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._token is not None:
            _HELD.reset(self._token)
            self._token = None
        self._lock.release()

    @property
    def customer_waiting(self) -> bool:
        return self._customers_waiting > 0


def inherited_priority() -> bool:
    """Does a customer wait for a lock this caller holds (`InheritingLock`)?"""
    return any(lock.customer_waiting for lock in _HELD.get())


def next_bling_midnight(now: datetime) -> datetime:
    """Start of the next day in Bling's time zone (when the daily budget resets)."""
    local = now.astimezone(BLING_TZ)
    tomorrow = local.date() + timedelta(days=1)
    return datetime(tomorrow.year, tomorrow.month, tomorrow.day, tzinfo=BLING_TZ)


class Pacer:
    """Hands out request slots at the current AIMD rate (never above `rate_per_second`), and
    counts the day's requests. `start_rate=rate_per_second` skips the slow start."""

    def __init__(
        self,
        *,
        rate_per_second: float = 3.0,
        daily_limit: int = 120_000,
        start_rate: float | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
        wall_clock: WallClock | None = None,
        rng: random.Random | None = None,
    ) -> None:
        if rate_per_second <= 0:
            raise ValueError("rate_per_second must be positive")
        self.ceiling = float(rate_per_second)
        self.floor = self.ceiling * FLOOR_SHARE
        self.increase_per_s = self.ceiling * INCREASE_SHARE_PER_S
        self.rate = min(self.ceiling, max(self.floor, start_rate if start_rate is not None else self.ceiling / 3))
        self.slow_start = self.rate < self.ceiling
        self.daily_limit = daily_limit
        self._clock = clock
        self._sleep = sleep
        self._wall = wall_clock or (lambda: datetime.now(BLING_TZ))
        self._rng = rng or random.Random()
        self._lock = threading.Lock()
        self._next_free = 0.0
        self._hold_until = 0.0  # a 429's wait or a back-off: nobody sends before it, either lane
        self._grants: deque[float] = deque(maxlen=16)  # when the last slots were given
        self._last_growth: float | None = None
        self._last_decrease = float("-inf")
        self._sending_since_429 = 0.0  # seconds of accepted traffic since the last 429
        self._day: date | None = None
        self._count = 0
        self._paused_until: datetime | None = None
        self.accepted = 0
        self.refused = 0
        self._urgent_waiting = 0  # callers of the priority lane waiting for a slot
        self._counter_holds: dict[str, float] = {}  # reason -> until (this clock): see hold_for_counter
        self.granted_priority = 0  # slots given to the priority lane (benchmarks read it)

    @property
    def interval(self) -> float:
        return 1.0 / self.rate

    @property
    def used_today(self) -> int:
        with self._lock:
            self._roll_day()
            return self._count

    def acquire(self, *, priority: bool | None = None) -> None:
        """Block until this caller may send one request; raise BlingDailyLimit when paused.

        A slot is taken when it is due, never reserved ahead: a request of the priority lane
        (`priority`, by default the caller's `customer_waiting()` context) that arrives while
        others wait takes the next slot, and the others wait for the one after it. The priority
        lane is also paced by window instead of by interval: at most n = floor(rate) requests in
        any n/rate seconds (3 in any second at 3/s), so a customer's few requests after a quiet
        moment go at once instead of 1/rate apart; never more than the account's rate. While a
        customer's item is being delivered the normal lane keeps one slot of every window free, and
        while the counter holds the account (`hold_for_counter`) it sends nothing."""
        urgent = PRIORITY.get() if priority is None else priority
        with self._lock:
            self._check_daily()
            self._urgent_waiting += urgent
        try:
            while True:
                lane = urgent or inherited_priority()  # a customer waits for a lock this caller holds
                with self._lock:
                    now = self._clock()
                    slot = max(now, self._window_slot()) if lane else max(now, self._next_free,
                                                                            self._reserve_slot())
                    blocked = not lane and (self._urgent_waiting > 0 or self._counter_held(now))
                    if slot <= now and not blocked:
                        self._grants.append(now)
                        # the normal lane: 1/rate after this slot, and within the window too (both
                        # lanes together never exceed the rate in any window)
                        self._next_free = max(self._next_free, now + 1.0 / self.rate, self._window_slot())
                        self._count += 1
                        self.granted_priority += lane
                        return
                    wait = (slot - now) if not blocked else max(slot - now, 1.0 / self.rate / 4)
                self._sleep(wait)
        finally:
            if urgent:
                with self._lock:
                    self._urgent_waiting -= 1

    def hold_for_counter(self, seconds: float, *, reason: str = "basket") -> None:
        """A customer is at the counter (`reason` "basket": a sale being built; "sale": one just
        recorded, its order and NFC-e on their way): for `seconds` at most, or until
        `release_counter(reason)`, the normal lane (backlog, pulls) sends nothing, so the
        customer's first requests find the account's window empty at F10 instead of waiting for
        the backlog's last second of requests to age out (3 in any second: the order, `gerar` and
        `enviar` then go at once). The priority lane is never held."""
        with self._lock:
            self._counter_holds[reason] = self._clock() + max(0.0, seconds)

    def release_counter(self, reason: str = "basket") -> None:
        with self._lock:
            self._counter_holds.pop(reason, None)

    def counter_held(self) -> bool:
        with self._lock:
            return self._counter_held(self._clock())

    def _counter_held(self, now: float) -> bool:
        return any(until > now for until in self._counter_holds.values())

    def _window_slot(self) -> float:
        """When the priority lane may send: n = floor(rate) grants per n/rate seconds, and never
        before a hold (a 429's wait, `back_off`)."""
        n = max(1, int(self.rate + 1e-9))
        earliest = self._hold_until
        if len(self._grants) >= n:
            earliest = max(earliest, self._grants[-n] + n / self.rate)
        return earliest

    def _reserve_slot(self) -> float:
        """While a customer's item is being delivered, the normal lane sends only when the window
        keeps a slot free for it (at most n - 1 grants in any n/rate seconds, n >= 2): the
        customer's next request then goes at once instead of after the backlog's next one."""
        n = int(self.rate + 1e-9)
        if n < 2 or not serving_customer() or len(self._grants) < n - 1:
            return 0.0
        return self._grants[-(n - 1)] + n / self.rate

    def note_used(self, count: int) -> None:
        """Requests already sent today by others on this account (store mode: the store's count)."""
        with self._lock:
            self._roll_day()
            self._count = max(self._count, count)

    # ------------------------------------------------------------ AIMD

    def on_accepted(self) -> None:
        """Bling answered (anything but a 429): the account had room; grow the rate a little."""
        with self._lock:
            now = self._clock()
            self.accepted += 1
            last, self._last_growth = self._last_growth, now
            if last is None:
                return
            elapsed = min(now - last, 2.0 / self.rate)  # growth only while sending, not while idle
            self._sending_since_429 += elapsed
            if self.slow_start:
                grown = self.rate * 2 ** (elapsed / SLOW_START_DOUBLING_S)
            else:
                quiet = min(MAX_QUIET_DOUBLINGS, max(0.0, self._sending_since_429 / QUIET_DOUBLING_S - 1))
                grown = self.rate + self.increase_per_s * 2**quiet * elapsed
            self.rate = min(self.ceiling, grown)

    def on_rate_limited(self, retry_after: float | None = None) -> None:
        """A per-second 429: halve the rate (once per congestion event), wait at least
        `retry_after` (default 1 s), and shift this terminal's slots by a random fraction."""
        with self._lock:
            now = self._clock()
            self.refused += 1
            self._sending_since_429 = 0.0
            if now - self._last_decrease >= 1.0 / self.rate:
                self.rate = max(self.floor, self.rate * DECREASE)
                self._last_decrease = now
                self.slow_start = False
            wait = max(MIN_WAIT_AFTER_429_S, retry_after or 0.0) + self._rng.uniform(0.0, 1.0 / self.rate)
            self._next_free = max(self._next_free, now + wait)
            self._hold_until = max(self._hold_until, now + wait)
            self._last_growth = None

    def back_off(self, seconds: float) -> None:
        """Hold every caller back for `seconds` (the budget is shared)."""
        with self._lock:
            self._next_free = max(self._next_free, self._clock() + seconds)
            self._hold_until = max(self._hold_until, self._clock() + seconds)

    # ------------------------------------------------------------ the day's budget

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

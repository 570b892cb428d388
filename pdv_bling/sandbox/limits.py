"""Per-account request limits (field guide section 3) and injected faults."""

from __future__ import annotations

import math
import random
import threading

from pdv_bling.sandbox import errors as E
from pdv_bling.sandbox.config import Clock, Faults, SandboxConfig


class RateLimiter:
    """Per-second limit plus a daily budget per calendar day (BRT). Refused calls do not consume
    the budget. Bling does not document its algorithm; two are available (`config.limiter`):

    - "bucket" (default): token bucket of `rate` per second, burst `rate`: a client paced at
      exactly `rate`/s goes through while any burst above it gets 429 `period: "second"`;
    - "window": stricter fixed windows of about one second on the stand-in's clock, at most
      `rate` requests each, whose edges move by up to ±`window_jitter_ms` (Bling's windows as a
      client sees them through network and queueing): a window a little longer than a second
      now and then holds `rate + 1` requests of an exact 1/rate pace, which get a 429, as one
      POS integration saw at exactly 3/s (field guide §11 row 11).
    """

    def __init__(self, config: SandboxConfig, clock: Clock) -> None:
        self.config, self.clock = config, clock
        self.lock = threading.Lock()
        self.tokens = float(config.rate_limit)
        self.last = clock.timestamp()
        self.day = clock.now().date()
        self.used_today = 0
        self.windows: dict[int, int] = {}

    def take(self) -> None:
        with self.lock:
            now = self.clock.timestamp()
            rate = float(self.config.rate_limit)
            today = self.clock.now().date()
            if today != self.day:
                self.day, self.used_today = today, 0
            if self.used_today >= self.config.daily_limit:
                raise E.too_many("day", self.config.daily_limit)
            if self.config.limiter == "window":
                self._take_window(now, rate)
            else:
                self._take_bucket(now, rate)
            self.used_today += 1

    def _take_bucket(self, now: float, rate: float) -> None:
        self.tokens = min(rate, self.tokens + max(0.0, now - self.last) * rate)
        self.last = now
        if self.tokens < 1.0:
            raise E.too_many("second", rate)
        self.tokens -= 1.0

    def _take_window(self, now: float, rate: float) -> None:
        window = self._window_of(now)
        if self.windows.get(window, 0) >= max(1, int(rate)):
            raise E.too_many("second", rate)
        self.windows[window] = self.windows.get(window, 0) + 1
        if len(self.windows) > 64:  # keep only the recent windows
            for old in sorted(self.windows)[:-8]:
                del self.windows[old]

    def _window_of(self, now: float) -> int:
        """Window n spans [n + edge(n), n + 1 + edge(n + 1)): one second whose edges move by up to
        ±window_jitter_ms, so some windows are a little longer than a second."""
        second = math.floor(now)
        if now < second + self._edge(second):
            return second - 1
        if now >= second + 1 + self._edge(second + 1):
            return second + 1
        return second

    def _edge(self, second: int) -> float:
        jitter = min(0.45, self.config.window_jitter_ms / 1000)
        return random.Random(f"{self.config.seed}:{second}").uniform(-jitter, jitter)


class FaultInjector:
    def __init__(self, faults: Faults) -> None:
        self.faults = faults
        self.lock = threading.Lock()
        self.rng = random.Random(faults.seed)

    def reseed(self) -> None:
        with self.lock:
            self.rng = random.Random(self.faults.seed)

    def roll(self, p: float) -> bool:
        if p <= 0:
            return False
        with self.lock:
            return self.rng.random() < p

    def before(self) -> None:
        """Latency, then a share of 500/503/429 answered before any processing (no side effect)."""
        f = self.faults
        if f.latency_ms > 0:
            threading.Event().wait(f.latency_ms / 1000)
        if self.roll(f.p500):
            raise E.server_error(500)
        if self.roll(f.p503):
            raise E.BlingError(503, "SERVER_ERROR", "Serviço indisponível.", "Serviço temporariamente indisponível.")
        if self.roll(f.p429):
            raise E.too_many("second", 3)

    def commit_drop(self) -> bool:
        return self.roll(self.faults.p_commit_drop)

"""Per-account request limits (field guide section 3) and injected faults."""

from __future__ import annotations

import random
import threading

from pdv_bling.sandbox import errors as E
from pdv_bling.sandbox.config import Clock, Faults, SandboxConfig


class RateLimiter:
    """Token bucket of `rate` per second (burst `rate`) plus a daily budget per calendar day (BRT).

    Bling does not document its algorithm; a bucket lets a client paced at exactly `rate`/s through
    while any burst above it gets 429 `period: "second"`. Refused calls do not consume the budget.
    """

    def __init__(self, config: SandboxConfig, clock: Clock) -> None:
        self.config, self.clock = config, clock
        self.lock = threading.Lock()
        self.tokens = float(config.rate_limit)
        self.last = clock.timestamp()
        self.day = clock.now().date()
        self.used_today = 0

    def take(self) -> None:
        with self.lock:
            now = self.clock.timestamp()
            rate = float(self.config.rate_limit)
            self.tokens = min(rate, self.tokens + max(0.0, now - self.last) * rate)
            self.last = now
            today = self.clock.now().date()
            if today != self.day:
                self.day, self.used_today = today, 0
            if self.used_today >= self.config.daily_limit:
                raise E.too_many("day", self.config.daily_limit)
            if self.tokens < 1.0:
                raise E.too_many("second", rate)
            self.tokens -= 1.0
            self.used_today += 1


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

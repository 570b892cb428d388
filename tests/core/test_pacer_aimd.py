"""The pacer's AIMD (issue 13 item 7): slow start, multiplicative decrease on a per-second 429,
additive increase, never above the ceiling, and independent terminals sharing one account
converging to shares of it (checked against a token bucket like the stand-in's, on a fake clock).
"""

from __future__ import annotations

import heapq
import random

import pytest

from pdv_bling.bling.pacer import DECREASE, MIN_WAIT_AFTER_429_S, QUIET_DOUBLING_S, Pacer
from tests.core.bling_support import FakeClock


def test_a_new_pacer_starts_at_a_third_and_doubles_until_the_ceiling() -> None:
    clock = FakeClock()
    pacer = Pacer(rate_per_second=3.0, clock=clock, sleep=clock.sleep)
    assert pacer.rate == pytest.approx(1.0) and pacer.slow_start
    started = clock.now
    while pacer.rate < 3.0:
        pacer.acquire()
        pacer.on_accepted()
        assert clock.now - started < 5.0
    assert clock.now - started == pytest.approx(3.2, abs=0.7)  # log2(3) x 2 s
    for _ in range(20):
        pacer.acquire()
        pacer.on_accepted()
    assert pacer.rate == 3.0  # never above the ceiling


def test_a_429_halves_the_rate_once_per_congestion_event_and_holds_the_next_slot() -> None:
    clock = FakeClock()
    pacer = Pacer(rate_per_second=3.0, start_rate=3.0, clock=clock, sleep=clock.sleep, rng=random.Random(1))
    pacer.acquire()
    pacer.on_rate_limited()
    pacer.on_rate_limited()  # the same event seen twice (two requests refused in one slot)
    assert pacer.rate == pytest.approx(3.0 * DECREASE)
    before = clock.now
    pacer.acquire()
    assert clock.now - before >= MIN_WAIT_AFTER_429_S
    assert clock.now - before <= MIN_WAIT_AFTER_429_S + 1 / pacer.rate
    pacer.on_rate_limited(retry_after=5.0)  # one slot later: a new event, and Bling asked for 5 s
    assert pacer.rate == pytest.approx(3.0 * DECREASE**2)
    before = clock.now
    pacer.acquire()
    assert clock.now - before >= 5.0


def test_the_rate_never_falls_below_the_floor() -> None:
    clock = FakeClock()
    pacer = Pacer(rate_per_second=3.0, clock=clock, sleep=clock.sleep)
    for _ in range(50):
        pacer.acquire()
        pacer.on_rate_limited()
    assert pacer.rate == pytest.approx(0.05)


def test_after_a_429_the_rate_grows_additively_then_faster_when_quiet() -> None:
    clock = FakeClock()
    pacer = Pacer(rate_per_second=3.0, start_rate=2.0, clock=clock, sleep=clock.sleep)
    pacer.acquire()
    pacer.on_rate_limited()
    assert not pacer.slow_start and pacer.rate == pytest.approx(1.0)
    start = clock.now
    for _ in range(30):  # ~30 s of accepted requests at ~1/s: + 0.004 req/s per second
        pacer.acquire()
        pacer.on_accepted()
    grown = pacer.rate - 1.0
    assert grown == pytest.approx(pacer.increase_per_s * (clock.now - start), rel=0.15)
    while clock.now - start < QUIET_DOUBLING_S * 4:  # minutes without a 429: the step doubles each minute
        pacer.acquire()
        pacer.on_accepted()
    assert 1.0 + pacer.increase_per_s * (clock.now - start) < 2.0  # plain additive would be under 2/s
    assert pacer.rate == 3.0  # the accelerated steps found the whole ceiling again


def test_idle_time_does_not_grow_the_rate() -> None:
    clock = FakeClock()
    pacer = Pacer(rate_per_second=3.0, start_rate=2.0, clock=clock, sleep=clock.sleep)
    pacer.acquire()
    pacer.on_rate_limited()
    pacer.acquire()
    pacer.on_accepted()
    clock.now += 3600  # an hour without sales
    pacer.acquire()
    pacer.on_accepted()
    assert pacer.rate < 1.01


class Bucket:
    """The stand-in's per-second limiter: token bucket of `rate`, burst `rate`."""

    def __init__(self, rate: float) -> None:
        self.rate, self.tokens, self.last = rate, rate, 0.0

    def take(self, t: float) -> bool:
        self.tokens = min(self.rate, self.tokens + (t - self.last) * self.rate)
        self.last = t
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


def share_the_account(terminals: int, seconds: float, *, seed: int = 3) -> tuple[float, float, list[float]]:
    """`terminals` sequential senders, each with its own Pacer, against one 3/s bucket.

    Returns (share of 429s, accepted/s over the second half, each pacer's final rate)."""
    rng = random.Random(seed)
    now = [0.0]
    clock = lambda: now[0]  # noqa: E731 (one shared fake time line)
    pacers = [Pacer(rate_per_second=3.0, clock=clock, sleep=lambda s: None, rng=random.Random(i))
              for i in range(terminals)]
    bucket = Bucket(3.0)
    events = [(rng.uniform(0, 2), i) for i in range(terminals)]
    heapq.heapify(events)
    refused = accepted = late_accepted = 0
    while events:
        t, i = heapq.heappop(events)
        if t > seconds:
            break
        now[0] = t
        pacer = pacers[i]
        slot = max(t, pacer._next_free)  # what acquire() would sleep until
        if slot > t:
            heapq.heappush(events, (slot, i))
            continue
        pacer.acquire()
        answered = t + 0.02 + rng.random() * 0.02  # the request's round trip
        ok = bucket.take(t)
        now[0] = answered
        if ok:
            pacer.on_accepted()
            accepted += 1
            late_accepted += t > seconds / 2
        else:
            pacer.on_rate_limited()
            refused += 1
        heapq.heappush(events, (answered + 0.01, i))
    return refused / (refused + accepted), late_accepted / (seconds / 2), [p.rate for p in pacers]


@pytest.mark.parametrize("terminals", [3, 10])
def test_independent_terminals_on_one_account_converge(terminals: int) -> None:
    """Fixed 3/s pacing without AIMD refused ~24% (3 terminals) and ~63% (10) of requests in the
    terminals harness. With AIMD the refusals fall and the account stays busy."""
    share, late_rate, rates = share_the_account(terminals, 900.0)
    assert share < 0.15
    assert late_rate > 0.75 * 3.0
    assert sum(rates) < 2 * 3.0  # converged near the ceiling, not each at full speed
    assert max(rates) < 4 * (3.0 / terminals) + 0.5  # nobody keeps the whole account


class FakeSandboxClock:
    """The stand-in's Clock interface on a fake time line."""

    def __init__(self, now: list[float]) -> None:
        self._now = now

    def timestamp(self) -> float:
        return self._now[0]

    def now(self) -> object:
        import datetime as dt

        return dt.datetime.fromtimestamp(self._now[0], dt.UTC)


def strict_window_run(requests: int, *, phase: float, aimd: bool) -> tuple[int, float]:
    """One sequential client against the stand-in's fixed-window limiter (edges ±200 ms)."""
    from pdv_bling.sandbox import errors as sandbox_errors
    from pdv_bling.sandbox.config import SandboxConfig
    from pdv_bling.sandbox.limits import RateLimiter

    now = [1_000_000.0 + phase]
    limiter = RateLimiter(SandboxConfig(rate_limit=3.0, limiter="window", window_jitter_ms=200.0),
                          FakeSandboxClock(now))  # type: ignore[arg-type]
    pacer = Pacer(rate_per_second=3.0, start_rate=3.0, clock=lambda: now[0],
                  sleep=lambda s: now.__setitem__(0, now[0] + s), rng=random.Random(5))
    refused = accepted = 0
    started = now[0]
    while accepted < requests:
        pacer.acquire()
        try:
            limiter.take()
        except sandbox_errors.BlingError:
            refused += 1
            if aimd:
                pacer.on_rate_limited()
        else:
            accepted += 1
            if aimd:
                pacer.on_accepted()
        now[0] += 0.02  # round trip
    return refused, accepted / (now[0] - started)


@pytest.mark.parametrize("phase", [0.0, 0.15, 0.3, 0.55, 0.8])
def test_the_strict_window_limiter_refuses_an_exact_pace_at_any_phase(phase: float) -> None:
    refused, _rate = strict_window_run(600, phase=phase, aimd=False)
    assert refused > 10  # 1/3 s exactly: some windows, a little longer than 1 s, get a 4th request


@pytest.mark.parametrize("phase", [0.0, 0.15, 0.55])
def test_one_aimd_client_stays_under_1_percent_of_429s_against_it(phase: float) -> None:
    refused, rate = strict_window_run(3000, phase=phase, aimd=True)
    assert refused / (refused + 3000) < 0.01
    assert rate > 1.5  # and keeps half the ceiling or more

"""Retry policy (pure functions) and the pacer with an injected clock."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from pdv_bling.bling.errors import BlingDailyLimit
from pdv_bling.bling.pacer import BLING_TZ, Pacer, next_bling_midnight
from pdv_bling.bling.retry import (
    Decision,
    backoff_delay,
    classify_exception,
    classify_status,
    parse_retry_after,
)
from tests.core.bling_support import FakeClock

REQ = httpx.Request("POST", "https://api.bling.com.br/Api/v3/pedidos/vendas")


@pytest.mark.parametrize(
    ("exc", "method", "expected"),
    [
        (httpx.ConnectError("refused", request=REQ), "POST", Decision.RETRY),
        (httpx.ConnectTimeout("slow dns", request=REQ), "POST", Decision.RETRY),
        (httpx.ReadTimeout("lost", request=REQ), "POST", Decision.OUTCOME_UNKNOWN),
        (httpx.RemoteProtocolError("dropped", request=REQ), "POST", Decision.OUTCOME_UNKNOWN),
        (httpx.ReadTimeout("lost", request=REQ), "GET", Decision.RETRY),
        (httpx.ReadTimeout("lost", request=REQ), "PUT", Decision.RETRY),
        (ValueError("bug"), "GET", Decision.FAIL),
    ],
)
def test_classify_exception(exc: Exception, method: str, expected: Decision) -> None:
    assert classify_exception(exc, method=method) is expected


@pytest.mark.parametrize(
    ("status", "method", "expected"),
    [
        (429, "POST", Decision.RETRY),  # refused before processing
        (429, "GET", Decision.RETRY),
        (500, "GET", Decision.RETRY),
        (503, "PATCH", Decision.RETRY),
        (500, "POST", Decision.OUTCOME_UNKNOWN),
        (400, "GET", Decision.FAIL),
        (401, "GET", Decision.FAIL),
        (403, "GET", Decision.FAIL),
        (404, "GET", Decision.FAIL),
        (414, "GET", Decision.FAIL),
    ],
)
def test_classify_status(status: int, method: str, expected: Decision) -> None:
    assert classify_status(status, method=method) is expected


def test_backoff_is_full_jitter_capped() -> None:
    rng = random.Random(1)
    for attempt in range(12):
        ceiling = min(30.0, 0.5 * 2**attempt)
        samples = [backoff_delay(attempt, rng=rng) for _ in range(200)]
        assert all(0.0 <= s <= ceiling for s in samples)
        assert max(samples) > ceiling * 0.8  # spread over the whole range, not a fixed delay
    assert max(backoff_delay(50, rng=rng) for _ in range(100)) <= 30.0


def test_retry_after_parsing() -> None:
    now = datetime(2026, 11, 26, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("2", now=now) == 2.0
    assert parse_retry_after("Thu, 26 Nov 2026 12:00:05 GMT", now=now) == 5.0
    assert parse_retry_after("Thu, 26 Nov 2026 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None


def test_pacer_spaces_requests_at_the_rate() -> None:
    clock = FakeClock()
    pacer = Pacer(rate_per_second=3.0, start_rate=3.0, clock=clock, sleep=clock.sleep)  # no slow start
    start = clock.now
    for _ in range(10):
        pacer.acquire()
    assert clock.now - start == pytest.approx(9 / 3.0)
    assert pacer.used_today == 10


def test_pacer_back_off_holds_everyone() -> None:
    clock = FakeClock()
    pacer = Pacer(rate_per_second=50.0, clock=clock, sleep=clock.sleep)
    pacer.acquire()
    pacer.back_off(2.0)
    before = clock.now
    pacer.acquire()
    assert clock.now - before == pytest.approx(2.0)


def test_pacer_daily_counter_stops_until_midnight() -> None:
    clock = FakeClock()
    wall = [datetime(2026, 11, 26, 22, 0, tzinfo=BLING_TZ)]
    pacer = Pacer(rate_per_second=1000, daily_limit=3, clock=clock, sleep=clock.sleep, wall_clock=lambda: wall[0])
    for _ in range(3):
        pacer.acquire()
    with pytest.raises(BlingDailyLimit) as caught:
        pacer.acquire()
    assert caught.value.resume_at == datetime(2026, 11, 27, 0, 0, tzinfo=BLING_TZ)
    wall[0] += timedelta(hours=2, minutes=1)  # next day in Brasília
    pacer.acquire()
    assert pacer.used_today == 1


def test_next_midnight_is_in_brasilia() -> None:
    utc_late = datetime(2026, 11, 27, 2, 30, tzinfo=UTC)  # 23:30 in São Paulo on the 26th
    assert next_bling_midnight(utc_late) == datetime(2026, 11, 27, 0, 0, tzinfo=BLING_TZ)

"""Retry policy as pure functions: what to do after a failed exchange, and how long to wait.

- Connection errors that happen before anything was sent, timeouts, 429 and 5xx are retried
  with capped exponential backoff and full jitter; other 4xx never are.
- A POST is not idempotent (Bling has no idempotency key): once its bytes may have reached the
  server, a lost answer or a 5xx is reported as "outcome unknown" and never re-sent.
"""

from __future__ import annotations

import enum
import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

UNSAFE_METHODS = frozenset({"POST"})


class Decision(enum.Enum):
    RETRY = "retry"
    FAIL = "fail"
    OUTCOME_UNKNOWN = "outcome_unknown"


# Errors raised before the request left the machine: always safe to repeat.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


def classify_exception(exc: Exception, *, method: str) -> Decision:
    """Decision for an httpx exception raised while sending `method`."""
    if isinstance(exc, _NOT_SENT):
        return Decision.RETRY
    if isinstance(exc, httpx.TransportError):  # read/write timeouts, dropped connections
        return Decision.OUTCOME_UNKNOWN if method.upper() in UNSAFE_METHODS else Decision.RETRY
    return Decision.FAIL


def classify_status(status: int, *, method: str) -> Decision:
    """Decision for an HTTP answer. 429 was refused before processing, so even a POST retries."""
    if status == 429:
        return Decision.RETRY
    if status >= 500:
        return Decision.OUTCOME_UNKNOWN if method.upper() in UNSAFE_METHODS else Decision.RETRY
    return Decision.FAIL


def backoff_delay(
    attempt: int, *, base: float = 0.5, cap: float = 30.0, rng: random.Random | None = None
) -> float:
    """Full jitter: uniform in [0, min(cap, base * 2**attempt)] (attempt counts from 0)."""
    ceiling = min(cap, base * (2 ** max(0, attempt)))
    return (rng or random).uniform(0.0, ceiling)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date); None if absent/bad."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now or datetime.now(UTC)
    return max(0.0, (when - current).total_seconds())

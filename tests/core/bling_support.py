"""Helpers for the Bling client tests: a client wired to respx with a fake clock and no sleeping."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from pdv_bling.base.events import EventBus
from pdv_bling.bling import BlingClient, BlingConfig, Exchange
from pdv_bling.bling.pacer import Pacer
from pdv_bling.bling.tokens import Credentials, MemoryTokenStore, TokenPair

API = "https://api.bling.com.br/Api/v3"
TOKEN_URL = f"{API}/oauth/token"
CREDS = Credentials("client-id-1", "s3cret")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def fresh_pair(access: str = "access-1", refresh: str = "refresh-1", *, hours: float = 6) -> TokenPair:
    return TokenPair(access, refresh, datetime.now(UTC) + timedelta(hours=hours))


def token_body(access: str, refresh: str, expires_in: int = 21600) -> dict[str, Any]:
    return {"access_token": access, "refresh_token": refresh, "expires_in": expires_in,
            "token_type": "Bearer", "scope": "98309 318257570"}


def error_body(kind: str, message: str = "", fields: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    inner: dict[str, Any] = {"type": kind, "message": message, "description": message, **extra}
    if fields is not None:
        inner["fields"] = fields
    return {"error": inner}


@dataclass
class Harness:
    client: BlingClient
    store: MemoryTokenStore
    bus: EventBus
    clock: FakeClock
    exchanges: list[Exchange] = field(default_factory=list)
    events: list[Any] = field(default_factory=list)


def make_harness(*, pair: TokenPair | None = None, max_attempts: int = 4, rate: float = 3.0,
                 daily_limit: int = 120_000, api_url: str = API) -> Harness:
    clock = FakeClock()
    store = MemoryTokenStore(pair if pair is not None else fresh_pair(), CREDS)
    bus = EventBus()
    config = BlingConfig.for_url(api_url, max_attempts=max_attempts, rate_per_second=rate, daily_limit=daily_limit)
    pacer = Pacer(rate_per_second=rate, daily_limit=daily_limit, clock=clock, sleep=clock.sleep)
    harness = Harness(client=None, store=store, bus=bus, clock=clock)  # type: ignore[arg-type]
    harness.client = BlingClient(
        config=config, tokens=store, bus=bus, observer=harness.exchanges.append, pacer=pacer,
        http=httpx.Client(), sleep=clock.sleep, rng=random.Random(7),
    )
    bus.subscribe_all(harness.events.append)
    return harness

"""The one place HTTP leaves for Bling: auth header, pacing, retries, error mapping, observer.

Resource modules only shape requests and parse `data`; they call `BlingHttp.request()`.

Each send, in this order: the access token (a refresh, when due, happens here, before any slot
is taken), the pacer's slot, the `gate` (the store's integrador: is the leadership still valid
at this very moment?), then the request, held to a total deadline (`bling/deadline.py`).
"""

from __future__ import annotations

import contextlib
import json
import logging
import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Protocol

import httpx

from pdv_bling.base.events import DailyLimitReached, EventBus
from pdv_bling.bling import deadline
from pdv_bling.bling.config import BlingConfig, link_host_allowed
from pdv_bling.bling.errors import (
    BlingDailyLimit,
    BlingError,
    BlingRateLimited,
    BlingTransportError,
    OutcomeUnknown,
    error_from_response,
    parse_error_body,
    transport_words,
)
from pdv_bling.bling.oauth import TokenManager
from pdv_bling.bling.pacer import Pacer, next_bling_midnight
from pdv_bling.bling.retry import (
    Decision,
    backoff_delay,
    classify_exception,
    classify_status,
    parse_retry_after,
)

log = logging.getLogger(__name__)

Params = Sequence[tuple[str, str | int | float]]


@dataclass(frozen=True)
class Exchange:
    """One HTTP exchange, reported to the observer (the API log) after it ends."""

    method: str
    path: str
    status: int | None
    ok: bool
    duration_ms: float
    error: BlingError | None
    request_summary: str
    attempt: int = 1


Observer = Callable[[Exchange], None]


class SendGate(Protocol):
    def before_send(self, method: str, path: str) -> None:
        """Raise to keep this request from leaving (called after the slot, right before the send)."""


def summarize(method: str, path: str, params: Params | None, body: Any) -> str:
    """Method, path, query and body size; never the Authorization header."""
    query = "&".join(f"{k}={v}" for k, v in params or [])
    size = len(json.dumps(body)) if body is not None else 0
    return f"{method} {path}{'?' + query if query else ''}" + (f" body={size}B" if body is not None else "")


class BlingHttp:
    def __init__(
        self,
        config: BlingConfig,
        *,
        tokens: TokenManager,
        pacer: Pacer,
        http: httpx.Client,
        bus: EventBus | None = None,
        observer: Observer | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.config = config
        self.tokens = tokens
        self.pacer = pacer
        self.gate: SendGate | None = None
        self.http = http
        deadline.enforce(http)
        self.bus = bus
        self.observer = observer
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._announced_pause: datetime | None = None
        self.clock_skew_s: float | None = None  # this PC minus Bling's `Date`, as the last answer said

    def request(
        self, method: str, path: str, *, params: Params | None = None, body: Any = None
    ) -> httpx.Response:
        """Send with pacing, auth and retries; return the 2xx response or raise a BlingError."""
        summary = summarize(method, path, params, body)
        replayed_401 = False
        attempt = 0
        while True:
            attempt += 1
            response, error = self._send_once(method, path, params, body, summary, attempt)
            if error is None and response is not None:
                return response
            assert error is not None
            if not replayed_401 and self._expired_token(response):
                assert response is not None
                replayed_401 = True
                self.tokens.refresh(stale=response.request.headers["Authorization"][7:])
                attempt -= 1  # the replay after a refresh is not a retry
                continue
            delay = self._after_failure(method, response, error, attempt)
            if delay is None:
                error.sends = attempt  # >1: an earlier send of this request may have taken effect
                raise error
            self._sleep(delay)

    def fetch_link(self, url: str) -> bytes:
        """GET a signed download link Bling handed out (a note's XML): paced like every request
        of the account, sent without the token, retried like any GET."""
        if not link_host_allowed(url, self.config.api_url):
            raise BlingError("Link de download fora do Bling", description=url.split("?", 1)[0][:200])
        summary = f"GET {url.split('?', 1)[0]}"
        attempt = 0
        while True:
            attempt += 1
            self._acquire_slot()
            started = time.perf_counter()
            response: httpx.Response | None = None
            try:
                response = self.http.get(url, timeout=self.config.timeout)
                error: BlingError | None = (None if response.is_success
                                            else error_from_response(response.status_code, response.content))
            except httpx.HTTPError as exc:
                error = self._transport_error(exc, "GET")
            self._report("GET", url.split("?", 1)[0], response, error, started, summary, attempt)
            if error is None:
                assert response is not None
                return response.content
            delay = self._after_failure("GET", response, error, attempt)
            if delay is None:
                raise error
            self._sleep(delay)

    def _report(self, method: str, path: str, response: httpx.Response | None, error: BlingError | None,
                started: float, summary: str, attempt: int) -> None:
        if self.observer is None:
            return
        status = response.status_code if response is not None else None
        try:
            self.observer(Exchange(method, path, status, error is None, (time.perf_counter() - started) * 1000,
                                   error, summary, attempt))
        except Exception:
            log.exception("Bling exchange observer failed")

    def _sample_clock(self, response: httpx.Response) -> None:
        raw = response.headers.get("Date")
        with contextlib.suppress(TypeError, ValueError):
            self.clock_skew_s = time.time() - parsedate_to_datetime(raw).timestamp() if raw else self.clock_skew_s

    @staticmethod
    def _expired_token(response: httpx.Response | None) -> bool:
        """401 invalid_token (or a 401 without a typed body): refresh once and replay once."""
        if response is None or response.status_code != 401:
            return False
        return parse_error_body(response.content).get("type") in ("invalid_token", None, "UNAUTHORIZED")

    def _after_failure(
        self, method: str, response: httpx.Response | None, error: BlingError, attempt: int
    ) -> float | None:
        """Seconds to wait before retrying, or None to give up (after raising side effects)."""
        if isinstance(error, OutcomeUnknown | BlingDailyLimit):
            return None
        if response is None:
            decision = Decision.RETRY  # transport error on a request that is safe to repeat
        else:
            decision = classify_status(response.status_code, method=method)
        if decision is not Decision.RETRY or attempt >= self.config.max_attempts:
            return None
        if isinstance(error, BlingRateLimited):
            # slower from now on (AIMD), at least Retry-After (or 1 s) before the next request
            self.pacer.on_rate_limited(error.retry_after)
            return 0.0  # the pacer itself holds the next slot back
        return backoff_delay(attempt - 1, rng=self._rng)

    def _send_once(
        self, method: str, path: str, params: Params | None, body: Any, summary: str, attempt: int
    ) -> tuple[httpx.Response | None, BlingError | None]:
        token = self.tokens.access_token()  # refreshed ahead, outside the slot and the gate
        self._acquire_slot()
        if self.gate is not None:
            self.gate.before_send(method, path)
        headers = {"Authorization": f"Bearer {token}", "enable-jwt": "1", "Accept": "application/json"}
        started = time.perf_counter()
        response: httpx.Response | None = None
        error: BlingError | None
        try:
            with deadline.within(self.config.deadline_s):
                response = self.http.request(
                    method,
                    f"{self.config.api_url}{path}",
                    params=list(params or []),
                    json=body,
                    headers=headers,
                    timeout=self.config.timeout,
                )
            error = None if response.is_success else self._map_error(response)
            self._sample_clock(response)
            if response.status_code != 429 and response.status_code < 500:
                self.pacer.on_accepted()  # the account had room for it
        except httpx.HTTPError as exc:
            error = self._transport_error(exc, method)
        if error is not None:
            error.path = path
        duration = (time.perf_counter() - started) * 1000
        status = response.status_code if response is not None else None
        if self.observer is not None:
            try:
                self.observer(Exchange(method, path, status, error is None, duration, error, summary, attempt))
            except Exception:
                log.exception("Bling exchange observer failed")
        return response, error

    def _acquire_slot(self) -> None:
        """Wait for the pacer; when our own daily counter trips, say so once per pause."""
        try:
            self.pacer.acquire()
        except BlingDailyLimit as exc:
            if exc.resume_at is not None and exc.resume_at != self._announced_pause:
                self._announced_pause = exc.resume_at
                if self.bus is not None:
                    self.bus.publish(DailyLimitReached(resume_at_iso=exc.resume_at.isoformat()))
            raise

    @staticmethod
    def _transport_error(exc: Exception, method: str) -> BlingError:
        timeout = isinstance(exc, httpx.TimeoutException)
        if classify_exception(exc, method=method) is Decision.OUTCOME_UNKNOWN:
            return OutcomeUnknown("Resposta perdida após o envio", description=transport_words(exc), timeout=timeout)
        return BlingTransportError("Falha de comunicação com o Bling", description=transport_words(exc), timeout=timeout)

    def _map_error(self, response: httpx.Response) -> BlingError:
        error = error_from_response(response.status_code, response.content)
        method = response.request.method
        if response.status_code == 429:
            return self._rate_limit_error(response, error)
        if classify_status(response.status_code, method=method) is Decision.OUTCOME_UNKNOWN:
            return OutcomeUnknown(
                error.message or "Erro do servidor após o envio",
                status=error.status,
                error_type=error.error_type,
                description=error.description,
                fields=error.fields,
            )
        return error

    def _rate_limit_error(self, response: httpx.Response, error: BlingError) -> BlingError:
        inner = parse_error_body(response.content)
        if inner.get("period") == "day":
            resume = next_bling_midnight(datetime.now(UTC))
            self.pacer.pause_until(resume)
            self._announced_pause = resume
            if self.bus is not None:
                self.bus.publish(DailyLimitReached(resume_at_iso=resume.isoformat()))
            return BlingDailyLimit(
                error.message, status=429, error_type=error.error_type,
                description=error.description, resume_at=resume,
            )
        return BlingRateLimited(
            error.message, status=429, error_type=error.error_type, description=error.description,
            retry_after=parse_retry_after(response.headers.get("Retry-After")),
        )


def data_of(response: httpx.Response) -> Any:
    """The `data` member of a JSON body (None for 204 / empty bodies)."""
    if response.status_code == 204 or not response.content:
        return None
    payload = response.json()
    return payload.get("data") if isinstance(payload, Mapping) else payload

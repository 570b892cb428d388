"""Read-only, counted access to the account for the check.

Only GET leaves from here (the check never creates or changes anything in Bling). Every HTTP
exchange is counted, retries and token replays included, and the count is capped. A 403 marks
the scope of its path as missing; the `Date` header of each answer is compared with this PC's
clock. Answers go through the app's own `BlingHttp` plumbing (pacer, tokens, retries, API log).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from statistics import median
from typing import Any

import httpx

from pdv_bling.bling.client import BlingClient
from pdv_bling.bling.errors import (
    BlingDailyLimit,
    BlingError,
    BlingForbidden,
    BlingRateLimited,
    BlingServerError,
    BlingTransportError,
    BlingUnauthorized,
    KeyringUnavailable,
    NotConnected,
    OutcomeUnknown,
    ReconnectionNeeded,
)
from pdv_bling.bling.http import BlingHttp, Exchange, Params, data_of
from pdv_bling.bling.scopes import scope_for_path

from . import model

MAX_REQUESTS = 20  # the check's bound (a healthy account needs 12-14; README "pdv-bling check")
ABORTS = (NotConnected, ReconnectionNeeded, KeyringUnavailable, BlingDailyLimit, BlingUnauthorized,
          BlingTransportError, BlingServerError, OutcomeUnknown, BlingRateLimited)


class CheckAborted(Exception):
    """The account cannot be read at all (not connected, offline...): `code` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class BudgetSpent(BlingError):
    """The check reached its request bound: what is left is reported as not verified."""

    code = "check_budget"


@dataclass(frozen=True)
class Reply:
    """One read: its data, or the error Bling answered (never a transport failure: that aborts)."""

    path: str
    data: Any = None
    error: BlingError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def forbidden(self) -> bool:
        return isinstance(self.error, BlingForbidden)

    @property
    def status(self) -> int | None:
        return self.error.status if self.error is not None else 200


@dataclass
class AccountReader:
    client: BlingClient
    limit: int = MAX_REQUESTS
    wall: Callable[[], float] = time.time
    requests: int = 0
    answered: set[str] = field(default_factory=set)  # scope keys that answered (any status but 403)
    forbidden: set[str] = field(default_factory=set)  # scope keys that answered 403
    skews: list[float] = field(default_factory=list)  # this PC minus Bling's Date, seconds

    def __post_init__(self) -> None:
        c = self.client
        self._downstream = c.http.observer
        # the pacer and the gate the client's own requests go through (a store's integrador checks
        # its lease right before each request and counts it there, for the store's daily budget)
        self._http = BlingHttp(c.config, tokens=c.tokens, pacer=c.http.pacer, http=c.http.http, bus=c.bus,
                               observer=self._observe)
        self._http.gate = c.http.gate

    def _observe(self, exchange: Exchange) -> None:
        self.requests += 1
        if self._downstream is not None:
            self._downstream(exchange)  # the API log sees the check's 403s, with the scope to enable

    def get(self, path: str, params: Params = ()) -> Reply:
        if self.requests >= self.limit:
            return Reply(path, error=BudgetSpent("request bound reached"))
        try:
            response = self._http.request("GET", path, params=params)
        except BlingError as exc:
            if exc.status is None or isinstance(exc, ABORTS):  # no answer from Bling at all
                raise CheckAborted(_abort_code(exc)) from exc
            self._note_scope(path, forbidden=isinstance(exc, BlingForbidden))
            return Reply(path, error=exc)
        self._note_scope(path, forbidden=False)
        self._sample_clock(response)
        return Reply(path, data=data_of(response))

    def list_all(self, path: str, params: Params = (), *, max_pages: int = 3) -> Reply:
        """Pages of 100 until a short one (at most `max_pages`); the data is the joined list."""
        rows: list[Any] = []
        for page in range(1, max_pages + 1):
            reply = self.get(path, [*params, ("pagina", page), ("limite", 100)])
            if not reply.ok:
                return reply if page == 1 else Reply(path, data=rows)
            items = reply.data if isinstance(reply.data, list) else [reply.data] if reply.data else []
            rows.extend(items)
            if len(items) < 100:
                break
        return Reply(path, data=rows)

    def _note_scope(self, path: str, *, forbidden: bool) -> None:
        scope = scope_for_path(path)
        if scope is not None:
            (self.forbidden if forbidden else self.answered).add(scope.key)

    def _sample_clock(self, response: httpx.Response) -> None:
        raw = response.headers.get("Date")
        if not raw:
            return
        try:
            server = parsedate_to_datetime(raw).timestamp()
        except (TypeError, ValueError):
            return
        self.skews.append(self.wall() - server)

    def clock_skew(self) -> float | None:
        """This PC minus Bling's clock, in seconds (median of the answers; None without a Date)."""
        return median(self.skews) if self.skews else None


def _abort_code(exc: BlingError) -> str:
    if isinstance(exc, NotConnected):
        return model.NOT_CONNECTED
    if isinstance(exc, ReconnectionNeeded | BlingUnauthorized):
        return model.RECONNECTION_NEEDED
    if isinstance(exc, BlingDailyLimit):
        return model.DAILY_LIMIT
    if isinstance(exc, KeyringUnavailable):
        return model.KEYRING_UNAVAILABLE
    return model.OFFLINE

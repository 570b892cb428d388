"""OAuth 2.0 authorization-code flow against Bling's token endpoint, and single-flight refresh.

Token calls use HTTP Basic `client_id:client_secret` (never in the body), a form body and the
`enable-jwt: 1` header. Bling rotates the refresh token on every use, so one lock guards
refresh and the new pair is persisted before its access token is handed out.
"""

from __future__ import annotations

import collections
import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from urllib.parse import urlencode

import httpx

from pdv_bling.base.events import EventBus, TokenRefreshed
from pdv_bling.base.events import ReconnectionNeeded as ReconnectionNeededEvent
from pdv_bling.bling import deadline
from pdv_bling.bling.config import BlingConfig
from pdv_bling.bling.errors import (
    BlingError,
    BlingRateLimited,
    BlingTransportError,
    NotConnected,
    OAuthError,
    ReconnectionNeeded,
    error_from_response,
    parse_error_body,
    transport_words,
)
from pdv_bling.bling.tokens import Credentials, TokenPair, TokenStore

log = logging.getLogger(__name__)

ConnectionState = Literal["connected", "not_connected", "reconnection_needed"]
DEAD_GRANT_TYPES = frozenset({"invalid_grant", "invalid_client"})


def authorize_url(config: BlingConfig, *, client_id: str, state: str) -> str:
    """The browser URL. Bling ignores redirect_uri (it uses the registered one); stand-ins use it."""
    query = urlencode(
        {"response_type": "code", "client_id": client_id, "state": state, "redirect_uri": config.redirect_uri}
    )
    return f"{config.authorize_url}?{query}"


def pair_from_token_response(data: dict[str, Any], *, now: datetime) -> TokenPair:
    """The pair of a token answer. `token_type` is compared without case: one account answered
    "bearer" (field guide §11 row 9); anything else is not a token this client can send."""
    token_type = str(data.get("token_type") or "Bearer")
    if token_type.strip().lower() != "bearer":
        raise OAuthError("Resposta inesperada do endpoint de token", description=f"token_type {token_type!r}")
    try:
        return TokenPair(
            access_token=str(data["access_token"]),
            refresh_token=str(data["refresh_token"]),
            expires_at=now + timedelta(seconds=int(data.get("expires_in") or 21600)),
            scope=str(data.get("scope") or ""),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise OAuthError("Resposta inesperada do endpoint de token", description=str(exc)) from exc


class TokenEndpoint:
    """Raw calls to /oauth/token and /oauth/revoke, guarded by a per-minute budget."""

    def __init__(
        self, config: BlingConfig, *, http: httpx.Client, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.config = config
        self.http = http
        self._clock = clock
        self._calls: collections.deque[float] = collections.deque()
        self._lock = threading.Lock()

    def _spend(self) -> None:
        with self._lock:
            now = self._clock()
            while self._calls and now - self._calls[0] >= 60.0:
                self._calls.popleft()
            if len(self._calls) >= self.config.max_token_calls_per_minute:
                raise BlingRateLimited(
                    "Muitas chamadas ao endpoint de token; aguarde um minuto",
                    retry_after=60.0 - (now - self._calls[0]),
                )
            self._calls.append(now)

    def _post(self, url: str, credentials: Credentials, form: dict[str, str]) -> httpx.Response:
        self._spend()
        try:
            with deadline.within(self.config.deadline_s):
                return self.http.post(
                    url,
                    data=form,
                    auth=httpx.BasicAuth(credentials.client_id, credentials.client_secret),
                    headers={"enable-jwt": "1", "Accept": "application/json"},
                    timeout=self.config.timeout,
                )
        except httpx.HTTPError as exc:
            raise BlingTransportError("Falha de comunicação com o endpoint de token", description=transport_words(exc)) from exc

    def grant(self, credentials: Credentials, form: dict[str, str]) -> TokenPair:
        response = self._post(self.config.token_url, credentials, form)
        if response.status_code != 200:
            raise token_error(response)
        return pair_from_token_response(response.json(), now=datetime.now(UTC))

    def exchange_code(self, credentials: Credentials, code: str) -> TokenPair:
        """Code -> tokens. The code lives one minute and works once: never retried."""
        return self.grant(credentials, {"grant_type": "authorization_code", "code": code})

    def refresh(self, credentials: Credentials, refresh_token: str) -> TokenPair:
        return self.grant(credentials, {"grant_type": "refresh_token", "refresh_token": refresh_token})

    def revoke(self, credentials: Credentials, token: str, *, hint: str = "refresh_token") -> None:
        response = self._post(self.config.revoke_url, credentials, {"token": token, "token_type_hint": hint})
        if response.status_code >= 400:
            raise token_error(response)


def token_error(response: httpx.Response) -> BlingError:
    inner = parse_error_body(response.content)
    kind = inner.get("type")
    if kind in DEAD_GRANT_TYPES:
        return ReconnectionNeeded(
            str(inner.get("message") or kind),
            status=response.status_code,
            error_type=str(kind),
            description=str(inner.get("description") or ""),
        )
    return error_from_response(response.status_code, response.content)


class TokenManager:
    """Hands out a valid access token; refreshes ahead of expiry, once, for every thread."""

    def __init__(
        self,
        config: BlingConfig,
        *,
        store: TokenStore,
        endpoint: TokenEndpoint,
        bus: EventBus | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.config = config
        self.store = store
        self.endpoint = endpoint
        self.bus = bus
        self._now = now
        self._lock = threading.Lock()
        self._pair: TokenPair | None = None

    def state(self) -> ConnectionState:
        pair = self.store.load_tokens()
        if pair is None:
            return "not_connected"
        return "reconnection_needed" if pair.reconnect_reason else "connected"

    def _current(self) -> TokenPair:
        pair = self._pair or self.store.load_tokens()
        if pair is None:
            raise NotConnected("Integração com o Bling não iniciada")
        if pair.reconnect_reason:
            raise ReconnectionNeeded("Reconexão com o Bling necessária", error_type=pair.reconnect_reason)
        self._pair = pair
        return pair

    def _fresh_enough(self, pair: TokenPair) -> bool:
        margin = timedelta(seconds=self.config.refresh_margin_s)
        return bool(pair.access_token) and pair.expires_at - margin > self._now()

    def access_token(self) -> str:
        pair = self._current()
        if self._fresh_enough(pair):
            return pair.access_token
        return self.refresh(stale=pair.access_token)

    def refresh(self, *, stale: str | None = None) -> str:
        """Refresh unless another thread (or process) already replaced the `stale` token."""
        with self._lock:
            pair = self.store.load_tokens() or self._pair
            if pair is None:
                raise NotConnected("Integração com o Bling não iniciada")
            if pair.reconnect_reason:
                raise ReconnectionNeeded("Reconexão com o Bling necessária", error_type=pair.reconnect_reason)
            if pair.access_token != stale and self._fresh_enough(pair):
                self._pair = pair
                return pair.access_token
            return self._refresh_locked(pair)

    def _refresh_locked(self, pair: TokenPair) -> str:
        credentials = self.store.load_credentials()
        if credentials is None:
            raise NotConnected("Credenciais do aplicativo Bling ausentes")
        try:
            new = self.endpoint.refresh(credentials, pair.refresh_token)
        except ReconnectionNeeded as exc:
            self._mark_dead(pair, exc.error_type or "invalid_grant")
            raise
        self.store.save_tokens(new)  # persisted before the new access token is used
        self._pair = new
        if self.bus is not None:
            self.bus.publish(TokenRefreshed(expires_at_iso=new.expires_at.isoformat()))
        return new.access_token

    def _mark_dead(self, pair: TokenPair, reason: str) -> None:
        dead = pair.dead(reason)
        self.store.save_tokens(dead)
        self._pair = dead
        log.warning("Bling refresh token refused (%s): reconnection needed", reason)
        if self.bus is not None:
            self.bus.publish(ReconnectionNeededEvent(reason=reason))

    def adopt(self, pair: TokenPair) -> None:
        """Store a pair obtained from the code exchange."""
        with self._lock:
            self.store.save_tokens(pair)
            self._pair = pair

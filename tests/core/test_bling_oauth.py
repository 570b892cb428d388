"""OAuth: code exchange, state check, single-flight refresh, rotation, invalid_grant."""

from __future__ import annotations

import base64
import socket
import threading
import urllib.request
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
import respx

from pdv_bling.base.events import EventBus, TokenRefreshed
from pdv_bling.base.events import ReconnectionNeeded as ReconnectionNeededEvent
from pdv_bling.bling import BlingConfig
from pdv_bling.bling.errors import NotConnected, ReconnectionNeeded, StateMismatch
from pdv_bling.bling.loopback import run_authorization
from pdv_bling.bling.oauth import TokenEndpoint, TokenManager, authorize_url
from pdv_bling.bling.tokens import MemoryTokenStore, TokenPair
from tests.core.bling_support import API, CREDS, TOKEN_URL, error_body, fresh_pair, make_harness, token_body

BASIC = "Basic " + base64.b64encode(b"client-id-1:s3cret").decode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def browser(answer: dict[str, str] | None = None, *, tamper_state: bool = False):  # type: ignore[no-untyped-def]
    """A fake browser: follows the authorize URL straight to the redirect with a code."""
    def show(url: str) -> None:
        query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        assert query["response_type"] == "code" and query["client_id"] == CREDS.client_id
        state = "forged" if tamper_state else query["state"]
        back = {"code": "the-code", "state": state, **(answer or {})}
        target = f"{query['redirect_uri']}?{urlencode(back)}"
        threading.Thread(target=lambda: urllib.request.urlopen(target, timeout=5).read(), daemon=True).start()
    return show


def flow(store: MemoryTokenStore, **browser_kw: object) -> TokenPair:
    config = BlingConfig.for_url(API, redirect_uri=f"http://127.0.0.1:{free_port()}/callback")
    with httpx.Client() as http:
        endpoint = TokenEndpoint(config, http=http)
        manager = TokenManager(config, store=store, endpoint=endpoint)
        return run_authorization(config, credentials=CREDS, manager=manager, endpoint=endpoint,
                                 show_url=browser(**browser_kw), timeout=10)  # type: ignore[arg-type]


def test_authorize_url_has_code_client_and_state() -> None:
    config = BlingConfig.for_url(API)
    url = authorize_url(config, client_id="abc", state="xyz")
    assert url.startswith("https://www.bling.com.br/Api/v3/oauth/authorize?")
    query = parse_qs(urlsplit(url).query)
    assert query["response_type"] == ["code"] and query["client_id"] == ["abc"] and query["state"] == ["xyz"]


def test_code_exchange_uses_basic_auth_form_body_and_enable_jwt() -> None:
    store = MemoryTokenStore()
    with respx.mock(assert_all_called=True) as mock:
        route = mock.post(TOKEN_URL).respond(200, json=token_body("jwt-access", "refresh-A"))
        pair = flow(store)
    request = route.calls.last.request
    assert route.call_count == 1
    assert request.headers["Authorization"] == BASIC
    assert request.headers["enable-jwt"] == "1"
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    form = parse_qs(request.content.decode())
    assert form == {"grant_type": ["authorization_code"], "code": ["the-code"]}
    assert "s3cret" not in request.content.decode() and "client_id" not in form
    assert store.pair == pair and pair.access_token == "jwt-access"
    assert pair.expires_at - datetime.now(UTC) > timedelta(hours=5, minutes=59)
    assert store.credentials == CREDS


def test_state_mismatch_aborts_without_exchange() -> None:
    store = MemoryTokenStore()
    with respx.mock(assert_all_called=False) as mock:
        route = mock.post(TOKEN_URL).respond(200, json=token_body("a", "r"))
        with pytest.raises(StateMismatch):
            flow(store, tamper_state=True)
    assert route.call_count == 0 and store.pair is None


def test_code_exchange_failure_is_not_retried() -> None:
    store = MemoryTokenStore()
    with respx.mock() as mock:
        route = mock.post(TOKEN_URL).respond(400, json=error_body("invalid_grant", "The authorization code has expired"))
        with pytest.raises(ReconnectionNeeded):
            flow(store)
    assert route.call_count == 1 and store.pair is None


@respx.mock
def test_refresh_under_8_threads_makes_exactly_one_token_call() -> None:
    h = make_harness(pair=fresh_pair("old-access", "refresh-1", hours=0.01))  # inside the 5-min margin
    token_route = respx.post(TOKEN_URL).respond(200, json=token_body("new-access", "refresh-2"))
    seen: list[str] = []
    lock = threading.Lock()

    def answer(request: httpx.Request) -> httpx.Response:
        with lock:
            seen.append(request.headers["Authorization"])
        return httpx.Response(200, json={"data": {"id": "hash", "nome": "Loja", "cnpj": "1"}})

    respx.get(f"{API}/empresas/me/dados-basicos").mock(side_effect=answer)
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def worker() -> None:
        barrier.wait()
        try:
            h.client.empresas.dados_basicos()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert token_route.call_count == 1
    assert seen == ["Bearer new-access"] * 8
    assert parse_qs(token_route.calls.last.request.content.decode()) == {
        "grant_type": ["refresh_token"], "refresh_token": ["refresh-1"]}
    assert [e for e in h.events if isinstance(e, TokenRefreshed)]


@respx.mock
def test_rotated_refresh_token_is_persisted_before_the_new_access_token_is_used() -> None:
    h = make_harness(pair=fresh_pair("old-access", "refresh-1", hours=0.01))
    respx.post(TOKEN_URL).respond(200, json=token_body("new-access", "refresh-2"))
    stored_at_use: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        assert h.store.pair is not None
        stored_at_use.append(h.store.pair.refresh_token)
        return httpx.Response(200, json={"data": {"id": "hash", "nome": "Loja", "cnpj": "1"}})

    respx.get(f"{API}/empresas/me/dados-basicos").mock(side_effect=answer)
    h.client.empresas.dados_basicos()
    assert stored_at_use == ["refresh-2"]
    assert [p.refresh_token for p in h.store.saves] == ["refresh-2"]


@respx.mock
def test_401_invalid_token_refreshes_once_and_replays_once() -> None:
    h = make_harness(pair=fresh_pair("revoked-access", "refresh-1"))
    respx.post(TOKEN_URL).respond(200, json=token_body("new-access", "refresh-2"))
    api = respx.get(f"{API}/empresas/me/dados-basicos").mock(side_effect=[
        httpx.Response(401, json=error_body("invalid_token", "The access token provided is invalid")),
        httpx.Response(200, json={"data": {"id": "h", "nome": "Loja", "cnpj": "1"}}),
    ])
    assert h.client.empresas.dados_basicos().nome == "Loja"
    assert [c.request.headers["Authorization"] for c in api.calls] == ["Bearer revoked-access", "Bearer new-access"]


@respx.mock
def test_second_401_after_replay_is_raised_not_looped() -> None:
    h = make_harness(pair=fresh_pair("a1", "r1"))
    token = respx.post(TOKEN_URL).respond(200, json=token_body("a2", "r2"))
    api = respx.get(f"{API}/empresas/me/dados-basicos").respond(401, json=error_body("invalid_token"))
    from pdv_bling.bling.errors import BlingUnauthorized
    with pytest.raises(BlingUnauthorized):
        h.client.empresas.dados_basicos()
    assert token.call_count == 1 and api.call_count == 2


@respx.mock
def test_invalid_grant_puts_connection_in_reconnection_state() -> None:
    h = make_harness(pair=fresh_pair("old", "dead-refresh", hours=-1))
    token = respx.post(TOKEN_URL).respond(400, json=error_body("invalid_grant", "Invalid refresh token"))
    api = respx.get(f"{API}/empresas/me/dados-basicos").respond(200, json={"data": {}})
    assert h.client.connection_state() == "connected"
    with pytest.raises(ReconnectionNeeded):
        h.client.empresas.dados_basicos()
    assert h.client.connection_state() == "reconnection_needed"
    assert [e.reason for e in h.events if isinstance(e, ReconnectionNeededEvent)] == ["invalid_grant"]
    with pytest.raises(ReconnectionNeeded):  # no more token calls: the refresh token is dead
        h.client.empresas.dados_basicos()
    assert token.call_count == 1 and api.call_count == 0


def test_not_connected_without_tokens() -> None:
    h = make_harness()
    h.store.pair = None
    assert h.client.connection_state() == "not_connected"
    with pytest.raises(NotConnected):
        h.client.tokens.access_token()


@respx.mock
def test_token_calls_are_capped_per_minute() -> None:
    h = make_harness(pair=fresh_pair("a", "r", hours=-1))
    token = respx.post(TOKEN_URL).respond(200, json=token_body("a2", "r2", expires_in=1))  # always "expired"
    respx.get(f"{API}/empresas/me/dados-basicos").respond(200, json={"data": {"id": "h", "nome": "L", "cnpj": "1"}})
    from pdv_bling.bling.errors import BlingRateLimited
    with pytest.raises(BlingRateLimited):
        for _ in range(20):
            h.client.empresas.dados_basicos()
    assert token.call_count == h.client.config.max_token_calls_per_minute


def test_manager_rereads_a_pair_refreshed_by_another_process() -> None:
    store = MemoryTokenStore(fresh_pair("a1", "r1"), CREDS)
    config = BlingConfig.for_url(API)
    with httpx.Client() as http:
        manager = TokenManager(config, store=store, endpoint=TokenEndpoint(config, http=http), bus=EventBus())
        assert manager.access_token() == "a1"
        store.pair = fresh_pair("a2", "r2")  # the other process rotated the pair
        assert manager.refresh(stale="a1") == "a2"  # no token call (respx not active: it would fail)

"""Token stores, config derivation, open_client's choice of store, and the connect/disconnect CLI."""

from __future__ import annotations

import json
import logging
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import keyring
import keyring.errors
import pytest
import respx

from pdv_bling.base.memkeyring import MemoryKeyring
from pdv_bling.bling import BlingConfig, open_client
from pdv_bling.bling.errors import KeyringUnavailable, SecretTooLarge
from pdv_bling.bling.tokens import (
    CHUNK_BYTES,
    Credentials,
    KeyringTokenStore,
    SandboxFileTokenStore,
    TokenPair,
    split_secret,
    utf16_size,
)
from pdv_bling.cli.main import main
from pdv_bling.store.context import AppContext
from pdv_bling.store.settings import get_value, set_value
from tests.core.bling_support import fresh_pair, token_body
from tests.core.test_bling_oauth import free_port


def test_config_derivation_for_bling_and_for_a_stand_in() -> None:
    real = BlingConfig.from_env(environ={})
    assert real.api_url == "https://api.bling.com.br/Api/v3"
    assert real.authorize_url == "https://www.bling.com.br/Api/v3/oauth/authorize"
    assert real.token_url == "https://api.bling.com.br/Api/v3/oauth/token"
    local = BlingConfig.from_env(environ={"PDV_BLING_API_URL": "http://127.0.0.1:5000/Api/v3/"})
    assert (local.authorize_url, local.token_url, local.revoke_url) == (
        "http://127.0.0.1:5000/Api/v3/oauth/authorize", "http://127.0.0.1:5000/Api/v3/oauth/token",
        "http://127.0.0.1:5000/Api/v3/oauth/revoke")
    assert local.is_local and not real.is_local
    saved = BlingConfig.from_env(api_url="http://localhost:7000/Api/v3", environ={
        "PDV_BLING_TOKEN_URL": "http://localhost:7001/token", "PDV_BLING_RATE_PER_SECOND": "2.5"})
    assert saved.api_url == "http://localhost:7000/Api/v3" and saved.token_url == "http://localhost:7001/token"
    assert saved.rate_per_second == 2.5
    env_wins = BlingConfig.from_env(api_url="http://localhost:7000/Api/v3",
                                    environ={"PDV_BLING_API_URL": "http://127.0.0.1:1/Api/v3"})
    assert env_wins.api_url == "http://127.0.0.1:1/Api/v3"


def test_keyring_store_round_trips_a_long_jwt_in_chunks(memory_keyring: MemoryKeyring) -> None:
    store = KeyringTokenStore()
    jwt = "eyJ" + "x" * 2997
    store.save_tokens(fresh_pair(jwt, "refresh-1"))
    store.save_tokens(fresh_pair(jwt + "y", "refresh-2"))
    store.save_credentials(Credentials("cid", "csecret"))
    loaded = store.load_tokens()
    assert loaded is not None and loaded.access_token == jwt + "y" and loaded.refresh_token == "refresh-2"
    assert store.load_credentials() == Credentials("cid", "csecret")
    assert all(len(v) <= 1000 for v in memory_keyring.store.values())
    assert all(service == "pdv-bling" for service, _ in memory_keyring.store)
    assert not [k for k in memory_keyring.store if k[1].startswith("default:tokens.1.")]  # old generation gone
    store.clear_tokens()
    assert store.load_tokens() is None and store.load_credentials() is not None



class CredWriteError(Exception):
    """What keyring's Windows backend lets through from win32ctypes when CredWrite refuses."""


class CredentialManagerKeyring(MemoryKeyring):
    """keyring's Windows backend as Windows runs it: the password goes to CredWrite as a UTF-16
    blob, and a blob over CRED_MAX_CREDENTIAL_BLOB_SIZE (5 * 512 bytes) is refused."""

    BLOB_LIMIT = 5 * 512

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[int] = []  # the blob size of every write that was tried

    def set_password(self, service: str, username: str, password: str) -> None:
        blob = len(password.encode("utf-16-le"))
        self.writes.append(blob)
        if blob > self.BLOB_LIMIT:
            raise CredWriteError(1783, "CredWrite", "The stub received bad data.")
        super().set_password(service, username, password)


def test_tokens_fit_windows_credential_manager_split_in_utf16_sized_entries() -> None:
    ring = CredentialManagerKeyring()
    keyring.set_keyring(ring)
    with pytest.raises(CredWriteError):  # the fake refuses what Windows refuses
        ring.set_password("pdv-bling", "probe", "a" * 1281)
    ring.writes.clear()
    # a 3,000-character JWT, a long refresh token, a scope with characters outside the BMP
    pair = TokenPair(access_token="eyJ" + "x" * 2997, refresh_token="r" * 2600,
                     expires_at=fresh_pair().expires_at, scope="🧾 𝄞 vendas " * 150)
    assert utf16_size(json.dumps(pair.to_json())) > 3 * CredentialManagerKeyring.BLOB_LIMIT
    store = KeyringTokenStore()
    store.save_tokens(pair)
    store.save_tokens(pair.dead("invalid_grant"))
    assert store.load_tokens() == pair.dead("invalid_grant")
    assert max(ring.writes) <= CHUNK_BYTES < CredentialManagerKeyring.BLOB_LIMIT and len(ring.store) >= 4
    # the pieces are measured as CredWrite measures them: 4 bytes for a character outside the BMP
    text = "𝄞" * 700 + "ç" * 700
    pieces = split_secret(text)
    assert "".join(pieces) == text and max(utf16_size(p) for p in pieces) <= CHUNK_BYTES
    assert len(pieces[0]) == CHUNK_BYTES // 4


def test_credentials_over_the_windows_limit_are_refused_in_portuguese_and_nothing_is_written() -> None:
    ring = CredentialManagerKeyring()
    keyring.set_keyring(ring)
    store = KeyringTokenStore()
    store.save_credentials(Credentials("cid", "s" * 1200))  # a long but storable secret
    with pytest.raises(SecretTooLarge) as info:
        store.save_credentials(Credentials("cid", "s" * 1300))  # e.g. pasted twice
    assert info.value.code == "secret_too_large" and info.value.entry == "client"
    message = info.value.message
    assert "client_secret" in message and "Gerenciador de Credenciais do Windows" in message
    assert "2560" in message and "não cabe" in message
    assert max(ring.writes) <= CredentialManagerKeyring.BLOB_LIMIT  # the keyring was never asked
    assert store.load_credentials() == Credentials("cid", "s" * 1200)  # what was there stays


def test_no_keyring_backend_is_a_typed_error_never_plain_text(tmp_path: Path) -> None:
    class NoBackend(MemoryKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            raise keyring.errors.NoKeyringError("No recommended backend was available")

        def get_password(self, service: str, username: str) -> str | None:
            raise keyring.errors.NoKeyringError("No recommended backend was available")

    keyring.set_keyring(NoBackend())
    store = KeyringTokenStore()
    with pytest.raises(KeyringUnavailable) as caught:
        store.save_tokens(fresh_pair())
    assert caught.value.code == "keyring_unavailable"
    assert "gnome-keyring" in caught.value.message and "instale" in caught.value.message
    with pytest.raises(KeyringUnavailable):
        store.load_tokens()
    assert not list(tmp_path.iterdir())


def test_sandbox_file_store_only_for_loopback(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        SandboxFileTokenStore(tmp_path, api_url="https://api.bling.com.br/Api/v3")
    store = SandboxFileTokenStore(tmp_path, api_url="http://127.0.0.1:5000/Api/v3")
    store.save_tokens(fresh_pair("a", "r"))
    again = SandboxFileTokenStore(tmp_path, api_url="http://127.0.0.1:5000/Api/v3")
    assert again.load_tokens() == store.load_tokens()
    other = SandboxFileTokenStore(tmp_path, api_url="http://127.0.0.1:6000/Api/v3")
    assert other.load_tokens() is None


def test_open_client_picks_store_from_env_then_setting(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PDV_BLING_API_URL", raising=False)
    with AppContext.open(home, log=False) as ctx:
        with open_client(ctx) as client:
            assert client.config.api_url == "https://api.bling.com.br/Api/v3"
            assert isinstance(client.store, KeyringTokenStore)
        with ctx.store.transaction() as session:
            set_value(session, "bling_api_url", "http://127.0.0.1:5999/Api/v3")
        with open_client(ctx) as client:
            assert isinstance(client.store, SandboxFileTokenStore)
            assert client.connection_state() == "not_connected"
        monkeypatch.setenv("PDV_BLING_API_URL", "http://localhost:6001/Api/v3")
        with open_client(ctx) as client:
            assert client.config.api_url == "http://localhost:6001/Api/v3"


def _fake_browser(url: str) -> bool:
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    back = f"{query['redirect_uri']}?{urlencode({'code': 'c0de', 'state': query['state']})}"
    threading.Thread(target=lambda: urllib.request.urlopen(back, timeout=5).read(), daemon=True).start()
    return True


@pytest.fixture
def no_leaked_log_handlers() -> Iterator[None]:
    """The CLI configures file logging in the test's home: detach it afterwards."""
    root = logging.getLogger()
    before = list(root.handlers)
    yield
    for handler in [h for h in root.handlers if h not in before]:
        root.removeHandler(handler)
        handler.close()


@pytest.mark.usefixtures("no_leaked_log_handlers")
def test_cli_connect_then_disconnect(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    api = "http://127.0.0.1:9/Api/v3"  # answered by respx; nothing listens there
    monkeypatch.setenv("PDV_BLING_API_URL", api)
    monkeypatch.setattr("webbrowser.open", _fake_browser)
    redirect = f"http://127.0.0.1:{free_port()}/callback"
    with respx.mock(assert_all_called=True) as mock:
        token = mock.post(f"{api}/oauth/token").respond(200, json=token_body("acc", "ref"))
        mock.get(f"{api}/empresas/me/dados-basicos").respond(200, json={"data": {"id": "h", "nome": "Loja X", "cnpj": "1"}})
        series = mock.get(f"{api}/pedidos/vendas").respond(200, json={"data": []})  # the terminal's series is free
        assert main(["connect", "--client-id", "cid", "--client-secret", "sec", "--redirect-uri", redirect]) == 0
        assert "PDV01-0000001" in series.calls.last.request.url.params.get_list("numerosLojas[]")
        revoke = mock.post(f"{api}/oauth/revoke").respond(200)
        with AppContext.open(home, log=False) as ctx:
            with ctx.store.read() as session:
                assert get_value(session, "bling_api_url") == api
            store = SandboxFileTokenStore(ctx.paths.data, api_url=api)
            assert store.load_tokens() is not None and store.load_credentials() == Credentials("cid", "sec")
        assert parse_qs(token.calls.last.request.content.decode())["code"] == ["c0de"]
        assert main(["disconnect"]) == 0
        assert parse_qs(revoke.calls.last.request.content.decode())["token"] == ["ref"]
    assert store.load_tokens() is None

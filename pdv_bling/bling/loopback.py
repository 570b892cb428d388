"""The OAuth redirect target for a desktop app: a one-shot HTTP listener on 127.0.0.1 only,
on the port of the redirect URL registered in Bling. It answers the browser with a short pt_BR
page, checks `state`, and hands back the authorization code."""

from __future__ import annotations

import http.server
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from urllib.parse import parse_qs, urlsplit

from pdv_bling.bling.config import BlingConfig
from pdv_bling.bling.errors import OAuthError, StateMismatch
from pdv_bling.bling.oauth import TokenEndpoint, TokenManager, authorize_url
from pdv_bling.bling.tokens import Credentials, TokenPair

PAGE = (
    "<!doctype html><html lang='pt-BR'><head><meta charset='utf-8'><title>PDV Bling</title></head>"
    "<body style='font-family:sans-serif;margin:3em'><h1>{title}</h1><p>{text}</p></body></html>"
)
OK_PAGE = PAGE.format(title="Integração autorizada", text="Pode fechar esta janela e voltar ao PDV Bling.")


@dataclass(frozen=True)
class Callback:
    code: str | None
    state: str | None
    error: str | None
    error_description: str | None


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _CallbackServer

    def do_GET(self) -> None:  # noqa: N802 (stdlib name)
        parts = urlsplit(self.path)
        if parts.path != self.server.callback_path:
            self.send_error(404)
            return
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        result = Callback(query.get("code"), query.get("state"), query.get("error"), query.get("error_description"))
        ok = result.error is None and result.code is not None and result.state == self.server.expected_state
        body = OK_PAGE if ok else PAGE.format(
            title="Autorização não concluída",
            text=escape(result.error_description or result.error or "Resposta inválida do Bling.")
            + " Volte ao PDV Bling e tente de novo.",
        )
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)
        self.server.result = result

    def log_message(self, format: str, *args: object) -> None:  # the query holds the code: no logging
        return


class _CallbackServer(http.server.HTTPServer):
    def __init__(self, port: int, *, callback_path: str, expected_state: str) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.callback_path = callback_path
        self.expected_state = expected_state
        self.result: Callback | None = None


class CallbackListener:
    """Bind first (so the browser never races the listener), then `wait()` for one callback."""

    def __init__(self, redirect_uri: str, *, expected_state: str) -> None:
        parts = urlsplit(redirect_uri)
        if parts.hostname not in ("127.0.0.1", "localhost"):
            raise OAuthError("O endereço de retorno deve ser http://127.0.0.1:PORTA/...")
        self.expected_state = expected_state
        self._server = _CallbackServer(
            parts.port or 80, callback_path=parts.path or "/", expected_state=expected_state
        )
        self._server.timeout = 0.2

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def wait(self, *, timeout: float = 300.0) -> str:
        """The authorization code; raises OAuthError/StateMismatch, or OAuthError on timeout."""
        deadline = time.monotonic() + timeout
        try:
            while self._server.result is None:
                if time.monotonic() > deadline:
                    raise OAuthError("Tempo esgotado aguardando a autorização no navegador", error_type="timeout")
                self._server.handle_request()
        finally:
            self._server.server_close()
        return check_callback(self._server.result, expected_state=self.expected_state)

    def close(self) -> None:
        self._server.server_close()


def check_callback(result: Callback, *, expected_state: str) -> str:
    if result.state != expected_state:
        raise StateMismatch("O parâmetro state não confere: autorização abortada", error_type="state_mismatch")
    if result.error is not None:
        raise OAuthError(result.error_description or result.error, error_type=result.error)
    if not result.code:
        raise OAuthError("Retorno sem código de autorização", error_type="missing_code")
    return result.code


def run_authorization(
    config: BlingConfig,
    *,
    credentials: Credentials,
    manager: TokenManager,
    endpoint: TokenEndpoint,
    show_url: Callable[[str], None],
    timeout: float = 300.0,
) -> TokenPair:
    """The whole flow: listen, show the authorize URL, wait, exchange the code once, store."""
    state = secrets.token_urlsafe(24)
    listener = CallbackListener(config.redirect_uri, expected_state=state)
    url = authorize_url(config, client_id=credentials.client_id, state=state)
    waiter: list[str | BaseException] = []

    def wait() -> None:
        try:
            waiter.append(listener.wait(timeout=timeout))
        except BaseException as exc:  # handed to the caller below
            waiter.append(exc)

    thread = threading.Thread(target=wait, name="bling-oauth-callback", daemon=True)
    thread.start()
    show_url(url)
    thread.join()
    outcome = waiter[0]
    if isinstance(outcome, BaseException):
        raise outcome
    manager.store.save_credentials(credentials)
    pair = endpoint.exchange_code(credentials, outcome)  # the code works once: never retried
    manager.adopt(pair)
    return pair

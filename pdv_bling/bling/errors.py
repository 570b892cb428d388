"""Typed errors of the Bling v3 API, parsed from `{"error": {type, message, description, fields}}`.

One class per family, each with a short machine `code` that `sync/` maps to a suggested fix
(the UI turns codes into pt_BR words). `fields[].code` carries Bling's own validation codes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class ErrorField:
    """One entry of `error.fields[]` (or of its `collection[]`, where `index` is set)."""

    code: int | None
    msg: str
    element: str | None = None
    namespace: str | None = None
    index: int | None = None
    collection: list[ErrorField] = field(default_factory=list)

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> ErrorField:
        code = raw.get("code")
        index = raw.get("index")
        return cls(
            code=int(code) if isinstance(code, int | str) and str(code).isdigit() else None,
            msg=str(raw.get("msg") or ""),
            element=raw.get("element"),
            namespace=raw.get("namespace"),
            index=int(index) if isinstance(index, int) else None,
            collection=[cls.from_json(c) for c in raw.get("collection") or [] if isinstance(c, Mapping)],
        )


class BlingError(Exception):
    """Base of every error the client raises."""

    code = "bling_error"
    path: str | None = None  # the API path that answered (set by BlingHttp): a 403 names its scope

    def __init__(
        self,
        message: str = "",
        *,
        status: int | None = None,
        error_type: str | None = None,
        description: str = "",
        fields: list[ErrorField] | None = None,
    ) -> None:
        super().__init__(message or description or self.code)
        self.status = status
        self.error_type = error_type
        self.message = message
        self.description = description
        self.fields: list[ErrorField] = list(fields or [])
        self.sends = 1  # how many times the request went out before this error (set by BlingHttp)

    def code_list(self) -> list[int]:
        """Every `fields[].code` and nested `collection[].code`, in order."""
        codes: list[int] = []
        stack = list(reversed(self.fields))
        while stack:
            item = stack.pop()
            if item.code is not None:
                codes.append(item.code)
            stack.extend(reversed(item.collection))
        return codes

    def __str__(self) -> str:
        parts = [p for p in (self.code, str(self.status or ""), self.error_type, self.message) if p]
        if self.description:
            parts.append(self.description)
        parts.extend(f"[{f.code}] {f.msg}" for f in self.fields)
        return " | ".join(parts)


class BlingValidationError(BlingError):
    code = "validation"


class BlingNotFound(BlingError):
    code = "not_found"


class BlingUnauthorized(BlingError):
    code = "unauthorized"


class BlingForbidden(BlingError):
    code = "forbidden"


class BlingRateLimited(BlingError):
    code = "rate_limited"

    def __init__(self, *args: Any, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.retry_after = retry_after


class BlingDailyLimit(BlingError):
    """The account's daily budget is spent: all traffic pauses until `resume_at`."""

    code = "daily_limit"

    def __init__(self, *args: Any, resume_at: datetime | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.resume_at = resume_at


class BlingServerError(BlingError):
    code = "server"


class BlingTransportError(BlingError):
    """No HTTP answer (connection refused, DNS, timeout) on a request that is safe to repeat."""

    code = "transport"

    def __init__(self, *args: Any, timeout: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.timeout = timeout  # Bling was reached but did not answer in time (vs. not reachable)


class OutcomeUnknown(BlingError):
    """A non-idempotent request (POST) was sent but its answer was lost: it may have taken effect.

    The client never re-sends it; the caller must look the record up before trying again.
    """

    code = "outcome_unknown"

    def __init__(self, *args: Any, timeout: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.timeout = timeout


class ReconnectionNeeded(BlingError):
    """The refresh token is dead (invalid_grant): the manager must authorize the app again."""

    code = "reconnection_needed"


class NotConnected(BlingError):
    """No tokens stored: the app was never connected (or was disconnected)."""

    code = "not_connected"


class OAuthError(BlingError):
    """The authorization step failed (denied, state mismatch, bad callback, bad credentials)."""

    code = "oauth"


class StateMismatch(OAuthError):
    code = "state_mismatch"


class KeyringUnavailable(BlingError):
    """No OS keyring backend: tokens cannot be stored safely (never falls back to plain text)."""

    code = "keyring_unavailable"

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "Nenhum cofre de senhas do sistema (keyring) disponível. No Linux instale e inicie o "
            "gnome-keyring ou o KWallet (pacote 'gnome-keyring' / 'kwalletmanager', ou o pacote "
            "Python 'secretstorage'); no Windows e no macOS o cofre já vem com o sistema. Num PC sem "
            "área de trabalho (o integrador da loja como serviço), escolha o cofre em arquivo criptografado: "
            "PYTHON_KEYRING_BACKEND=pdv_bling.base.filekeyring.EncryptedFileKeyring (passo a passo em "
            "docs/store-mode.md). / "
            "No OS keyring backend available: on Linux install and start gnome-keyring or KWallet "
            "(or the Python package 'secretstorage').",
            description=detail,
        )



class SecretTooLarge(BlingError):
    """One keyring entry would pass what Windows' Credential Manager stores (2,560 bytes as UTF-16):
    refused on every system, before the keyring is asked, so a terminal works the same everywhere."""

    code = "secret_too_large"

    def __init__(self, entry: str, size: int, limit: int) -> None:
        what = "O client_id e o client_secret" if entry == "client" else f"O dado '{entry}'"
        hint = (" Confira se foram copiados do Bling inteiros, sem texto a mais." if entry == "client" else "")
        super().__init__(
            f"{what} não cabe no cofre de senhas do sistema: ocupa {size} bytes e o Gerenciador de "
            f"Credenciais do Windows aceita até {limit}.{hint}",
            description=f"keyring entry {entry!r}: {size} bytes as UTF-16, limit {limit}",
        )
        self.entry = entry

_BY_STATUS: dict[int, type[BlingError]] = {
    400: BlingValidationError,
    401: BlingUnauthorized,
    403: BlingForbidden,
    404: BlingNotFound,
    414: BlingValidationError,
    422: BlingValidationError,
    429: BlingRateLimited,
}


def parse_error_body(body: bytes | str | None) -> dict[str, Any]:
    """The inner `error` object of a Bling error body ({} when absent or not JSON)."""
    if not body:
        return {}
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return {}
    if not isinstance(data, dict):
        return {}
    inner = data.get("error")
    if isinstance(inner, dict):
        return inner
    if "error" in data and isinstance(data.get("error"), str):  # RFC 6749 OAuth style
        return {"type": data["error"], "description": data.get("error_description", "")}
    return {}


def error_from_response(status: int, body: bytes | str | None) -> BlingError:
    """Map an HTTP error status and body to the typed error (5xx -> BlingServerError)."""
    inner = parse_error_body(body)
    cls = BlingServerError if status >= 500 else _BY_STATUS.get(status, BlingError)
    if inner.get("type") == "insufficient_scope":
        cls = BlingForbidden
    fields = [ErrorField.from_json(f) for f in inner.get("fields") or [] if isinstance(f, Mapping)]
    return cls(
        str(inner.get("message") or ""),
        status=status,
        error_type=inner.get("type") if isinstance(inner.get("type"), str) else None,
        description=str(inner.get("description") or ""),
        fields=fields,
    )


# Network failures in words (httpx's classes by name: this module does not import httpx). The
# technical text kept with an error is read by people (Fila de envio, Logs de API): never a repr.
_TRANSPORT_WORDS = (
    ("ConnectTimeout", "tempo esgotado ao conectar"),
    ("ReadTimeout", "o Bling não respondeu a tempo"),
    ("WriteTimeout", "tempo esgotado ao enviar"),
    ("PoolTimeout", "tempo esgotado esperando uma conexão livre"),
    ("ConnectError", "não foi possível conectar"),
    ("RemoteProtocolError", "a conexão caiu durante a resposta"),
    ("ReadError", "a conexão caiu durante a resposta"),
    ("WriteError", "a conexão caiu durante o envio"),
    ("ProxyError", "falha no proxy"),
    ("TimeoutException", "tempo esgotado"),
)


_REASONS = (  # the system's reason, as the OS says it in English on every platform we ship
    ("refused", "conexão recusada"),
    ("name or service not known", "endereço não encontrado (DNS)"),
    ("temporary failure in name resolution", "endereço não encontrado (DNS)"),
    ("getaddrinfo failed", "endereço não encontrado (DNS)"),
    ("nodename nor servname", "endereço não encontrado (DNS)"),
    ("network is unreachable", "rede inacessível"),
    ("no route to host", "sem rota até o servidor"),
    ("reset by peer", "conexão encerrada pelo servidor"),
    ("timed out", "tempo esgotado"),
    ("certificate", "certificado de segurança recusado"),
)


def transport_words(exc: BaseException) -> str:
    """"não foi possível conectar (conexão recusada)": what happened on the network, with the
    system's reason in words when it is a known one (never a class name or a repr)."""
    names = [klass.__name__ for klass in type(exc).__mro__]
    words = next((text for name, text in _TRANSPORT_WORDS if name in names), "falha de rede")
    raw = str(exc).lower()
    reason = next((text for needle, text in _REASONS if needle in raw), None)
    return f"{words} ({reason})" if reason is not None and reason != words else words


"""Where the client talks to and how fast: Bling, the local stand-in, or any server a tester names."""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

DEFAULT_API_URL = "https://api.bling.com.br/Api/v3"
DEFAULT_REDIRECT_URI = "http://127.0.0.1:8765/callback"
REAL_API_HOST = "api.bling.com.br"
REAL_AUTHORIZE_URL = "https://www.bling.com.br/Api/v3/oauth/authorize"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
BLING_RATE_LIMIT = 3.0  # requests per second per account (field guide §3)

log = logging.getLogger(__name__)


class ConfigProblem(ValueError):
    """An environment setting the client cannot use (pt_BR text)."""


def rate_from_env(text: str, *, api_url: str) -> float:
    """PDV_BLING_RATE_PER_SECOND: a number in (0, 3]; above 3 against Bling it is capped (with a
    warning), since the account allows 3/s. The local stand-in accepts any positive rate."""
    try:
        rate = float(text.strip().replace(",", "."))
    except ValueError:
        rate = math.nan
    if not math.isfinite(rate) or rate <= 0:
        raise ConfigProblem(f"PDV_BLING_RATE_PER_SECOND: use um número maior que 0 e no máximo 3 "
                            f"(recebido {text.strip()[:30]!r}).")
    if rate > BLING_RATE_LIMIT and not is_loopback(api_url):
        log.warning("PDV_BLING_RATE_PER_SECOND=%s está acima do limite do Bling: usando %g requisições por "
                    "segundo.", text.strip()[:30], BLING_RATE_LIMIT)
        return BLING_RATE_LIMIT
    return rate


def daily_limit_from_env(text: str) -> int:
    value = text.strip()
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value[:12]) <= 10_000_000:
        raise ConfigProblem(f"PDV_BLING_DAILY_LIMIT: use um número inteiro de 1 a 10000000 (recebido {value[:30]!r}).")
    return int(value)


def is_loopback(url: str) -> bool:
    """True when `url` points at this machine (the local Bling stand-in)."""
    return (urlsplit(url).hostname or "").lower() in LOOPBACK_HOSTS


def derive_authorize_url(api_url: str) -> str:
    if (urlsplit(api_url).hostname or "").lower() == REAL_API_HOST:
        return REAL_AUTHORIZE_URL  # the browser step lives on www.bling.com.br
    return f"{api_url}/oauth/authorize"


@dataclass(frozen=True)
class BlingConfig:
    api_url: str = DEFAULT_API_URL
    authorize_url: str = REAL_AUTHORIZE_URL
    token_url: str = f"{DEFAULT_API_URL}/oauth/token"
    revoke_url: str = f"{DEFAULT_API_URL}/oauth/revoke"
    redirect_uri: str = DEFAULT_REDIRECT_URI
    rate_per_second: float = 3.0
    daily_limit: int = 120_000
    timeout: float = 30.0  # httpx's, per phase (connect, write, each read)
    deadline_s: float = 30.0  # a request's whole life, all phases together (`bling/deadline.py`)
    max_attempts: int = 5  # sends per request, including the first
    refresh_margin_s: float = 300.0  # refresh this long before the access token expires
    max_token_calls_per_minute: int = 5  # Bling blocks the IP for 60 min after 20 in 60 s

    @classmethod
    def for_url(cls, api_url: str, **overrides: object) -> BlingConfig:
        """Config whose OAuth endpoints are derived from `api_url`."""
        base = api_url.rstrip("/")
        values: dict[str, object] = {
            "api_url": base,
            "authorize_url": derive_authorize_url(base),
            "token_url": f"{base}/oauth/token",
            "revoke_url": f"{base}/oauth/revoke",
        }
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]

    @classmethod
    def from_env(
        cls,
        *,
        api_url: str | None = None,
        environ: Mapping[str, str] | None = None,
        **overrides: object,
    ) -> BlingConfig:
        """PDV_BLING_API_URL, else `api_url` (e.g. the saved setting), else Bling's own URL.

        PDV_BLING_AUTHORIZE_URL / _TOKEN_URL / _REVOKE_URL / _REDIRECT_URI override the derived
        values; PDV_BLING_RATE_PER_SECOND and PDV_BLING_DAILY_LIMIT adjust the budget.
        """
        env = os.environ if environ is None else environ
        chosen = env.get("PDV_BLING_API_URL") or api_url or DEFAULT_API_URL
        values: dict[str, object] = {}
        for key, name in (
            ("authorize_url", "PDV_BLING_AUTHORIZE_URL"),
            ("token_url", "PDV_BLING_TOKEN_URL"),
            ("revoke_url", "PDV_BLING_REVOKE_URL"),
            ("redirect_uri", "PDV_BLING_REDIRECT_URI"),
        ):
            if env.get(name):
                values[key] = env[name]
        if env.get("PDV_BLING_RATE_PER_SECOND"):
            values["rate_per_second"] = rate_from_env(env["PDV_BLING_RATE_PER_SECOND"], api_url=chosen)
        if env.get("PDV_BLING_DAILY_LIMIT"):
            values["daily_limit"] = daily_limit_from_env(env["PDV_BLING_DAILY_LIMIT"])
        values.update(overrides)
        return cls.for_url(chosen, **values)

    @property
    def is_local(self) -> bool:
        return is_loopback(self.api_url)


def link_host_allowed(link: str, api_url: str) -> bool:
    """The XML link may point at Bling's hosts (`*.bling.com.br`, over HTTPS) or at the API's own
    host (the local stand-in); nothing else is fetched."""
    parts, api = urlsplit(link), urlsplit(api_url)
    host = (parts.hostname or "").lower()
    if host == (api.hostname or "").lower() and parts.port == api.port and parts.scheme == api.scheme:
        return True
    return parts.scheme == "https" and (host == "bling.com.br" or host.endswith(".bling.com.br"))

"""OAuth 2.0 as Bling does it (field guide section 2): authorization code only, Basic client auth,
codes valid 60 s and single-use (reuse revokes the user), rotating refresh tokens, 6 h access tokens,
and the IP block after more than 20 `/oauth/token` calls in 60 s (blocked 60 min).

With the `enable-jwt: 1` header on the token request the tokens are JWT-shaped and 1.5-3 KB long
(DOCS /migracao-jwt; §11 row 9, LIVE); without it, a 40-character opaque token (a refresh without
the header goes back to opaque). Whether the refresh token is a JWT too is UNCONFIRMED (here: yes).
Trap `token_type_lower` answers `token_type: "bearer"`, as one account did.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
from collections import deque
from typing import Any

from pdv_bling.sandbox import errors as E
from pdv_bling.sandbox.config import Clock, SandboxConfig
from pdv_bling.sandbox.persist import Persistence

SCOPE = "98309 98310 318257570 5862218180"
CODE_TTL = 60.0
IP_WINDOW, IP_BLOCK = 60.0, 3600.0


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def jwt_like(*, subject: str, expires_at: float, kind: str) -> str:
    """A token shaped like Bling's JWTs: header.payload.signature, 1,500-3,000 characters."""
    target = 1500 + secrets.randbelow(1501)
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = {"iss": "bling-sandbox", "sub": subject, "typ": kind, "exp": int(expires_at),
              "jti": secrets.token_hex(16), "scope": SCOPE}
    base = len(header) + 1 + len(_b64(json.dumps({**claims, "pad": ""}).encode())) + 1 + 43
    claims["pad"] = secrets.token_urlsafe(max(0, (target - base) * 3 // 4))[: max(0, (target - base) * 3 // 4)]
    payload = _b64(json.dumps(claims).encode())
    signature = _b64(hmac.new(b"bling-sandbox", f"{header}.{payload}".encode(), hashlib.sha256).digest())
    return f"{header}.{payload}.{signature}"


def _invalid_client() -> E.BlingError:
    return E.oauth_error(401, "invalid_client", "invalid_client", "The client credentials are invalid")


class OAuthServer:
    def __init__(self, config: SandboxConfig, clock: Clock, persistence: Persistence | None) -> None:
        self.config, self.clock, self.persistence = config, clock, persistence
        self.lock = threading.Lock()
        self.codes: dict[str, dict[str, Any]] = {}
        self.access: dict[str, float] = {}  # token -> expires at (epoch)
        self.refresh: dict[str, float] = {}
        self.token_calls: deque[float] = deque()
        self.blocked_until = 0.0
        self.revoked_user = False
        if persistence is not None:
            saved = persistence.get("auth", "tokens") or {}
            self.access.update(saved.get("access", {}))
            self.refresh.update(saved.get("refresh", {}))

    def _save(self) -> None:
        if self.persistence is not None:
            self.persistence.put("auth", "tokens", {"access": self.access, "refresh": self.refresh})

    def new_code(self) -> str:
        with self.lock:
            code = secrets.token_hex(20)
            self.codes[code] = {"at": self.clock.timestamp(), "used": False}
            return code

    def issue_pair(self, *, jwt: bool = False) -> dict[str, Any]:
        with self.lock:
            return self._issue(jwt=jwt)

    def _issue(self, *, jwt: bool) -> dict[str, Any]:
        now = self.clock.timestamp()
        cfg = self.config
        if jwt and cfg.traps.jwt_tokens:
            access = jwt_like(subject=cfg.client_id, expires_at=now + cfg.access_token_ttl, kind="access")
            refresh = jwt_like(subject=cfg.client_id, expires_at=now + cfg.refresh_token_ttl, kind="refresh")
        else:
            access, refresh = secrets.token_hex(20), secrets.token_hex(20)
        self.access[access] = now + cfg.access_token_ttl
        self.refresh[refresh] = now + cfg.refresh_token_ttl
        self.revoked_user = False
        self._save()
        return {"access_token": access, "expires_in": cfg.access_token_ttl,
                "token_type": "bearer" if cfg.traps.token_type_lower else "Bearer",
                "scope": SCOPE, "refresh_token": refresh}

    def check_basic(self, header: str | None) -> None:
        if not header or not header.lower().startswith("basic "):
            raise _invalid_client()
        try:
            decoded = base64.b64decode(header.split(" ", 1)[1]).decode()
        except (ValueError, UnicodeDecodeError):
            raise _invalid_client() from None
        client_id, _, secret = decoded.partition(":")
        if not (secrets.compare_digest(client_id, self.config.client_id)
                and secrets.compare_digest(secret, self.config.client_secret)):
            raise _invalid_client()

    def count_token_call(self) -> None:
        """The IP rule: more than `token_ip_limit` calls within 60 s blocks the IP for 60 minutes."""
        with self.lock:
            now = self.clock.timestamp()
            if now < self.blocked_until:
                raise self._blocked()
            self.token_calls.append(now)
            while self.token_calls and self.token_calls[0] <= now - IP_WINDOW:
                self.token_calls.popleft()
            if len(self.token_calls) > self.config.token_ip_limit:
                self.blocked_until = now + IP_BLOCK
                raise self._blocked()

    @staticmethod
    def _blocked() -> E.BlingError:
        # UNCONFIRMED body: Bling documents the block (DOCS /limites) but not its answer.
        return E.BlingError(429, "TOO_MANY_REQUESTS", "Limite de requisições atingido.",
                            "IP bloqueado por excesso de requisições ao endpoint de token; tente novamente em 60 minutos.")

    def exchange(self, form: dict[str, str], *, jwt: bool = False) -> dict[str, Any]:
        grant = form.get("grant_type", "")
        with self.lock:
            if grant == "authorization_code":
                return self._exchange_code(form.get("code", ""), jwt=jwt)
            if grant == "refresh_token":
                return self._exchange_refresh(form.get("refresh_token", ""), jwt=jwt)
        raise E.oauth_error(400, "unsupported_grant_type", "unsupported_grant_type",
                            "The grant type was not recognized")

    def _exchange_code(self, code: str, *, jwt: bool) -> dict[str, Any]:
        entry = self.codes.get(code)
        if entry is None:
            raise E.oauth_error(400, "invalid_grant", "invalid_grant", "The authorization code is invalid")
        if entry["used"]:
            self.access.clear()  # reuse revokes the user (DOCS /erros-comuns)
            self.refresh.clear()
            self.revoked_user = True
            self._save()
            raise E.oauth_error(400, "VALIDATION_ERROR", "Invalid authorization code",
                                "This authorization code has already been used, for security reasons the user "
                                "has been revoked.")
        entry["used"] = True
        if self.clock.timestamp() - entry["at"] > CODE_TTL:
            raise E.oauth_error(400, "invalid_grant", "invalid_grant", "The authorization code has expired")
        return self._issue(jwt=jwt)

    def _exchange_refresh(self, token: str, *, jwt: bool) -> dict[str, Any]:
        expires = self.refresh.pop(token, None)  # rotation: the old refresh token dies at once
        if expires is None or expires < self.clock.timestamp():
            self._save()
            raise E.oauth_error(400, "invalid_grant", "invalid_grant", "Invalid refresh token")
        return self._issue(jwt=jwt)

    def revoke(self, token: str) -> None:
        with self.lock:
            self.access.pop(token, None)
            self.refresh.pop(token, None)
            self._save()

    def check_bearer(self, header: str | None) -> None:
        if header is None:
            raise E.oauth_error(401, "invalid_token", "invalid_token", "The access token provided is invalid")
        parts = header.split(" ")
        if len(parts) != 2 or parts[0].lower() != "bearer" or not parts[1]:
            raise E.oauth_error(400, "invalid_request", "invalid_request", "Malformed auth header")
        with self.lock:
            expires = self.access.get(parts[1])
        if expires is None:
            raise E.oauth_error(401, "invalid_token", "invalid_token", "The access token provided is invalid")
        if expires < self.clock.timestamp():
            raise E.oauth_error(401, "invalid_token", "invalid_token", "The access token provided has expired")

"""Where tokens and the app's client id/secret live, behind a small `TokenStore` protocol.

- `KeyringTokenStore`: the OS keyring (service "pdv-bling"); real Bling tokens only ever go here.
- `MemoryTokenStore`: tests.
- `SandboxFileTokenStore`: a JSON file in the data folder, refused unless the API URL is loopback
  (tokens of the local stand-in are not secrets; separate processes share them this way).
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import keyring.errors

from pdv_bling.base import keyrings
from pdv_bling.bling.config import is_loopback
from pdv_bling.bling.errors import KeyringUnavailable, SecretTooLarge

SERVICE = "pdv-bling"


@dataclass(frozen=True)
class Credentials:
    client_id: str
    client_secret: str

    def __repr__(self) -> str:  # never print the secret
        return f"Credentials(client_id={self.client_id!r}, client_secret='***')"


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_at: datetime  # timezone-aware
    scope: str = ""
    reconnect_reason: str | None = None  # set when the refresh token died (invalid_grant)

    def __repr__(self) -> str:
        return f"TokenPair(expires_at={self.expires_at.isoformat()}, reconnect_reason={self.reconnect_reason!r})"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["expires_at"] = self.expires_at.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TokenPair:
        return cls(
            access_token=str(data["access_token"]),
            refresh_token=str(data["refresh_token"]),
            expires_at=datetime.fromisoformat(str(data["expires_at"])),
            scope=str(data.get("scope") or ""),
            reconnect_reason=data.get("reconnect_reason"),
        )

    def dead(self, reason: str) -> TokenPair:
        return replace(self, access_token="", reconnect_reason=reason)


class TokenStore(Protocol):
    def load_tokens(self) -> TokenPair | None: ...
    def save_tokens(self, pair: TokenPair) -> None: ...
    def clear_tokens(self) -> None: ...
    def load_credentials(self) -> Credentials | None: ...
    def save_credentials(self, credentials: Credentials) -> None: ...


class MemoryTokenStore:
    def __init__(self, pair: TokenPair | None = None, credentials: Credentials | None = None) -> None:
        self.pair = pair
        self.credentials = credentials
        self.saves: list[TokenPair] = []

    def load_tokens(self) -> TokenPair | None:
        return self.pair

    def save_tokens(self, pair: TokenPair) -> None:
        self.pair = pair
        self.saves.append(pair)

    def clear_tokens(self) -> None:
        self.pair = None

    def load_credentials(self) -> Credentials | None:
        return self.credentials

    def save_credentials(self, credentials: Credentials) -> None:
        self.credentials = credentials


# Windows Credential Manager caps one secret at 2,560 bytes, and keyring stores it as UTF-16
# (2 bytes per character, 4 outside the BMP); a JWT alone can be 3,000 characters (field guide
# 2.6, §11 row 9). Tokens are split so each entry stays well under that, measured in UTF-16; any
# other entry past the cap (the app's client id and secret) is refused with SecretTooLarge.
MAX_SECRET_BYTES = 2560
CHUNK_BYTES = 2000


def utf16_size(text: str) -> int:
    return len(text.encode("utf-16-le"))


def split_secret(text: str, *, max_bytes: int = CHUNK_BYTES) -> list[str]:
    """Consecutive pieces of `text`, each at most `max_bytes` once encoded as UTF-16."""
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for char in text:
        cost = utf16_size(char)
        if current and size + cost > max_bytes:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += cost
    if current or not pieces:
        pieces.append("".join(current))
    return pieces


class KeyringTokenStore:
    """Tokens as JSON in the keyring, split in chunks, switched atomically by a pointer entry."""

    def __init__(self, *, service: str = SERVICE, account: str = "default") -> None:
        self.service = service
        self.account = account

    def _get(self, name: str) -> str | None:
        try:
            return keyrings.get_secret(self.service, f"{self.account}:{name}")
        except keyring.errors.KeyringError as exc:  # none here, or a file store that will not open
            raise KeyringUnavailable(str(exc)) from exc

    def _set(self, name: str, value: str) -> None:
        if (size := utf16_size(value)) > MAX_SECRET_BYTES:  # Windows' CredWrite would refuse it
            raise SecretTooLarge(name, size, MAX_SECRET_BYTES)
        try:
            keyrings.set_secret(self.service, f"{self.account}:{name}", value)
        except keyring.errors.KeyringError as exc:
            raise KeyringUnavailable(str(exc)) from exc

    def _delete(self, name: str) -> None:
        try:
            keyrings.delete_secret(self.service, f"{self.account}:{name}")
        except keyring.errors.PasswordDeleteError:
            pass
        except keyring.errors.KeyringError as exc:
            raise KeyringUnavailable(str(exc)) from exc

    def load_tokens(self) -> TokenPair | None:
        pointer = self._get("tokens")
        if not pointer:
            return None
        meta = json.loads(pointer)
        parts = [self._get(f"tokens.{meta['gen']}.{i}") for i in range(int(meta["n"]))]
        if any(p is None for p in parts):
            return None
        return TokenPair.from_json(json.loads("".join(p for p in parts if p)))

    def save_tokens(self, pair: TokenPair) -> None:
        old = self._get("tokens")
        gen = (json.loads(old)["gen"] + 1) if old else 1
        chunks = split_secret(json.dumps(pair.to_json()))
        for i, chunk in enumerate(chunks):
            self._set(f"tokens.{gen}.{i}", chunk)
        self._set("tokens", json.dumps({"gen": gen, "n": len(chunks)}))  # the atomic switch
        if old:
            self._drop_generation(json.loads(old))

    def _drop_generation(self, meta: dict[str, int]) -> None:
        for i in range(int(meta["n"])):
            self._delete(f"tokens.{meta['gen']}.{i}")

    def clear_tokens(self) -> None:
        old = self._get("tokens")
        self._delete("tokens")
        if old:
            self._drop_generation(json.loads(old))

    def load_credentials(self) -> Credentials | None:
        raw = self._get("client")
        if not raw:
            return None
        data = json.loads(raw)
        return Credentials(client_id=data["client_id"], client_secret=data["client_secret"])

    def save_credentials(self, credentials: Credentials) -> None:
        self._set("client", json.dumps(asdict(credentials)))


class SandboxFileTokenStore:
    """Tokens of the local stand-in in a JSON file (never used for a non-loopback API URL)."""

    FILE_NAME = "bling-sandbox-tokens.json"

    def __init__(self, folder: Path, *, api_url: str) -> None:
        if not is_loopback(api_url):
            raise ValueError("SandboxFileTokenStore is only for a loopback API URL")
        self.path = Path(folder) / self.FILE_NAME
        self.api_url = api_url
        self._lock = threading.Lock()

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("api_url") != self.api_url:
            return {}  # tokens of another stand-in instance are useless here
        return data

    def _write(self, data: dict[str, Any]) -> None:
        data["api_url"] = self.api_url
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, self.path)

    def load_tokens(self) -> TokenPair | None:
        with self._lock:
            raw = self._read().get("tokens")
        return TokenPair.from_json(raw) if raw else None

    def save_tokens(self, pair: TokenPair) -> None:
        with self._lock:
            data = self._read()
            data["tokens"] = pair.to_json()
            self._write(data)

    def clear_tokens(self) -> None:
        with self._lock:
            data = self._read()
            data.pop("tokens", None)
            self._write(data)

    def load_credentials(self) -> Credentials | None:
        with self._lock:
            raw = self._read().get("client")
        return Credentials(**raw) if raw else None

    def save_credentials(self, credentials: Credentials) -> None:
        with self._lock:
            data = self._read()
            data["client"] = asdict(credentials)
            self._write(data)

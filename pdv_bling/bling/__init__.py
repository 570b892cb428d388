"""Bling API v3 client: OAuth with tokens in the keyring, account-wide pacing, retries, typed errors.

Importing the package imports none of its modules (httpx and the client come with the command
that talks to Bling); the names below are looked up on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pdv_bling.bling.client import BlingClient, open_client
    from pdv_bling.bling.config import BlingConfig
    from pdv_bling.bling.http import Exchange

__all__ = ["BlingClient", "BlingConfig", "Exchange", "open_client"]
_HOMES = {"BlingClient": "client", "open_client": "client", "BlingConfig": "config", "Exchange": "http"}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(f"pdv_bling.bling.{_HOMES[name]}"), name)
    raise AttributeError(name)

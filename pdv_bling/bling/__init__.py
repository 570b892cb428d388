"""Bling API v3 client: OAuth with tokens in the keyring, account-wide pacing, retries, typed errors."""

from pdv_bling.bling.client import BlingClient, open_client
from pdv_bling.bling.config import BlingConfig
from pdv_bling.bling.http import Exchange

__all__ = ["BlingClient", "BlingConfig", "Exchange", "open_client"]

"""How a data folder joined to a store gets its coordinator (`engine.Coordinator`, the hooks
recording uses when the store server must agree first).

The store layer (`retaguarda.caixa`) registers a provider here at import, so the arrows keep going
down: retaguarda imports the store, the store never names retaguarda.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pdv_bling.domain.errors import DomainError

STORE_URL_KEY = "store_url"  # local settings: this data folder is a caixa of that store


# The store layer (`retaguarda.caixa`) registers how a caixa's folder gets its coordinator, so the
# arrows keep going one way: retaguarda imports the core, the core never imports retaguarda.
_providers: list[Callable[[Any], object]] = []


def provide(attach: Callable[[Any], object]) -> None:
    """`attach(ctx)` gives a folder joined to a store its coordinator (registered once)."""
    if attach not in _providers:
        _providers.append(attach)


def attach(ctx: Any, *, store_url: object) -> None:
    """At opening: a folder joined to a store must get its coordinator, or not open at all (a
    caixa deciding store credit or returned units alone could let them be spent twice)."""
    if not store_url:
        return
    for provider in _providers:
        provider(ctx)
    if ctx.store.coordinator is None:
        raise DomainError("store_link_missing", None, {"url": str(store_url)})

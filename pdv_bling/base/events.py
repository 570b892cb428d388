"""Core events: frozen dataclasses on a small callback bus.

Publishers (client, drainer, puller) call `bus.publish(event)` from any thread; subscribers
must be quick and thread-safe. `ui/` subscribes once and re-emits each event as a Qt signal
over a queued connection, so worker threads never touch widgets.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutboxCountsChanged:
    pending: int
    parked: int


@dataclass(frozen=True)
class ConnectivityChanged:
    online: bool
    reason: str | None = None  # error code when offline


@dataclass(frozen=True)
class ReconnectionNeeded:
    """The refresh token died (invalid_grant): the manager must run "Iniciar integração" again."""

    reason: str


@dataclass(frozen=True)
class Connected:
    company_name: str | None


@dataclass(frozen=True)
class DailyLimitReached:
    resume_at_iso: str


@dataclass(frozen=True)
class SyncProgress:
    model: str
    done: int
    total: int | None
    eta_seconds: float | None = None
    finished: bool = False
    ok: bool = True
    error: str | None = None


@dataclass(frozen=True)
class ItemParked:
    item_id: int
    kind: str
    sale_number: int | None
    error_code: str | None


@dataclass(frozen=True)
class ItemDelivered:
    item_id: int
    kind: str
    sale_number: int | None


@dataclass(frozen=True)
class StockCheckFinished:
    """The once-per-account check of whether delivered sales move Bling's stock (sync/stock_check.py)."""

    status: str
    fix_code: str | None


@dataclass(frozen=True)
class TokenRefreshed:
    expires_at_iso: str


Handler = Callable[[Any], None]


class EventBus:
    """Publish/subscribe by event type (or to everything with `subscribe_all`)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._handlers: dict[type[Any] | None, list[Handler]] = {}

    def subscribe(self, event_type: type[Any], handler: Handler) -> Callable[[], None]:
        return self._add(event_type, handler)

    def subscribe_all(self, handler: Handler) -> Callable[[], None]:
        return self._add(None, handler)

    def _add(self, key: type[Any] | None, handler: Handler) -> Callable[[], None]:
        with self._lock:
            self._handlers.setdefault(key, []).append(handler)

        def unsubscribe() -> None:
            with self._lock:
                if handler in self._handlers.get(key, []):
                    self._handlers[key].remove(handler)

        return unsubscribe

    def publish(self, event: Any) -> None:
        with self._lock:
            handlers = list(self._handlers.get(type(event), [])) + list(self._handlers.get(None, []))
        for handler in handlers:
            try:
                handler(event)
            except Exception:  # one bad subscriber never breaks delivery
                log.exception("event handler failed for %s", type(event).__name__)

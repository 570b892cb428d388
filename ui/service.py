"""What the UI needs from the sync service (`pdv_bling.sync.service.SyncService`), as a
Protocol, and a stand-in used when that module is not installed yet: the app still records
sales offline and says the integration is unavailable."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

CONNECTED, NOT_CONNECTED, RECONNECTION_NEEDED = "connected", "not_connected", "reconnection_needed"


class SyncServiceLike(Protocol):
    def start(self) -> None: ...

    def stop(self) -> None: ...

    def drain_now(self) -> Any: ...

    def pull_now(self, models: list[str] | None = None) -> Any: ...

    def connection_state(self) -> str: ...

    def connect_interactive(self, open_browser: Callable[[str], None]) -> str | None: ...

    def disconnect(self) -> None: ...


class ServiceUnavailable(RuntimeError):
    """The sync service is not part of this build."""


class OfflineService:
    """Used when `pdv_bling.sync.service` cannot be imported."""

    def start(self) -> None:
        return None

    def stop(self) -> None:
        return None

    def drain_now(self) -> Any:
        raise ServiceUnavailable("sync service not installed")

    def pull_now(self, models: list[str] | None = None) -> Any:
        raise ServiceUnavailable("sync service not installed")

    def connection_state(self) -> str:
        return NOT_CONNECTED

    def connect_interactive(self, open_browser: Callable[[str], None]) -> str | None:
        raise ServiceUnavailable("sync service not installed")

    def disconnect(self) -> None:
        return None


def make_service(ctx: Any, bus: Any) -> SyncServiceLike:
    """The real SyncService when available, else OfflineService."""
    try:
        from pdv_bling.sync.service import SyncService  # type: ignore[import-not-found]
    except ModuleNotFoundError:
        return OfflineService()
    service: SyncServiceLike = SyncService(ctx, bus=bus)
    return service

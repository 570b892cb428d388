"""What the UI needs from the sync service (`pdv_bling.runtime.service.SyncService`), as a
Protocol: the app runs the real service in every mode (demo included); tests pass a fake."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from pdv_bling.account_check import CheckReport

CONNECTED, NOT_CONNECTED, RECONNECTION_NEEDED = "connected", "not_connected", "reconnection_needed"


class SyncServiceLike(Protocol):
    def start(self) -> None: ...

    def stop(self) -> None: ...

    def nudge(self) -> None: ...

    def customer_at_counter(self, state: str) -> None: ...  # "building" | "recorded" | "idle"

    def drain_now(self) -> object: ...  # a report the UI does not read

    def pull_now(self, models: list[str] | None = None) -> object: ...

    def connection_state(self) -> str: ...

    def connect_interactive(self, open_browser: Callable[[str], None]) -> str | None: ...

    def disconnect(self) -> None: ...

    def check_account(self) -> CheckReport: ...  # Verificar conta Bling

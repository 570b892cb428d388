"""Core events re-emitted as Qt signals. The core bus calls `_on_event` on whatever thread
published; emitting a signal of this GUI-thread object from there makes every connection
queued, so slots always run on the GUI thread and never race the widgets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from pdv_bling.base import events as ev


class EventBridge(QObject):
    """Never emits a bare None through a queued signal (PySide6 then loses references to None;
    see ui/tasks.py): optional text travels as "", events as their dataclass."""

    outbox_counts = Signal(int, int)  # pending, parked
    connectivity = Signal(bool, str)  # online, reason ("" when none)
    reconnection_needed = Signal(str)
    connected = Signal(str)  # company name ("" when unknown)
    daily_limit = Signal(str)  # resume at (ISO)
    sync_progress = Signal(object)  # ev.SyncProgress
    item_parked = Signal(object)  # ev.ItemParked
    item_delivered = Signal(object)  # ev.ItemDelivered

    def __init__(self, bus: ev.EventBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe: Callable[[], None] | None = bus.subscribe_all(self._on_event)

    def _on_event(self, event: Any) -> None:
        if isinstance(event, ev.OutboxCountsChanged):
            self.outbox_counts.emit(event.pending, event.parked)
        elif isinstance(event, ev.ConnectivityChanged):
            self.connectivity.emit(event.online, event.reason or "")
        elif isinstance(event, ev.ReconnectionNeeded):
            self.reconnection_needed.emit(event.reason)
        elif isinstance(event, ev.Connected):
            self.connected.emit(event.company_name or "")
        elif isinstance(event, ev.DailyLimitReached):
            self.daily_limit.emit(event.resume_at_iso)
        elif isinstance(event, ev.SyncProgress):
            self.sync_progress.emit(event)
        elif isinstance(event, ev.ItemParked):
            self.item_parked.emit(event)
        elif isinstance(event, ev.ItemDelivered):
            self.item_delivered.emit(event)

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

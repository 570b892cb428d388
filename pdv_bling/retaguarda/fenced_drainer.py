"""The store's drainer on the integrador: the unchanged exactly-once drainer, fenced by the epoch,
plus what a change of leader needs.

- An item another epoch left in flight is left alone until `grace_s` after this leader took over
  (the old leader's lease + the longest life of a request it sent + a margin): by then no request
  of the old leader can still be on its way.
- Its first recovery only looks it up: writes to Bling are held (`FencedPacer.hold_writes`). Found,
  it is done; not found, it stays in doubt and is looked up again `second_look_s` later (one more
  request lifetime, for a request Bling was still processing), and only then may it be re-sent.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from pdv_bling.retaguarda.leadership import FencedPacer, FencedStore, Leadership, WritesHeld
from pdv_bling.store import outbox
from pdv_bling.store.models import OutboxItem
from pdv_bling.sync.drainer import Drainer, DrainReport
from pdv_bling.sync.handlers import Handlers

log = logging.getLogger(__name__)


class FencedDrainer(Drainer):
    """The drainer, leaving alone items another epoch left in flight until the grace is over, and
    then looking such an item up twice, one request lifetime apart, before anything is re-sent."""

    def __init__(self, store: FencedStore, handlers: Handlers, *, leadership: Leadership, grace_s: float,
                 gate: FencedPacer | None = None, second_look_s: float = 0.0, **options: Any) -> None:
        super().__init__(store, handlers, **options)
        self.leadership = leadership
        self.grace_s = grace_s
        self.gate = gate
        self.second_look_s = second_look_s

    def in_grace(self) -> bool:
        return self.leadership.held_for() < self.grace_s

    def _hold(self, state: str, result: object) -> bool:
        """In the grace: another leader's attempt may still be on its way to Bling."""
        epoch = result.get("epoch") if isinstance(result, dict) else None
        return self.in_grace() and state == outbox.IN_FLIGHT and epoch != self.leadership.epoch

    def deliver(self, item_id: int, report: DrainReport, *, urgent: bool = False) -> bool:
        try:
            return super().deliver(item_id, report, urgent=urgent)
        except WritesHeld as held:
            self._second_look_later(item_id, str(held))
            return True  # only this chain waits
        finally:
            if self.gate is not None:
                self.gate.hold_writes = False

    def _mark_attempt(self, item: OutboxItem) -> None:
        """The attempt carries this leader's epoch (the fenced store checks the epoch in the same
        commit). An attempt another epoch left in flight is, this first time, only looked up (a
        parked item retried by hand is not in flight: its last request ended long ago)."""
        inherited = item.state == outbox.IN_FLIGHT and (item.result or {}).get("epoch") != self.leadership.epoch
        if self.gate is not None:
            self.gate.hold_writes = inherited
        item.result = {**(item.result or {}), "epoch": self.leadership.epoch}

    def _second_look_later(self, item_id: int, held: str) -> None:
        """Looked up, not found: the old leader's request may still land. Keep it in doubt and look
        again after one more request lifetime; only then may it be sent again."""
        log.info("integrador: item %s left in flight by another leader not found in Bling; looking again "
                 "in %.0f s before re-sending (%s)", item_id, self.second_look_s, held)
        with self.store.transaction() as session:
            item = session.get(OutboxItem, item_id)
            assert item is not None
            item.state = outbox.IN_FLIGHT
            item.result = {**(item.result or {}), "maybe_sent": True, "first_look_at": self.clock().isoformat()}
            item.next_attempt_at = self.clock() + dt.timedelta(seconds=self.second_look_s)

"""Sincronizar agora (F5): send what is queued, then fetch the catalogue, and tell what is true
afterwards. Bling out of reach is an outcome, not a failure: nothing was lost, and the outcome says
when the app tries again by itself (the sender's offline probe), so the screen never claims a
sync that did not happen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from pdv_bling.bling.errors import BlingServerError, BlingTransportError, OutcomeUnknown
from pdv_bling.counter import queries
from pdv_bling.store.engine import Store
from pdv_bling.store.models import utcnow

OFFLINE, BLING_DOWN = "offline", "bling_down"
_TROUBLE = {"transport": OFFLINE, "server": BLING_DOWN, "outcome_unknown": OFFLINE}


class Syncable(Protocol):
    def drain_now(self) -> object: ...

    def pull_now(self, models: list[str] | None = None) -> object: ...


@dataclass(frozen=True)
class SyncOutcome:
    pending: int  # sales still to deliver
    parked: int  # sales waiting for someone (Requer atenção)
    trouble: str | None = None  # OFFLINE or BLING_DOWN: Bling was not reached, nothing was lost
    retry_at: dt.datetime | None = None  # when the sender tries again by itself (with trouble)


def sync_now(service: Syncable, store: Store, *, clock: Callable[[], dt.datetime] = utcnow) -> SyncOutcome:
    """Drain, then pull (skipped when the drain already found Bling out of reach)."""
    trouble = _TROUBLE.get(str(getattr(service.drain_now(), "stopped_by", None)))
    if trouble is None:
        try:
            service.pull_now(None)
        except (BlingTransportError, OutcomeUnknown):
            trouble = OFFLINE
        except BlingServerError:
            trouble = BLING_DOWN
    with store.read() as session:
        pending, parked = queries.open_sales(session)
    retry_at = None
    if trouble is not None:
        probe = getattr(service, "seconds_until_probe", None)  # the sender's offline backoff
        seconds = float(probe()) if callable(probe) else 0.0
        retry_at = clock() + dt.timedelta(seconds=max(seconds, 5.0))
    return SyncOutcome(pending, parked, trouble, retry_at)

"""Whether the store's integrador can work: its own Bling side (tokens, keyring), judged before it
takes the lock and on every pass while it leads, and the health it records for `store status`.

- An integrador takes the lock only when this host is connected to Bling: a token pair that is
  not dead and the app's credentials, read from its token store (the keyring must answer). A host
  that never ran `pdv-bling connect` stands by, so it can never hold the store's queue hostage.
- While it leads, a pass whose Bling side fails (no tokens, reconnection needed, keyring not
  answering, the token endpoint refusing the app) counts as failing; a pass without such a failure
  ends the failing run. Network trouble (transport, 5xx, 429) is not the host's fault and does not
  count: a standby on the same link would fare no better.
- After `step_down_after_s` of uninterrupted failure the leader steps down and stays away from
  the lock as long again, so a healthy standby leads. The default (90 s) keeps a takeover within
  2 minutes: the standby's next try comes within ~2 s of the step-down.
- The leader's health is kept in the store's settings (`integrator_health`, with the epoch that
  wrote it, so a stale record is never shown as the current leader's); written when it changes.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import keyring.errors
from sqlalchemy.orm import Session

from pdv_bling.bling.errors import BlingError
from pdv_bling.bling.tokens import TokenStore
from pdv_bling.store.models import utcnow
from pdv_bling.store.settings import get_value, set_value

log = logging.getLogger(__name__)

HEALTH_KEY = "integrator_health"
STEP_DOWN_AFTER_S = 90.0
# Failures of this host's own Bling side (BlingError codes); anything else is not its fault.
BLING_SIDE = frozenset({"not_connected", "reconnection_needed", "keyring_unavailable", "oauth", "unauthorized"})
OK, FAILING = "ok", "failing"


def bling_side_problem(tokens: TokenStore) -> str | None:
    """None when this host can talk to Bling (a live token pair and the app's credentials, the
    keyring answering); else the reason: not_connected | reconnection_needed | keyring_unavailable."""
    try:
        pair = tokens.load_tokens()
        credentials = tokens.load_credentials()
    except (BlingError, keyring.errors.KeyringError, OSError) as exc:
        log.warning("integrador: token store not answering (%s)", type(exc).__name__)
        return "keyring_unavailable"
    if pair is None or credentials is None:
        return "not_connected"
    if pair.reconnect_reason:
        return "reconnection_needed"
    return None


def problem_of(exc: BaseException) -> str | None:
    """The Bling-side reason an exception shows, or None when it is not the host's fault."""
    if isinstance(exc, keyring.errors.KeyringError):
        return "keyring_unavailable"
    if isinstance(exc, BlingError) and exc.code in BLING_SIDE:
        return str(exc.code)
    return None


@dataclass
class HealthWatch:
    """The leader's run of failing passes, on a clock that keeps counting while the PC sleeps."""

    clock: Callable[[], float]
    step_down_after_s: float = STEP_DOWN_AFTER_S
    failing_since: float | None = None
    failing_since_wall: dt.datetime | None = None
    reason: str | None = None

    def note(self, problem: str | None) -> None:
        if problem is None:
            self.failing_since = self.failing_since_wall = self.reason = None
            return
        if self.failing_since is None:
            self.failing_since, self.failing_since_wall = self.clock(), utcnow()
        self.reason = problem

    def exhausted(self) -> bool:
        return self.failing_since is not None and self.clock() - self.failing_since >= self.step_down_after_s

    def record(self, *, epoch: int | None, holder: str, stepped_down: bool = False) -> dict[str, Any]:
        return {"epoch": epoch, "holder": holder, "state": FAILING if self.reason else OK, "reason": self.reason,
                "since": (self.failing_since_wall or utcnow()).isoformat(), "stepped_down": stepped_down,
                "step_down_after_s": self.step_down_after_s}


def save(session: Session, record: dict[str, Any]) -> bool:
    """Write the leader's health when it changed (state, reason, epoch); True when written."""
    previous = get_value(session, HEALTH_KEY) or {}
    same = all(previous.get(k) == record.get(k) for k in ("epoch", "state", "reason", "stepped_down"))
    if same:
        return False
    set_value(session, HEALTH_KEY, record)
    return True


def current(session: Session, *, epoch: int | None) -> dict[str, Any] | None:
    """The health the leader of `epoch` recorded (None when that leader has recorded none yet)."""
    record = get_value(session, HEALTH_KEY)
    if not isinstance(record, dict) or epoch is None or record.get("epoch") != epoch:
        return None
    return record

"""What a handler returns for an outbox item: delivered (`Done`, with what to store in the same
transaction that marks it done), parked for the manager (`Park`), or to be read again later
(`Wait`: Bling is still at it). The drainer writes each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from pdv_bling.sync.fixes import Fix


@dataclass(frozen=True)
class Done:
    """Delivered. `apply` runs inside the transaction that marks the item done."""

    result: dict[str, Any] = field(default_factory=dict)
    apply: Callable[[Session], None] | None = None


@dataclass(frozen=True)
class Park:
    """A local reason to stop this chain until the manager acts (no Bling error involved).

    `absent`: Bling was looked up and holds nothing of this item, so an earlier unknown outcome
    is settled (the "maybe sent" mark goes)."""

    fix: Fix
    detail: str
    absent: bool = False
    apply: Callable[[Session], None] | None = None  # runs inside the transaction that parks it


@dataclass(frozen=True)
class Wait:
    """Nothing went wrong: Bling is still working on it (an NFC-e at SEFAZ). The step is tried
    again in `seconds`, the attempt not counted as a failure; `apply` runs as for `Done`."""

    seconds: float
    reason: str
    result: dict[str, Any] = field(default_factory=dict)
    apply: Callable[[Session], None] | None = None


Outcome = Done | Park | Wait

"""The day's requests to Bling as this data folder counted them, across its processes.

Each process's pacer counts its own requests of the Bling day (America/Sao_Paulo); this module
writes that figure under the process's id in the settings row "bling_requests" (the scheduler
flushes it every few minutes, the check before reading) and sums the day over all processes:
the app, `pdv-bling sync`, `pdv-bling check`... Other apps on the same Bling account are not
counted here (Bling shares its 120,000 a day between them).
"""

from __future__ import annotations

import uuid
from typing import Any

from pdv_bling.bling.pacer import BLING_TZ, Pacer
from pdv_bling.store.engine import Store
from pdv_bling.store.models import utcnow
from pdv_bling.store.settings import get_value, set_value

USAGE_KEY = "bling_requests"
DAILY_LIMIT = 120_000
PROCESS_ID = uuid.uuid4().hex[:12]


def bling_day() -> str:
    return utcnow().astimezone(BLING_TZ).date().isoformat()


def flush(store: Store, pacer: Pacer) -> int:
    """Record this process's count for today; return the day's total over all processes."""
    used = pacer.used_today
    day = bling_day()
    with store.transaction() as session:
        raw: Any = get_value(session, USAGE_KEY)
        counts: dict[str, int] = dict(raw.get("processes") or {}) if isinstance(raw, dict) and raw.get("day") == day else {}
        counts[PROCESS_ID] = max(int(counts.get(PROCESS_ID, 0)), used)
        set_value(session, USAGE_KEY, {"day": day, "processes": counts})
    return sum(int(n) for n in counts.values())


def today_total(store: Store) -> int:
    """The day's total as last flushed (no pacer needed)."""
    with store.read() as session:
        raw: Any = get_value(session, USAGE_KEY)
    if not isinstance(raw, dict) or raw.get("day") != bling_day():
        return 0
    return sum(int(n) for n in (raw.get("processes") or {}).values())

"""A real crash: `pdv-bling sync` is killed with SIGKILL at random moments while it delivers;
each restart recovers (looks up by numeroLoja) without a duplicate or a loss."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from pdv_bling.counter.sales import record_sale
from pdv_bling.sandbox import SandboxServer
from pdv_bling.store import outbox
from tests.e2e.helpers import mixed_sale, open_terminal, sellable


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_kill_during_delivery_recovers_without_duplicate_or_loss(tmp_path: Path, sandbox: SandboxServer) -> None:
    home = tmp_path / "t1"
    terminal = open_terminal(home, sandbox)
    rng = random.Random(21)
    products = sellable(terminal.ctx, 6)
    recorded = [record_sale(terminal.ctx.store, mixed_sale(products, rng)) for _ in range(10)]
    terminal.close()
    sandbox.set_faults(latency_ms=150)  # each request takes a while: kills land mid-request
    env = {**os.environ, "PDV_BLING_HOME": str(home), "PDV_BLING_RATE_PER_SECOND": "100"}
    database = terminal.ctx.paths.database
    kills = killed_in_flight = 0
    states: list[str] = []
    for _round in range(60):
        before = _queue(database)
        proc = subprocess.Popen([sys.executable, "-m", "pdv_bling", "sync", "--push"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Kill only once this process has written its first delivery state (whatever its start-up
        # took on a busy machine), then a little later: mid-request or between two steps.
        deadline = time.monotonic() + 60
        while proc.poll() is None and _queue(database) == before and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(rng.uniform(0.2, 2.0))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            kills += 1
        states = [state for _id, state, _attempts in _queue(database)]
        killed_in_flight += states.count(outbox.IN_FLIGHT) > 0
        if states and all(s == outbox.DONE for s in states):
            break
    assert all(s == outbox.DONE for s in states), states
    assert kills >= 3 and killed_in_flight >= 1, (kills, killed_in_flight)
    orders = sandbox.inspect()["orders"]
    assert [orders[r.numero_loja]["count"] for r in recorded] == [1] * len(recorded)


def _queue(database: Path) -> list[tuple[int, str, int]]:
    """The outbox as another process sees it (read-only; WAL lets it read while sync writes)."""
    with closing(sqlite3.connect(f"file:{database.as_posix()}?mode=ro", uri=True, timeout=10)) as conn:
        return conn.execute("SELECT id, state, attempts FROM outbox_items ORDER BY id").fetchall()

"""Power cut during a fechamento (issue 24): a process opening and closing turnos in a tight loop is
SIGKILLed again and again; the database stays intact, and each fechamento is whole (closed, its
counts, its summary and its cash-difference posting) or absent (still open, nothing of it)."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pdv_bling.store.context import AppContext

LOOP = """
import sys
from pdv_bling.counter.turno import add_movement, close_turno, current_turno, open_turno
from pdv_bling.store.context import AppContext
with AppContext.open(sys.argv[1], log=False) as ctx:
    store = ctx.store
    while True:
        with store.read() as session:
            is_open = current_turno(session) is not None
        if not is_open:
            open_turno(store, operator="Ana", fundo_cents=10_000)
        add_movement(store, kind="suprimento", amount_cents=1_000, reason="troco", operator="Ana")
        close_turno(store, counted={"Dinheiro": 10_500}, operator="Ana")  # R$ 5,00 short: a posting
        print("closed", flush=True)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_sigkill_during_fechamentos_leaves_each_whole_or_absent(home: Path) -> None:
    with AppContext.open(home, log=False):
        pass  # the folder and its database, made before the kills
    rng = random.Random(24)
    closed_reported = 0
    for _kill in range(8):
        child = subprocess.Popen([sys.executable, "-c", LOOP, str(home)], stdout=subprocess.PIPE, text=True,
                                 env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
        assert child.stdout is not None
        os.set_blocking(child.stdout.fileno(), False)
        time.sleep(1.0 + rng.uniform(0, 0.8))  # start-up, then somewhere inside the loop
        child.send_signal(signal.SIGKILL)
        child.wait()
        closed_reported += (child.stdout.read() or "").count("closed")
    assert closed_reported > 0, "the loop must have closed turnos before the kills"
    database = AppContext.open(home, log=False)
    path = database.paths.database
    database.close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        turnos = raw.execute("SELECT id, uid, closed_at IS NOT NULL, summary IS NOT NULL FROM turnos").fetchall()
        counts = dict(raw.execute("SELECT turno_id, count(*) FROM turno_counts GROUP BY turno_id").fetchall())
        postings = [row[0] for row in raw.execute(
            "SELECT payload FROM outbox_items WHERE kind = 'caixa_lancamento' AND payload LIKE '%\"falta\"%'")]
    assert sum(1 for t in turnos if not t[2]) <= 1, "one open turno at most"
    closed = [t for t in turnos if t[2]]
    assert len(closed) >= closed_reported  # a fechamento committed just before a kill may be unreported
    for turno_id, uid, is_closed, has_summary in turnos:
        assert is_closed == has_summary == (turno_id in counts), f"turno {turno_id} half-written"
        assert sum(1 for p in postings if uid[:28] in p) == (1 if is_closed else 0)

"""NFC-e harness (issue 27 "Must show"): SIGKILL at each step of a sale's NFC-e, `--kills` times
per step, and every sale still ends with exactly one note in Bling, authorized and kept locally.

    .venv/bin/python bench/harness_nfce_kill.py                 # 50 kills per step: ~10-15 min
    .venv/bin/python bench/harness_nfce_kill.py --kills 10 --sales 30

The stand-in runs as its own process (`pdv-bling sandbox --state FILE`) with SEFAZ at
`--latency` s. Sales (NFC-e through Bling) are recorded, then a loop starts `pdv-bling sync
--push` and SIGKILLs it while an item of the step with the fewest kills so far is in flight
("attempt started" written, its request to Bling on the way or just answered): a random 0-`jitter`
ms after the harness sees it (gerar/ler: 0-40 ms, around the request; enviar: 0-SEFAZ's latency,
inside the SEFAZ round trip). When a step has nothing left to kill, more sales are recorded.
After every kill the two invariants are checked as things stand (`invariants`): never two notes in
Bling for one sale, and never a sale marked issued here (note authorized, or an authorized XML on
its fiscal document) unless Bling's note for it is at situacao 5 with the same key. At the end one
more `sync` runs unkilled until the queue is empty; then, per sale: one note in the stand-in
(`/__sandbox__/inspect` "nfce"), the local note authorized with its key and XML, and the key the
same on both sides. Prints the kills per step, the checks and the verdict.
"""

from __future__ import annotations

import argparse
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402

from bench.common import StandIn, mixed_sale, sellable, setup_terminal, sync_env  # noqa: E402
from pdv_bling.base.paths import app_paths  # noqa: E402
from pdv_bling.counter.sales import record_sale  # noqa: E402
from pdv_bling.store.models import FiscalDocument, NfceNote, Sale  # noqa: E402

STEPS = {"nfce_generate": "gerar", "nfce_send": "enviar", "nfce_read": "ler"}
RATE = 20.0


def in_flight(database: Path, kind: str) -> bool:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5) as conn:
        row = conn.execute("SELECT 1 FROM outbox_items WHERE kind = ? AND state = 'in_flight' LIMIT 1",
                           (kind,)).fetchone()
    return row is not None


def open_steps(database: Path, states: tuple[str, ...] = ("pending", "in_flight", "parked")) -> Counter[str]:
    marks = ", ".join("?" * len(states))
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5) as conn:
        rows = conn.execute(f"SELECT kind, count(*) FROM outbox_items WHERE state IN ({marks}) GROUP BY kind",
                            states).fetchall()
    return Counter({kind: n for kind, n in rows})


def invariants(database: Path, standin: StandIn) -> tuple[list[str], list[str]]:
    """(sales with two notes in Bling, sales marked issued here without situacao 5 there) right now.
    Read here first: a note authorized here was read at 5 there, and Bling never goes back from 5."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5) as conn:
        issued = conn.execute(
            "SELECT s.numero_loja, n.access_key FROM sales s JOIN nfce_notes n ON n.sale_id = s.id "
            "LEFT JOIN fiscal_documents f ON f.sale_id = s.id AND f.kind = 'nfce' "
            "WHERE n.state IN ('authorized', 'cancel_pending') OR f.xml IS NOT NULL").fetchall()
    notes = standin.inspect()["nfce"]
    twice = [numero for numero, found in notes.items() if len(found) > 1]
    unread = [numero for numero, key in issued
              if not any(n["situacao"] == 5 and n["chaveAcesso"] == key for n in notes.get(numero, []))]
    return twice, unread


def kill_during(cmd: list[str], env: dict[str, str], database: Path, kind: str, jitter_s: float,
                rng: random.Random, limit: float = 40.0) -> bool:
    """Start `cmd`; SIGKILL it `jitter` after an item of `kind` is in flight. True when killed so."""
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = time.monotonic()
    try:
        while proc.poll() is None and time.monotonic() - started < limit:
            if in_flight(database, kind):
                time.sleep(rng.uniform(0.0, jitter_s))
                if proc.poll() is None:
                    proc.send_signal(signal.SIGKILL)
                    proc.wait()
                    return True
                return False
            time.sleep(0.003)
        return False
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=50, help="SIGKILLs per step")
    parser.add_argument("--sales", type=int, default=40, help="sales recorded at first (more are added as needed)")
    parser.add_argument("--latency", type=float, default=0.3, help="SEFAZ's latency in the stand-in (s)")
    parser.add_argument("--seed", type=int, default=27)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="harness-nfce-") as tmp_name:
        tmp = Path(tmp_name)
        standin = StandIn(tmp / "bling.sqlite3", products=80, seed=3)
        try:
            return run(tmp, standin, args, rng)
        finally:
            standin.stop()


def run(tmp: Path, standin: StandIn, args: argparse.Namespace, rng: random.Random) -> int:
    standin.http.post(f"{standin.control_url}/nfce", json={"sefaz_latency_s": args.latency, "slow_share": 0.2,
                                                           "slow_extra_s": args.latency})
    home = tmp / "pdv"
    terminal = setup_terminal(home, standin, nfce_source="bling")
    goods = sellable(terminal.ctx, 12)
    numeros = [record_sale(terminal.ctx.store, mixed_sale(goods, rng)).numero_loja for _ in range(args.sales)]
    terminal.service.stop()
    database = app_paths(home).database
    env, cmd = sync_env(home, RATE), [sys.executable, "-m", "pdv_bling", "sync", "--push"]
    kills: Counter[str] = Counter()
    checks, broken = 0, set()
    started = time.monotonic()
    while min(kills[k] for k in STEPS) < args.kills:
        target = min(STEPS, key=lambda k: kills[k])
        if not open_steps(database, ("pending", "in_flight"))[target]:  # nothing of that step to kill: more sales
            numeros += [record_sale(terminal.ctx.store, mixed_sale(goods, rng)).numero_loja for _ in range(10)]
        jitter = args.latency if target == "nfce_send" else 0.04
        if kill_during(cmd, env, database, target, jitter, rng):
            kills[target] += 1
            twice, unread = invariants(database, standin)
            checks += 1
            broken |= {f"two notes: {n}" for n in twice} | {f"issued without 5: {n}" for n in unread}
        if sum(kills.values()) % 15 == 0:
            print(f"  {time.strftime('%H:%M:%S')} kills {dict((STEPS[k], kills[k]) for k in STEPS)}", flush=True)
    for _ in range(30):  # unkilled until the queue is empty (notes at SEFAZ wait their turn)
        subprocess.run(cmd + ["--wait", "--timeout", "120"], env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        if not sum(open_steps(database, ("pending", "in_flight")).values()):
            break
    parked = open_steps(database, ("parked",))
    print(f"  parked after the last sync: {dict(parked) or 'none'}")
    twice, unread = invariants(database, standin)
    broken |= {f"two notes: {n}" for n in twice} | {f"issued without 5: {n}" for n in unread}
    print(f"invariants checked after each of {checks} kills and at the end: never two notes for one sale, never "
          f"issued here without situacao 5 in Bling: " + ("HELD" if not broken else f"BROKEN {sorted(broken)[:5]}"))
    return verdict(terminal.ctx, standin, numeros, kills, time.monotonic() - started) or (1 if broken else 0)


def verdict(ctx: object, standin: StandIn, numeros: list[str], kills: Counter[str], seconds: float) -> int:
    from pdv_bling.store.context import AppContext

    assert isinstance(ctx, AppContext)
    notes = standin.inspect()["nfce"]
    with ctx.store.read() as session:
        local = {numero: (state, key, bool(xml)) for numero, state, key, xml in session.execute(
            select(Sale.numero_loja, NfceNote.state, NfceNote.access_key, FiscalDocument.xml)
            .join(NfceNote, NfceNote.sale_id == Sale.id)
            .outerjoin(FiscalDocument, FiscalDocument.access_key == NfceNote.access_key))}
    twice = [n for n in numeros if len(notes.get(n, [])) > 1]
    none = [n for n in numeros if not notes.get(n)]
    unauthorized = [n for n in numeros if local.get(n, ("", "", False))[0] != "authorized" or not local[n][2]]
    mismatched = [n for n in numeros if notes.get(n) and local.get(n) and notes[n][0]["chaveAcesso"] != local[n][1]]
    print(f"SIGKILLs: {sum(kills.values())} ({', '.join(f'{STEPS[k]} {kills[k]}' for k in STEPS)}) over "
          f"{len(numeros)} sales in {seconds:.0f} s")
    print(f"  sales with two notes in Bling: {len(twice)}; without a note: {len(none)}; local note not authorized "
          f"or without XML: {len(unauthorized)}; key differs: {len(mismatched)}")
    ok = not (twice or none or unauthorized or mismatched)
    print("exactly one note per sale: " + ("YES" if ok else f"NO {twice[:3]} {none[:3]} {unauthorized[:3]}"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

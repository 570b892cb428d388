"""Harness 1 (issue 8): kill -9 during delivery, and during a first product pull.

    .venv/bin/python bench/harness_kill.py              # 200 sales, >= 100 SIGKILLs: ~6-8 min
    .venv/bin/python bench/harness_kill.py --sales 40 --min-kills 20

Delivery: the stand-in runs as a separate process (`pdv-bling sandbox --state FILE`, 20 ms
latency). 200 mixed sales (with/without customer, 1-3 payments) are recorded with cancellations
and exchanges (full and partial returns); half of the changes are recorded before the loop, half
after 30 rounds (their originals mostly delivered by then). A loop starts `pdv-bling sync --push`
(client paced at 10 req/s, faster than Bling's 3/s to keep the run short) and SIGKILLs it at a
random moment (0-0.2 s) after it delivered a random part of its share of the queue, until the queue is empty
and at least `--min-kills` kills happened (kills keyed to progress, not to a fixed delay: on a
shared machine the start-up time varies too much for a delay to land kills mid-queue). Then every
figure the stand-in shows is compared with the one computed from the LOCAL records.

A partial-return stock entry whose outcome is unknown is parked for a human check (Bling cannot
look stock movements up). The harness counts those and resolves them as a manager would: looks
the movement up by its `observacoes` marker and marks the item sent, or retries it.

Pull: a fresh data folder's first catalogue pull (`pdv-bling sync --pull categorias produtos`,
1,000 products, client at 50 req/s) is SIGKILLed repeatedly until it completes; the catalogue must equal the one of
an uninterrupted pull.
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
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402

from bench.common import (  # noqa: E402
    StandIn,
    Terminal,
    Workload,
    all_clean,
    compare,
    contact_twins,
    expected_from_local,
    live_trap_flags,
    outbox_states,
    record_changes,
    record_sales,
    reopen,
    resolve_parked_stock_entries,
    seed_holders,
    setup_terminal,
    stamp,
    sync_env,
)
from pdv_bling.base.paths import app_paths  # noqa: E402
from pdv_bling.store import outbox  # noqa: E402
from pdv_bling.store.context import AppContext  # noqa: E402
from pdv_bling.store.models import Category, Product  # noqa: E402

RATE = 10.0


def run_killed(cmd: list[str], env: dict[str, str], delay: float) -> tuple[bool, float]:
    """Start `cmd`, SIGKILL it after `delay` s unless it ended; (killed, seconds alive)."""
    started = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        proc.wait(delay)
        return False, time.monotonic() - started
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return True, time.monotonic() - started


def _done(database: Path) -> int:
    """Items delivered, read while `pdv-bling sync` runs. The connection is closed here, not left to
    the garbage collector (`with sqlite3.connect()` only commits; on 3.11 a connection lives until a
    collection): this process also opens the folder with `AppContext.open`, whose header check opens
    and closes the database file, and that close drops every POSIX lock the process holds on it, the
    leftover readers' included. A sync process could then take the last-connection lock and delete
    the WAL and its -shm under those readers, and this process read the store through a stale
    WAL index: "database disk image is malformed" (the database itself was fine)."""
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5)) as conn:
        return int(conn.execute("SELECT count(*) FROM outbox_items WHERE state = 'done'").fetchone()[0])


def run_until_progress(cmd: list[str], env: dict[str, str], database: Path, *, target: int, jitter: float,
                       limit: float = 60.0) -> tuple[bool, int]:
    """Start `cmd`; SIGKILL it `jitter` s after it delivered `target` items (or after `limit` s):
    on a shared machine the start-up time varies too much for a fixed delay to land kills mid-queue."""
    base = _done(database)
    started = time.monotonic()
    reached: float | None = None
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while proc.poll() is None:
        now = time.monotonic()
        if reached is None and _done(database) - base >= target:
            reached = now
        if (reached is not None and now - reached >= jitter) or now - started >= limit:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True, _done(database) - base
        time.sleep(0.02)
    return False, _done(database) - base


def startup_seconds(home: Path) -> float:
    env = sync_env(home, RATE)
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "pdv_bling", "status"], env=env, capture_output=True, check=False)
    return time.monotonic() - started


def delivery_loop(home: Path, standin: StandIn, work: Workload, rng: random.Random, *, min_kills: int,
                  late_changes: dict[str, int]) -> dict[str, int]:
    env = sync_env(home, RATE)
    cmd = [sys.executable, "-m", "pdv_bling", "sync", "--push"]
    database = app_paths(home).database
    stats: Counter[str] = Counter()
    for round_no in range(1, 5000):
        states = outbox_states(home)
        open_items = sum(n for s, n in states.items() if s != outbox.DONE)
        if open_items == 0 and not late_changes:
            break  # done (if fewer than min_kills happened, main() reports the shortfall)
        if late_changes and (round_no == 30 or open_items == 0):
            t = reopen(home)
            record_changes(t.ctx, rng, work, **late_changes)
            t.close()
            late_changes = {}
            continue
        share = open_items / max(1, min_kills - stats["kills"])  # items one run may deliver
        target = max(1, int(share * rng.uniform(0.3, 1.0))) if stats["kills"] < min_kills else 10**9
        killed, progress = run_until_progress(cmd, env, database, target=target, jitter=rng.uniform(0.0, 0.2))
        stats["runs"] += 1
        after = outbox_states(home)
        if not killed:
            stats["ran_to_end"] += 1
        else:
            stats["kills"] += 1
            stats["kills_with_item_in_flight"] += after[outbox.IN_FLIGHT] > 0
            stats["kills_after_progress"] += progress > 0
        if outbox_states(home)[outbox.PARKED]:
            resolved = resolve_parked_stock_entries(home, standin.inspect())
            stats["parked_stock_entries"] += resolved["found"] + resolved["retried"]
            stats["parked_found_in_bling"] += resolved["found"]
            stats["parked_retried"] += resolved["retried"]
        if round_no % 20 == 0:
            print(f"[{stamp()}] round {round_no}: kills={stats['kills']} open={open_items}", flush=True)
    return dict(stats)


def catalogue(home: Path) -> list[tuple[object, ...]]:
    ctx = AppContext.open(home)
    try:
        with ctx.store.read() as session:
            cats = {c.id: c.bling_id for c in session.scalars(select(Category))}
            parents = {p.id: p.bling_id for p in session.scalars(select(Product))}
            return sorted(
                (p.bling_id, p.name, p.sku, p.barcode, p.price_cents, p.ncm, p.cest, p.origem, p.active,
                 cats.get(p.category_id or -1), parents.get(p.parent_id or -1),
                 tuple(sorted((p.attributes or {}).items())))
                for p in session.scalars(select(Product))
            )
    finally:
        ctx.close()


def pull_loop(tmp: Path, rng: random.Random, *, products: int, knobs: list[str]) -> dict[str, object]:
    standin = StandIn(tmp / "pull-standin.sqlite", products=products, seed=4, rate_limit=1000, extra=knobs)
    try:
        cmd = [sys.executable, "-m", "pdv_bling", "sync", "--pull", "categorias", "produtos"]
        for name in ("ref", "killed"):
            setup_terminal(tmp / name, standin, pull=False).close()
        subprocess.run(cmd, env=sync_env(tmp / "ref", 200), check=True, capture_output=True)
        expected = catalogue(tmp / "ref")
        base = startup_seconds(tmp / "killed")
        kills = runs = 0
        while True:
            runs += 1
            killed, _ = run_killed(cmd, sync_env(tmp / "killed", 50), base + rng.uniform(0.2, 1.5))
            kills += killed
            if not killed:
                break
        got = catalogue(tmp / "killed")
        return {"products": len(expected), "runs": runs, "kills": kills, "equal": got == expected}
    finally:
        standin.stop()


def _stock_check(t: Terminal) -> str:
    from pdv_bling.sync.stock_check import load_stock_check

    with t.ctx.store.read() as session:
        check = load_stock_check(session)
    return "none" if check is None else f"{check.status} (tries {check.tries})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sales", type=int, default=200)
    parser.add_argument("--min-kills", type=int, default=100)
    parser.add_argument("--pull-products", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--no-knobs", action="store_true", help="the stand-in's defaults only (no §11 knobs on)")
    args = parser.parse_args()
    knobs = [] if args.no_knobs else live_trap_flags()
    rng = random.Random(args.seed)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="harness-kill-") as name:
        tmp = Path(name)
        standin = StandIn(tmp / "standin.sqlite", products=120, rate_limit=1000,
                          extra=["--latency-ms", "20", *knobs])
        try:
            import os

            os.environ["PDV_BLING_RATE_PER_SECOND"] = "200"
            holders = {} if args.no_knobs else seed_holders(standin.control_url)
            home = tmp / "store"
            terminal = setup_terminal(home, standin)
            work = Workload()
            record_sales(terminal.ctx, rng, args.sales, work)
            changes = max(2, args.sales // 20)  # 10 cancellations + 10 exchanges per half for 200 sales
            record_changes(terminal.ctx, rng, work, cancels=changes, exchanges=changes)
            terminal.close()
            print(f"[{stamp()}] recorded {len(work.sales)} sales; delivery loop starts", flush=True)
            stats = delivery_loop(home, standin, work, rng, min_kills=args.min_kills,
                                  late_changes={"cancels": changes, "exchanges": changes})
            t = reopen(home)
            inspect = standin.inspect()
            result = compare(expected_from_local(t.ctx), inspect)
            twins = contact_twins(t.ctx, inspect)
            stock_check = _stock_check(t)
            t.close()
            states = outbox_states(home)
        finally:
            standin.stop()
        delivery_time = time.monotonic() - started
        print(f"[{stamp()}] kill during a first product pull", flush=True)
        pull = pull_loop(tmp, rng, products=args.pull_products, knobs=knobs)
    print("== harness 1: kill -9 during delivery ==")
    print(f"knobs={knobs or 'defaults'} holders={holders} stock_check={stock_check}")
    print(f"sales={len(work.sales)} cancellations={len(work.cancelled)} full_returns={len(work.full_returns)} "
          f"partial_exchanges={len(work.partial_returns)} (orders incl. exchange sales={result['orders_checked']})")
    print(f"sync_runs={stats['runs']} sigkills={stats['kills']} kills_with_item_in_flight="
          f"{stats.get('kills_with_item_in_flight', 0)} kills_after_progress={stats.get('kills_after_progress', 0)} "
          f"runs_that_finished={stats.get('ran_to_end', 0)}")
    print(f"parked_for_human_check={stats.get('parked_stock_entries', 0)} (found in Bling -> marked sent: "
          f"{stats.get('parked_found_in_bling', 0)}, absent -> retried: {stats.get('parked_retried', 0)})")
    print(f"outbox_final={dict(states)}")
    print(f"comparison={result}")
    print(f"contact_twins={twins}")
    print(f"delivery_phase_s={delivery_time:.0f}")
    print(f"pull: {pull}")
    if stats["kills"] < args.min_kills:
        print(f"TOO FEW KILLS: the queue emptied after {stats['kills']} (wanted {args.min_kills})")
    ok = (all_clean(result) and not twins and set(states) == {outbox.DONE} and stats["kills"] >= args.min_kills
          and pull["equal"])
    print("NOTHING LOST, NOTHING TWICE" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Harness 2 (issue 8): a hostile network.

    .venv/bin/python bench/harness_network.py           # 200 sales: ~40-50 min (see below)
    .venv/bin/python bench/harness_network.py --sales 30  # ~9 min
    .venv/bin/python bench/harness_network.py --mode transitions

The same workload as harness 1 (200 mixed sales, cancellations, full and partial returns) is
delivered while the stand-in (a separate process) answers 10% 500 + 10% 503 (20% 5xx), 20% 429,
and commits 20% of POST /pedidos/vendas then drops the connection without answering; latency
is 20 ms with spikes of 0.5-2 s every 4-8 s (a thread switches them on and off through the control API).
Default stock mode here is "Lançar pela integração" to a non-padrão deposit (harness 1 covers
the default "Transições do Bling"). The client paces at 20 req/s (faster than Bling's 3/s to keep
the run short; the stand-in's own limit is not what is tested here, the injected 429s are).

Drain passes run back to back in-process (0.3 s apart, each item's persisted backoff respected):
more aggressive than the app, whose scheduler re-probes 5-60 s apart when offline, so the error
windows measured are an upper bound of the app's. Then the same exact comparison, plus Bling's
block rules measured on the stand-in's log: errors in any 10 s (< 300), token calls in any 60 s (< 20).

Since the AIMD pacer (issue 13 item 7) the client halves its rate at each 429, and a fifth of the
answers here are 429s whatever the rate: the drain runs at about 0.5 request/s (1-5 s between
requests), five times slower than with fixed pacing (30 sales: 100 s before, 545 s after). Each
drain may take `--limit-s` (the 480 s it had before cut the 200-sale run off half-way).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    StandIn,
    Workload,
    all_clean,
    compare,
    contact_twins,
    drain_until_done,
    expected_from_local,
    live_trap_flags,
    other_deposit,
    outbox_states,
    record_changes,
    record_sales,
    seed_holders,
    set_settings,
    setup_terminal,
    stamp,
    worst_windows,
)
from pdv_bling.store import outbox  # noqa: E402

FAULTS = {"p500": 0.1, "p503": 0.1, "p429": 0.2, "p_commit_drop": 0.2, "latency_ms": 20, "seed": 5}


def spikes(standin: StandIn, stop: threading.Event, rng: random.Random, counter: list[int]) -> None:
    while not stop.wait(rng.uniform(4.0, 8.0)):
        standin.set_faults(latency_ms=rng.uniform(500, 2000))
        counter[0] += 1
        stop.wait(rng.uniform(0.5, 1.5))
        standin.set_faults(latency_ms=20)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sales", type=int, default=200)
    parser.add_argument("--mode", choices=["integration", "transitions"], default="integration")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--no-knobs", action="store_true", help="the stand-in's defaults only (no §11 knobs on)")
    parser.add_argument("--limit-s", type=float, default=3600.0, help="seconds each of the two drains may take")
    args = parser.parse_args()
    knobs = [] if args.no_knobs else live_trap_flags()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="harness-net-") as name:
        tmp = Path(name)
        standin = StandIn(tmp / "standin.sqlite", products=120, rate_limit=1000, extra=knobs)
        try:
            os.environ["PDV_BLING_RATE_PER_SECOND"] = "20"
            holders = {} if args.no_knobs else seed_holders(standin.control_url)
            home = tmp / "store"
            terminal = setup_terminal(home, standin)
            if args.mode == "integration":
                set_settings(terminal.ctx, stock_mode="integration", deposit_id=other_deposit(terminal.ctx))
            work = Workload()
            record_sales(terminal.ctx, rng, args.sales, work)
            changes = max(2, args.sales // 20)
            record_changes(terminal.ctx, rng, work, cancels=changes, exchanges=changes)
            mark = len(standin.inspect()["requests"]["log"])
            standin.set_faults(**FAULTS)
            stop, spiked = threading.Event(), [0]
            spiker = threading.Thread(target=spikes, args=(standin, stop, random.Random(3), spiked), daemon=True)
            spiker.start()
            print(f"[{stamp()}] {len(work.sales)} sales recorded; hostile delivery starts", flush=True)
            started = time.monotonic()
            first = drain_until_done(terminal, home=home, standin=standin, limit_s=args.limit_s)
            record_changes(terminal.ctx, rng, work, cancels=changes, exchanges=changes)  # after delivery
            second = drain_until_done(terminal, home=home, standin=standin, limit_s=args.limit_s)
            wall = time.monotonic() - started
            stop.set()
            spiker.join()
            standin.set_faults(p500=0, p503=0, p429=0, p_commit_drop=0, latency_ms=0)
            inspect = standin.inspect()
            result = compare(expected_from_local(terminal.ctx), inspect)
            twins = contact_twins(terminal.ctx, inspect)
            from pdv_bling.sync.stock_check import load_stock_check

            with terminal.ctx.store.read() as session:
                check = load_stock_check(session)
            terminal.close()
            states = outbox_states(home)
        finally:
            standin.stop()
    log = inspect["requests"]["log"][mark:]
    by_status: dict[str, int] = {}
    for entry in log:
        by_status[str(entry["status"])] = by_status.get(str(entry["status"]), 0) + 1
    windows = worst_windows(log)
    stats = first + second
    print(f"== harness 2: hostile network ({args.mode} mode) ==")
    print(f"faults={FAULTS} latency_spikes={spiked[0]} (0.5-2 s each)")
    print(f"knobs={knobs or 'defaults'} holders={holders}")
    print("stock_check=" + (str({k: v for k, v in check.to_json().items() if v is not None}) if check else "none"))
    print(f"sales={len(work.sales)} cancellations={len(work.cancelled)} full_returns={len(work.full_returns)} "
          f"partial_exchanges={len(work.partial_returns)} orders_checked={result['orders_checked']}")
    print(f"requests={len(log)} by_status={by_status} wall_s={wall:.0f} drain_passes={stats['passes']}")
    print(f"parked_for_human_check={stats.get('parked_stock_entries', 0)} (found in Bling -> marked sent: "
          f"{stats.get('parked_found_in_bling', 0)}, absent -> retried: {stats.get('parked_retried', 0)})")
    print(f"{windows} (limits: < 300 errors / 10 s, < 20 token calls / 60 s)")
    print(f"outbox_final={dict(states)}")
    print(f"comparison={result}")
    print(f"contact_twins={twins}")
    ok = (all_clean(result) and not twins and set(states) == {outbox.DONE}
          and windows["worst_errors_10s"] < 300 and windows["worst_token_calls_60s"] < 20)
    print("NOTHING LOST, NOTHING TWICE, WITHIN BLING'S BLOCK RULES" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

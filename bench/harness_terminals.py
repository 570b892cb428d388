"""Harness 3 (issue 8): several terminals, one Bling account.

    .venv/bin/python bench/harness_terminals.py            # 3 terminals x 40 sales: ~2-3 min
    .venv/bin/python bench/harness_terminals.py --terminals 3 --sales 60
    .venv/bin/python bench/harness_terminals.py --terminals 10     # issue 13: ten terminals, ~6 min

N data folders (PDV01..PDVnn, each its own numeroLoja series) record mixed sales (same five
customers' CPFs at every terminal) plus a few cancellations, then N `pdv-bling sync --push --wait`
processes drain at the same time into ONE stand-in enforcing the account's 3 requests/second.
They cannot see each other: each paces itself with the product's AIMD pacer (slow start, slower
on every 429), so together they must converge to the ceiling; 429s must cost nothing.

Prints: nothing lost / nothing twice per terminal (exact comparison with the local records),
twin contacts, share of 429s, the accepted rate against the ceiling (whole drain, and while all
N were still draining), and the worst count of error answers in any 10 s (Bling blocks at 300).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    LIVE_TRAPS,
    Terminal,
    Workload,
    all_clean,
    compare,
    contact_twins,
    expected_from_local,
    merge_expected,
    outbox_states,
    record_changes,
    record_sales,
    reopen,
    seed_holders,
    setup_terminal,
    stamp,
    sync_env,
    worst_windows,
)
from pdv_bling.sandbox import SandboxConfig, SandboxServer  # noqa: E402
from pdv_bling.store import outbox  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--terminals", type=int, default=3)
    parser.add_argument("--sales", type=int, default=40, help="per terminal")
    parser.add_argument("--ceiling", type=float, default=3.0)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--no-knobs", action="store_true", help="the stand-in's defaults only (no §11 knobs on)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.environ["PDV_BLING_RATE_PER_SECOND"] = "1000"  # set-up pulls only
    server = SandboxServer(SandboxConfig(products=120, seed=1, rate_limit=1000.0)).start()
    holders = {} if args.no_knobs else seed_holders(server.control_url)
    if not args.no_knobs:
        server.set_traps(**LIVE_TRAPS)
    with tempfile.TemporaryDirectory(prefix="harness-terminals-") as name:
        homes = [Path(name) / f"pdv{i + 1:02d}" for i in range(args.terminals)]
        for home in homes:
            t: Terminal = setup_terminal(home, server, terminal_id=home.name.upper())
            work = Workload()
            record_sales(t.ctx, rng, args.sales, work)
            record_changes(t.ctx, rng, work, cancels=max(1, args.sales // 10), exchanges=0)
            t.close()
        server.config.rate_limit = args.ceiling
        time.sleep(1.5)
        mark = len(server.inspect()["requests"]["log"])
        print(f"[{stamp()}] {args.terminals} terminals x {args.sales} sales: draining at once", flush=True)
        started = time.monotonic()
        procs = [subprocess.Popen([sys.executable, "-m", "pdv_bling", "sync", "--push", "--wait", "--timeout", "0"],
                                  env=sync_env(home, args.ceiling), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True) for home in homes]
        ended: dict[int, float] = {}  # process index -> wall time it exited (the stand-in logs wall time)
        while len(ended) < len(procs):
            for index, proc in enumerate(procs):
                if index not in ended and proc.poll() is not None:
                    ended[index] = time.time()
            time.sleep(0.2)
        outputs = [p.communicate(timeout=60)[0].strip().replace("\n", " | ") for p in procs]
        wall = time.monotonic() - started
        inspect = server.inspect()
        results, states, parts = [], [], []
        twins: list[str] = []
        for home in homes:
            t = reopen(home)
            parts.append(expected_from_local(t.ctx))
            results.append(compare(parts[-1], inspect, prefix=home.name.upper()))
            states.append(dict(outbox_states(home)))
            twins = contact_twins(t.ctx, inspect) if home == homes[-1] else twins
            t.close()
        overall = compare(merge_expected(parts), inspect)
    server.stop()
    log = inspect["requests"]["log"][mark:]
    drain_log = log
    too_many = sum(1 for e in drain_log if e["status"] == 429)
    span = drain_log[-1]["t"] - drain_log[0]["t"]
    accepted = len(drain_log) - too_many
    extra = sorted(k for k in inspect["orders"] if not any(k.startswith(h.name.upper()) for h in homes))
    print(f"== harness 3: {args.terminals} terminals, one account at {args.ceiling:g} req/s ==")
    print(f"knobs={'defaults' if args.no_knobs else LIVE_TRAPS} holders={holders}")
    for home, result, state, out in zip(homes, results, states, outputs, strict=True):
        print(f"{home.name.upper()}: orders={result['orders_checked']} outbox={state} "
              f"lost={len(result['missing'])} twice={len(result['duplicated'])} "
              f"situacao/receivables_ok={not result['wrong_situacao'] and not result['wrong_receivables']} | {out[-120:]}")
    print(f"all terminals together (stock per deposit summed): {overall}")
    print(f"orders_not_from_any_terminal={extra} contact_twins={twins}")
    first_done = min(ended.values())
    together = [e for e in drain_log if e["t"] <= first_done]
    together_span = max(1e-9, first_done - drain_log[0]["t"])
    together_ok = sum(1 for e in together if e["status"] != 429)
    print(f"requests={len(drain_log)} 429s={too_many} share_429={too_many / len(drain_log):.1%}")
    print(f"aggregate_rate_all={(len(drain_log) - 1) / span:.2f}/s accepted_rate={(accepted - 1) / span:.2f}/s "
          f"ceiling={args.ceiling:g}/s accepted/ceiling={(accepted - 1) / span / args.ceiling:.1%} wall_s={wall:.0f}")
    print(f"while all {args.terminals} were draining ({together_span:.0f} s): accepted_rate="
          f"{together_ok / together_span:.2f}/s = {together_ok / together_span / args.ceiling:.1%} of the ceiling, "
          f"share_429={(len(together) - together_ok) / max(1, len(together)):.1%}")
    print(f"worst error answers in any 10 s: {worst_windows(drain_log)['worst_errors_10s']} (Bling blocks at 300)")
    print(f"drain ended per terminal (s after start): "
          f"{sorted(round(t - drain_log[0]['t']) for t in ended.values())}")
    ok = (all_clean(overall) and not extra and not twins
          and all(set(s) == {outbox.DONE} for s in states))
    print("NOTHING LOST, NOTHING TWICE" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

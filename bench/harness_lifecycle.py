"""Harness (issue 22): a store's year in one run, in store and single mode, with sales, exchanges and
store credit flowing throughout.

    .venv/bin/python bench/harness_lifecycle.py              # Bling's 3 req/s: ~10 min (604 s measured)
    .venv/bin/python bench/harness_lifecycle.py --rate 10 --kills 20 --seed 2

Everything runs on this machine (`bench/lifecycle_world.py`): the Bling stand-in and the integrador
in this process, a throwaway PostgreSQL (a second one for the move), and each caixa as a process of
its own with its own data folder and PC name, selling all the time (sales with and without a
customer, exchanges of any caixa's sale settled in store credit, refunded or like for like, credit
spent at any caixa). While they sell, in this order (`bench/lifecycle_events.py`):

1. a caixa's backup (`pdv-bling db backup`) mid-day; the PC dies right after a burst of sales and
   `pdv-bling db restore BACKUP` puts the copy back (the damaged file's sales salvaged);
2. a joined folder copied to a second PC; both sell; the store refuses the copy by name; the copy
   joins as a caixa of its own (`store join URL --terminal PDV04`);
3. `--kills` SIGKILLs of a caixa process right after the store's COMMIT returned, before its own mark
   (`bench/lifecycle_kill_child.py`); each next pass settles the batch in doubt;
3b. one more such kill, then the store unreachable (its PostgreSQL stopped `--step` seconds) while
   every caixa sells offline: a refund of a sale in that batch is refused as in doubt, and goes
   through once the store is back and the batch settled;
4. the store moved with pg_dump/pg_restore to a NEW server while it works; the integrador restarted
   with `--store NEWURL`, every caixa re-pointed with `store join NEWURL --terminal`;
5. a backup of the store taken (`--backup-age` seconds play the hour);
6. a caixa leaves the store and joins again; another is renamed (joins again with a new terminal id);
7. the store database restored from that backup;
and beside them, a single-mode caixa on another Bling account has its database damaged and restored
(`bench/lifecycle_single.py`: backup with pending sales, delivered, damaged, restored, synced; the
lost sale recorded again; the folder copied to a new PC). Then selling stops, the store settles, and
it checks from the stand-in's own records and the store database only (`bench/lifecycle_verify.py`):
every sale exactly once in Bling (numeroLoja unique, none missing: every sale the harness recorded
is in the store and in Bling unless a scripted disaster took it, by record id), each order's stock
moved once per unit and each partial-return entry once, Bling as the store says (situação, open
receivables, stock per product), returned <= sold, no credit below zero nor spent or granted twice,
every caixa's replica equal to the store. Exit 0 only when all of it holds. Everything it made
goes away at the end, Ctrl-C included (`--keep` keeps the folders).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import lifecycle_events as events  # noqa: E402
from bench.lifecycle_single import single_restore  # noqa: E402
from bench.lifecycle_store import Harness  # noqa: E402
from bench.lifecycle_verify import (  # noqa: E402
    bling_figures,
    check_bling,
    check_replicas,
    check_store,
    check_store_against_bling,
    store_figures,
)
from bench.lifecycle_world import STARTED, say  # noqa: E402


def parse() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rate", type=float, default=3.0, help="the stand-in's limit and the client's pace (req/s)")
    p.add_argument("--caixas", type=int, default=3)
    p.add_argument("--products", type=int, default=40)
    p.add_argument("--kills", type=int, default=20)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--gap-min", type=float, default=2.0, help="seconds between two operations of a caixa")
    p.add_argument("--gap-max", type=float, default=5.0)
    p.add_argument("--exchange-share", type=float, default=0.15)
    p.add_argument("--credit-share", type=float, default=0.08)
    p.add_argument("--step", type=float, default=20.0, help="seconds of plain selling between events")
    p.add_argument("--backup-age", type=float, default=60.0, help="seconds between the store's backup and its restore")
    p.add_argument("--settle-timeout", type=float, default=1800.0)
    p.add_argument("--keep", action="store_true", help="keep the folders (and PostgreSQL's) for a look")
    return p.parse_args()


def run(h: Harness) -> dict[str, Any]:
    args = h.args
    figures: dict[str, Any] = {}
    h.start()
    single: dict[str, Any] = {}

    def single_mode() -> None:
        try:
            found, problems, account = single_restore(h.folder("single"), rate=args.rate, seed=args.seed)
            h.standins.append(account)
            single.update(found)
            for problem in problems:
                h.ledger.problem(problem)
        except Exception as exc:  # reported, never a silent thread death
            h.ledger.problem(f"single mode: {type(exc).__name__}: {exc}")

    side = threading.Thread(target=single_mode, name="single-mode", daemon=True)
    side.start()
    timed = h.ledger.times
    first, second, third = h.caixas[:3]
    steps: list[tuple[str, Any]] = [
        ("caixa_restore", lambda: events.restore_caixa(h, first, after_s=args.step)),
        ("folder_copy", lambda: events.copy_folder(h, second, new_terminal=f"PDV{args.caixas + 1:02d}",
                                                   sell_s=args.step)),
        ("sigkill_after_commit", lambda: events.kills(h, third, times=args.kills)),
        ("lost_answer_then_outage", lambda: events.lost_answer_then_outage(h, third, outage_s=args.step)),
        ("store_move", lambda: events.move_store(h, gap_s=3.0)),
    ]
    time.sleep(args.step)
    for name, step in steps:
        started = time.monotonic()
        figures[name] = step()
        timed[name] = round(time.monotonic() - started, 1)
        time.sleep(args.step)
    dump, taken_at = events.backup_store(h)
    time.sleep(max(0.0, args.backup_age - 2 * args.step))
    for name, step in [("leave_rejoin", lambda: events.leave_and_rejoin(h, first, away_s=3.0)),
                       ("rename", lambda: events.rename(h, second, f"PDV{args.caixas + 2:02d}"))]:
        started = time.monotonic()
        figures[name] = step()
        timed[name] = round(time.monotonic() - started, 1)
        time.sleep(args.step)
    started = time.monotonic()
    figures["store_restore"] = events.restore_store(h, dump, taken_at)
    timed["store_restore"] = round(time.monotonic() - started, 1)
    time.sleep(args.step)
    say("selling stops; waiting for the store to settle")
    h.stop_selling.set()
    for seller in h.sellers:
        seller.join(120)
    timed["settle"] = round(h.settle(timeout=args.settle_timeout), 1)
    side.join(args.settle_timeout)
    for caixa in h.caixas:  # a last pass each: the replica brings what the integrador wrote last
        if caixa.agent is not None:
            caixa.agent.call("push")
            caixa.stop()
    figures["single_mode"] = single
    return figures


def verify(h: Harness, figures: dict[str, Any]) -> bool:
    assert h.db is not None
    inspect = h.standin.inspect()
    checks = {**check_store(h.db, inspect, h.ledger), **check_bling(h.standin),
              **{f"store_vs_bling_{k}": v for k, v in check_store_against_bling(h.db.url, inspect, h.standin).items()}}
    checks["replica_differs"] = [f"{k}: {v}" for k, v in check_replicas(
        h.db.url, {c.slot: c.home for c in h.caixas}).items() if v]
    checks["problems"] = list(h.ledger.problems)
    ledger = h.ledger
    report = {
        "events": dict(ledger.events), "refusals": dict(ledger.refusals), "store_errors": ledger.notes, "times_s": ledger.times,
        "ledger": {"recorded": len(ledger.sales), "taken_by_a_disaster": len(ledger.taken),
                   "by_kind": {k: v for k, v in ledger.events.items() if k.startswith("recorded_")}},
        "store": store_figures(h.db, inspect), "bling": bling_figures(h.standin), "per_event": figures,
        "checks": {k: (v if v else 0) for k, v in checks.items()},
    }
    print(json.dumps(report, indent=1, ensure_ascii=False, default=str))
    ok = not any(v for v in checks.values())
    summary(report, figures.get("single_mode") or {})
    print("== harness lifecycle: " + ("every sale exactly once, no unit returned twice, no credit below zero, "
                                      "every replica equal to the store ==" if ok else "FAILED =="))
    return ok


STORE_EVENTS = ("caixa_restores", "folder_copies", "sigkills_after_commit", "store_outages", "store_moves",
                "store_backups", "leaves", "rejoins", "renames", "store_restores")
SINGLE_EVENTS = 4  # backup with sales pending, disk damaged + db restore, lost sale recorded again, folder copy


def summary(report: dict[str, Any], single: dict[str, Any]) -> None:
    """The figures in one block (docs/reliability.md, "Lifecycle")."""
    events, checks, store, bling = report["events"], report["checks"], report["store"], report["bling"]
    played = sum(int(events.get(k, 0)) for k in STORE_EVENTS) + (SINGLE_EVENTS if single else 0)
    twice = sum(len(checks[k]) if checks[k] else 0 for k in ("orders_twice_in_bling", "numero_loja_twice_in_bling",
                                                              "numero_loja_twice_in_store")) + int(single.get("twice", 1))
    lost = sum(len(checks[k]) if checks[k] else 0 for k in ("recorded_not_in_store", "store_sales_not_in_bling")) \
        + int(single.get("missing", 1))
    print(f"== figures: {played} events played ({', '.join(f'{k} {events[k]}' for k in STORE_EVENTS if k in events)}; "
          f"single mode {SINGLE_EVENTS if single else 0}); sales recorded {report['ledger']['recorded']} in store mode "
          f"+ {single.get('sales', 0)} single; orders in Bling {store['orders_in_bling']} + "
          f"{single.get('orders_in_bling', 0)}; units out {bling['units_out']}, back {bling['units_back']}; "
          f"returns {store['returns_in_store']} ({store['units_returned']} units); duplicates {twice}; lost {lost}; "
          f"time {time.monotonic() - STARTED:.0f} s ==")


def main() -> int:
    import keyring

    from pdv_bling.base.memkeyring import MemoryKeyring

    args = parse()
    os.environ["PDV_BLING_RATE_PER_SECOND"] = str(args.rate)
    keyring.set_keyring(MemoryKeyring())  # this process keeps no secret beyond the run
    signal.signal(signal.SIGTERM, lambda *_a: (_ for _ in ()).throw(KeyboardInterrupt()))
    h = Harness(args)
    try:
        figures = run(h)
        return 0 if verify(h, figures) else 1
    except KeyboardInterrupt:
        say("interrupted: cleaning up")
        return 130
    finally:
        h.close()


if __name__ == "__main__":
    sys.exit(main())

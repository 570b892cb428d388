"""Harness (issue 13, item 1): two data folders with the same terminal id on one Bling account.

    .venv/bin/python bench/harness_collision.py                 # 2 x 30 sales, both cases: ~20 s
    .venv/bin/python bench/harness_collision.py --sales 100 --lost 0.3

The scenario the issue found: every new data folder was PDV01, so a reinstall or a second counter
wrote the same numeroLoja as the first; with a lost response, recovery looked the number up, found
the OTHER folder's order and marked the sale delivered (R$ 479,76 that never reached Bling).

Two cases, each on a fresh stand-in:
- "upgraded": folder B never checked its series (it was connected before the check existed).
  Its first send looks the series up and finds A's orders: nothing is POSTed, B's sales park.
- "race": both folders checked the series while Bling was still empty (no check can close that
  race), then A delivers while B's POSTs lose their answers: a share answered 500 before Bling
  processed them (nothing created), a share committed then dropped (created, answer lost).
  Every recovery must adopt only B's own order (marker, total, items), never A's.

Then B takes a new terminal id, as the parked fix says, and drains. Printed per case: B's sales
wrongly adopted (must be 0), parked, delivered; and the final comparison with the local records
of both folders: each sale exactly once in Bling, under its own marker and total.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

from sqlalchemy import select, update

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import Terminal, mixed_sale, sellable, setup_terminal  # noqa: E402
from pdv_bling.counter.sales import record_sale  # noqa: E402
from pdv_bling.management.settings_input import apply_settings_counted  # noqa: E402
from pdv_bling.sandbox import SandboxConfig, SandboxServer  # noqa: E402
from pdv_bling.store import outbox  # noqa: E402
from pdv_bling.store.models import OutboxItem, Sale  # noqa: E402
from pdv_bling.sync import series  # noqa: E402


def sell(t: Terminal, n: int, rng: random.Random) -> None:
    products = sellable(t.ctx, 10)
    for _ in range(n):
        record_sale(t.ctx.store, mixed_sale(products, rng, with_customer=False))


def drain(t: Terminal, *, rounds: int = 400) -> None:
    for _ in range(rounds):
        t.service.drain_now()
        with t.ctx.store.transaction() as session:  # backoffs pass at once: the harness does not wait
            session.execute(update(OutboxItem).where(OutboxItem.state != outbox.DONE).values(next_attempt_at=None))
            parked_chains = select(OutboxItem.chain).where(OutboxItem.state == outbox.PARKED)
            movable = session.scalars(select(OutboxItem.id).where(
                OutboxItem.state != outbox.DONE, OutboxItem.chain.not_in(parked_chains))).first()
        if movable is None:
            return
    raise RuntimeError("queue did not settle")


def wrongly_adopted(t: Terminal, server: SandboxServer) -> int:
    """B's sales whose stored Bling id is an order that is not theirs (the defect)."""
    wrong = 0
    with t.ctx.store.read() as session:
        for sale in session.scalars(select(Sale).where(Sale.bling_id.is_not(None))):
            assert sale.bling_id is not None  # the query's filter
            order = server.state.orders.get(sale.bling_id)
            facts = series.SaleFacts.of(sale)
            if order is None or facts.marker not in (order.get("observacoesInternas") or ""):
                wrong += 1
    return wrong


def compare(folders: list[Terminal], server: SandboxServer) -> tuple[int, int, int]:
    """(sales, exactly once under their own marker and total, problems)."""
    orders = list(server.state.orders.values())
    total = once = 0
    for t in folders:
        with t.ctx.store.read() as session:
            for sale in session.scalars(select(Sale)):
                total += 1
                marker = series.SaleFacts.of(sale).marker
                mine = [o for o in orders if o.get("observacoesInternas") == marker
                        and round(float(o["total"]) * 100) == sale.total_cents]
                once += len(mine) == 1 and sale.bling_id == mine[0]["id"]
    return total, once, total - once


def run_case(case: str, *, sales: int, lost: float, seed: int, root: Path) -> bool:
    server = SandboxServer(SandboxConfig(products=60, seed=seed, rate_limit=1000.0)).start()
    rng = random.Random(seed)
    a = setup_terminal(root / f"{case}-a", server)
    b = setup_terminal(root / f"{case}-b", server)
    try:
        if case == "race":
            for t in (a, b):
                series.record_check(t.ctx.store, series.check_series(t.service.client, t.ctx.store))
        sell(a, sales, rng)
        sell(b, sales, rng)
        drain(a)
        b.service.handlers._consumidor_final_id()  # as after any earlier sale of B
        if case == "race":
            server.set_faults(p500=lost / 2, p_commit_drop=lost / 2, seed=seed)
        drain(b)
        server.set_faults(p500=0.0, p_commit_drop=0.0)
        adopted_wrong = wrongly_adopted(b, server)
        with b.ctx.store.read() as session:
            parked = session.scalars(select(OutboxItem).where(OutboxItem.state == outbox.PARKED)).all()
            delivered = session.scalars(select(Sale).where(Sale.bling_id.is_not(None))).all()
        codes = sorted({p.error_code or "" for p in parked})
        print(f"[{case}] folder B before a new terminal id: {len(delivered)} delivered as its own orders, {len(parked)} parked "
              f"({', '.join(codes) or '-'}), {adopted_wrong} wrongly adopted from folder A")
        _settings, renumbered = apply_settings_counted(b.ctx.store, {"terminal_id": "PDV02"})
        drain(b)
        total, once, problems = compare([a, b], server)
        print(f"[{case}] after `pdv-bling terminal PDV02` ({renumbered} sales renumbered): {once}/{total} sales "
              f"exactly once in Bling under their own marker and total; problems: {problems}; "
              f"wrongly adopted: {wrongly_adopted(b, server)}")
        return adopted_wrong == 0 and problems == 0 and wrongly_adopted(b, server) == 0
    finally:
        a.close()
        b.close()
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sales", type=int, default=30, help="per folder")
    parser.add_argument("--lost", type=float, default=0.4, help="share of B's order POSTs whose answer is lost (race)")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="harness-collision-") as name:
        ok = all([run_case(case, sales=args.sales, lost=args.lost, seed=args.seed, root=Path(name))
                  for case in ("upgraded", "race")])
    print("== harness collision: " + ("nothing lost, nothing twice, nothing adopted from another folder ==" if ok
                                      else "FAILED =="))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Power cut on the store side (issue 8, item 4): SIGKILL a process while it records sales in a
tight loop, many times; then the store passes `PRAGMA integrity_check` and every sale the process
reported as recorded (printed only after its commit) is there, whole: items, payments and its
outbox rows. Also checks the converse: no sale is half-written (without items, payments or queue).

    .venv/bin/python bench/harness_power_cut.py [--kills 50] [--seed 1]

SIGKILL stops the process at any instruction, in the middle of SQLite writing its WAL; the OS
keeps what was written. A real power cut also loses the OS cache: `synchronous=FULL` (engine.py)
is what makes a commit durable there — this harness cannot pull the plug, it proves atomicity and
recovery of the file after an abrupt stop.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import random, sys
from pdv_bling.store.context import AppContext
from pdv_bling.domain.sale import AddressDraft, CustomerDraft, ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.counter.sales import record_sale

rng = random.Random(int(sys.argv[1]))
ctx = AppContext.open(log=False)
address = AddressDraft(street="Rua A", number="1", district="Centro", city="São Paulo", uf="SP", cep="01001000")
print("ready", flush=True)
while True:
    items = tuple(ItemDraft(sku=f"SKU-{rng.randint(1, 5)}", quantity=rng.randint(1, 3)) for _ in range(rng.randint(1, 3)))
    customer = CustomerDraft("52998224725", "Maria", address=address) if rng.random() < 0.3 else None
    sale = record_sale(ctx.store, SaleDraft(items=items, payments=(PaymentDraft("Dinheiro", 10_000_000),),
                                            customer=customer), allow_high_cash=True)  # cash covers any total
    print(sale.numero_loja, len(items), flush=True)  # after the commit: "reported as recorded"
"""


@dataclass
class Report:
    kills: int = 0
    reported: dict[str, int] = field(default_factory=dict)  # numero_loja -> items
    integrity: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    incomplete: list[str] = field(default_factory=list)
    stored: int = 0

    @property
    def ok(self) -> bool:
        return (self.integrity == ["ok"] and not self.missing and not self.incomplete and self.kills > 0
                and len(self.reported) > 0)  # a loop that recorded nothing proves nothing


def prepare(home: Path) -> Path:
    """A data folder with the five test products and mapped payment methods."""
    sys.path.insert(0, str(ROOT))
    from pdv_bling.store.context import AppContext
    from tests.core.factories import seed_store

    with AppContext.open(home, log=False) as ctx:
        seed_store(ctx.store)
        return Path(ctx.store.path)


def one_run(home: Path, seed: int, delay_s: float, report: Report) -> None:
    env = {**os.environ, "PDV_BLING_HOME": str(home), "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(seed)], env=env, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    time.sleep(delay_s)  # recording at full speed meanwhile
    child.send_signal(signal.SIGKILL)
    out, _ = child.communicate(timeout=30)
    report.kills += 1
    lines = out.split("\n")[:-1]  # only complete lines: a line cut by the kill was not reported
    for line in lines:
        numero, items = line.split()
        report.reported[numero] = int(items)


def verify(database: Path, report: Report) -> None:
    conn = sqlite3.connect(database)
    try:
        report.integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        rows = conn.execute(
            "SELECT s.numero_loja, (SELECT count(*) FROM sale_items i WHERE i.sale_id = s.id),"
            " (SELECT count(*) FROM sale_payments p WHERE p.sale_id = s.id),"
            " (SELECT count(*) FROM outbox_items o WHERE o.sale_id = s.id AND o.kind = 'sale_create'),"
            " (SELECT count(*) FROM outbox_items o WHERE o.sale_id = s.id AND o.kind = 'sale_transition'),"
            " s.customer_id, (SELECT count(*) FROM outbox_items o WHERE o.sale_id = s.id AND o.kind = 'customer_upsert')"
            " FROM sales s").fetchall()
    finally:
        conn.close()
    stored = {r[0]: r[1:] for r in rows}
    report.stored = len(stored)
    report.missing = sorted(set(report.reported) - set(stored))
    for numero, (items, payments, creates, transitions, customer_id, upserts) in stored.items():
        expected_items = report.reported.get(numero, items)
        whole = items == expected_items and items > 0 and payments == 1 and creates == 1 and transitions == 1
        if not whole or upserts != (0 if customer_id is None else 1):
            report.incomplete.append(numero)


def run(home: Path, *, kills: int, seed: int = 1, max_delay_s: float = 0.6) -> Report:
    database = prepare(home)
    rng = random.Random(seed)
    report = Report()
    for n in range(kills):
        one_run(home, seed * 1000 + n, rng.uniform(0.02, max_delay_s), report)
    verify(database, report)
    return report


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--home", type=Path)
    args = parser.parse_args()
    import tempfile

    home = args.home or Path(tempfile.mkdtemp(prefix="pdv-powercut-"))
    started = time.perf_counter()
    report = run(home, kills=args.kills, seed=args.seed)
    print(f"kills: {report.kills} in {time.perf_counter() - started:.1f} s")
    print(f"sales reported as recorded: {len(report.reported)}; sales in the store: {report.stored}")
    print(f"integrity_check: {', '.join(report.integrity)}")
    print(f"reported but missing: {len(report.missing)}; incomplete (items/payments/outbox): {len(report.incomplete)}")
    print("RESULT:", "nothing lost, nothing half-written" if report.ok else "FAILED")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())

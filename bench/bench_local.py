"""Local speed with a big store: 100,000 products and 100,000 outbox rows. Prints figures; not a test.

    .venv/bin/python bench/bench_local.py [--products 100000] [--outbox 100000] [--open 0.1]

Measures, against a store file on disk (WAL, synchronous=FULL, as the app runs it):
- recording a sale (sale + items + payments + outbox rows in one transaction): p50/p99;
- barcode lookup, both the recording path (`lookups.find_product`) and the cashier's scan
  (`queries.search_products`, what Nova venda calls): p50/p99;
- the tray's pending count (`store.outbox.pending_count`): p50/p99, with `--open` of the outbox
  rows still open (default 10%) and again with every row open (weeks offline);
- app start-up to the first window shown (offscreen), in a fresh interpreter on that store.

Targets on the 2-core machine: sale p99 <= 15 ms, barcode p99 <= 2 ms, pending count <= 2 ms,
start-up <= 2 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import insert, update

from pdv_bling.counter import queries
from pdv_bling.counter.lookups import find_product
from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.store import outbox
from pdv_bling.store.context import AppContext
from pdv_bling.store.engine import Store
from pdv_bling.store.models import (
    Counter,
    OutboxItem,
    PaymentMethod,
    Product,
    Sale,
    SaleItem,
    SalePayment,
    Seller,
)

BATCH = 10_000
KINDS = (outbox.SALE_CREATE, outbox.SALE_TRANSITION, outbox.STOCK_POST, outbox.ACCOUNTS_POST)


def barcode(i: int) -> str:
    return f"789{i:010d}"


def fill_products(store: Store, n: int) -> None:
    now = dt.datetime.now(dt.UTC)
    for start in range(1, n + 1, BATCH):
        rows = [
            {"bling_id": 10_000_000 + i, "sku": f"SKU-{i}", "gtin": barcode(i), "barcode": barcode(i),
             "name": f"Produto de teste {i} tamanho {i % 7} cor {i % 11}", "price_cents": 100 + i % 50_000,
             "active": i % 50 != 0, "synced_at": now}
            for i in range(start, min(start + BATCH, n + 1))
        ]
        with store.transaction() as session:
            session.execute(insert(Product), rows)
    with store.transaction() as session:
        session.add(Seller(name="Ana", bling_vendedor_id=501))
        for n_method, method in enumerate(session.query(PaymentMethod).order_by(PaymentMethod.id), start=1):
            method.bling_forma_pagamento_id = 9000 + n_method


def fill_outbox(store: Store, n: int, *, open_share: float) -> None:
    """n outbox rows from n/4 sales (4 rows each, as a sale in integration stock mode)."""
    sales = n // len(KINDS)
    now = dt.datetime.now(dt.UTC)
    rng = random.Random(1)
    for start in range(1, sales + 1, BATCH):
        ids = range(start, min(start + BATCH, sales + 1))
        with store.transaction() as session:
            session.execute(insert(Sale), [
                {"id": s, "number": s, "numero_loja": f"PDV01-{s:07d}", "coupon": f"B{s:09d}", "terminal_id": "PDV01",
                 "created_at": now, "items_total_cents": 1090, "discount_cents": 0, "total_cents": 1090,
                 "change_cents": 0, "status": "recorded", "kind": "sale"} for s in ids])
            session.execute(insert(SaleItem), [
                {"sale_id": s, "position": 0, "product_id": 1 + s % 1000, "product_bling_id": 10_000_001 + s % 1000,
                 "sku": "SKU", "description": "Produto", "quantity": 1, "unit_price_cents": 1090, "total_cents": 1090}
                for s in ids])
            session.execute(insert(SalePayment), [
                {"sale_id": s, "position": 0, "payment_method_id": 1, "amount_cents": 1090} for s in ids])
            open_sales = {s for s in ids if rng.random() < open_share}
            session.execute(insert(OutboxItem), [
                {"chain": outbox.sale_chain(s), "kind": kind, "sale_id": s, "payload": {},
                 "state": outbox.PENDING if s in open_sales else outbox.DONE, "attempts": 0, "created_at": now,
                 "done_at": None if s in open_sales else now}
                for s in ids for kind in KINDS])
    with store.transaction() as session:
        session.merge(Counter(name="sale_number", value=sales))


def percentiles(samples: list[float]) -> str:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return f"p50 {cuts[49]:7.3f} ms   p99 {cuts[98]:7.3f} ms   max {max(samples):7.3f} ms   (n={len(samples)})"


def timed(fn: Callable[[int], object], n: int) -> list[float]:
    samples = []
    for i in range(n):
        t0 = time.perf_counter()
        fn(i)
        samples.append((time.perf_counter() - t0) * 1000)
    return samples


def bench_sales(store: Store, products: int, n: int) -> list[float]:
    rng = random.Random(2)

    def one(_i: int) -> None:
        picks = [rng.randint(1, products) for _ in range(rng.randint(1, 4))]
        picks = [p if p % 50 else p + 1 for p in picks]  # every 50th product is inactive
        draft = SaleDraft(items=tuple(ItemDraft(barcode=barcode(p), quantity=rng.randint(1, 3)) for p in picks),
                          payments=(PaymentDraft("Dinheiro", 10_000_000),), seller="Ana")
        record_sale(store, draft, allow_high_cash=True)  # one large cash payment covers any total

    timed(one, 20)  # warm-up: statement cache, page cache
    return timed(one, n)


def bench_lookup(store: Store, products: int, n: int) -> tuple[list[float], list[float]]:
    rng = random.Random(3)
    codes = [barcode(rng.randint(1, products)) for _ in range(n)]

    def core(i: int) -> None:
        with store.read() as session:
            find_product(session, ItemDraft(barcode=codes[i]), field="itens[0]")

    def scan(i: int) -> None:
        with store.read() as session:
            assert queries.search_products(session, codes[i])

    codes = [c if int(c[3:]) % 50 else barcode(int(c[3:]) + 1) for c in codes]
    timed(core, 20)
    timed(scan, 20)
    return timed(core, n), timed(scan, n)


def bench_pending(store: Store, n: int) -> tuple[int, list[float]]:
    def one(_i: int) -> None:
        with store.read() as session:
            outbox.pending_count(session)

    with store.read() as session:
        count = outbox.pending_count(session)
    timed(one, 20)
    return count, timed(one, n)


STARTUP_CHILD = r"""
import sys, time
t0 = float(sys.argv[1])
from ui import app as ui_app
from ui.hub import Hub
from ui.main_window import MainWindow
qt = ui_app._qt_app()
session = ui_app.open_session(demo=False)
hub = Hub(session.ctx, session.service, session.bus, demo=session.demo)
window = MainWindow(hub)
window.show()
hub.refresh()
window.sales.reload()
qt.processEvents()
shown = time.time() - t0
while hub.runner.busy:
    qt.processEvents()
    time.sleep(0.002)
qt.processEvents()
filled = time.time() - t0
print(f"{shown:.3f} {filled:.3f}", flush=True)
window.quitting = True
window.close()
hub.shutdown()
session.close()
"""


def bench_startup(home: Path, runs: int) -> list[tuple[float, float]]:
    env = {**os.environ, "PDV_BLING_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    results = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", STARTUP_CHILD, repr(time.time())], env=env, check=True,
                             capture_output=True, text=True, timeout=120).stdout.split()
        results.append((float(out[-2]), float(out[-1])))
    return results


def reopen_all(store: Store) -> None:
    with store.transaction() as session:
        session.execute(update(OutboxItem).values(state=outbox.PENDING, done_at=None))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--outbox", type=int, default=100_000)
    parser.add_argument("--open", type=float, default=0.1, help="share of outbox rows not yet delivered")
    parser.add_argument("--sales", type=int, default=1000)
    parser.add_argument("--lookups", type=int, default=5000)
    parser.add_argument("--startups", type=int, default=5)
    parser.add_argument("--home", type=Path, help="data folder to use (default: a temporary one)")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="pdv-bench-"))
    t0 = time.perf_counter()
    ctx = AppContext.open(home, log=False)
    store = ctx.store
    fill_products(store, args.products)
    fill_outbox(store, args.outbox, open_share=args.open)
    print(f"store: {args.products:,} products, {args.outbox:,} outbox rows ({args.open:.0%} open) "
          f"built in {time.perf_counter() - t0:.1f} s at {home}")
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    print(f"sale recorded (FULL sync)  {percentiles(bench_sales(store, args.products, args.sales))}")
    core, scan = bench_lookup(store, args.products, args.lookups)
    print(f"barcode find_product       {percentiles(core)}")
    print(f"barcode search_products    {percentiles(scan)}")
    count, pending = bench_pending(store, args.lookups)
    print(f"pending count ({count:>6,})    {percentiles(pending)}")
    starts = bench_startup(home, args.startups)
    print(f"start-up to window shown   median {statistics.median(s for s, _ in starts):.3f} s   "
          f"max {max(s for s, _ in starts):.3f} s   (first data in: median {statistics.median(f for _, f in starts):.3f} s)")
    reopen_all(store)
    count, pending = bench_pending(store, args.lookups)
    print(f"pending count ({count:>6,})    {percentiles(pending)}   (every row open)")
    ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What the store's lineage costs (issue 22, item 6): the replica's pass with nothing new, reading
the lineage, ticking the clock, an integrador remembering a tick, and a caixa's full resync after
the store moved to a new server. Prints figures; not a test.

    .venv/bin/python bench/bench_lineage.py                    # ~1 min
    .venv/bin/python bench/bench_lineage.py --products 20000 --customers 5000

Two throwaway PostgreSQL servers on loopback (`retaguarda/localpg.py`); a store seeded with
`--products` products and `--customers` customers; one caixa folder joined to it. "old" is the
(count, highest xid) fingerprint the replica used before, measured with the same connection, for
comparison with the content hash it uses now. Every figure line carries the load average (several
people share this machine's 2 cores).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, select, text, update  # noqa: E402

from pdv_bling.retaguarda import replica  # noqa: E402
from pdv_bling.retaguarda.lineage import Watch, read_lineage, tick  # noqa: E402
from pdv_bling.retaguarda.localpg import start_local_postgres  # noqa: E402
from pdv_bling.retaguarda.membership import join_store  # noqa: E402
from pdv_bling.retaguarda.server import init_store, open_server  # noqa: E402
from pdv_bling.store.context import AppContext  # noqa: E402
from pdv_bling.store.coordination import STORE_URL_KEY  # noqa: E402
from pdv_bling.store.defaults import ensure_defaults  # noqa: E402
from pdv_bling.store.identity import installation_id  # noqa: E402
from pdv_bling.store.models import Base, Customer, Product, utcnow  # noqa: E402
from pdv_bling.store.settings import set_value  # noqa: E402


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median and p95 in ms."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def line(label: str, figures: tuple[float, float]) -> None:
    load = os.getloadavg()[0]
    print(f"{label:<58} p50 {figures[0]:8.2f} ms  p95 {figures[1]:8.2f} ms  (load {load:.1f})", flush=True)


def seed(url: str, products: int, customers: int) -> None:
    init_store(url)
    server = open_server(url)
    now = utcnow()
    with server.transaction() as session:
        ensure_defaults(session)
        session.execute(insert(Product), [
            {"bling_id": 10_000 + i, "sku": f"SKU-{i}", "gtin": None, "barcode": f"2{i:012d}", "name": f"Produto {i}",
             "price_cents": 100 + i, "active": True} for i in range(products)])
        session.execute(insert(Customer), [
            {"document": f"{i:011d}", "tipo": "F", "name": f"Cliente {i}", "created_at": now, "updated_at": now}
            for i in range(customers)])
    server.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--products", type=int, default=5000)
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    old_pg, new_pg = start_local_postgres(), start_local_postgres()
    folder = Path(tempfile.mkdtemp(prefix="bench-lineage-"))
    try:
        url = old_pg.create_database("loja")
        seed(url, args.products, args.customers)
        ctx = AppContext.open(folder / "caixa", log=False)
        join_store(ctx, url, terminal="PDV01")
        with ctx.store.read() as session:
            me = str(installation_id(session))
        server = open_server(url)
        start = time.perf_counter()
        first = replica.replicate(ctx.store, server, installation=me)
        print(f"first pass (join): {first.total} rows in {(time.perf_counter() - start):.2f} s", flush=True)

        line("replica pass, nothing new (lineage + content hash)",
             timed(lambda: replica.replicate(ctx.store, server, installation=me), args.runs))
        with server.engine.connect() as conn:
            line("  the 8 lists' content hash, one query", timed(lambda: list(conn.execute(replica._FINGERPRINTS)),
                                                                   args.runs))
            tables = [Base.metadata.tables[name] for name in replica.LISTS]
            line("  old: (count, highest xid), 8 queries", timed(
                lambda: [conn.execute(select(func.count(), func.max(t.c.store_xid))).one() for t in tables], args.runs))
            line("  read_lineage, one query", timed(lambda: read_lineage(conn), args.runs))

        def one_tick() -> None:
            with server.transaction() as session:
                tick(session)

        line("tick in its own transaction (commit included)", timed(one_tick, args.runs))
        watch = Watch(ctx.store, "bench_lineage")
        line("integrador judges the store (a pass's first call)", timed(lambda: watch.check(server), args.runs))
        clock = iter(range(10_000_000, 20_000_000))  # made-up ticks: this watch is not asked to judge again
        line("integrador remembers a tick (local SQLite commit)", timed(lambda: watch.saw(next(clock)), args.runs))

        with server.transaction() as session:
            session.execute(update(Product).where(Product.bling_id == 10_000).values(price_cents=999))
        start = time.perf_counter()
        small = replica.replicate(ctx.store, server, installation=me)
        print(f"incremental pass, one price changed: {small.total} rows in "
              f"{(time.perf_counter() - start) * 1000:.1f} ms", flush=True)

        server.close()
        moved = new_pg.restore("loja", old_pg.dump("loja"))
        with ctx.store.transaction() as session:
            set_value(session, STORE_URL_KEY, moved)
        server = open_server(moved)
        with server.engine.begin() as conn:
            conn.execute(text("SELECT 1"))
        start = time.perf_counter()
        full = replica.replicate(ctx.store, server, installation=me)
        print(f"full resync after the move ({full.resync}): {full.total} rows "
              f"({args.products} products, {args.customers} customers) in {(time.perf_counter() - start):.2f} s "
              f"(load {os.getloadavg()[0]:.1f})", flush=True)
        server.close()
        ctx.close()
    finally:
        old_pg.stop()
        new_pg.stop()


if __name__ == "__main__":
    main()

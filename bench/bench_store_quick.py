"""Quick store-mode figures on one machine (loopback PostgreSQL): sale recording latency on a caixa
with the store server up and down, and handover time per sale.

    PYTHONPATH=. .venv/bin/python bench/bench_store_quick.py [--sales 300]

Prints p50/p99 recording latency (ms) for each state and the handover of all sales (ms per sale).
Not the issue's full local-speed bench (slow/cut-off links need network namespaces).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.retaguarda.handover import hand_over
from pdv_bling.retaguarda.localpg import start_local_postgres
from pdv_bling.sales import record_sale


def _latencies(ctx: object, n: int) -> list[float]:
    out = []
    for i in range(n):
        sku = f"SKU-{1 + i % 5}"
        price = 1000 * (1 + i % 5) + 90
        draft = SaleDraft(items=(ItemDraft(sku=sku, quantity=1),), payments=(PaymentDraft("PIX", price),))
        started = time.perf_counter()
        record_sale(ctx.store, draft)  # type: ignore[attr-defined]
        out.append((time.perf_counter() - started) * 1000)
    return out


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sales", type=int, default=300)
    args = parser.parse_args()
    from tests.store.helpers import join, make_store

    pg = start_local_postgres()
    try:
        url = pg.create_database("bench")
        server = make_store(url)
        with tempfile.TemporaryDirectory() as tmp:
            ctx, link = join(Path(tmp), url, "PDV01")
            up = _latencies(ctx, args.sales)
            started = time.perf_counter()
            report = hand_over(ctx.store, server, installation=link.installation)
            elapsed = time.perf_counter() - started
            pg.pg_ctl("-m", "immediate", "-w", "stop")
            link._server = None
            down = _latencies(ctx, args.sales)
            down_sync = time.perf_counter()
            offline = link.sync_once()
            down_sync = time.perf_counter() - down_sync
            print(f"recording, store server up:   p50 {statistics.median(up):.2f} ms  p99 {_pct(up, 0.99):.2f} ms")
            print(f"recording, store server down: p50 {statistics.median(down):.2f} ms  p99 {_pct(down, 0.99):.2f} ms")
            print(f"handover of {report.sales} sales ({report.items} queue items): {elapsed * 1000:.0f} ms = "
                  f"{elapsed * 1000 / max(1, report.sales):.2f} ms per sale")
            print(f"a link pass with the server down: {down_sync * 1000:.0f} ms (online={offline.online})")
            ctx.close()
    finally:
        pg.stop()


if __name__ == "__main__":
    main()

"""Verificar conta Bling on the healthy demo account: what it says and what it costs.

    .venv/bin/python bench/account_check_demo.py [--products 200] [--queued 0]

Starts the demo (stand-in on 127.0.0.1, first pull, DE-PARA by name, the demo operator linked),
optionally records sales that wait in the queue, runs the check once and prints each finding,
the check's own request count and the count the stand-in measured (they must agree).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pdv_bling.account_check import MAX_REQUESTS, run_check  # noqa: E402
from pdv_bling.cli.check import print_report  # noqa: E402
from pdv_bling.counter.sales import record_sale  # noqa: E402
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft  # noqa: E402
from pdv_bling.runtime.demo import start_demo  # noqa: E402
from tests.e2e.helpers import sellable  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=200)
    parser.add_argument("--queued", type=int, default=0, help="sales recorded and left in the queue")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        demo = start_demo(Path(home), products=args.products)
        try:
            for product in sellable(demo.ctx, args.queued)[: args.queued]:
                draft = SaleDraft(items=(ItemDraft(barcode=product.barcode, quantity=1),),
                                  payments=(PaymentDraft("Dinheiro", product.price_cents),))
                record_sale(demo.ctx.store, draft)
            before = sum(demo.server.inspect()["requests"]["by_endpoint"].values())
            started = time.perf_counter()
            report = run_check(demo.ctx.store, demo.service.client)
            elapsed = time.perf_counter() - started
            measured = sum(demo.server.inspect()["requests"]["by_endpoint"].values()) - before
            print_report(report)
            print(f"requests: check counted {report.requests}, stand-in measured {measured} "
                  f"(bound {MAX_REQUESTS}); {elapsed:.2f} s at the demo's 20 req/s; status {report.status}")
        finally:
            demo.stop()
    return 0 if report.status == "ok" and report.requests == measured else 1


if __name__ == "__main__":
    raise SystemExit(main())

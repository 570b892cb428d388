"""A caixa process the lifecycle harness SIGKILLs between the store's COMMIT and the caixa's own mark
(`bench/harness_lifecycle.py`; not a test module). Run with PDV_BLING_HOME / PDV_BLING_HOST_NAME:

1. settles what a killed predecessor left in doubt (`handover.settle`: asks the store whether that
   batch committed) and prints {"settled": N};
2. records `--sales` sales and prints {"sales": [{uid, numero_loja, ...}]};
3. hands them over; right after the store's COMMIT returned, before the caixa marks its records,
   prints {"committed": batch} and waits there to be killed (the hook lives in this process only).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import mixed_sale, sellable  # noqa: E402
from pdv_bling.counter.sales import record_sale  # noqa: E402
from pdv_bling.retaguarda import handover  # noqa: E402
from pdv_bling.retaguarda.caixa import StoreLink  # noqa: E402
from pdv_bling.store.context import AppContext  # noqa: E402
from pdv_bling.store.models import Sale  # noqa: E402


def say(**values: Any) -> None:
    print(json.dumps(values), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sales", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    ctx = AppContext.open()
    link = ctx.store.coordinator
    assert isinstance(link, StoreLink)
    say(settled=handover.settle(ctx.store, link.server()))
    rng = random.Random(args.seed)
    products = sellable(ctx, 12)
    made = []
    for _ in range(args.sales):
        sale = record_sale(ctx.store, mixed_sale(products, rng))
        with ctx.store.read() as session:
            uid = session.get(Sale, sale.sale_id).uid  # type: ignore[union-attr]
        made.append({"uid": uid, "numero_loja": sale.numero_loja, "number": sale.number, "coupon": sale.coupon})
    say(sales=made)
    real = handover._mark_local

    def stop_here(session: Any, batch_id: str, when: Any, *, keep: Any = None) -> int:
        if keep is None:  # settling an earlier batch: as it is
            return real(session, batch_id, when)
        say(committed=batch_id, records=keep.records)  # the store's COMMIT has returned
        time.sleep(3600)  # the harness SIGKILLs this process here
        return 0

    handover._mark_local = stop_here
    report = link.sync_once()
    say(finished=True, error=report.error)  # not killed: nothing was handed over (or the store refused)
    return 0


if __name__ == "__main__":
    sys.exit(main())

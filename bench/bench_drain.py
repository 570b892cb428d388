"""Drain benchmark (issue 5): 300 sales delivered to the stand-in enforcing a rate ceiling.

    .venv/bin/python bench/bench_drain.py                 # 300 sales at 3 req/s: ~200 s
    .venv/bin/python bench/bench_drain.py --rate 10 --sales 100
    .venv/bin/python bench/bench_drain.py --limiter window   # stricter stand-in limiter (issue 15 item 7)

Default mode ("Transições do Bling"): per sale one POST /pedidos/vendas and one PUT situação.
The customers, Consumidor Final and the situações are known before the measured run (a warm-up
drain of one sale per customer), which is the steady state the target speaks of. The stand-in
enforces the same ceiling the client paces at (token bucket, burst = rate; or, with `--limiter
window`, fixed one-second windows whose edges jitter by up to +-`--jitter-ms`, where an
exact 1/rate pace gets 429s and the client's AIMD pacing must slow down). The client's pacer is
the product's (AIMD, slow start from a third of the ceiling).

Prints: requests per sale, achieved request rate / ceiling, 429s received, wall time, and
checks every sale arrived exactly once.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import CPFS, all_clean, compare, expected_from_local, mixed_sale, sellable, setup_terminal  # noqa: E402
from pdv_bling.bling.client import BlingClient, config_for, token_store_for  # noqa: E402
from pdv_bling.bling.pacer import Pacer  # noqa: E402
from pdv_bling.counter.sales import record_sale  # noqa: E402
from pdv_bling.domain.sale import AddressDraft, CustomerDraft  # noqa: E402
from pdv_bling.runtime.service import SyncService  # noqa: E402
from pdv_bling.sandbox import SandboxConfig, SandboxServer  # noqa: E402
from pdv_bling.store import outbox  # noqa: E402


def warm_up(terminal: object, rng: random.Random) -> None:
    """One sale per customer (creates the contacts), one without (Consumidor Final), drained."""
    from bench.common import Terminal

    assert isinstance(terminal, Terminal)
    products = sellable(terminal.ctx, 12)
    for doc in CPFS:
        draft = mixed_sale(products, rng, with_customer=False)
        customer = CustomerDraft(document=doc, name=f"Cliente {doc[-4:]}",
                                 address=AddressDraft(street="Rua A", number="1", district="Centro",
                                                      city="São Paulo", uf="SP", cep="01001000"))
        record_sale(terminal.ctx.store, draft.__class__(**{**draft.__dict__, "customer": customer}))
    record_sale(terminal.ctx.store, mixed_sale(products, rng, with_customer=False))
    report = terminal.service.drain_now()
    assert report.pending == 0, report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sales", type=int, default=300)
    parser.add_argument("--rate", type=float, default=3.0, help="ceiling: stand-in limit and client pacing")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--limiter", choices=("bucket", "window"), default="bucket")
    parser.add_argument("--jitter-ms", type=float, default=200.0, help="with --limiter window: edge jitter")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.environ["PDV_BLING_RATE_PER_SECOND"] = "1000"  # set-up and warm-up only (own pacer below)
    server = SandboxServer(SandboxConfig(products=120, seed=1, rate_limit=1000.0)).start()
    with tempfile.TemporaryDirectory(prefix="bench-drain-") as tmp:
        terminal = setup_terminal(Path(tmp) / "t1", server)
        warm_up(terminal, rng)
        products = sellable(terminal.ctx, 12)
        for _ in range(args.sales):  # 40% with one of the (now known) customers
            record_sale(terminal.ctx.store, mixed_sale(products, rng))
        config = config_for(terminal.ctx)
        client = BlingClient(config=config, tokens=token_store_for(config, terminal.ctx),
                             pacer=Pacer(rate_per_second=args.rate))
        client.situacoes.vendas()  # the situações cache, as a running app has it
        terminal.service.stop()  # releases the folder's drainer lock
        service = terminal.service = SyncService(terminal.ctx, client=client)
        server.config.rate_limit = args.rate
        server.config.limiter, server.config.window_jitter_ms = args.limiter, args.jitter_ms
        time.sleep(1.5)  # let the stand-in's bucket refill to its burst
        before = len(server.inspect()["requests"]["log"])
        started = time.perf_counter()
        while True:
            report = service.drain_now()
            if report.pending == 0:
                break
            time.sleep(0.2)
        wall = time.perf_counter() - started
        log = server.inspect()["requests"]["log"][before:]
        result = compare(expected_from_local(terminal.ctx), server.inspect())
        with terminal.ctx.store.read() as session:
            counts = outbox.counts(session)
        terminal.close()
    server.stop()
    span = log[-1]["t"] - log[0]["t"] if len(log) > 1 else wall
    too_many = sum(1 for e in log if e["status"] == 429)
    accepted = len(log) - too_many
    achieved = (accepted - 1) / span if span else 0.0  # requests Bling accepted per second
    by_endpoint: dict[str, int] = {}
    for entry in log:
        key = f"{entry['method']} {entry['endpoint']}"
        by_endpoint[key] = by_endpoint.get(key, 0) + 1
    print(f"sales={args.sales} ceiling={args.rate:g}/s mode=transitions (default) limiter={args.limiter}"
          + (f" jitter=+-{args.jitter_ms:g}ms" if args.limiter == "window" else ""))
    print(f"requests={len(log)} accepted={accepted} requests_per_sale={accepted / args.sales:.3f} (target <= 2)")
    print(f"achieved_rate={achieved:.3f}/s rate/ceiling={achieved / args.rate:.1%} (target >= 90%)")
    share = too_many / len(log)
    print(f"429_received={too_many} share={share:.2%} (target {'0' if args.limiter == 'bucket' else '< 1%'})"
          f" final_pacer_rate={client.pacer.rate:.2f}/s")
    print(f"wall_time={wall:.1f}s (ideal {(accepted - 1) / args.rate:.1f}s)")
    print(f"by_endpoint={by_endpoint}")
    print(f"outbox={counts} exactly_once={'yes' if all_clean(result) else result}")
    if args.limiter == "bucket":
        ok = accepted / args.sales <= 2 and achieved / args.rate >= 0.9 and too_many == 0 and all_clean(result)
    else:
        ok = share < 0.01 and all_clean(result)
    print("TARGETS MET" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

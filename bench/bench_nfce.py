"""NFC-e through Bling (issue 27 "Must show"): the time from F10 (`record_sale`) to an authorized
note ready to print (its XML stored where the sale was recorded), with SEFAZ at 0.8 s.

    .venv/bin/python bench/bench_nfce.py                      # everything: ~25 min
    .venv/bin/python bench/bench_nfce.py --sales 30 --backlog 100 --products 500 --skip-store

Runs, each against a stand-in enforcing Bling's 3 requests/s (token bucket) with the client's own
pacer at 3/s (steady state: an app that has been running; no slow start), SEFAZ's latency 0.8 s and
10 % of the notes still at SEFAZ (3/8) for another second when `enviar` answers:

1. single mode, idle account: `--sales` sales, one every `--every` seconds, each basket started
   `--basket` seconds before its F10 (the sale screen tells the service, which holds the account's
   normal lane for the counter: `SyncService.customer_at_counter`), F10, then the app's nudge;
2. single mode, loaded: the same while a first pull of `--products` products (one detail GET each)
   and a `--backlog` of sales recorded an hour earlier (NFC-e included) are being sent;
3. store mode at a caixa (`--skip-store` to leave out; needs PostgreSQL 15 binaries): the caixa
   hands the sale over at once, the integrador (a thread) serves it first, and the note comes back
   through the replica; idle, then with the same backlog handed over from another caixa;
4. a drain of `--drain` sales with NFC-e (recorded offline, sent in one go): requests per second
   against the 3/s ceiling, and 429s received.

Prints p50/p95 per run, the requests of ours on a sale's critical path, requests per sale with
NFC-e (XML included), and checks that every sale got exactly one note in Bling.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import mixed_sale, sellable, setup_terminal  # noqa: E402
from pdv_bling.base.events import EventBus, ItemDelivered  # noqa: E402
from pdv_bling.bling.client import BlingClient, config_for, token_store_for  # noqa: E402
from pdv_bling.bling.pacer import Pacer  # noqa: E402
from pdv_bling.counter.sales import record_sale  # noqa: E402
from pdv_bling.runtime.service import SyncService  # noqa: E402
from pdv_bling.sandbox import SandboxConfig, SandboxServer  # noqa: E402
from pdv_bling.store import outbox  # noqa: E402
from pdv_bling.store.context import AppContext  # noqa: E402
from pdv_bling.store.models import SyncState, utcnow  # noqa: E402

CEILING = 3.0
NFCE_ENDPOINTS = ("POST /pedidos/vendas/{idPedidoVenda}/gerar-nfce", "POST /nfce/{idNotaFiscalConsumidor}/enviar",
                  "GET /nfce/{idNotaFiscalConsumidor}", "GET /relatorios/nfe.xml.php")


def pct(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1] if len(samples) > 1 else samples[0]


def say(text: str) -> None:
    print(text, flush=True)


def figures(name: str, latencies: list[float], target: float) -> dict[str, Any]:
    p50, p95 = pct(latencies, 50), pct(latencies, 95)
    verdict = "ok" if p95 <= target else "OVER TARGET"
    say(f"  {name}: F10 -> authorized note ready to print, {len(latencies)} sales: p50 {p50:.2f} s, "
        f"p95 {p95:.2f} s, max {max(latencies):.2f} s (target p95 <= {target} s: {verdict})")
    return {"run": name, "n": len(latencies), "p50": p50, "p95": p95, "max": max(latencies)}


def counts(server: SandboxServer) -> Counter[str]:
    return Counter(server.inspect()["requests"]["by_endpoint"])


def one_note_each(server: SandboxServer, numeros: list[str]) -> str:
    notes = server.inspect()["nfce"]
    wrong = [n for n in numeros if len(notes.get(n, [])) != 1]
    return "exactly one note per sale" if not wrong else f"NOT ONE NOTE: {wrong[:5]}"


def older_sales_sent(ctx: AppContext) -> int:
    """Sales recorded more than half an hour ago (the backlog) whose whole chain is delivered."""
    from sqlalchemy import func, select

    from pdv_bling.store.models import OutboxItem, Sale

    old = utcnow() - dt.timedelta(minutes=30)
    with ctx.store.read() as session:
        open_sales = select(OutboxItem.sale_id).where(OutboxItem.state != outbox.DONE, OutboxItem.sale_id.is_not(None))
        return int(session.scalar(select(func.count(Sale.id)).where(Sale.created_at < old, Sale.id.not_in(open_sales)))
                   or 0)


def paced_client(ctx: AppContext) -> BlingClient:
    config = config_for(ctx)
    return BlingClient(config=config, tokens=token_store_for(config, ctx),
                       pacer=Pacer(rate_per_second=CEILING, start_rate=CEILING))


# ---------------------------------------------------------------- single mode


def single_run(tmp: Path, args: argparse.Namespace, *, loaded: bool) -> dict[str, Any]:
    products = args.products if loaded else 120
    server = SandboxServer(SandboxConfig(products=products, seed=1, rate_limit=1000.0)).start()
    try:
        os.environ["PDV_BLING_RATE_PER_SECOND"] = "1000"  # set-up only: the measured client paces at 3/s
        term = setup_terminal(tmp / ("loaded" if loaded else "idle"), server, nfce_source="bling")
        rng = random.Random(7)
        goods = sellable(term.ctx, 12)
        server.set_nfce(sefaz_latency_s=0.0)
        record_sale(term.ctx.store, mixed_sale(goods, rng, with_customer=False))  # warm-up: caches, stock check
        term.service.drain_now()
        if loaded:
            for _ in range(args.backlog):  # recorded offline an hour ago: nobody waits for them
                record_sale(term.ctx.store, mixed_sale(goods, rng), now=utcnow() - dt.timedelta(hours=1))
            with term.ctx.store.transaction() as session:  # the products' pull starts over: a first pull
                state = session.get(SyncState, "produtos")
                if state is not None:
                    state.cursor, state.last_success_at = None, None
        term.service.stop()
        server.config.rate_limit = CEILING
        server.set_nfce(sefaz_latency_s=args.latency)
        bus = EventBus()
        service = SyncService(term.ctx, client=paced_client(term.ctx), bus=bus)
        name = "single mode, " + (f"loaded ({products}-product first pull + {args.backlog}-sale backlog)"
                                  if loaded else "idle account")
        return measure(name, server, service, bus, term.ctx, goods, rng, args, loaded=loaded, target=2.5)
    finally:
        server.stop()


def measure(name: str, server: SandboxServer, service: SyncService, bus: EventBus, ctx: AppContext,
            goods: list[Any], rng: random.Random, args: argparse.Namespace, *, loaded: bool,
            target: float) -> dict[str, Any]:
    ready: dict[int, float] = {}

    def on_delivered(event: ItemDelivered) -> None:
        if event.kind == outbox.NFCE_READ:
            ready.setdefault(int(event.sale_number or 0), time.perf_counter())

    bus.subscribe(ItemDelivered, on_delivered)
    service.start()
    puller = None
    if loaded:
        def first_pull() -> None:
            try:
                service.pull_now(["produtos"])
            except Exception as exc:  # still pulling when the run ends and the service closes its client
                say(f"    (the first pull stopped with the run: {exc.__class__.__name__})")

        puller = threading.Thread(target=first_pull, daemon=True)
        puller.start()
        time.sleep(2.0)  # the pull and the backlog are under way
    before = counts(server)
    started: dict[int, float] = {}
    numeros: list[str] = []
    backlog_before = service.client.pacer.used_today - service.client.pacer.granted_priority
    older_sent_before = older_sales_sent(ctx)
    run_started = time.perf_counter()
    for _ in range(args.sales):
        service.customer_at_counter("building")  # the sale screen, at the first item scanned
        time.sleep(args.basket)  # the cashier scans the items
        t0 = time.perf_counter()
        sale = record_sale(ctx.store, mixed_sale(goods, rng, with_customer=False))
        service.customer_at_counter("recorded")  # what the app does after F10...
        service.nudge()  # ...and this
        started[sale.number] = t0
        numeros.append(sale.numero_loja)
        time.sleep(max(0.0, args.every - args.basket))
    deadline = time.monotonic() + 120
    while len([n for n in started if n in ready]) < len(started) and time.monotonic() < deadline:
        time.sleep(0.1)
    backlog_requests = service.client.pacer.used_today - service.client.pacer.granted_priority - backlog_before
    run_s = time.perf_counter() - run_started
    after = counts(server)
    service.stop()
    latencies = [ready[n] - t for n, t in started.items() if n in ready]
    missing = len(started) - len(latencies)
    result = figures(name, latencies, target)
    older_sent = older_sales_sent(ctx) - older_sent_before
    say(f"    meanwhile the normal lane (backlog, pulls, the sales' Atendido) sent {backlog_requests} requests in "
        f"{run_s:.0f} s ({backlog_requests / run_s:.2f} req/s; the counter held it from each basket's first item "
        f"to its note), and {older_sent} sales of the backlog were sent whole")
    result["normal_lane_req_s"], result["backlog_sales_sent"] = backlog_requests / run_s, older_sent
    say(f"    {one_note_each(server, numeros)}; not ready after 2 min: {missing}; "
        f"429s received: {server.inspect()['requests']['by_status'].get('429', 0)}")
    if not loaded:
        per_sale = sum(after[e] - before[e] for e in NFCE_ENDPOINTS) / len(started)
        gets = (after[NFCE_ENDPOINTS[2]] - before[NFCE_ENDPOINTS[2]]) / len(started)
        orders = (after["POST /pedidos/vendas"] - before["POST /pedidos/vendas"]) / len(started)
        say(f"    requests per sale for its NFC-e: {per_sale:.2f} (gerar 1, enviar 1, read {gets:.2f}, XML 1; "
            f"target <= 4); on the critical path: order {orders:.0f} + gerar 1 + enviar 1 + read {gets:.2f} API "
            f"requests, then the XML")
        result["requests_per_sale"] = per_sale
    if puller is not None:
        result["pull_still_running"] = puller.is_alive()
    return result


# ---------------------------------------------------------------- the 300-sale drain


def drain_run(tmp: Path, args: argparse.Namespace) -> dict[str, Any]:
    server = SandboxServer(SandboxConfig(products=120, seed=1, rate_limit=1000.0)).start()
    try:
        os.environ["PDV_BLING_RATE_PER_SECOND"] = "1000"
        term = setup_terminal(tmp / "drain", server, nfce_source="bling")
        rng = random.Random(11)
        goods = sellable(term.ctx, 12)
        record_sale(term.ctx.store, mixed_sale(goods, rng, with_customer=False))
        term.service.drain_now()
        numeros = [record_sale(term.ctx.store, mixed_sale(goods, rng, with_customer=False),
                               now=utcnow() - dt.timedelta(hours=1)).numero_loja for _ in range(args.drain)]
        term.service.stop()
        server.config.rate_limit = CEILING
        server.set_nfce(sefaz_latency_s=args.latency)
        service = SyncService(term.ctx, client=paced_client(term.ctx))
        before = counts(server)
        started = time.perf_counter()
        while True:
            report = service.drain_now()
            with term.ctx.store.read() as session:
                left = outbox.counts(session)[outbox.PENDING]
            if not left:
                break
            time.sleep(0.2)  # notes at SEFAZ wait their turn
        elapsed = time.perf_counter() - started
        after = counts(server)
        by_status = server.inspect()["requests"]["by_status"]
        requests = sum(after[e] - before[e] for e in after if not e.startswith("GET /relatorios"))
        links = sum(after[e] - before[e] for e in after if e.startswith("GET /relatorios"))
        share, api_share = (requests + links) / elapsed / CEILING, requests / elapsed / CEILING
        say(f"  drain of {args.drain} sales with NFC-e: {requests} API requests + {links} XML links in {elapsed:.0f} s"
            f" = {(requests + links) / elapsed:.2f} req/s, ceiling share {share:.2f} (target >= 0.95; the pacer"
            f" spends a slot of the account's 3/s on each XML link: whether Bling counts it is UNCONFIRMED), API "
            f"requests alone {api_share:.2f}; 429s: {by_status.get('429', 0)}; {one_note_each(server, numeros)}; "
            f"last report {report.stopped_by}")
        service.stop()
        return {"run": "drain", "share": share, "api_share": api_share, "429": by_status.get("429", 0),
                "requests": requests, "links": links}
    finally:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sales", type=int, default=100)
    parser.add_argument("--every", type=float, default=3.0, help="seconds between two sales at the counter")
    parser.add_argument("--basket", type=float, default=1.0,
                        help="seconds from a basket's first item to F10 (the sale screen holds the backlog meanwhile)")
    parser.add_argument("--latency", type=float, default=0.8, help="SEFAZ's latency (s)")
    parser.add_argument("--products", type=int, default=2000)
    parser.add_argument("--backlog", type=int, default=300)
    parser.add_argument("--drain", type=int, default=300)
    parser.add_argument("--skip-store", action="store_true")
    parser.add_argument("--only", choices=("idle", "loaded", "store", "drain"))
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-nfce-") as name:
        tmp = Path(name)
        say(f"bench_nfce: {args.sales} sales, SEFAZ {args.latency} s, stand-in and client at {CEILING:.0f} req/s "
            f"(load average {os.getloadavg()[0]:.2f})")
        if args.only in (None, "idle"):
            results.append(single_run(tmp, args, loaded=False))
        if args.only in (None, "loaded"):
            results.append(single_run(tmp, args, loaded=True))
        if args.only in (None, "store") and not args.skip_store:
            from bench.bench_nfce_store import store_runs

            results += store_runs(tmp, args)
        if args.only in (None, "drain"):
            results.append(drain_run(tmp, args))
    say(f"done (load average {os.getloadavg()[0]:.2f}): {results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

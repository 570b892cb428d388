"""Local speed on a caixa of a store: recording a sale with the store server up, slow, down and cut
off (issue 17, "Must show" 3). Prints figures; not a test. Needs root (network namespaces).

    .venv/bin/python bench/bench_store_local.py                      # ~3-5 min
    .venv/bin/python bench/bench_store_local.py --sales 1000 --gap-ms 0 --products 20000

Two hosts on a private LAN (`bench/lan.py`): `store` runs PostgreSQL 15 behind `bench/slowproxy.py`
(the caixa reaches the server only through it; "slow" makes every client->server message wait
`--slow-ms`, i.e. each query takes 500 ms more), and `caixa`, whose network namespace this process
enters: it is the caixa, as the app runs it, with its link to the store server (`StoreLink`) handing
over in the background every few seconds and right after each sale.

Every phase records `--sales` sales on the caixa and, interleaved one by one, as many on a data
folder that is not in a store, in a separate process with no link (`--baseline-worker`): same
machine, same second, so the difference is what store mode costs even while others load the machine.
`--gap-ms` apart (0 = back to back, the harshest case). Phases:
  path    the caixa's link NOT running: what store mode adds to record_sale itself
  up      link running (hands over in the background), store server up
  slow    every query to the store server 500 ms slower
  down    PostgreSQL stopped
  cut     the caixa's cable pulled (its switch port down)
After slow/down/cut the server comes back and the bench waits until everything is handed over
(printed: catch-up time). Every figure line carries the load average: several people share this
machine's 2 cores; rerun it on a quiet machine for the final figures. Cleans up everything it made
(namespaces, PostgreSQL, proxy, worker, folders), also on Ctrl-C.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_local import barcode, fill_products  # noqa: E402
from bench.lan import Lan, wait_port  # noqa: E402
from bench.store_lan import PY, ROOT, enter, load, say  # noqa: E402
from pdv_bling.app_context import AppContext  # noqa: E402
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft  # noqa: E402
from pdv_bling.retaguarda.caixa import StoreLink  # noqa: E402
from pdv_bling.retaguarda.handover import not_handed_over  # noqa: E402
from pdv_bling.retaguarda.membership import join_store  # noqa: E402
from pdv_bling.retaguarda.server import init_store, open_server  # noqa: E402
from pdv_bling.sales import record_sale  # noqa: E402
from pdv_bling.store.engine import Store  # noqa: E402

PROXY_PORT = 5433
TARGET_P99_MS = 15.0


def p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[98]


def figures(samples: list[float]) -> str:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return f"p50 {cuts[49]:6.2f}  p90 {cuts[89]:6.2f}  p99 {cuts[98]:6.2f}  max {max(samples):7.2f} ms"


def one_sale(store: Store, products: int, rng: random.Random) -> float:
    """A sale like bench_local's (1-4 lines, cash, seller); ms."""
    picks = [rng.randint(1, products) for _ in range(rng.randint(1, 4))]
    picks = [p if p % 50 else p - 1 for p in picks]  # every 50th product is inactive
    draft = SaleDraft(items=tuple(ItemDraft(barcode=barcode(p), quantity=rng.randint(1, 3)) for p in picks),
                      payments=(PaymentDraft("Dinheiro", 10_000_000),), seller="Ana")
    started = time.perf_counter()
    record_sale(store, draft)
    return (time.perf_counter() - started) * 1000


def baseline_worker(folder: Path, products: int) -> int:
    """A data folder not in a store, in its own process: one sale per "sale" line on stdin."""
    ctx = AppContext.open(folder, log=False)
    fill_products(ctx.store, products)
    rng = random.Random(3)
    for _ in range(20):
        one_sale(ctx.store, products, rng)  # warm-up
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() != "sale":
            break
        print(f"{one_sale(ctx.store, products, rng):.4f}", flush=True)
    ctx.close()
    return 0


class Baseline:
    def __init__(self, folder: Path, products: int) -> None:
        self.proc = subprocess.Popen([PY, str(Path(__file__).resolve()), "--baseline-worker", str(folder),
                                      "--products", str(products)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True)
        assert self.proc.stdout is not None and self.proc.stdout.readline().strip() == "ready"

    def sale(self) -> float:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write("sale\n")
        self.proc.stdin.flush()
        return float(self.proc.stdout.readline())

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


def paired(caixa: Store, base: Baseline, products: int, n: int, *, gap_s: float,
           rng: random.Random) -> tuple[list[float], list[float]]:
    """`n` sales on the caixa and `n` on the baseline folder, one by one, alternating who goes first."""
    mine, theirs = [], []
    for i in range(n):
        if i % 2:
            theirs.append(base.sale())
            mine.append(one_sale(caixa, products, rng))
        else:
            mine.append(one_sale(caixa, products, rng))
            theirs.append(base.sale())
        if gap_s:
            time.sleep(gap_s)
    return mine, theirs


def caught_up(ctx: AppContext, link: StoreLink, *, timeout: float) -> float:
    """Seconds until every record is handed over (the link's own passes; one nudge)."""
    started = time.monotonic()
    link.recorded()
    while time.monotonic() - started < timeout:
        with ctx.store.read() as session:
            if not_handed_over(session) == 0:
                return time.monotonic() - started
        time.sleep(0.25)
    raise TimeoutError("the caixa did not hand everything over")


PHASES = {"path": "path  (store mode, link idle)    ", "up": "up    (link running, server up) ",
          "slow": "slow  (+{slow:g} ms per query)      ", "down": "down  (PostgreSQL stopped)      ",
          "cut": "cut   (caixa's cable pulled)    "}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sales", type=int, default=300, help="per phase (and as many on the baseline)")
    parser.add_argument("--products", type=int, default=5000)
    parser.add_argument("--gap-ms", type=float, default=0.0, help="pause between sales (0 = back to back)")
    parser.add_argument("--slow-ms", type=float, default=500.0)
    parser.add_argument("--phases", default="path,up,slow,down,cut")
    parser.add_argument("--baseline-worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline_worker:
        return baseline_worker(args.baseline_worker, args.products)
    phases = args.phases.split(",")
    rng = random.Random(2)
    gap = args.gap_ms / 1000
    lan = Lan(prefix="pdvlocal")
    results: dict[str, tuple[list[float], list[float]]] = {}
    base: Baseline | None = None
    try:
        store_host, caixa_host = lan.add("store"), lan.add("caixa")
        pg = lan.postgres(store_host)
        delay_file = lan.tmp / "delay_ms"
        proxy = store_host.popen([PY, str(ROOT / "bench" / "slowproxy.py"), "--listen", f"{store_host.ip}:{PROXY_PORT}",
                                  "--to", f"127.0.0.1:{pg.port}", "--delay-file", str(delay_file)],
                                 stdout=subprocess.PIPE, text=True)
        assert proxy.stdout is not None and proxy.stdout.readline().strip() == "ready"
        enter(caixa_host)  # this process is the caixa from here on
        wait_port(caixa_host, store_host.ip, PROXY_PORT)
        url = f"postgresql+psycopg://pdv@{store_host.ip}:{PROXY_PORT}/loja"
        init_store(url)
        server = open_server(url)
        fill_products(server, args.products)
        server.close()
        base = Baseline(lan.tmp / "single", args.products)
        ctx = AppContext.open(lan.tmp / "caixa", log=False)
        join_store(ctx, url, terminal="PDV01")
        link = StoreLink.attach(ctx)
        assert link is not None
        started = time.monotonic()
        report = link.sync_once()
        assert report.online, report.error
        say(f"store server: {args.products:,} products; caixa joined, replica in {time.monotonic() - started:.1f} s; "
            f"{args.sales} sales per phase, gap {args.gap_ms:g} ms")
        for _ in range(20):
            one_sale(ctx.store, args.products, rng)  # warm-up
        say("phase                              caixa (store mode)                              "
            "| same moment, a folder not in a store")

        def phase(name: str) -> None:
            results[name] = paired(ctx.store, base, args.products, args.sales, gap_s=gap, rng=rng)
            mine, theirs = results[name]
            say(f"{PHASES[name].format(slow=args.slow_ms)}{figures(mine)} | {figures(theirs)}  "
                f"(link online={link.online})")

        if "path" in phases:
            phase("path")
        link.start()
        caught_up(ctx, link, timeout=300)
        if "up" in phases:
            phase("up")
            say(f"      caught up in {caught_up(ctx, link, timeout=300):.1f} s")
        if "slow" in phases:
            delay_file.write_text(str(args.slow_ms))
            time.sleep(1)
            phase("slow")
            delay_file.write_text("0")
            say(f"      server fast again: caught up in {caught_up(ctx, link, timeout=600):.1f} s")
        if "down" in phases:
            pg.stop("fast")
            phase("down")
            pg.start()
            say(f"      server back: caught up in {caught_up(ctx, link, timeout=300):.1f} s")
        if "cut" in phases:
            lan.cut(caixa_host)
            phase("cut")
            lan.plug(caixa_host)
            say(f"      cable back: caught up in {caught_up(ctx, link, timeout=300):.1f} s")
        link.stop()
        ctx.close()
    finally:
        if base is not None:
            base.stop()
        lan.close()
    print(f"== recording a sale on a caixa: p99 (target <= {TARGET_P99_MS:g} ms), {load()} ==")
    for name, (mine, theirs) in results.items():
        print(f"{name:<5} caixa p99 {p99(mine):6.2f} ms  {'ok' if p99(mine) <= TARGET_P99_MS else 'OVER'}   "
              f"not in a store p99 {p99(theirs):6.2f} ms   difference {p99(mine) - p99(theirs):+6.2f} ms")
    return 0 if all(p99(mine) <= TARGET_P99_MS for mine, _ in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())

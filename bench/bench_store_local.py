"""Local speed on a caixa of a store: recording a sale with the store server up, slow, down and cut
off (issue 17, "Must show" 3). Prints figures; not a test. Needs root (network namespaces).

    .venv/bin/python bench/bench_store_local.py                      # ~3-5 min
    .venv/bin/python bench/bench_store_local.py --sales 1000 --gap-ms 0 --products 20000

Two hosts on a private LAN (`bench/lan.py`): `store` runs PostgreSQL 15 behind `bench/slowproxy.py`
(the caixa reaches the server only through it; "slow" makes every client->server message wait
`--slow-ms`, i.e. each query takes 500 ms more), and `caixa`, whose network namespace this process
enters: its caixa worker runs the app's recording with its link to the store server (`StoreLink`)
handing over in the background (every few seconds, once the counter pauses).

Every phase records `--sales` sales on the caixa and, interleaved one by one, as many on a data
folder that is not in a store. Each folder lives in a worker process of its own (`--worker`: the
same lean process, the caixa's with its link thread): same machine, same second, so the difference
is what store mode costs even while others load the machine.
`--gap-ms` apart (0 = back to back, the harshest case). Phases:
  path    the caixa's link NOT running: what store mode adds to record_sale itself
  up      link running (hands over in the background), store server up
  slow    every query to the store server 500 ms slower
  down    PostgreSQL stopped
  back    PostgreSQL back: the link hands the "down" phase's sales over while the counter sells
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
from pdv_bling.counter.sales import record_sale  # noqa: E402
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft  # noqa: E402
from pdv_bling.retaguarda.caixa import LinkReport, StoreLink  # noqa: E402
from pdv_bling.retaguarda.handover import not_handed_over  # noqa: E402
from pdv_bling.retaguarda.membership import join_store  # noqa: E402
from pdv_bling.retaguarda.server import init_store, open_server  # noqa: E402
from pdv_bling.store.context import AppContext  # noqa: E402
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
    record_sale(store, draft, allow_high_cash=True)  # one large cash payment covers any total
    return (time.perf_counter() - started) * 1000


def worker(folder: Path, products: int, *, fill: bool) -> int:
    """One data folder in its own process (no Qt, nothing else running): "sale" records one sale
    and prints its ms; a caixa's folder also answers "start-link", "pending" and "online"."""
    ctx = AppContext.open(folder, log=False)
    if fill:
        fill_products(ctx.store, products)
    link = ctx.store.coordinator if isinstance(ctx.store.coordinator, StoreLink) else None
    passes: list[tuple[float, float]] = []  # the link's passes since last asked: (wall ms, CPU ms of its thread)
    if link is not None:
        report = link.sync_once()  # the replica: catalogue, DE-PARA, sellers
        assert report.online, report.error
        one_pass = link.sync_once

        def timed_pass() -> LinkReport:
            wall, cpu = time.perf_counter(), time.thread_time()
            try:
                return one_pass()
            finally:
                passes.append(((time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000))

        link.sync_once = timed_pass  # type: ignore[method-assign]  # each pass timed
    rng = random.Random(3)
    for _ in range(20):
        one_sale(ctx.store, products, rng)  # warm-up
    print("ready", flush=True)
    for line in sys.stdin:
        command = line.strip()
        if command == "sale":
            print(f"{one_sale(ctx.store, products, rng):.4f}", flush=True)
        elif command == "start-link" and link is not None:
            link.start()
            print("ok", flush=True)
        elif command == "pending":
            with ctx.store.read() as session:
                print(not_handed_over(session), flush=True)
        elif command == "passes":  # "count wall-ms cpu-ms" of the passes since last asked
            done, passes[:] = list(passes), []
            print(f"{len(done)} {sum(w for w, _ in done):.0f} {sum(c for _, c in done):.0f}", flush=True)
        elif command == "online":
            print(bool(link and link.online), flush=True)
        elif command == "idle":  # wait for a pass in progress to end (the link's own lock)
            if link is not None:
                with link._work:
                    pass
            print("ok", flush=True)
        else:
            break
    if link is not None:
        link.stop()
    ctx.close()
    return 0


class Worker:
    def __init__(self, folder: Path, products: int, *, fill: bool) -> None:
        args = [PY, str(Path(__file__).resolve()), "--worker", str(folder), "--products", str(products)]
        self.proc = subprocess.Popen(args + (["--fill"] if fill else []), stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None and self.proc.stdout.readline().strip() == "ready"

    def ask(self, command: str) -> str:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline().strip()

    def sale(self) -> float:
        return float(self.ask("sale"))

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


def paired(caixa: Worker, base: Worker, n: int, *, gap_s: float) -> tuple[list[float], list[float]]:
    """`n` sales on the caixa and `n` on the baseline folder, one by one, alternating who goes first."""
    mine, theirs = [], []
    for i in range(n):
        if i % 2:
            theirs.append(base.sale())
            mine.append(caixa.sale())
        else:
            mine.append(caixa.sale())
            theirs.append(base.sale())
        if gap_s:
            time.sleep(gap_s)
    return mine, theirs


def caught_up(caixa: Worker, *, timeout: float) -> float:
    """Seconds until every record is handed over and the link's pass has ended (its own passes)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if caixa.ask("pending") == "0":
            caixa.ask("idle")
            return time.monotonic() - started
        time.sleep(0.5)
    raise TimeoutError("the caixa did not hand everything over")


PHASES = {"path": "path  (store mode, link idle)    ", "up": "up    (link running, server up) ",
          "slow": "slow  (+{slow:g} ms per query)      ", "down": "down  (PostgreSQL stopped)      ",
          "back": "back  (server back, backlog)     ", "cut": "cut   (caixa's cable pulled)    "}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sales", type=int, default=300, help="per phase (and as many on the baseline)")
    parser.add_argument("--products", type=int, default=5000)
    parser.add_argument("--gap-ms", type=float, default=0.0, help="pause between sales (0 = back to back)")
    parser.add_argument("--slow-ms", type=float, default=500.0)
    parser.add_argument("--phases", default="path,up,slow,down,back,cut")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--fill", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args.worker, args.products, fill=args.fill)
    phases = args.phases.split(",")
    gap = args.gap_ms / 1000
    lan = Lan(prefix="pdvlocal")
    results: dict[str, tuple[list[float], list[float]]] = {}
    workers: list[Worker] = []
    try:
        store_host, caixa_host = lan.add("store"), lan.add("caixa")
        pg = lan.postgres(store_host)
        delay_file = lan.tmp / "delay_ms"
        proxy = store_host.popen([PY, str(ROOT / "bench" / "slowproxy.py"), "--listen", f"{store_host.ip}:{PROXY_PORT}",
                                  "--to", f"127.0.0.1:{pg.port}", "--delay-file", str(delay_file)],
                                 stdout=subprocess.PIPE, text=True)
        assert proxy.stdout is not None and proxy.stdout.readline().strip() == "ready"
        enter(caixa_host)  # this process and the workers it starts are on the caixa's machine
        wait_port(caixa_host, store_host.ip, PROXY_PORT)
        url = f"postgresql+psycopg://pdv@{store_host.ip}:{PROXY_PORT}/loja"
        init_store(url)
        server = open_server(url)
        fill_products(server, args.products)
        server.close()
        with AppContext.open(lan.tmp / "caixa", log=False) as ctx:
            join_store(ctx, url, terminal="PDV01")
        started = time.monotonic()
        caixa = Worker(lan.tmp / "caixa", args.products, fill=False)
        workers.append(caixa)
        say(f"store server: {args.products:,} products; caixa joined and replicated in "
            f"{time.monotonic() - started:.1f} s; {args.sales} sales per phase, gap {args.gap_ms:g} ms")
        base = Worker(lan.tmp / "single", args.products, fill=True)
        workers.append(base)
        say("phase                              caixa (store mode)                              "
            "| same moment, a folder not in a store")

        def phase(name: str) -> None:
            caixa.ask("passes")
            results[name] = mine, theirs = paired(caixa, base, args.sales, gap_s=gap)
            count, wall, cpu = caixa.ask("passes").split()
            say(f"{PHASES[name].format(slow=args.slow_ms)}{figures(mine)} | {figures(theirs)}  "
                f"(link online={caixa.ask('online')}; {count} link passes during the phase, {wall} ms, "
                f"{cpu} ms CPU)")

        if "path" in phases:
            phase("path")
        caixa.ask("start-link")
        caught_up(caixa, timeout=300)
        if "up" in phases:
            phase("up")
            say(f"      caught up in {caught_up(caixa, timeout=300):.1f} s")
        if "slow" in phases:
            delay_file.write_text(str(args.slow_ms))
            time.sleep(1)
            phase("slow")
            delay_file.write_text("0")
            say(f"      server fast again: caught up in {caught_up(caixa, timeout=600):.1f} s")
        if "down" in phases:
            pg.stop("fast")
            phase("down")
            pg.start()
            if "back" in phases:  # the counter keeps selling while the link hands the backlog over
                phase("back")
            say(f"      server back: caught up in {caught_up(caixa, timeout=300):.1f} s")
        if "cut" in phases:
            lan.cut(caixa_host)
            phase("cut")
            lan.plug(caixa_host)
            say(f"      cable back: caught up in {caught_up(caixa, timeout=300):.1f} s")
    finally:
        for one in workers:
            one.stop()
        lan.close()
    print(f"== recording a sale on a caixa: p99 (target <= {TARGET_P99_MS:g} ms), {load()} ==")
    for name, (mine, theirs) in results.items():
        print(f"{name:<5} caixa p50 {statistics.median(mine):6.2f} p99 {p99(mine):6.2f} ms  "
              f"{'ok' if p99(mine) <= TARGET_P99_MS else 'OVER'}   not in a store p50 {statistics.median(theirs):6.2f} "
              f"p99 {p99(theirs):6.2f} ms   difference p50 {statistics.median(mine) - statistics.median(theirs):+5.2f} "
              f"p99 {p99(mine) - p99(theirs):+6.2f} ms")
    return 0 if all(p99(mine) <= TARGET_P99_MS for mine, _ in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())

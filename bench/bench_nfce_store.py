"""Store mode for bench/bench_nfce.py: F10 at a caixa -> the authorized note back at that caixa.

A throwaway PostgreSQL (`retaguarda.localpg`), the integrador in a thread (`run_forever`, as the
service runs it) with the account pacer at 3/s, the caixa's link running in the background (hands
an NFC-e sale over at once, reads the replica every 0.2 s until the note is back). Idle, then loaded:
a 300-sale backlog handed over by another caixa and a first pull of the catalogue on the integrador.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bench.common import mixed_sale, sellable
from pdv_bling.bling import pacer as pacers
from pdv_bling.bling.client import config_for
from pdv_bling.counter.sales import record_sale
from pdv_bling.retaguarda.caixa import StoreLink
from pdv_bling.retaguarda.integrator import Integrator
from pdv_bling.retaguarda.localpg import start_local_postgres
from pdv_bling.retaguarda.membership import join_store
from pdv_bling.retaguarda.server import init_store, open_server
from pdv_bling.runtime.demo import attach_to_sandbox, map_payments_by_name
from pdv_bling.sandbox import SandboxConfig, SandboxServer
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import FiscalDocument, NfceNote, Setting, SyncState, utcnow
from pdv_bling.store.models import nfce as N

CEILING = 3.0


def store_runs(tmp: Path, args: argparse.Namespace) -> list[dict[str, Any]]:
    from bench.bench_nfce import figures, one_note_each, say

    pg = start_local_postgres()
    results = []
    try:
        for loaded in (False, True):
            url = pg.create_database(f"benchnfce{int(loaded)}")
            name = "store mode at a caixa, " + (f"loaded ({args.products}-product first pull + {args.backlog}-sale "
                                                "backlog from another caixa)" if loaded else "idle account")
            latencies, numeros, server = _run(tmp / f"store{int(loaded)}", url, args, loaded=loaded)
            results.append(figures(name, latencies, 3.5))
            say(f"    {one_note_each(server, numeros)}; not ready: {args.sales - len(latencies)}; "
                f"429s received: {server.inspect()['requests']['by_status'].get('429', 0)}")
            server.stop()
    finally:
        pg.stop()
    return results


def _run(home: Path, url: str, args: argparse.Namespace, *, loaded: bool) -> tuple[list[float], list[str], SandboxServer]:
    server = SandboxServer(SandboxConfig(products=args.products if loaded else 120, seed=1, rate_limit=1000.0)).start()
    os.environ["PDV_BLING_RATE_PER_SECOND"] = "1000"  # set-up at full speed
    init_store(url)
    ctx = AppContext.open(home / "integrador", log=False)
    attach_to_sandbox(ctx, server)
    setup = Integrator(ctx, url)
    assert setup.run_once(pull=True).role == "leader"
    store = open_server(url)
    map_payments_by_name(AppContext(ctx.paths, store))
    with store.transaction() as session:
        session.add(Setting(key="nfce_source", value="bling"))
    caixa, link = _caixa(home, url, "PDV01")
    goods = sellable(caixa, 12)
    rng = random.Random(5)
    server.set_nfce(sefaz_latency_s=0.0)
    record_sale(caixa.store, mixed_sale(goods, rng, with_customer=False))  # warm-up (caches, stock check)
    link.sync_once()
    setup.run_once()
    if loaded:
        other, other_link = _caixa(home, url, "PDV02")
        for _ in range(args.backlog):
            record_sale(other.store, mixed_sale(goods, rng), now=utcnow() - dt.timedelta(hours=1))
        assert other_link.sync_once().online
        with store.transaction() as session:  # the products' pull starts over: a first pull
            state = session.get(SyncState, "produtos")
            if state is not None:
                state.cursor, state.last_success_at = None, None
    setup.stop()
    server.config.rate_limit = CEILING
    server.set_nfce(sefaz_latency_s=args.latency)
    api = config_for(ctx).api_url
    with pacers._SHARED_LOCK:  # the integrador's account pacer: 3/s, steady state
        pacers._SHARED[api] = pacers.Pacer(rate_per_second=CEILING, start_rate=CEILING)
    integrador = Integrator(ctx, url)
    stop = threading.Event()
    worker = threading.Thread(target=integrador.run_forever, kwargs={"should_stop": stop.is_set}, daemon=True)
    worker.start()
    link.start()
    time.sleep(3.0)
    latencies, numeros = _sell(caixa, goods, rng, args)
    stop.set()
    worker.join(timeout=60)
    link.stop()
    integrador.stop()
    store.close()
    return latencies, numeros, server


def _caixa(home: Path, url: str, terminal: str) -> tuple[AppContext, StoreLink]:
    ctx = AppContext.open(home / terminal, log=False)
    join_store(ctx, url, terminal=terminal)
    link = StoreLink.attach(ctx)
    assert link is not None and link.sync_once().online
    return ctx, link


def _sell(caixa: AppContext, goods: list[Any], rng: random.Random, args: argparse.Namespace) -> tuple[list[float], list[str]]:
    started: dict[int, float] = {}
    ready: dict[int, float] = {}
    numeros: list[str] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            waiting = [sid for sid in started if sid not in ready]
            if waiting:
                with caixa.store.read() as session:
                    found = session.scalars(select(NfceNote.sale_id).join(  # the DANFE can print
                        FiscalDocument, FiscalDocument.access_key == NfceNote.access_key).where(
                        NfceNote.sale_id.in_(waiting), NfceNote.state == N.AUTHORIZED, FiscalDocument.xml.is_not(None)))
                    now = time.perf_counter()
                    for sale_id in found:
                        ready[sale_id] = now
            time.sleep(0.02)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    for _ in range(args.sales):
        t0 = time.perf_counter()
        sale = record_sale(caixa.store, mixed_sale(goods, rng, with_customer=False))
        started[sale.sale_id] = t0
        numeros.append(sale.numero_loja)
        time.sleep(args.every)
    deadline = time.monotonic() + 120
    while len(ready) < len(started) and time.monotonic() < deadline:
        time.sleep(0.1)
    done.set()
    watcher.join(timeout=5)
    return [ready[sid] - t for sid, t in started.items() if sid in ready], numeros

"""How fast a sale recorded on a caixa (as the desktop app does it) reaches the store database by
itself: the app's service (`CaixaService`) runs the caixa's link; recording wakes it and the app
nudges it after each sale (`Hub.after_local_write()`), so the handover does not wait for the link's
3 s timer.

    PYTHONPATH=. .venv/bin/python bench/bench_caixa_app.py [--sales 40]

Prints p50/p95/max of "recorded -> in the store database" on a loopback PostgreSQL (one caixa,
nothing else running), one sale every ~0.2 s.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.retaguarda.caixa_service import CaixaService
from pdv_bling.retaguarda.localpg import start_local_postgres
from pdv_bling.retaguarda.membership import join_store
from pdv_bling.store.context import AppContext
from pdv_bling.store.engine import Store
from pdv_bling.store.models import Sale


def _in_store(server: Store, numero_loja: str) -> bool:
    with server.read() as session:
        return session.scalars(select(Sale.id).where(Sale.numero_loja == numero_loja)).first() is not None


def _run(ctx: AppContext, service: CaixaService, server: Store, n: int) -> list[float]:
    out = []
    for i in range(n):
        price = 1000 * (1 + i % 5) + 90
        draft = SaleDraft(items=(ItemDraft(sku=f"SKU-{1 + i % 5}", quantity=1),), payments=(PaymentDraft("PIX", price),))
        started = time.perf_counter()
        sale = record_sale(ctx.store, draft)
        service.nudge()  # what Hub.after_local_write() does after F10
        while not _in_store(server, sale.numero_loja):
            time.sleep(0.005)
        out.append((time.perf_counter() - started) * 1000)
        time.sleep(0.2)
    return out


def _line(name: str, values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"{name}: p50 {statistics.median(values):.0f} ms  p95 {p95:.0f} ms  max {ordered[-1]:.0f} ms  (n={len(values)})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sales", type=int, default=40)
    args = parser.parse_args()
    from tests.store.helpers import make_store

    pg = start_local_postgres()
    try:
        url = pg.create_database("bench")
        server = make_store(url)
        with tempfile.TemporaryDirectory() as tmp:
            home = Path(tmp) / "PDV01"
            with AppContext.open(home, log=False) as ctx:
                join_store(ctx, url, terminal="PDV01")
            ctx = AppContext.open(home, log=False)
            service = CaixaService.for_context(ctx)
            assert service is not None
            service.start()
            while service.online is not True:
                time.sleep(0.05)
            measured = _run(ctx, service, server, args.sales)
            service.stop()
            ctx.close()
        print(_line("recorded on the caixa -> in the store database", measured))
        server.close()
    finally:
        pg.stop()


if __name__ == "__main__":
    main()

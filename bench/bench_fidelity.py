"""Figures for docs/bling-fidelity.md (issue 15): stock balances per mode, reconciliation cost.

    .venv/bin/python bench/bench_fidelity.py             # ~1 min

A. Physical and virtual balances (`GET /estoques/saldos`, as Bling answers them) of one product
   after a sale of 3 units, a partial exchange returning 1 of them, and a sale of 2 then cancelled,
   for each stock mode, with reservations on and an open order reserving after lancar-estoque on
   and off (UNKNOWN, field guide §11 row 3). "integration (former steps)" is the mode as it was
   before this issue: its order left in the account's default situação (Em aberto).
B. The reconciliation of deleted products: requests (list pages) for catalogues of several sizes.
C. The once-per-account stock check: its extra requests.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402

from bench.common import Terminal, set_settings, setup_terminal  # noqa: E402
from pdv_bling.counter.cancellation import cancel_sale
from pdv_bling.counter.returns import record_exchange  # noqa: E402
from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.exchange import ExchangeDraft  # noqa: E402
from pdv_bling.domain.sale import AddressDraft, CustomerDraft, ItemDraft, PaymentDraft, SaleDraft  # noqa: E402
from pdv_bling.sandbox import SandboxConfig, SandboxServer  # noqa: E402
from pdv_bling.store.models import Product, Sale  # noqa: E402

MARIA = CustomerDraft(document="52998224725", name="Maria Souza", address=AddressDraft(
    street="Rua das Flores", number="10", district="Centro", city="Campinas", uf="SP", cep="13010000"))


def drain(t: Terminal) -> None:
    for _ in range(50):
        if t.service.drain_now().pending == 0:
            return
    raise RuntimeError("queue not drained")


def saldo(server: SandboxServer, produto: int) -> tuple[float, float]:
    from pdv_bling.sandbox import stock

    with server.state.lock:
        row = stock.saldos(server.state, server.config.traps, ids=[produto], codigos=[], deposito=None)[0]
    return row["saldoFisicoTotal"], row["saldoVirtualTotal"]


def balances(tmp: Path, mode: str, *, reserve_after_posting: bool, former: bool) -> list[tuple[str, float, float]]:
    server = SandboxServer(SandboxConfig(products=60, seed=3, rate_limit=1000.0)).start()
    server.set_traps(reservations=True, reserve_after_posting=reserve_after_posting)
    try:
        t = setup_terminal(tmp, server)
        set_settings(t.ctx, stock_mode=mode)
        if former:  # the order left in the account's default situação, as before this issue
            t.service.handlers._born_situacao = lambda session, sale: None  # type: ignore[method-assign]  # the former birth
        with t.ctx.store.read() as session:
            product = session.scalars(select(Product).where(Product.active.is_(True), Product.barcode.is_not(None))
                                      .order_by(Product.id)).first()
            assert product is not None
        fis0, vir0 = saldo(server, product.bling_id)
        rows = []

        def note(step: str) -> None:
            fis, vir = saldo(server, product.bling_id)
            rows.append((step, fis - fis0, vir - vir0))

        def sell(quantity: int, customer: bool) -> int:
            return record_sale(t.ctx.store, SaleDraft(
                items=(ItemDraft(barcode=product.barcode, quantity=quantity),),
                payments=(PaymentDraft("PIX", quantity * product.price_cents),),
                customer=MARIA if customer else None)).sale_id

        kept = sell(3, True)
        drain(t)
        note("sale of 3")
        with t.ctx.store.read() as session:
            sale = session.get(Sale, kept)
            assert sale is not None
            line_id = sale.items[0].id
        record_exchange(t.ctx.store, ExchangeDraft(original_sale_id=kept, returned={line_id: 1}))
        drain(t)
        note("partial exchange (1 back)")
        other = sell(2, False)
        drain(t)
        with t.ctx.store.read() as session:
            sold = session.get(Sale, other)
            assert sold is not None  # recorded just above
            number = sold.number
        cancel_sale(t.ctx.store, number)
        drain(t)
        note("sale of 2, cancelled")
        t.close()
        return rows
    finally:
        server.stop()


def reconciliation(tmp: Path, products: int, *, children_listed: bool) -> dict[str, Any]:
    server = SandboxServer(SandboxConfig(products=products, seed=5, rate_limit=5000.0)).start()
    server.set_traps(list_shows_variations=children_listed)
    try:
        t = setup_terminal(tmp, server)
        with server.state.lock:
            active = sum(1 for p in server.state.produtos.values() if p["situacao"] == "A")
        before = server.inspect()["requests"]["by_endpoint"]
        result = t.service.reconcile_now()
        after = server.inspect()["requests"]["by_endpoint"]
        t.close()
        return {"products+variations": active, "requests": result.requests,
                "GET /produtos": after["GET /produtos"] - before["GET /produtos"],
                "detail calls": after.get("GET /produtos/{idProduto}", 0) - before.get("GET /produtos/{idProduto}", 0)}
    finally:
        server.stop()


def stock_check_cost(tmp: Path) -> dict[str, Any]:
    server = SandboxServer(SandboxConfig(products=60, seed=3, rate_limit=1000.0)).start()
    try:
        t = setup_terminal(tmp, server)
        product = t.ctx
        with product.store.read() as session:
            item = session.scalars(select(Product).where(Product.barcode.is_not(None))).first()
            assert item is not None
        counts = []
        for _ in range(3):
            before = dict(server.inspect()["requests"]["by_endpoint"])
            record_sale(t.ctx.store, SaleDraft(items=(ItemDraft(barcode=item.barcode),),
                                               payments=(PaymentDraft("PIX", item.price_cents),)))
            drain(t)
            after = server.inspect()["requests"]["by_endpoint"]
            counts.append({k: v - before.get(k, 0) for k, v in after.items() if v != before.get(k, 0)})
        t.close()
        return {"sale 1": counts[0], "sale 2": counts[1], "sale 3": counts[2]}
    finally:
        server.stop()


def main() -> int:
    os.environ["PDV_BLING_RATE_PER_SECOND"] = "1000"
    with tempfile.TemporaryDirectory(prefix="bench-fidelity-") as name:
        tmp = Path(name)
        print("A. balances after each step, as deltas from the start: (physical, virtual)")
        for label, mode, former in (("transitions", "transitions", False),
                                    ("integration (former steps)", "integration", True),
                                    ("integration", "integration", False)):
            for reserve in (True, False):
                rows = balances(tmp / f"{mode}-{former}-{reserve}", mode, reserve_after_posting=reserve,
                                former=former)
                shown = "  ".join(f"{step}: ({fis:+g}, {vir:+g})" for step, fis, vir in rows)
                print(f"  {label:<27} reserve_after_posting={'on ' if reserve else 'off'}  {shown}")
        print("B. reconciliation of deleted products (list pages only)")
        for products in (300, 1000, 3000):
            for listed in (False, True):
                figures = reconciliation(tmp / f"rec-{products}-{listed}", products, children_listed=listed)
                print(f"  {products} products, tipo T lists variations={'yes' if listed else 'no '}: {figures}")
        print("C. requests per delivered sale, first three sales of an account (transitions mode)")
        for sale, figures in stock_check_cost(tmp / "check").items():
            print(f"  {sale}: {figures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

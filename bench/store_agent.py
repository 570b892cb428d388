"""A caixa of the store harnesses, as the app runs it at the counter (not a test module).

    PDV_BLING_HOME=<joined data folder> python bench/store_agent.py [--seed N] [--no-link]

Opens the data folder (a caixa that joined a store), starts its link to the store server in the
background (hand over every few seconds and right after each record; the app does the same), and
records what the harness asks, one JSON command per stdin line, one JSON answer per stdout line:

    {"op": "sell", "customer": true|false|null, "document": "..."}   a mixed sale (bench.common)
    {"op": "sale", "json": {...sale JSON as for `pdv-bling sale add`...}}
    {"op": "exchange", "json": {...as for `pdv-bling troca add`...}}
    {"op": "cancel", "number": N}
    {"op": "push"}     one link pass now (hand over + replica), as `pdv-bling sync --push`
    {"op": "status"}   online, records not handed over yet
    {"op": "quit"}

Any command may carry "at": <unix time>, to run at that instant (two caixas at the same moment).
Every answer carries "ok", "ms" (time the recording call took) and "t" (unix time at the end);
refusals carry the domain error "codes" and the pt_BR "message".
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
from pdv_bling.cli.exchange_input import parse_exchange  # noqa: E402
from pdv_bling.cli.sale_input import parse_sale  # noqa: E402
from pdv_bling.cli.troca import record_exchange_input  # noqa: E402
from pdv_bling.counter.cancellation import cancel_sale
from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.errors import DomainError, DomainErrors  # noqa: E402
from pdv_bling.domain.sale import AddressDraft, CustomerDraft, SaleDraft  # noqa: E402
from pdv_bling.retaguarda.caixa import StoreLink  # noqa: E402
from pdv_bling.retaguarda.handover import not_handed_over  # noqa: E402
from pdv_bling.store.context import AppContext  # noqa: E402
from pdv_bling.store.models import Product  # noqa: E402

ADDRESS = AddressDraft(street="Rua A", number="1", district="Centro", city="São Paulo", uf="SP", cep="01001000")


class Caixa:
    def __init__(self, ctx: AppContext, link: StoreLink, seed: int) -> None:
        self.ctx, self.link = ctx, link
        self.rng = random.Random(seed)
        self.products: list[Product] = []

    def sell(self, cmd: dict[str, Any]) -> dict[str, Any]:
        if not self.products:
            self.products = sellable(self.ctx, 12)
            if not self.products:
                raise RuntimeError("no products in this caixa's replica yet")
        draft = mixed_sale(self.products, self.rng, with_customer=cmd.get("customer"))
        if cmd.get("document"):
            doc = str(cmd["document"])
            draft = SaleDraft(items=draft.items, payments=draft.payments,
                              customer=CustomerDraft(document=doc, name=f"Cliente {doc[-4:]}", address=ADDRESS))
        return self._record(draft)

    def _record(self, draft: SaleDraft) -> dict[str, Any]:
        started = time.perf_counter()
        sale = record_sale(self.ctx.store, draft)
        ms = (time.perf_counter() - started) * 1000
        lines = [{"item": i + 1, "quantidade": it.quantity, "codigo_barras": it.barcode, "sku": it.sku}
                 for i, it in enumerate(draft.items)]
        return {"ok": True, "ms": ms, "id": sale.sale_id, "number": sale.number, "numero_loja": sale.numero_loja,
                "coupon": sale.coupon, "total_cents": sale.total_cents, "lines": lines,
                "document": draft.customer.document if draft.customer else None}

    def handle(self, cmd: dict[str, Any]) -> dict[str, Any]:
        op = cmd["op"]
        if cmd.get("at"):  # two caixas doing something at the same instant (same machine clock)
            time.sleep(max(0.0, float(cmd["at"]) - time.time()))
        if op == "sell":
            return self.sell(cmd)
        if op == "sale":
            return self._record(parse_sale(cmd["json"]))
        if op == "exchange":
            data = parse_exchange(cmd["json"])
            started = time.perf_counter()
            result = record_exchange_input(self.ctx, data)
            return {"ok": True, "ms": (time.perf_counter() - started) * 1000, **result}
        if op == "cancel":
            started = time.perf_counter()
            sale = cancel_sale(self.ctx.store, int(cmd["number"]))
            return {"ok": True, "ms": (time.perf_counter() - started) * 1000, "status": sale.status}
        if op == "push":
            report = self.link.sync_once()
            handover = report.handover.__dict__ if report.handover else None
            return {"ok": report.online, "online": report.online, "error": report.error, "handover": handover}
        if op == "status":
            with self.ctx.store.read() as session:
                pending = not_handed_over(session)
            return {"ok": True, "online": self.link.online, "not_handed_over": pending}
        raise ValueError(f"unknown op {op!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-link", action="store_true", help="no background handover (push by command)")
    args = parser.parse_args()
    ctx = AppContext.open()
    link = ctx.store.coordinator
    if not isinstance(link, StoreLink):
        print(json.dumps({"ok": False, "message": "this data folder is not a caixa of a store"}), flush=True)
        return 6
    if not args.no_link:
        link.start()
    caixa = Caixa(ctx, link, args.seed)
    print(json.dumps({"ok": True, "ready": True}), flush=True)
    return serve(caixa, link, ctx)


def serve(caixa: Any, link: StoreLink, ctx: AppContext) -> int:
    """Answer the harness's JSON commands on stdin, one line each, until "quit" or EOF; a refusal
    or any failure is an answer (`ok: false` with its codes), never a silent death."""
    try:
        for line in sys.stdin:
            cmd = json.loads(line)
            if cmd.get("op") == "quit":
                break
            try:
                answer = caixa.handle(cmd)
            except (DomainError, DomainErrors) as exc:
                errors = exc.errors if isinstance(exc, DomainErrors) else [exc]
                answer = {"ok": False, "codes": [e.code for e in errors], "message": str(exc)}
            except Exception as exc:  # reported to the harness, never a silent death
                answer = {"ok": False, "codes": ["exception"], "message": f"{type(exc).__name__}: {exc}"}
            answer["t"] = time.time()
            print(json.dumps(answer, default=str), flush=True)
    finally:
        link.stop()
        ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

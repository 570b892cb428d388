"""What the lifecycle harness checks at the end, from the stand-in's own records (its orders with
their items, its stock movements) and the store database only, plus each caixa's replica against
the store (`bench/harness_lifecycle.py`)."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import select

import pdv_bling.retaguarda.caixa  # noqa: F401 - registers how a caixa's folder opens (its link)
from bench.common import compare, expected_from_store
from bench.lifecycle_world import Ledger, StoreDb
from pdv_bling.retaguarda.replica import CUSTOMER_FIELDS, PRODUCT_FIELDS, STORE_WIDE_SETTINGS
from pdv_bling.retaguarda.server import open_server
from pdv_bling.store.context import AppContext
from pdv_bling.store.engine import Store
from pdv_bling.store.identity import installation_id
from pdv_bling.store.models import Customer, PaymentMethod, Product, Sale, StoreCaixa
from pdv_bling.store.settings import load_settings

CANCELADO, ATENDIDO = 12, 9
MARKER = re.compile(r"^PDV-Bling devolução (\S+) #(\w+) item (\d+)$")  # domain.exchange.return_marker


def _nonzero(counts: Counter[int]) -> dict[int, int]:
    return {k: v for k, v in counts.items() if v}


def check_bling(standin: Any) -> dict[str, list[str]]:
    """Bling's own records, with nothing of ours: each numeroLoja one order; each order's stock moved
    once per unit (its movements net to minus its items when Atendido, to zero when Cancelado); each
    partial-return entry (marker) once, never more units back than the order sold; no other movement."""
    state = standin.ctx.state
    with state.lock:
        orders = {int(k): v for k, v in state.orders.items()}
        movements = list(state.movements)
    numbers = Counter(str(o.get("numeroLoja") or "") for o in orders.values())
    by_numero = {str(o.get("numeroLoja") or ""): o for o in orders.values()}
    net: dict[int, Counter[int]] = defaultdict(Counter)
    markers: Counter[str] = Counter()
    back: Counter[tuple[str, int]] = Counter()
    stray = []
    for mov in movements:
        sign = {"E": 1, "S": -1}.get(mov["operacao"], 0)
        qty = sign * round(float(mov["quantidade"]))
        match = MARKER.match(mov.get("observacoes") or "")
        if mov.get("pedido"):
            net[int(mov["pedido"])][int(mov["produto"]["id"])] += qty
        elif match and sign == 1:
            markers[match.group(0)] += 1
            back[(match.group(1), int(match.group(3)))] += qty
        elif sign:
            stray.append(f"{mov['operacao']} {mov['quantidade']} of {mov['produto']['id']}: {mov.get('observacoes')}")
    not_once = []
    for order_id, order in orders.items():
        wanted: Counter[int] = Counter()
        situacao = int(order["situacao"]["id"])
        for item in order["itens"] if situacao == ATENDIDO else []:
            wanted[int(item["produto"]["id"])] -= round(float(item["quantidade"]))
        if _nonzero(net[order_id]) != _nonzero(wanted):
            not_once.append(f"{order.get('numeroLoja')} (situação {situacao}): moved {dict(net[order_id])}, "
                            f"items {dict(wanted)}")
    over = []
    for (numero, line), units in back.items():
        order = by_numero.get(numero)
        items = order["itens"] if order else []
        sold = round(float(items[line - 1]["quantidade"])) if 0 < line <= len(items) else 0
        gone = sold if order and int(order["situacao"]["id"]) == CANCELADO else 0  # a cancel gave all back too
        if units + gone > sold:
            over.append(f"{numero} item {line}: {units} entered back (+{gone} by the cancel) of {sold} sold")
    return {"numero_loja_twice_in_bling": sorted(n for n, c in numbers.items() if c != 1),
            "stock_not_moved_once": sorted(not_once), "return_entries_twice": sorted(m for m, c in markers.items()
                                                                                      if c != 1),
            "returned_more_than_sold_in_bling": sorted(over), "stray_stock_movements": stray}


def bling_figures(standin: Any) -> dict[str, int]:
    state = standin.ctx.state
    with state.lock:
        movements = list(state.movements)
        orders = list(state.orders.values())
    return {"orders": len(orders), "orders_atendido": sum(1 for o in orders if o["situacao"]["id"] == ATENDIDO),
            "orders_cancelado": sum(1 for o in orders if o["situacao"]["id"] == CANCELADO),
            "units_out": sum(round(float(m["quantidade"])) for m in movements if m["operacao"] == "S"),
            "units_back": sum(round(float(m["quantidade"])) for m in movements if m["operacao"] == "E"),
            "return_entries": sum(1 for m in movements if MARKER.match(m.get("observacoes") or ""))}


def check_store(db: StoreDb, inspect: dict[str, Any], ledger: Ledger) -> dict[str, Any]:
    """Every list in the result must be empty."""
    orders = inspect["orders"]
    sales = db.sql("SELECT uid, numero_loja, status FROM sales")
    in_store = {str(uid) for uid, _n, _s in sales}
    numbers = Counter(str(n) for _u, n, _s in sales)
    wanted = {uid for uid in ledger.sales if uid not in ledger.taken}
    situacao = {str(n): (CANCELADO if status in ("cancelled", "returned") else ATENDIDO) for _u, n, status in sales}
    over = db.sql("SELECT s.numero_loja, si.position, si.quantity, sum(ri.quantity) FROM return_items ri "
                  "JOIN sale_items si ON si.id = ri.sale_item_id JOIN sales s ON s.id = si.sale_id "
                  "GROUP BY s.numero_loja, si.id, si.position, si.quantity HAVING sum(ri.quantity) > si.quantity")
    below = db.sql("SELECT c.document, sum(l.amount_cents) FROM store_credit_ledger l JOIN customers c "
                   "ON c.id = l.customer_id GROUP BY c.document HAVING sum(l.amount_cents) < 0")
    return {
        "orders_twice_in_bling": sorted(n for n, o in orders.items() if o["count"] != 1),
        "store_sales_not_in_bling": sorted(n for n in numbers if n not in orders),
        "bling_orders_not_in_store": sorted(n for n in orders if n not in numbers),
        "numero_loja_twice_in_store": sorted(n for n, c in numbers.items() if c != 1),
        "recorded_not_in_store": sorted(f"{ledger.sales[u]['slot']}:{ledger.sales[u]['numero_loja']}"
                                        for u in wanted - in_store),
        "wrong_situacao": sorted(n for n, s in situacao.items() if n in orders and orders[n]["situacoes"] != [s]),
        "units_returned_twice": [f"{n} item {p + 1}: {r} of {q}" for n, p, q, r in over],
        "credit_below_zero": [f"***{str(d)[-4:]}: {b}" for d, b in below],
        "series_not_its_caixas": [str(n) for (n,) in db.sql(
            "SELECT s.numero_loja FROM sales s LEFT JOIN store_series x ON x.terminal_id = "
            "substring(s.numero_loja FROM '^(.*)-[0-9]+$') WHERE x.installation_id IS DISTINCT FROM s.installation_id")],
        "credit_spent_twice": [f"sale {i}: {n} entries" for i, n in db.sql(
            "SELECT sale_id, count(*) FROM store_credit_ledger WHERE reason = 'sale_payment' GROUP BY sale_id "
            "HAVING count(*) > 1")],
        # a sale paid with store credit debits the ledger by that much (an exchange's sale: at most)
        "credit_paid_not_debited": [f"{n} ({k}): paid {p}, debited {d}" for n, k, p, d in db.sql(
            "SELECT s.numero_loja, s.kind, coalesce(p.paid, 0), coalesce(-l.spent, 0) FROM sales s "
            "LEFT JOIN (SELECT sp.sale_id, sum(sp.amount_cents) AS paid FROM sale_payments sp JOIN payment_methods m "
            "ON m.id = sp.payment_method_id WHERE m.kind = 'store_credit' GROUP BY sp.sale_id) p ON p.sale_id = s.id "
            "LEFT JOIN (SELECT sale_id, sum(amount_cents) AS spent FROM store_credit_ledger WHERE reason = "
            "'sale_payment' GROUP BY sale_id) l ON l.sale_id = s.id WHERE (s.kind = 'sale' AND coalesce(p.paid, 0) "
            "<> coalesce(-l.spent, 0)) OR coalesce(-l.spent, 0) > coalesce(p.paid, 0)")],
        "credit_granted_twice": [f"return {i}: {n} entries" for i, n in db.sql(
            "SELECT return_id, count(*) FROM store_credit_ledger WHERE return_id IS NOT NULL AND amount_cents > 0 "
            "GROUP BY return_id HAVING count(*) > 1")],
        # nothing in this workload breaks a rule: a record set aside is a legitimate one the store lacks
        "set_aside": [f"{k} {i}: {d}" for k, i, d in db.sql("SELECT kind, installation_id, detail FROM store_set_aside")],
    }


def check_store_against_bling(url: str, inspect: dict[str, Any], standin: Any) -> dict[str, Any]:
    """What Bling must show computed from the store database (`bench.common.compare`): each sale's
    situação and open receivables, the stock moved per product, each partial-return entry once; each
    order's items as the store's sale; no partial-return entry the store does not have."""
    server = open_server(url)
    try:
        expected = expected_from_store(server)
        with server.read() as session:
            items = {s.numero_loja: Counter((i.product_bling_id, round(i.quantity)) for i in s.items)
                     for s in session.scalars(select(Sale))}
    finally:
        server.close()
    result = {k: v for k, v in compare(expected, inspect).items() if isinstance(v, list)}
    with standin.ctx.state.lock:
        orders = list(standin.ctx.state.orders.values())
        markers = [m.get("observacoes") or "" for m in standin.ctx.state.movements]
    result["order_items_differ"] = sorted(
        str(o.get("numeroLoja")) for o in orders if str(o.get("numeroLoja")) in items and items[str(o["numeroLoja"])]
        != Counter((int(i["produto"]["id"]), round(float(i["quantidade"]))) for i in o["itens"]))
    result["return_entries_not_in_store"] = sorted(m for m in markers if MARKER.match(m) and m not in expected.entries)
    return result


def store_figures(db: StoreDb, inspect: dict[str, Any]) -> dict[str, Any]:
    """Figures for the report (not pass/fail)."""
    results = [json.loads(r) if isinstance(r, str) else (r or {}) for (r,) in db.sql(
        "SELECT result FROM outbox_items WHERE result IS NOT NULL")]
    log = inspect["requests"]["log"]
    lookups = sum(1 for e in log if e.get("method") == "GET" and str(e.get("path", "")).endswith("/pedidos/vendas"))
    return {
        "sales_in_store": int(db.sql("SELECT count(*) FROM sales")[0][0]),
        "orders_in_bling": len(inspect["orders"]),
        "returns_in_store": int(db.sql("SELECT count(*) FROM sale_returns")[0][0]),
        "units_returned": int(db.sql("SELECT coalesce(sum(quantity), 0) FROM return_items")[0][0]),
        "credit_entries": int(db.sql("SELECT count(*) FROM store_credit_ledger")[0][0]),
        "credit_balance_cents": int(db.sql("SELECT coalesce(sum(amount_cents), 0) FROM store_credit_ledger")[0][0]),
        "set_aside": dict(Counter(str(k) for (k,) in db.sql("SELECT kind FROM store_set_aside"))),
        "items_maybe_sent": sum(1 for r in results if r.get("maybe_sent")),
        "items_recovered_by_lookup": sum(1 for r in results if r.get("recovered")),
        "lookups_in_bling": lookups,
        "outbox": dict(Counter(str(s) for (s,) in db.sql("SELECT state FROM outbox_items"))),
        "requests": len(log), "requests_429": sum(1 for e in log if str(e.get("status")) == "429"),
        "caixas": [f"{t} {h} {'left' if left else 'in'} {p['code'] if p else ''}" for t, h, left, p in
                   [(t, h, left, json.loads(p) if isinstance(p, str) else p) for t, h, left, p in
                    db.sql("SELECT terminal_id, host, left_at IS NOT NULL, problem FROM store_caixas ORDER BY 1")]],
    }


def _facts(store: Store) -> dict[str, Any]:
    with store.read() as session:
        settings = load_settings(session)
        return {
            "products": {p.bling_id: tuple(str(getattr(p, f)) for f in PRODUCT_FIELDS if f != "synced_at")
                         for p in session.scalars(select(Product))},
            "payment_methods": {m.name: (m.kind, m.gives_change, m.bling_forma_pagamento_id, m.active)
                                for m in session.scalars(select(PaymentMethod))},
            "customers": {c.document: tuple(str(getattr(c, f)) for f in CUSTOMER_FIELDS)
                          for c in session.scalars(select(Customer))},
            "settings": {k: getattr(settings, k, None) for k in STORE_WIDE_SETTINGS},
        }


def check_replicas(url: str, homes: dict[str, Path]) -> dict[str, list[str]]:
    """Each caixa's replica equal to the store: products, payment methods with DE-PARA, customers,
    store-wide settings; and the store knows it by its terminal id. Returns per caixa the parts
    that differ (and a few keys)."""
    server = open_server(url)
    try:
        store = _facts(server)
        with server.read() as session:
            terminals = {c.installation_id: c.terminal_id for c in session.scalars(select(StoreCaixa))
                         if c.left_at is None}
    finally:
        server.close()
    out: dict[str, list[str]] = {}
    for name, home in homes.items():
        ctx = AppContext.open(home, log=False)
        try:
            mine = _facts(ctx.store)
            with ctx.store.read() as session:
                me, terminal = str(installation_id(session)), load_settings(session).terminal_id
        finally:
            ctx.close()
        diffs = [] if terminals.get(me) == terminal else [f"member: {terminal} here, {terminals.get(me)} in the store"]
        for part, values in store.items():
            if mine[part] != values:
                if isinstance(values, dict) and part != "settings":
                    keys = sorted(str(k) for k in set(values) ^ set(mine[part]))[:3] + sorted(
                        str(k) for k in set(values) & set(mine[part]) if values[k] != mine[part][k])[:3]
                    diffs.append(f"{part}: {keys}")
                else:
                    diffs.append(f"{part}: store {values} caixa {mine[part]}")
        out[name] = diffs
    return out

"""What Bling must show for a store, computed from every caixa's LOCAL records (not a test module).

`store_expected(homes)` merges the caixas' SQLite folders into the figures of `bench.common.Expected`
(each `numeroLoja` once with its final situação, open receivables, net stock moved per (product,
deposit)); `check_store(...)` compares them with the stand-in (`bench.common.compare`) and adds
the store-wide invariants:

- partial-return stock entries: every `observacoes` marker once in Bling, and per (sale, line)
  as many entries as the caixas recorded returns (the marker names the STORE's return id, so the
  lines are matched by sale and line, and each marker must be unique);
- no unit returned twice: per sold line, units returned at all caixas <= units sold;
- no credit spent twice: per customer, the credit granted minus spent over all caixas is >= 0,
  and equals the store server's ledger;
- a sale's owner learnt what other caixas did to it (a full return elsewhere is "returned" there).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bench.common import ATENDIDO, CANCELADO, EM_ABERTO, Expected, compare
from pdv_bling.app_context import AppContext
from pdv_bling.store.models import BlingDeposito, Customer, Sale, SaleReturn, StoreCreditEntry
from pdv_bling.store.settings import load_settings

MARKER = re.compile(r"^PDV-Bling devolução (\S+) #(\d+) item (\d+)$")


@dataclass
class Facts:
    expected: Expected
    return_lines: Counter[tuple[str, int]]  # (numeroLoja, line) -> partial-return entries expected
    sold: dict[tuple[str, int], int]  # (numeroLoja, line) -> units sold
    returned: Counter[tuple[str, int]]  # (numeroLoja, line) -> units returned at any caixa
    credit: Counter[str]  # CPF/CNPJ -> credit granted - spent, over all caixas
    owner_status: dict[str, str]  # numeroLoja -> status in its own caixa's records
    returned_elsewhere: set[str] = field(default_factory=set)  # fully returned at another caixa


def _deposit(session: Any) -> int:
    settings = load_settings(session)
    padrao = session.scalars(select(BlingDeposito.bling_id).where(BlingDeposito.padrao.is_(True))).one()
    return int(settings.deposit_id if settings.stock_mode == "integration" and settings.deposit_id else padrao)


def store_expected(homes: list[Path]) -> Facts:
    situacao: dict[str, int] = {}
    open_cents: dict[str, int] = {}
    stock: dict[tuple[int, int], float] = defaultdict(float)
    facts = Facts(Expected({}, {}, {}, []), Counter(), {}, Counter(), Counter(), {})
    lines: dict[str, list[tuple[int, int, int]]] = {}  # numeroLoja -> (line, product, quantity)
    full_returns: list[str] = []
    mode_kept: dict[str, int] = {}
    deposits: dict[str, int] = {}
    for home in homes:
        ctx = AppContext.open(home, log=False)
        with ctx.store.read() as session:
            deposit = _deposit(session)
            kept = ATENDIDO if load_settings(session).stock_mode == "transitions" else EM_ABERTO
            for sale in session.scalars(select(Sale).where(Sale.origin_id.is_(None))):  # its own, not copies
                facts.owner_status[sale.numero_loja] = sale.status
                mode_kept[sale.numero_loja], deposits[sale.numero_loja] = kept, deposit
                open_cents[sale.numero_loja] = sum(p.amount_cents for p in sale.payments)
                lines[sale.numero_loja] = [(i.position + 1, int(i.product_bling_id or 0), i.quantity) for i in sale.items]
            for ret in session.scalars(select(SaleReturn).where(SaleReturn.origin_id.is_(None))):
                original = session.get(Sale, ret.original_sale_id)
                assert original is not None
                if ret.full_return:
                    full_returns.append(original.numero_loja)
                    if original.origin_id is not None:
                        facts.returned_elsewhere.add(original.numero_loja)
                by_id = {i.id: i for i in original.items}
                for line in ret.items:
                    sold = by_id[line.sale_item_id]
                    facts.returned[(original.numero_loja, sold.position + 1)] += line.quantity
                    if not ret.full_return:
                        stock[(int(sold.product_bling_id or 0), deposit)] += line.quantity
                        facts.return_lines[(original.numero_loja, sold.position + 1)] += 1
            for entry in session.scalars(select(StoreCreditEntry).where(StoreCreditEntry.origin_id.is_(None))):
                customer = session.get(Customer, entry.customer_id)
                assert customer is not None
                facts.credit[customer.document] += entry.amount_cents
        ctx.close()
    ended = {n for n, status in facts.owner_status.items() if status in ("cancelled", "returned")} | set(full_returns)
    for numero, sale_lines in lines.items():
        active = numero not in ended
        situacao[numero] = mode_kept[numero] if active else CANCELADO
        if not active:
            open_cents[numero] = 0
        for line, product, quantity in sale_lines:
            facts.sold[(numero, line)] = quantity
            if active and product:
                stock[(product, deposits[numero])] -= quantity
    facts.expected = Expected(situacao, open_cents, {k: v for k, v in stock.items() if v}, [])
    return facts


def check_store(facts: Facts, inspect: dict[str, Any], *, store_balances: dict[str, int]) -> dict[str, Any]:
    """Every list in the result must be empty."""
    result = compare(facts.expected, inspect)
    markers: Counter[str] = Counter()
    for movements in inspect["stock_movements"].values():
        for mov in movements:
            text = mov.get("observacoes") or ""
            if text.startswith("PDV-Bling devolução"):
                markers[text] += 1
    in_bling: Counter[tuple[str, int]] = Counter()
    for text in markers:
        match = MARKER.match(text)
        if match:
            in_bling[(match.group(1), int(match.group(3)))] += 1
    result["return_entries"] = sum(facts.return_lines.values())
    result["return_markers_twice"] = sorted(m for m, n in markers.items() if n != 1)
    result["return_lines_wrong"] = sorted(str(k) for k in set(in_bling) | set(facts.return_lines)
                                          if in_bling[k] != facts.return_lines[k])
    result["units_returned_twice"] = sorted(str(k) for k, n in facts.returned.items() if n > facts.sold.get(k, 0))
    result["units_returned"] = sum(facts.returned.values())
    result["credit_overspent"] = sorted(doc for doc, balance in facts.credit.items() if balance < 0)
    result["credit_not_as_store"] = sorted(doc for doc in set(facts.credit) | set(store_balances)
                                           if facts.credit[doc] != store_balances.get(doc, 0))
    result["credit_balance_cents"] = sum(facts.credit.values())
    result["owner_missed_return"] = sorted(n for n in facts.returned_elsewhere
                                           if facts.owner_status.get(n) != "returned")
    return result

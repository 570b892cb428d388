"""What Bling must show for a store, computed from every caixa's LOCAL records (not a test module).

`store_expected(homes)` merges the caixas' SQLite folders into the figures of `bench.common.Expected`
(each `numeroLoja` once with its final situação, open receivables, net stock moved per (product,
deposit)); `check_store(...)` compares them with the stand-in (`bench.common.compare`) and adds
the store-wide invariants:

- partial-return stock entries: every `observacoes` marker once in Bling, and per (sale, line)
  as many entries as the caixas recorded returns (the marker names the return by its own id, so the
  lines are matched by sale and line, and each marker must be unique);
- no unit returned twice: per sold line, units returned at all caixas <= units sold;
- no credit spent twice: per customer, the credit granted minus spent over all caixas is >= 0,
  and equals the store server's ledger;
- a sale's owner learnt what other caixas did to it (a full return elsewhere is "returned" there).

A return is "full" (the order is cancelled in Bling, stock and receivables reversed) when it is the
sale's only return and gives back every unit: decided here from the quantities, never from the flag
the caixa recorded (`full_return_flag_wrong` lists returns whose flag disagrees).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

import pdv_bling.retaguarda.caixa  # noqa: F401 - registers how a caixa's folder opens (its link)
from bench.common import ATENDIDO, CANCELADO, Expected, compare
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import BlingDeposito, Customer, Sale, SaleReturn, StoreCreditEntry
from pdv_bling.store.settings import load_settings

MARKER = re.compile(r"^PDV-Bling devolução (\S+) #(\w+) item (\d+)$")  # domain.exchange.return_marker


@dataclass
class Facts:
    expected: Expected
    return_lines: Counter[tuple[str, int]]  # (numeroLoja, line) -> partial-return entries expected
    sold: dict[tuple[str, int], int]  # (numeroLoja, line) -> units sold
    returned: Counter[tuple[str, int]]  # (numeroLoja, line) -> units returned at any caixa
    credit: Counter[str]  # CPF/CNPJ -> credit granted - spent, over all caixas
    owner_status: dict[str, str]  # numeroLoja -> status in its own caixa's records
    returned_elsewhere: set[str] = field(default_factory=set)  # fully returned at another caixa
    flag_wrong: list[str] = field(default_factory=list)


def _deposit(session: Any) -> int:
    settings = load_settings(session)
    padrao = session.scalars(select(BlingDeposito.bling_id).where(BlingDeposito.padrao.is_(True))).one()
    return int(settings.deposit_id if settings.stock_mode == "integration" and settings.deposit_id else padrao)


@dataclass
class _Return:
    numero: str
    copy: bool  # of another caixa's sale
    flag: bool  # full_return as recorded
    lines: list[tuple[int, int, int]]  # (line, product, units)
    deposit: int


def _read_caixa(home: Path, facts: Facts, lines: dict[str, list[tuple[int, int, int]]],
                returns: list[_Return], kept: dict[str, int], deposits: dict[str, int],
                open_cents: dict[str, int]) -> None:
    ctx = AppContext.open(home, log=False)
    with ctx.store.read() as session:
        deposit = _deposit(session)
        # either mode leaves the order Atendido: moved there by the transition, or created there by
        # "Lançar pela integração" (which then posts stock and contas explicitly; docs/bling-fidelity.md)
        mode = ATENDIDO
        for sale in session.scalars(select(Sale).where(Sale.origin_id.is_(None))):  # its own, not copies
            facts.owner_status[sale.numero_loja] = sale.status
            kept[sale.numero_loja], deposits[sale.numero_loja] = mode, deposit
            open_cents[sale.numero_loja] = sum(p.amount_cents for p in sale.payments)
            lines[sale.numero_loja] = [(i.position + 1, int(i.product_bling_id or 0), i.quantity) for i in sale.items]
        for ret in session.scalars(select(SaleReturn).where(SaleReturn.origin_id.is_(None))):
            original = session.get(Sale, ret.original_sale_id)
            assert original is not None
            by_id = {i.id: i for i in original.items}
            returns.append(_Return(original.numero_loja, original.origin_id is not None, ret.full_return,
                                   [(by_id[x.sale_item_id].position + 1, int(by_id[x.sale_item_id].product_bling_id or 0),
                                     x.quantity) for x in ret.items], deposit))
        for entry in session.scalars(select(StoreCreditEntry).where(StoreCreditEntry.origin_id.is_(None))):
            customer = session.get(Customer, entry.customer_id)
            assert customer is not None
            facts.credit[customer.document] += entry.amount_cents
    ctx.close()


def store_expected(homes: list[Path]) -> Facts:
    facts = Facts(Expected({}, {}, {}, []), Counter(), {}, Counter(), Counter(), {})
    lines: dict[str, list[tuple[int, int, int]]] = {}  # numeroLoja -> (line, product, quantity)
    returns: list[_Return] = []
    kept: dict[str, int] = {}
    deposits: dict[str, int] = {}
    open_cents: dict[str, int] = {}
    for home in homes:
        _read_caixa(home, facts, lines, returns, kept, deposits, open_cents)
    per_sale = Counter(r.numero for r in returns)
    stock: dict[tuple[int, int], float] = defaultdict(float)
    ended = {n for n, status in facts.owner_status.items() if status in ("cancelled", "returned")}
    for ret in returns:
        everything = sorted((line, units) for line, _p, units in ret.lines) == sorted(
            (line, units) for line, _p, units in lines.get(ret.numero, []))
        full = per_sale[ret.numero] == 1 and everything
        if full != ret.flag:
            facts.flag_wrong.append(f"{ret.numero} (recorded full={ret.flag})")
        for line, product, units in ret.lines:
            facts.returned[(ret.numero, line)] += units
            if not full:
                stock[(product, deposits.get(ret.numero, ret.deposit))] += units
                facts.return_lines[(ret.numero, line)] += 1
        if full:
            ended.add(ret.numero)
            if ret.copy:
                facts.returned_elsewhere.add(ret.numero)
    situacao: dict[str, int] = {}
    for numero, sale_lines in lines.items():
        active = numero not in ended
        situacao[numero] = kept[numero] if active else CANCELADO
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
    result["full_return_flag_wrong"] = sorted(facts.flag_wrong)
    return result

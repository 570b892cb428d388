"""Physical and virtual stock as live accounts report it (field guide 6.3 and section 11 row 3).

- `saldoFisico` is what movements left in a deposit; `saldoVirtual` subtracts what open orders
  reserve. Orders in Em aberto, Em andamento, Em digitação and Verificado reserve their items
  (LIVE, trap `reservations`); which deposit a reservation sits in is UNCONFIRMED (here: the
  padrão). Whether an open order whose stock was already posted (`lancar-estoque`) still
  reserves is UNKNOWN (trap `reserve_after_posting`, on: the harder case).
- Deposits with `desconsiderarSaldo: true` are left out of `saldoFisicoTotal`/`saldoVirtualTotal`
  (LIVE); trap `desconsiderar_saldo` gives the second deposit that flag.
- `GET /estoques/saldos` with ids that do not exist answers 200 `[]` (LIVE, row 7); codes that
  resolve to nothing answer 400 (field guide 6.3). Balances can be negative.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pdv_bling.sandbox import errors as E
from pdv_bling.sandbox.config import Traps
from pdv_bling.sandbox.seed import RESERVING
from pdv_bling.sandbox.state import SandboxState

Json = dict[str, Any]
Reserved = dict[tuple[int, int], float]


def deposito_view(state: SandboxState, traps: Traps, deposito_id: int) -> Json:
    dep = dict(state.depositos[deposito_id])
    if not dep["padrao"]:
        dep["desconsiderarSaldo"] = bool(traps.desconsiderar_saldo or dep.get("desconsiderarSaldo"))
    return dep


def counted(state: SandboxState, traps: Traps) -> list[int]:
    """Deposits that enter the totals (those without desconsiderarSaldo)."""
    return [d for d in state.depositos if not deposito_view(state, traps, d)["desconsiderarSaldo"]]


def reserved(state: SandboxState, traps: Traps) -> Reserved:
    """(produto, deposito) -> quantity reserved by open orders."""
    out: Reserved = defaultdict(float)
    if not traps.reservations:
        return out
    for order_id, order in state.orders.items():
        if order["situacao"]["id"] not in RESERVING:
            continue
        if state.order_meta[order_id]["estoque"] is not None and not traps.reserve_after_posting:
            continue
        for item in order["itens"]:
            pid = (item.get("produto") or {}).get("id")
            if pid is not None:
                out[(pid, state.deposito_padrao)] += float(item["quantidade"])
    return out


def virtual_total(state: SandboxState, traps: Traps, produto: int, reserve: Reserved,
                  deps: list[int] | None = None) -> float:
    deps = counted(state, traps) if deps is None else deps
    return round(sum(state.balances.get((produto, d), 0.0) - reserve.get((produto, d), 0.0) for d in deps), 4)


def saldo_row(state: SandboxState, traps: Traps, produto: int, reserve: Reserved, deposito: int | None) -> Json:
    deps = [deposito] if deposito else list(state.depositos)
    per = [{"id": d, "saldoFisico": state.balances.get((produto, d), 0.0),
            "saldoVirtual": round(state.balances.get((produto, d), 0.0) - reserve.get((produto, d), 0.0), 4)}
           for d in deps]
    totals = [p for p in per if deposito or p["id"] in counted(state, traps)]
    row: Json = {"produto": {"id": produto, "codigo": state.produtos[produto]["codigo"]},
                 "saldoFisicoTotal": round(sum(p["saldoFisico"] for p in totals), 4),
                 "saldoVirtualTotal": round(sum(p["saldoVirtual"] for p in totals), 4)}
    if deposito is None:
        row["depositos"] = per
    return row


def saldos(state: SandboxState, traps: Traps, *, ids: list[int], codigos: list[str], deposito: int | None) -> list[Json]:
    if not ids and not codigos:
        raise E.validation_error("Informe os produtos.", E.field(1, "Informe idsProdutos[] ou codigos[]",
                                                                  element="idsProdutos", namespace="ESTOQUES"))
    wanted = [p for p in dict.fromkeys(ids) if p in state.produtos]
    by_code = {p["codigo"]: p["id"] for p in state.produtos.values() if p["situacao"] == "A" and p["codigo"]}
    wanted += [by_code[c] for c in codigos if c in by_code and by_code[c] not in wanted]
    if not wanted and not ids:
        # Observed: codes that resolve to nothing give 400, not an empty list (field guide 6.3).
        raise E.validation_error("Nenhum produto encontrado.", E.field(2, "Produto não encontrado",
                                                                        element="codigos", namespace="ESTOQUES"))
    reserve = reserved(state, traps)
    return [saldo_row(state, traps, pid, reserve, deposito) for pid in wanted]


def virtual_balances(state: SandboxState, traps: Traps) -> dict[str, dict[str, float]]:
    """For `/__sandbox__/inspect`: virtual balance per product and deposit, where it differs."""
    out: dict[str, dict[str, float]] = defaultdict(dict)
    for (pid, dep), qty in reserved(state, traps).items():
        if qty:
            out[str(pid)][str(dep)] = round(state.balances.get((pid, dep), 0.0) - qty, 4)
    return dict(out)

"""Order actions: situação changes (with the account's transition manager), stock and receivables.

Transition manager (default on, as the manual sets the account up): Em aberto -> Atendido posts the
stock outflow to the padrão deposit and creates contas a receber; Atendido -> Cancelado reverses
both. Explicit lancar/estornar endpoints do the same on demand. An order created directly in a
situação runs no transition (field guide §11 row 2): an order born Atendido posts nothing.
Trap `transition_stock` off: the transition creates the contas but moves no stock (row 2).

UNCONFIRMED (field guide 9): Bling's answer when stock or contas are already posted. The stand-in
never double-posts: an explicit second `lancar-estoque`/`lancar-contas` gets a 400 VALIDATION_ERROR,
and the transition manager skips what is already posted.
"""

from __future__ import annotations

from typing import Any

from pdv_bling.sandbox import errors as E
from pdv_bling.sandbox.config import Traps
from pdv_bling.sandbox.orders import VALOR_SITUACAO
from pdv_bling.sandbox.seed import ATENDIDO, CANCELADO, EM_ABERTO
from pdv_bling.sandbox.state import SandboxState

Json = dict[str, Any]


def _order(state: SandboxState, order_id: int) -> Json:
    order = state.orders.get(order_id)
    if order is None:
        raise E.not_found("A venda não foi encontrada.")
    return order


def lancar_estoque(state: SandboxState, order_id: int, deposito: int | None = None, *, strict: bool = True) -> None:
    with state.lock:
        order = _order(state, order_id)
        meta = state.order_meta[order_id]
        if meta["estoque"] is not None:
            if not strict:
                return
            raise E.validation_error("O estoque desta venda já foi lançado.",
                                     E.field(60, "O estoque da venda já foi lançado", element="estoque"))
        dep = deposito or state.deposito_padrao
        if dep not in state.depositos:
            raise E.not_found("O depósito não foi encontrado.")
        for item in order["itens"]:
            pid = (item.get("produto") or {}).get("id")
            if pid is not None:
                state.add_movement(produto=pid, deposito=dep, operacao="S", quantidade=float(item["quantidade"]),
                                   observacoes=f"Saída referente ao pedido de venda nº {order['numero']}",
                                   pedido=order_id, preco=float(item["valor"]))
        meta["estoque"] = dep
        state.save_order(order_id)


def estornar_estoque(state: SandboxState, order_id: int, *, strict: bool = True) -> None:
    with state.lock:
        order = _order(state, order_id)
        meta = state.order_meta[order_id]
        dep = meta["estoque"]
        if dep is None:
            if not strict:
                return
            raise E.validation_error("O estoque desta venda não foi lançado.",
                                     E.field(61, "Não há lançamento de estoque para estornar", element="estoque"))
        for item in order["itens"]:
            pid = (item.get("produto") or {}).get("id")
            if pid is not None:
                state.add_movement(produto=pid, deposito=dep, operacao="E", quantidade=float(item["quantidade"]),
                                   observacoes=f"Estorno referente ao pedido de venda nº {order['numero']}",
                                   pedido=order_id)
        meta["estoque"] = None
        state.save_order(order_id)


def lancar_contas(state: SandboxState, order_id: int, *, strict: bool = True) -> None:
    with state.lock:
        order = _order(state, order_id)
        meta = state.order_meta[order_id]
        if meta["contas"]:
            if not strict:
                return
            raise E.validation_error("As contas desta venda já foram lançadas.",
                                     E.field(62, "As contas da venda já foram lançadas", element="contas"))
        for parcela in order["parcelas"]:
            conta = {"id": state.next_id("next_conta_id"), "pedido": order_id, "numeroLoja": order["numeroLoja"],
                     "valor": parcela["valor"], "vencimento": parcela["dataVencimento"],
                     "formaPagamento": {"id": parcela["formaPagamento"]["id"]}, "situacao": "aberto"}
            state.contas.append(conta)
            state.save_conta(conta)
        meta["contas"] = True
        state.save_order(order_id)


def estornar_contas(state: SandboxState, order_id: int, *, strict: bool = True) -> None:
    with state.lock:
        _order(state, order_id)
        meta = state.order_meta[order_id]
        if not meta["contas"]:
            if not strict:
                return
            raise E.validation_error("As contas desta venda não foram lançadas.",
                                     E.field(63, "Não há contas para estornar", element="contas"))
        for conta in state.contas:
            if conta["pedido"] == order_id and conta["situacao"] == "aberto":
                conta["situacao"] = "estornado"
                state.save_conta(conta)
        meta["contas"] = False
        state.save_order(order_id)


def set_situacao(state: SandboxState, traps: Traps, order_id: int, situacao: int) -> None:
    with state.lock:
        order = _order(state, order_id)
        if situacao not in VALOR_SITUACAO:
            raise E.validation_error("A situação informada é inválida.",
                                     E.field(7, "Situação inválida", element="situacao"))  # UNCONFIRMED
        current = order["situacao"]["id"]
        if current == situacao:
            if traps.same_situacao:
                raise E.venda_error(E.field(50, "A venda possui a mesma situação", element="situacao"))
            return
        if traps.transition_manager:
            if current == EM_ABERTO and situacao == ATENDIDO:
                if traps.transition_stock:  # an account whose transitions move no stock (§11 row 2)
                    lancar_estoque(state, order_id, strict=False)
                lancar_contas(state, order_id, strict=False)
            elif current == ATENDIDO and situacao == CANCELADO:
                estornar_estoque(state, order_id, strict=False)
                estornar_contas(state, order_id, strict=False)
        order["situacao"] = {"id": situacao, "valor": VALOR_SITUACAO[situacao]}
        state.order_meta[order_id]["alteracao"] = state.now_stamp()
        state.save_order(order_id)


def transicoes(traps: Traps) -> list[Json]:
    modulo = {"id": 98310}
    return [
        {"id": 1, "ativo": traps.transition_manager, "acoes": [1, 2], "modulo": modulo,
         "situacaoOrigem": {"id": EM_ABERTO, "nome": "Em aberto"}, "situacaoDestino": {"id": ATENDIDO, "nome": "Atendido"}},
        {"id": 2, "ativo": traps.transition_manager, "acoes": [3, 4], "modulo": modulo,
         "situacaoOrigem": {"id": ATENDIDO, "nome": "Atendido"}, "situacaoDestino": {"id": CANCELADO, "nome": "Cancelado"}},
    ]

"""Pedidos de venda: create, replace and list with Bling's validations (field guide 6.8, 7, 8.5).

Codes 3, 22, 49/12 and 50 and their messages were observed on live accounts. Everything marked
UNCONFIRMED keeps Bling's error shape with a best-guess code/text.
"""

from __future__ import annotations

import copy
from typing import Any

from pdv_bling.sandbox import errors as E
from pdv_bling.sandbox.config import Traps
from pdv_bling.sandbox.seed import ATENDIDO, EM_ABERTO, SITUACOES_VENDAS
from pdv_bling.sandbox.state import SandboxState

Json = dict[str, Any]
VALOR_SITUACAO = {s["id"]: s["valor"] for s in SITUACOES_VENDAS}
EMPTY_DATE = "0000-00-00"  # what Bling answers for unset dates (spec quirk 4)
LIST_FIELDS = ("id", "numero", "numeroLoja", "data", "dataSaida", "dataPrevista", "totalProdutos", "total",
               "contato", "situacao", "loja")


def cents(value: float) -> int:
    return round(float(value) * 100)


def totals(body: Json) -> tuple[float, float]:
    """(totalProdutos, total) as Bling computes them: item discount is a percentage."""
    produtos = 0
    for item in body.get("itens", []):
        gross = float(item["valor"]) * float(item["quantidade"])
        produtos += round(gross * (1 - float(item.get("desconto", 0)) / 100) * 100)
    total = produtos + cents(body.get("outrasDespesas", 0))
    total += cents((body.get("transporte") or {}).get("frete", 0))
    desconto = body.get("desconto")
    if desconto:
        if desconto.get("unidade") == "PERCENTUAL":
            total -= round(produtos * float(desconto["valor"]) / 100)
        else:
            total -= cents(desconto["valor"])
    return produtos / 100, total / 100


def signature(order: Json) -> Json:
    """What the duplicate-sale guard compares: contato, itens, valor, forma de pagamento, data.

    `observacoes`/`observacoesInternas` are part of it (a unique marker there is the known fix);
    `numeroLoja` is not (UNCONFIRMED: excluding it makes the stand-in the stricter one).
    """
    return {
        "contato": order["contato"]["id"], "data": order["data"], "total": order["total"],
        "itens": sorted((i.get("produto", {}).get("id", 0), i["quantidade"], i["valor"], i.get("desconto", 0))
                        for i in order["itens"]),
        "parcelas": sorted((p["formaPagamento"]["id"], p["valor"]) for p in order["parcelas"]),
        "observacoes": order.get("observacoes", ""), "obsInternas": order.get("observacoesInternas", ""),
    }


def _check_body(state: SandboxState, traps: Traps, body: Json) -> None:
    if traps.editar_numero_pedido and not body.get("numero"):
        # UNCONFIRMED code; message as reported (field guide 7.1).
        raise E.venda_error(E.field(4, "Informe o número do pedido", element="numero"))
    if body["contato"]["id"] not in state.contatos:
        raise E.venda_error(E.field(5, "O contato informado não existe", element="contato"))  # UNCONFIRMED
    for index, item in enumerate(body.get("itens", [])):
        pid = (item.get("produto") or {}).get("id")
        if pid is not None and pid not in state.produtos:
            raise E.venda_error(E.field(39, "Um ou mais itens da venda possuem erros de validação", element="itens",
                                        collection=[{"index": index, "code": 6, "msg": "Produto não encontrado.",
                                                     "element": "produto", "namespace": E.VENDAS}]))  # UNCONFIRMED
    if traps.forma_pagamento:
        bad = [i for i, p in enumerate(body.get("parcelas", []))
               if p["formaPagamento"]["id"] not in state.formas or state.formas[p["formaPagamento"]["id"]]["situacao"] != 1]
        if bad:
            # collection index: array position (UNCONFIRMED whether 0- or 1-based).
            raise E.venda_error(E.field(
                49, "Uma ou mais parcelas da venda possuem erros de validação", element="parcelas",
                collection=[{"index": i, "code": 12, "msg": "Id da forma de pagamento inválido.",
                             "element": "formaPagamento", "namespace": E.VENDAS} for i in bad]))
    situacao = (body.get("situacao") or {}).get("id")
    if situacao is not None and situacao not in VALOR_SITUACAO:
        raise E.venda_error(E.field(7, "Situação inválida", element="situacao"))  # UNCONFIRMED


def _check_numero(state: SandboxState, traps: Traps, numero: int, *, order_id: int | None) -> None:
    """A numero another order already has: code 36 on `numero` (QUOTED, field guide §11 row 8; text UNCONFIRMED)."""
    if traps.numero_unique and any(o["numero"] == numero and o["id"] != order_id for o in state.orders.values()):
        raise E.venda_error(E.field(36, "Já existe uma venda com este número", element="numero"))


def _born(traps: Traps, body: Json) -> int:
    """The situação an order is created in: the one sent, else the account's default (Em aberto).
    Some accounts create orders directly in Atendido (§11 row 2, LIVE): trap `born_atendido`
    ("default": when none is sent; "always": even when one is sent, UNCONFIRMED)."""
    sent = (body.get("situacao") or {}).get("id")
    if traps.born_atendido == "always" or (traps.born_atendido == "default" and sent is None):
        return ATENDIDO
    return int(sent) if sent is not None else EM_ABERTO


def _free_numero(state: SandboxState) -> int:
    numero = int(state.meta["next_numero"])
    used = {o["numero"] for o in state.orders.values()}
    while numero in used:
        numero += 1
    return numero


def _check_parcelas(traps: Traps, order: Json) -> None:
    paid = sum(cents(p["valor"]) for p in order["parcelas"])
    if traps.parcelas_sum and order["parcelas"] and paid != cents(order["total"]):
        raise E.venda_error(E.field(22, "O somatório do valor das parcelas difere do total da venda",
                                    element="parcelas"))


def _build(state: SandboxState, body: Json, *, order_id: int, numero: int, situacao: int,
           old: Json | None) -> Json:
    contato = state.contatos[body["contato"]["id"]]
    order: Json = copy.deepcopy(body)
    total_produtos, total = totals(body)
    order.update({
        "id": order_id, "numero": numero, "numeroLoja": body.get("numeroLoja", ""),
        "dataSaida": body.get("dataSaida", EMPTY_DATE), "dataPrevista": body.get("dataPrevista", EMPTY_DATE),
        "totalProdutos": total_produtos, "total": total,
        "contato": {"id": contato["id"], "nome": contato["nome"], "tipoPessoa": contato.get("tipo", "F"),
                    "numeroDocumento": contato.get("numeroDocumento", "")},
        "situacao": {"id": situacao, "valor": VALOR_SITUACAO[situacao]},
        "loja": {"id": (body.get("loja") or {}).get("id", 0)},
        "observacoes": body.get("observacoes", ""), "observacoesInternas": body.get("observacoesInternas", ""),
        "outrasDespesas": body.get("outrasDespesas", 0), "vendedor": {"id": (body.get("vendedor") or {}).get("id", 0)},
    })
    old_items = {i["id"] for i in (old or {}).get("itens", [])}
    old_parcelas = {p["id"] for p in (old or {}).get("parcelas", [])}
    for kind, known in (("itens", old_items), ("parcelas", old_parcelas)):
        for entry in order.get(kind, []):
            if old is not None and "id" in entry and entry["id"] not in known:
                what = "item" if kind == "itens" else "parcela"
                raise E.venda_error(E.field(8, f"O id ({entry['id']}) da {what} é inválido", element=kind))
            if old is None or "id" not in entry:
                entry["id"] = state.next_id("next_item_id")
    for item in order.get("itens", []):
        item.setdefault("desconto", 0)
        pid = (item.get("produto") or {}).get("id")
        if pid is not None:
            item.setdefault("codigo", state.produtos[pid].get("codigo", ""))
            item.setdefault("unidade", state.produtos[pid].get("unidade", "UN"))
    return order


def create(state: SandboxState, traps: Traps, body: Json) -> Json:
    with state.lock:
        _check_body(state, traps, body)
        situacao = _born(traps, body)
        numero = body.get("numero") or _free_numero(state)
        if body.get("numero"):
            _check_numero(state, traps, numero, order_id=None)
        order = _build(state, body, order_id=int(state.meta["next_order_id"]), numero=numero,
                       situacao=situacao, old=None)
        _check_parcelas(traps, order)
        sig = signature(order)
        if traps.duplicate_guard and sig == state.meta.get("last_signature"):
            raise E.venda_error(E.field(3, "Informações idênticas a última venda salva, altere alguma informação "
                                        "caso deseje prosseguir", namespace=E.VENDAS))
        state.next_id("next_order_id")
        if not body.get("numero"):
            state.meta["next_numero"] = numero + 1
        state.meta["last_signature"] = sig
        state.orders[order["id"]] = order
        state.order_meta[order["id"]] = {"estoque": None, "contas": False, "alteracao": state.now_stamp(),
                                         "born": situacao}
        state.save_order(order["id"])
        return order


def replace(state: SandboxState, traps: Traps, order_id: int, body: Json) -> Json:
    with state.lock:
        old = state.orders.get(order_id)
        if old is None:
            raise E.not_found()
        _check_body(state, traps, body)
        situacao = (body.get("situacao") or {}).get("id", old["situacao"]["id"])
        if body.get("numero"):
            _check_numero(state, traps, body["numero"], order_id=order_id)
        order = _build(state, body, order_id=order_id, numero=body.get("numero") or old["numero"],
                       situacao=situacao, old=old)
        _check_parcelas(traps, order)
        if traps.duplicate_guard and signature(order) == signature(old):
            raise E.venda_error(E.field(3, "Informações idênticas a última venda salva, altere alguma informação "
                                        "caso deseje prosseguir", namespace=E.VENDAS))
        state.orders[order_id] = order
        state.order_meta[order_id]["alteracao"] = state.now_stamp()
        state.save_order(order_id)
        return order


def summary(order: Json) -> Json:
    return {k: order[k] for k in LIST_FIELDS if k in order}

"""Pedidos de venda and estoques routes (field guide 6.3 and 6.8)."""

from __future__ import annotations

import contextlib
import socket
from typing import Any

from flask import Response, g, request

from pdv_bling.sandbox import errors as E
from pdv_bling.sandbox import order_actions as actions
from pdv_bling.sandbox import orders, stock
from pdv_bling.sandbox.web import Ctx, Routes, data, int_list, no_content, page, window

Json = dict[str, Any]


def drop_connection() -> None:
    """"Commit then drop": close the client's socket so no response ever reaches it.

    werkzeug's handler then fails to write (BrokenPipe, a ConnectionError) and treats the request
    as a dropped connection; the client sees the server disconnect without a response.
    """
    sock = request.environ.get("werkzeug.socket")
    g.dropped = True
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def build(ctx: Ctx) -> Routes:  # noqa: C901 - one closure per operation, each small
    routes, state, traps = Routes(), ctx.state, ctx.config.traps

    @routes.op("POST", "/pedidos/vendas")
    def criar() -> Response:
        order = orders.create(state, traps, g.body)
        if ctx.faults.commit_drop():
            drop_connection()
        return data({"id": order["id"], "alertas": [], "rastreamento": {}}, 201)

    @routes.op("GET", "/pedidos/vendas")
    def listar() -> Response:
        lojas = set(request.args.getlist("numerosLojas[]"))
        sits = set(int_list("idsSituacoes[]"))
        contato = request.args.get("idContato", type=int)
        numero = request.args.get("numero", type=int)
        datas = window("data", both_required=False, check=traps.date_window)
        alt = window("dataAlteracao", both_required=False, check=traps.date_window)
        with state.lock:
            found = []
            for oid in sorted(state.orders, reverse=True):
                o = state.orders[oid]
                if (lojas and o["numeroLoja"] not in lojas) or (sits and o["situacao"]["id"] not in sits):
                    continue
                if (contato and o["contato"]["id"] != contato) or (numero and o["numero"] != numero):
                    continue
                if datas and not datas[0][:10] <= o["data"] <= datas[1][:10]:
                    continue
                if alt and not alt[0] <= state.order_meta[oid]["alteracao"] <= alt[1]:
                    continue
                found.append(orders.summary(o))
            return data(page(found))

    @routes.op("GET", "/pedidos/vendas/{idPedidoVenda}")
    def obter(idPedidoVenda: int) -> Response:
        with state.lock:
            order = state.orders.get(idPedidoVenda)
            if order is None:
                raise E.not_found("A venda não foi encontrada.")
            return data(order)

    @routes.op("PUT", "/pedidos/vendas/{idPedidoVenda}")
    def substituir(idPedidoVenda: int) -> Response:
        orders.replace(state, traps, idPedidoVenda, g.body)
        return data({"id": idPedidoVenda, "alertas": [], "rastreamento": {}})

    @routes.op("PATCH", "/pedidos/vendas/{idPedidoVenda}/situacoes/{idSituacao}")
    def situacao(idPedidoVenda: int, idSituacao: int) -> Response:
        actions.set_situacao(state, traps, idPedidoVenda, idSituacao)
        return no_content()

    @routes.op("POST", "/pedidos/vendas/{idPedidoVenda}/lancar-estoque")
    def lancar_estoque(idPedidoVenda: int) -> Response:
        actions.lancar_estoque(state, idPedidoVenda)
        return no_content()

    @routes.op("POST", "/pedidos/vendas/{idPedidoVenda}/lancar-estoque/{idDeposito}")
    def lancar_estoque_deposito(idPedidoVenda: int, idDeposito: int) -> Response:
        actions.lancar_estoque(state, idPedidoVenda, idDeposito)
        return no_content()

    @routes.op("POST", "/pedidos/vendas/{idPedidoVenda}/estornar-estoque")
    def estornar_estoque(idPedidoVenda: int) -> Response:
        actions.estornar_estoque(state, idPedidoVenda)
        return no_content()

    @routes.op("POST", "/pedidos/vendas/{idPedidoVenda}/lancar-contas")
    def lancar_contas(idPedidoVenda: int) -> Response:
        actions.lancar_contas(state, idPedidoVenda)
        return no_content()

    @routes.op("POST", "/pedidos/vendas/{idPedidoVenda}/estornar-contas")
    def estornar_contas(idPedidoVenda: int) -> Response:
        actions.estornar_contas(state, idPedidoVenda)
        return no_content()

    _estoques(routes, ctx)
    return routes


def _saldo_rows(ctx: Ctx, deposito: int | None) -> list[Json]:
    return stock.saldos(ctx.state, ctx.config.traps, ids=int_list("idsProdutos[]"),
                        codigos=request.args.getlist("codigos[]"), deposito=deposito)


def _estoques(routes: Routes, ctx: Ctx) -> None:
    state = ctx.state

    @routes.op("GET", "/estoques/saldos")
    def saldos() -> Response:
        with state.lock:
            return data(_saldo_rows(ctx, None))

    @routes.op("GET", "/estoques/saldos/{idDeposito}")
    def saldos_deposito(idDeposito: int) -> Response:
        if idDeposito not in state.depositos:
            raise E.not_found("O depósito não foi encontrado.")
        with state.lock:
            return data(_saldo_rows(ctx, idDeposito))

    @routes.op("POST", "/estoques")
    def movimentar() -> Response:
        body: Json = g.body
        with state.lock:
            pid, dep = body["produto"]["id"], body["deposito"]["id"]
            if pid not in state.produtos:
                raise E.validation_error("Produto não encontrado.", E.field(2, "Produto inválido", element="produto",
                                                                             namespace="ESTOQUES"))
            if dep not in state.depositos:
                raise E.validation_error("Depósito não encontrado.", E.field(2, "Depósito inválido",
                                                                              element="deposito", namespace="ESTOQUES"))
            mov = state.add_movement(produto=pid, deposito=dep, operacao=body["operacao"],
                                     quantidade=float(body["quantidade"]), observacoes=body.get("observacoes", ""),
                                     preco=body.get("preco"))
        return data({"id": mov["id"]}, 201)

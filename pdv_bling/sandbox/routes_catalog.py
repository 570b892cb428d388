"""Catalogue and account resources: produtos, categorias, contatos, vendedores, formas de pagamento,
depósitos, situações, empresa (field guide section 6)."""

from __future__ import annotations

from typing import Any

from flask import Response, g, request

from pdv_bling.sandbox import contacts, stock
from pdv_bling.sandbox import errors as E
from pdv_bling.sandbox.order_actions import transicoes
from pdv_bling.sandbox.seed import MODULO_VENDAS, MODULOS, SITUACOES_VENDAS
from pdv_bling.sandbox.web import Ctx, Routes, data, int_list, no_content, page, page_end, window

Json = dict[str, Any]
LIST_KEYS = ("id", "idProdutoPai", "nome", "codigo", "preco", "precoCusto", "tipo", "situacao", "formato",
             "descricaoCurta", "imagemURL")
CRITERIO = {"1": "A", "2": "A", "3": "I", "4": "E"}


def _tipo_ok(prod: Json, tipo: str, children: bool) -> bool:
    child = "idProdutoPai" in prod
    if tipo == "V":
        return child
    if tipo == "S":
        return bool(prod["tipo"] == "S")
    if tipo == "E":
        return bool(prod["formato"] == "E")
    if tipo == "C":
        return bool(prod["formato"] == "V")
    if child:
        return children and tipo == "T"  # UNKNOWN whether tipo T lists variations (§11 row 4)
    if tipo == "P":
        return bool(prod["tipo"] == "P")
    if tipo == "PS":
        return bool(prod["formato"] == "S")
    return True  # T (default): parents and simple products


def build(ctx: Ctx) -> Routes:  # noqa: C901 - one closure per operation, each small
    routes, state = Routes(), ctx.state

    def list_item(prod: Json, reserve: stock.Reserved) -> Json:
        item = {k: prod[k] for k in LIST_KEYS if k in prod}
        item["estoque"] = {"saldoVirtualTotal": stock.virtual_total(state, ctx.config.traps, prod["id"], reserve)}
        return item

    def detail(prod: Json, reserve: stock.Reserved) -> Json:
        out = {k: v for k, v in prod.items() if k != "variacoes"}
        out["estoque"] = {**prod["estoque"],
                          "saldoVirtualTotal": stock.virtual_total(state, ctx.config.traps, prod["id"], reserve)}
        if prod["formato"] == "V":
            out["variacoes"] = [detail(state.produtos[c["id"]], reserve) for c in prod.get("variacoes", [])]
        return out

    @routes.op("GET", "/produtos")
    def produtos() -> Response:
        check = ctx.config.traps.date_window
        alt = window("dataAlteracao", both_required=True, check=check)
        inc = window("dataInclusao", both_required=True, check=check)
        situacao = CRITERIO.get(request.args.get("criterio", "1"))
        tipo = request.args.get("tipo", "T")
        ids, codigos, gtins = set(int_list("idsProdutos[]")), set(request.args.getlist("codigos[]")), set(
            request.args.getlist("gtins[]"))
        codigo = request.args.get("codigo")  # undocumented, works on live accounts (§11 row 7)
        if codigo is not None:
            codigos = {codigo}
        by_key = bool(ids or codigos or gtins)
        children = ctx.config.traps.list_shows_variations
        categoria = request.args.get("idCategoria", type=int)
        nome = (request.args.get("nome") or "").lower()
        out: list[int] = []
        wanted = page_end()
        with state.lock:
            for pid in state.produto_ids_desc:
                if len(out) >= wanted:
                    break
                prod, datas = state.produtos[pid], state.produto_datas[pid]
                if (situacao and prod["situacao"] != situacao) or (not by_key and not _tipo_ok(prod, tipo, children)):
                    continue
                if (ids and pid not in ids) or (codigos and prod["codigo"] not in codigos) or (
                        gtins and prod.get("gtin") not in gtins):
                    continue
                if (alt and not alt[0] <= datas["alteracao"] <= alt[1]) or (
                        inc and not inc[0] <= datas["inclusao"] <= inc[1]):
                    continue
                if (categoria and prod["categoria"]["id"] != categoria) or (nome and nome not in prod["nome"].lower()):
                    continue
                out.append(pid)
            reserve = stock.reserved(state, ctx.config.traps)
            return data([list_item(state.produtos[pid], reserve) for pid in page(out)])

    @routes.op("GET", "/produtos/{idProduto}")
    def produto(idProduto: int) -> Response:
        with state.lock:
            prod = state.produtos.get(idProduto)
            if prod is None:
                raise E.not_found("O produto não foi encontrado.")
            return data(detail(prod, stock.reserved(state, ctx.config.traps)))

    @routes.op("GET", "/produtos/variacoes/{idProdutoPai}")
    def variacoes(idProdutoPai: int) -> Response:
        with state.lock:
            prod = state.produtos.get(idProdutoPai)
            if prod is None or prod["formato"] != "V":
                raise E.not_found("O produto não foi encontrado.")
            return data(detail(prod, stock.reserved(state, ctx.config.traps)))

    @routes.op("GET", "/categorias/produtos")
    def categorias() -> Response:
        return data(page(state.seed.categorias))

    @routes.op("GET", "/categorias/produtos/{idCategoriaProduto}")
    def categoria(idCategoriaProduto: int) -> Response:
        for cat in state.seed.categorias:
            if cat["id"] == idCategoriaProduto:
                return data(cat)
        raise E.not_found()

    _people(routes, ctx)
    _account(routes, ctx)
    return routes


def _people(routes: Routes, ctx: Ctx) -> None:
    state = ctx.state

    @routes.op("GET", "/contatos")
    def listar_contatos() -> Response:
        window("dataAlteracao", both_required=False, check=ctx.config.traps.date_window)
        found = contacts.listing(state, criterio=request.args.get("criterio", "3"),
                                 documento=request.args.get("numeroDocumento"),  # digits only
                                 pesquisa=request.args.get("pesquisa") or "", ids=set(int_list("idsContatos[]")))
        return data(page(found))

    @routes.op("GET", "/contatos/consumidor-final")
    def consumidor_final() -> Response:
        return data(state.contatos[state.seed.consumidor_final_id])

    @routes.op("GET", "/contatos/{idContato}")
    def contato(idContato: int) -> Response:
        c = state.contatos.get(idContato)
        if c is None:
            raise E.not_found("O contato não foi encontrado.")
        return data({k: v for k, v in c.items() if k != "fantasma"})

    @routes.op("POST", "/contatos")
    def novo_contato() -> Response:
        return data({"id": contacts.create(state, ctx.config.traps, g.body)["id"]}, 201)

    @routes.op("PATCH", "/contatos/{idContato}/situacoes")
    def situacao_contato(idContato: int) -> Response:
        body: Json = g.body
        contacts.set_situacao(state, ctx.config.traps, idContato, str(body.get("situacao") or ""))
        return no_content()

    @routes.op("GET", "/vendedores")
    def vendedores() -> Response:
        situacao = request.args.get("situacaoContato", "A")
        nome = (request.args.get("nomeContato") or "").lower()
        found = [v for v in state.seed.vendedores if (situacao == "T" or v["contato"]["situacao"] == situacao)
                 and nome in v["contato"]["nome"].lower()]
        return data(page(found))

    @routes.op("GET", "/vendedores/{idVendedor}")
    def vendedor(idVendedor: int) -> Response:
        for v in state.seed.vendedores:
            if v["id"] == idVendedor:
                return data({**v, "comissoes": []})
        raise E.not_found()


def _account(routes: Routes, ctx: Ctx) -> None:
    state = ctx.state

    @routes.op("GET", "/formas-pagamentos")
    def formas() -> Response:
        tipos = set(int_list("tiposPagamentos[]"))
        situacao = request.args.get("situacao", type=int)
        descricao = (request.args.get("descricao") or "").lower()
        found = [f for f in state.formas.values() if (not tipos or f["tipoPagamento"] in tipos)
                 and (situacao is None or f["situacao"] == situacao) and descricao in f["descricao"].lower()]
        return data(page(found))

    @routes.op("GET", "/formas-pagamentos/{idFormaPagamento}")
    def forma(idFormaPagamento: int) -> Response:
        f = state.formas.get(idFormaPagamento)
        if f is None:
            raise E.not_found()
        return data({**f, "condicao": "", "destino": 1, "utilizaDiasUteis": False})

    @routes.op("GET", "/depositos")
    def depositos() -> Response:
        situacao = request.args.get("situacao", 1, type=int)
        return data(page([stock.deposito_view(state, ctx.config.traps, d["id"]) for d in state.depositos.values()
                          if d["situacao"] == situacao]))

    @routes.op("GET", "/depositos/{idDeposito}")
    def deposito(idDeposito: int) -> Response:
        if idDeposito not in state.depositos:
            raise E.not_found()
        return data(stock.deposito_view(state, ctx.config.traps, idDeposito))

    @routes.op("GET", "/situacoes/modulos")
    def modulos() -> Response:
        return data(MODULOS)

    @routes.op("GET", "/situacoes/modulos/{idModuloSistema}")
    def modulo(idModuloSistema: int) -> Response:
        if idModuloSistema not in {m["id"] for m in MODULOS}:
            raise E.not_found()
        sits = SITUACOES_VENDAS if idModuloSistema == MODULO_VENDAS else []
        return data([{k: s[k] for k in ("id", "nome", "idHerdado", "cor")} for s in sits])

    @routes.op("GET", "/situacoes/modulos/{idModuloSistema}/transicoes")
    def transicoes_modulo(idModuloSistema: int) -> Response:
        if idModuloSistema not in {m["id"] for m in MODULOS}:
            raise E.not_found()
        return data(transicoes(ctx.config.traps) if idModuloSistema == MODULO_VENDAS else [])

    @routes.op("GET", "/empresas/me/dados-basicos")
    def empresa() -> Response:
        return data(state.seed.empresa)

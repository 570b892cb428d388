"""Catalogue and account resources: produtos, categorias, contatos, vendedores, formas de pagamento,
depósitos, situações, empresa (field guide section 6)."""

from __future__ import annotations

from typing import Any

from flask import Response, g, request

from pdv_bling.sandbox import errors as E
from pdv_bling.sandbox.order_actions import transicoes
from pdv_bling.sandbox.seed import MODULO_VENDAS, MODULOS, SITUACOES_VENDAS
from pdv_bling.sandbox.web import Ctx, Routes, data, int_list, page, page_end, window

Json = dict[str, Any]
LIST_KEYS = ("id", "idProdutoPai", "nome", "codigo", "preco", "precoCusto", "tipo", "situacao", "formato",
             "descricaoCurta", "imagemURL")
CRITERIO = {"1": "A", "2": "A", "3": "I", "4": "E"}


def _tipo_ok(prod: Json, tipo: str) -> bool:
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
        return False
    if tipo == "P":
        return bool(prod["tipo"] == "P")
    if tipo == "PS":
        return bool(prod["formato"] == "S")
    return True  # T (default): parents and simple products, not variation children (UNCONFIRMED)


def build(ctx: Ctx) -> Routes:  # noqa: C901 - one closure per operation, each small
    routes, state = Routes(), ctx.state

    def list_item(prod: Json) -> Json:
        item = {k: prod[k] for k in LIST_KEYS if k in prod}
        item["estoque"] = {"saldoVirtualTotal": state.saldo_total(prod["id"])}
        return item

    def detail(prod: Json) -> Json:
        out = {k: v for k, v in prod.items() if k != "variacoes"}
        out["estoque"] = {**prod["estoque"], "saldoVirtualTotal": state.saldo_total(prod["id"])}
        if prod["formato"] == "V":
            out["variacoes"] = [detail(state.produtos[c["id"]]) for c in prod.get("variacoes", [])]
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
        by_key = bool(ids or codigos or gtins)
        categoria = request.args.get("idCategoria", type=int)
        nome = (request.args.get("nome") or "").lower()
        out: list[int] = []
        wanted = page_end()
        with state.lock:
            for pid in state.produto_ids_desc:
                if len(out) >= wanted:
                    break
                prod, datas = state.produtos[pid], state.produto_datas[pid]
                if (situacao and prod["situacao"] != situacao) or (not by_key and not _tipo_ok(prod, tipo)):
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
            return data([list_item(state.produtos[pid]) for pid in page(out)])

    @routes.op("GET", "/produtos/{idProduto}")
    def produto(idProduto: int) -> Response:
        with state.lock:
            prod = state.produtos.get(idProduto)
            if prod is None:
                raise E.not_found("O produto não foi encontrado.")
            return data(detail(prod))

    @routes.op("GET", "/produtos/variacoes/{idProdutoPai}")
    def variacoes(idProdutoPai: int) -> Response:
        with state.lock:
            prod = state.produtos.get(idProdutoPai)
            if prod is None or prod["formato"] != "V":
                raise E.not_found("O produto não foi encontrado.")
            return data(detail(prod))

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


def _contato_base(c: Json) -> Json:
    return {k: c[k] for k in ("id", "nome", "codigo", "situacao", "numeroDocumento", "telefone", "celular")}


def _people(routes: Routes, ctx: Ctx) -> None:
    state = ctx.state

    @routes.op("GET", "/contatos")
    def contatos() -> Response:
        window("dataAlteracao", both_required=False, check=ctx.config.traps.date_window)
        criterio = request.args.get("criterio", "3")
        doc = request.args.get("numeroDocumento")  # digits only: a formatted document matches nothing
        pesquisa = (request.args.get("pesquisa") or "").lower()
        ids = set(int_list("idsContatos[]"))
        with state.lock:
            found = []
            for c in sorted(state.contatos.values(), key=lambda c: -c["id"]):
                if (criterio == "2") != (c["situacao"] == "E"):
                    continue
                if (doc is not None and c["numeroDocumento"] != doc) or (ids and c["id"] not in ids):
                    continue
                if pesquisa and not any(pesquisa in str(c.get(k, "")).lower()
                                        for k in ("nome", "numeroDocumento", "fantasia", "email", "codigo")):
                    continue
                found.append(_contato_base(c))
            return data(page(found))

    @routes.op("GET", "/contatos/consumidor-final")
    def consumidor_final() -> Response:
        return data(state.contatos[state.seed.consumidor_final_id])

    @routes.op("GET", "/contatos/{idContato}")
    def contato(idContato: int) -> Response:
        c = state.contatos.get(idContato)
        if c is None:
            raise E.not_found("O contato não foi encontrado.")
        return data(c)

    @routes.op("POST", "/contatos")
    def novo_contato() -> Response:
        body: Json = g.body
        with state.lock:
            contato = {"codigo": "", "numeroDocumento": "", "telefone": "", "celular": "", "fantasia": "",
                       "email": "", **body, "id": state.next_id("next_contato_id")}
            state.contatos[contato["id"]] = contato
            state.save_contato(contato)
        return data({"id": contato["id"]}, 201)

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
        return data(page([d for d in state.depositos.values() if d["situacao"] == situacao]))

    @routes.op("GET", "/depositos/{idDeposito}")
    def deposito(idDeposito: int) -> Response:
        if idDeposito not in state.depositos:
            raise E.not_found()
        return data(state.depositos[idDeposito])

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

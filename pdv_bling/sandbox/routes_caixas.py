"""Caixa e Bancos routes: lançamentos (`/caixas`), contas financeiras (`/contas-contabeis`) and
categorias de receitas e despesas (`/categorias/receitas-despesas`). The account's data and its
quirks are in `sandbox/caixas.py`."""

from __future__ import annotations

from flask import Response, g, jsonify

from pdv_bling.sandbox import caixas
from pdv_bling.sandbox import errors as E
from pdv_bling.sandbox.routes_orders import drop_connection
from pdv_bling.sandbox.web import Ctx, Routes, data, page


def build(ctx: Ctx) -> Routes:
    routes, state, traps = Routes(), ctx.state, ctx.config.traps

    @routes.op("POST", "/caixas")
    def criar() -> Response:
        entry = caixas.create(state, traps, g.body)
        if ctx.faults.commit_drop():
            drop_connection()
        return _answer({"id": entry["id"]}, 201)  # SPEC CaixasBancosSalvarLancamentoResponseDTO

    @routes.op("GET", "/caixas")
    def listar() -> Response:
        rows = caixas.listing(state, traps, today=ctx.clock.now().date())
        return data(caixas.page_of(rows))

    @routes.op("GET", "/caixas/{idCaixa}")
    def obter(idCaixa: int) -> Response:
        with state.lock:
            entry = state.lancamentos.get(idCaixa)
            if entry is None:
                raise E.not_found("O lançamento não foi encontrado.")
            return _answer(caixas.detail_view(entry))  # SPEC CaixasBancosLancamentoDTO

    @routes.op("GET", "/contas-contabeis")
    def contas() -> Response:
        return data(page(caixas.contas(state)))

    @routes.op("GET", "/contas-contabeis/{idContaContabil}")
    def conta(idContaContabil: int) -> Response:
        found = state.contas_financeiras.get(idContaContabil)
        if found is None:
            raise E.not_found("A conta financeira não foi encontrada.")
        return data(caixas.conta_view(found))

    @routes.op("GET", "/categorias/receitas-despesas")
    def categorias() -> Response:
        return data(page(caixas.categorias(state)))

    @routes.op("GET", "/categorias/receitas-despesas/{idCategoria}")
    def categoria(idCategoria: int) -> Response:
        found = state.categorias_financeiras.get(idCategoria)
        if found is None:
            raise E.not_found("A categoria não foi encontrada.")
        return data(caixas.categoria_view(found, detail=True))

    def _answer(payload: dict[str, object], status: int = 200) -> Response:
        """SPEC declares these two answers outside `data`, unlike every other one (UNCONFIRMED)."""
        if traps.caixas_data_wrapped:
            return data(payload, status)
        resp = jsonify(payload)
        resp.status_code = status
        return resp

    return routes

"""Caixa e Bancos as the field guide describes it (nfce-and-caixa §F): `POST /caixas` (201 `{id}`,
no duplicate protection — the same body twice makes two lançamentos, as Bling documents none),
`GET /caixas` (no `limite`: pages of 100; `dataInicial`/`dataFinal` default to the current month;
string ids; `situacao` R by default), `GET /contas-contabeis` and `GET /categorias/receitas-despesas`.
The conta may come as `contaFinanceira.id` or as `idContaContabil` (the spec's own quirk)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, g, request

from pdv_bling.sandbox import errors as E
from pdv_bling.sandbox.routes_orders import drop_connection
from pdv_bling.sandbox.web import Ctx, Routes, data

Json = dict[str, Any]
PAGE = 100
CONTAS: tuple[Json, ...] = (
    {"id": 7_100_000_001, "descricao": "Caixa da loja", "tipo": "caixa", "situacao": 1},
    {"id": 7_100_000_002, "descricao": "Banco do Brasil", "tipo": "banco", "situacao": 1},
    {"id": 7_100_000_003, "descricao": "Conta antiga", "tipo": "caixa", "situacao": 2},
)
CATEGORIAS: tuple[Json, ...] = (
    {"id": 7_200_000_001, "idCategoriaPai": 0, "descricao": "Suprimento de caixa", "tipo": 2, "situacao": 1},
    {"id": 7_200_000_002, "idCategoriaPai": 0, "descricao": "Sangria de caixa", "tipo": 1, "situacao": 1},
    {"id": 7_200_000_003, "idCategoriaPai": 0, "descricao": "Sobra de caixa", "tipo": 2, "situacao": 1},
    {"id": 7_200_000_004, "idCategoriaPai": 0, "descricao": "Quebra de caixa", "tipo": 1, "situacao": 1},
    {"id": 7_200_000_005, "idCategoriaPai": 0, "descricao": "Vendas", "tipo": 2, "situacao": 1},
)


def _day(text: str | None, field: str) -> date | None:
    if not text:
        return None
    for parse in (date.fromisoformat, lambda t: date(int(t[6:10]), int(t[3:5]), int(t[0:2]))):
        try:
            return parse(text)
        except (ValueError, IndexError):
            continue
    raise E.validation_error(f"O parâmetro {field} é inválido.",
                             E.field(2, "Data inválida.", element=field, namespace="CAIXAS"))


def _body_lancamento(body: Json) -> tuple[int, str, float, str, str]:
    conta = (body.get("contaFinanceira") or {}).get("id") or body.get("idContaContabil")
    if not conta or int(conta) not in {c["id"] for c in CONTAS if c["situacao"] == 1}:
        raise E.validation_error("Não foi possível salvar o lançamento.",
                                 E.field(2, "Conta inválida.", element="contaFinanceira", namespace="CAIXAS"))
    valor = float(body.get("valor") or 0)
    if valor <= 0:
        raise E.validation_error("Não foi possível salvar o lançamento.",
                                 E.field(2, "Valor deve ser maior que zero.", element="valor", namespace="CAIXAS"))
    if body.get("debCred") not in ("C", "D"):
        raise E.validation_error("Não foi possível salvar o lançamento.",
                                 E.field(2, "Informe C ou D.", element="debCred", namespace="CAIXAS"))
    day = _day(str(body.get("data") or ""), "data")
    if day is None:
        raise E.validation_error("Não foi possível salvar o lançamento.",
                                 E.field(2, "Informe a data.", element="data", namespace="CAIXAS"))
    return int(conta), day.isoformat(), round(valor, 2), str(body["debCred"]), str(body.get("observacoes") or "")


def build(ctx: Ctx) -> Routes:
    routes, state = Routes(), ctx.state

    @routes.op("POST", "/caixas")
    def criar() -> Response:
        body: Json = g.get("body") or request.get_json(silent=True) or {}
        conta, day, valor, deb_cred, observacoes = _body_lancamento(body)
        categoria = (body.get("categoria") or {}).get("id")
        if categoria is not None and int(categoria) not in {c["id"] for c in CATEGORIAS}:
            raise E.validation_error("Não foi possível salvar o lançamento.",
                                 E.field(2, "Categoria inválida.", element="categoria", namespace="CAIXAS"))
        with state.lock:
            lid = str(state.next_id("next_lancamento_id"))
            lancamento = {"id": lid, "data": day, "competencia": day, "valor": valor, "debCred": deb_cred,
                          "observacoes": observacoes, "descricao": "", "situacao": "R",
                          "contaFinanceira": {"id": conta}, "categoria": {"id": int(categoria or 0)},
                          "origem": {"tipo": "caixa"}}
            state.lancamentos[lid] = lancamento
            state.save_lancamento(lancamento)
        if ctx.faults.commit_drop():
            drop_connection()
        return data({"id": lid}, 201)

    @routes.op("GET", "/caixas")
    def listar() -> Response:
        today = ctx.clock.now().date()
        start = _day(request.args.get("dataInicial"), "dataInicial") or today.replace(day=1)
        stop = _day(request.args.get("dataFinal"), "dataFinal") or date(9999, 12, 31)
        conta = request.args.get("idContaFinanceira", type=int)
        valor = request.args.get("valor", type=float)
        situacao = request.args.get("situacao", "R")
        pagina = max(1, request.args.get("pagina", 1, type=int))
        with state.lock:
            rows = [lanc for lanc in state.lancamentos.values()
                    if start.isoformat() <= lanc["data"] <= stop.isoformat() and lanc["situacao"] == situacao
                    and (conta is None or lanc["contaFinanceira"]["id"] == conta)
                    and (valor is None or abs(lanc["valor"] - valor) < 0.005)]
        rows.sort(key=lambda lanc: int(lanc["id"]))
        shown = rows[(pagina - 1) * PAGE: pagina * PAGE]
        keys = ("id", "descricao", "observacoes", "origem", "contaFinanceira", "valor", "situacao", "data")
        return data([{k: lanc[k] for k in keys} for lanc in shown])

    @routes.op("GET", "/contas-contabeis")
    def contas() -> Response:
        wanted = {int(s) for s in request.args.getlist("situacoes[]") if s.isdigit()}
        return data([c for c in CONTAS if not wanted or c["situacao"] in wanted])

    @routes.op("GET", "/categorias/receitas-despesas")
    def categorias() -> Response:
        situacao = request.args.get("situacao", type=int)
        return data([c for c in CATEGORIAS if situacao is None or c["situacao"] == situacao])

    return routes

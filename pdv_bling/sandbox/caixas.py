"""Caixa e Bancos as the stand-in keeps it: contas financeiras, categorias de receitas e despesas,
and the lançamentos `POST /caixas` creates (field guide nfce-and-caixa.md §F; SPEC `/caixas`,
`/contas-contabeis`, `/categorias/receitas-despesas`).

- No duplicate protection is documented, so none is modelled: the same body posted twice makes two
  lançamentos (a client's own lookup is what prevents doubles).
- The POST body's `required` list names `idContaContabil`, not a defined property, while the
  generated SDK sends `contaFinanceira.id` (a spec quirk; UNCONFIRMED which one the server reads):
  trap `caixas_conta_field` ("idContaContabil", "contaFinanceira" or "either") says which one
  this account reads; a body without it is refused.
- `GET /caixas` filters by `dataInicial`/`dataFinal` (default: the current month), whose examples
  read dd/mm/yyyy although the format is `date` (UNCONFIRMED): trap `caixas_date_format` ("iso",
  "br" or "both") says which form is accepted; another form gets 400. There is no `limite`: pages
  hold `PAGE` rows whatever the client asks. List rows carry a string `id` (as SPEC declares).
- `pesquisa` searches the lançamento's `descricao` only ("por descrição do lançamento"), which a
  POST cannot set: it never finds an `observacoes` marker.
- The POST answer is `{id}` and `GET /caixas/{id}` the lançamento itself, outside `data`, as SPEC
  declares (unlike every other answer); trap `caixas_data_wrapped` wraps both in `data`
  (UNCONFIRMED which one Bling sends).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import request

from pdv_bling.sandbox import errors as E
from pdv_bling.sandbox.config import Traps
from pdv_bling.sandbox.seed import float_noise
from pdv_bling.sandbox.state import SandboxState
from pdv_bling.sandbox.web import MAX_WINDOW, int_list

Json = dict[str, Any]
NAMESPACE = "CAIXAS"
PAGE = 100  # rows per page of GET /caixas (it has no `limite`)
LIST_KEYS = ("id", "debCred", "situacao", "valor", "data", "observacoes", "descricao", "origem", "contaFinanceira")

# ---------------------------------------------------------------- contas and categorias


def contas(state: SandboxState) -> list[Json]:
    """Rows of `GET /contas-contabeis`, before paging."""
    situacoes = set(int_list("situacoes[]"))
    hide_bank = request.args.get("ocultarTipoContaBancaria", "").lower() in ("true", "1")
    alias = request.args.get("aliasIntegracao")
    rows = [c for c in state.contas_financeiras.values() if (not situacoes or c["situacao"] in situacoes)
            and not (hide_bank and c["tipo"] == "conta-bancaria") and (alias is None or c.get("aliasIntegracao") == alias)]
    order = request.args.get("ordenacao")
    if order in ("descricao", "-descricao"):
        rows.sort(key=lambda c: str(c["descricao"]).lower(), reverse=order.startswith("-"))
    return [conta_view(c) for c in rows]


def conta_view(conta: Json) -> Json:
    return {k: v for k, v in conta.items() if k != "situacao"}


def categorias(state: SandboxState) -> list[Json]:
    """Rows of `GET /categorias/receitas-despesas` (tipo 0 all; situacao 0 all, 1 ativas, 2 inativas)."""
    tipo = request.args.get("tipo", 0, type=int) or 0
    situacao = request.args.get("situacao", 0, type=int) or 0
    wanted = {1: 1, 2: 0}.get(situacao)
    return [categoria_view(c) for c in state.categorias_financeiras.values()
            if (not tipo or c["tipo"] == tipo) and (wanted is None or c["situacao"] == wanted)]


def categoria_view(categoria: Json, *, detail: bool = False) -> Json:
    keys = ("id", "idCategoriaPai", "descricao", "tipo", *(("situacao",) if detail else ()))
    return {k: categoria[k] for k in keys}


# ---------------------------------------------------------------- lançamentos


def create(state: SandboxState, traps: Traps, body: Json) -> Json:
    """A new lançamento from a valid body (never a duplicate check: none is documented)."""
    conta_id = _conta_id(traps, body)
    with state.lock:
        conta = state.contas_financeiras.get(conta_id)
        if conta is None or conta["situacao"] != 1:
            raise _refused("Conta financeira não encontrada.", 2, "contaFinanceira")
        categoria = None
        wanted = (body.get("categoria") or {}).get("id")
        if wanted:
            categoria = state.categorias_financeiras.get(int(wanted))
            if categoria is None or categoria["situacao"] != 1:
                raise _refused("Categoria não encontrada.", 3, "categoria")
        valor = round(float(body["valor"]), 2)
        if valor <= 0:
            raise _refused("O valor do lançamento deve ser maior que zero.", 4, "valor")
        lanc_id = state.next_id("next_lancamento_id")
        entry: Json = {
            "id": lanc_id, "data": body["data"], "competencia": body["competencia"], "valor": valor,
            "debCred": body["debCred"], "observacoes": str(body.get("observacoes") or ""), "descricao": "",
            "situacao": "R", "saldo": "N", "transferencia": "1" if body.get("transferencia") == "1" else "0",
            "tipoLancamento": "2" if body["debCred"] == "C" else "1",
            "contaFinanceira": {"id": conta["id"], "descricao": conta["descricao"]},
            "origem": {"id": lanc_id, "tipo": "caixa"}, "conciliado": False, "criadoEm": state.now_stamp(),
        }
        if categoria is not None:
            entry["categoria"] = {"id": categoria["id"], "descricao": categoria["descricao"]}
        state.lancamentos[lanc_id] = entry
        state.save_lancamento(entry)
        return entry


def _conta_id(traps: Traps, body: Json) -> int:
    read = traps.caixas_conta_field
    flat = body.get("idContaContabil") if read in ("idContaContabil", "either") else None
    nested = (body.get("contaFinanceira") or {}).get("id") if read in ("contaFinanceira", "either") else None
    value = flat or nested
    if not value:
        element = "contaFinanceira" if read == "contaFinanceira" else "idContaContabil"
        raise _refused("Informe a conta financeira do lançamento.", 1, element)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise _refused("Conta financeira inválida.", 2, "contaFinanceira") from None


def _refused(msg: str, code: int, element: str) -> E.BlingError:
    return E.BlingError(400, "VALIDATION_ERROR", "Não foi possível salvar o lançamento",
                        "O lançamento não pode ser salvo, pois ocorreram problemas em sua validação.",
                        fields=[E.field(code, msg, element=element, namespace=NAMESPACE)])


def listing(state: SandboxState, traps: Traps, *, today: date) -> list[Json]:
    """Rows of `GET /caixas` (every page), oldest first."""
    start, stop = _window(traps, today)
    conta = request.args.get("idContaFinanceira", type=int)
    categorias_ = set(int_list("idsCategorias[]"))
    valor = request.args.get("valor", type=float)
    pesquisa = (request.args.get("pesquisa") or "").lower()
    situacao = request.args.get("situacao", "R")
    conciliacao = request.args.get("situacaoConciliacao", 3, type=int)
    with state.lock:
        rows = []
        for entry in sorted(state.lancamentos.values(), key=lambda e: e["id"]):
            if not start <= entry["data"] <= stop or entry["situacao"] != situacao:
                continue
            if (conta and entry["contaFinanceira"]["id"] != conta) or (
                    categorias_ and (entry.get("categoria") or {}).get("id") not in categorias_):
                continue
            if (valor is not None and round(valor, 2) != entry["valor"]) or (pesquisa and pesquisa not in entry["descricao"].lower()):
                continue
            if (conciliacao == 1 and not entry["conciliado"]) or (conciliacao == 2 and entry["conciliado"]):
                continue
            rows.append(list_view(entry))
        return rows


def list_view(entry: Json) -> Json:
    row = {k: entry[k] for k in LIST_KEYS}
    row["id"] = str(entry["id"])  # a string in the list (SPEC CaixasBancosItemLancamentoDTO)
    row["valor"] = float_noise(entry["valor"])  # as Bling answers stored amounts (49.9 -> 49.9000015259)
    return row


def detail_view(entry: Json) -> Json:
    return {k: v for k, v in entry.items() if k not in ("descricao", "conciliado", "criadoEm")}


def page_of(rows: list[Json]) -> list[Json]:
    pagina = max(1, request.args.get("pagina", 1, type=int) or 1)
    return rows[(pagina - 1) * PAGE:pagina * PAGE]


def _window(traps: Traps, today: date) -> tuple[str, str]:
    """The filter's bounds as YYYY-MM-DD; the current month when absent."""
    first = today.replace(day=1)
    last = (first.replace(year=first.year + 1, month=1) if first.month == 12 else first.replace(month=first.month + 1))
    ini, fin = request.args.get("dataInicial"), request.args.get("dataFinal")
    start = _parse(traps, ini, "dataInicial") if ini else first
    stop = _parse(traps, fin, "dataFinal") if fin else date.fromordinal(last.toordinal() - 1)
    if traps.date_window and stop - start > MAX_WINDOW:
        raise E.validation_error("O período informado não pode ser superior a 1 ano.",
                                 E.field(2, "O intervalo entre as datas deve ser de no máximo 1 ano",
                                         element="dataInicial", namespace=NAMESPACE))
    return start.isoformat(), stop.isoformat()


FORMATS = {"iso": ("%Y-%m-%d",), "br": ("%d/%m/%Y",), "both": ("%Y-%m-%d", "%d/%m/%Y")}


def _parse(traps: Traps, value: str, name: str) -> date:
    for fmt in FORMATS.get(traps.caixas_date_format, FORMATS["both"]):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise E.validation_error("Data inválida.", E.field(2, f"Data inválida: {value}", element=name, namespace=NAMESPACE))

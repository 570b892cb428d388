"""Caixa e Bancos: lançamentos (`/caixas`), the contas financeiras they go to (`/contas-contabeis`)
and their categories (`/categorias/receitas-despesas`). Field guide: docs nfce-and-caixa §F.

Spec quirks handled here: POST's `required` list names `idContaContabil`, which is not a defined
property, while the SDK sends `contaFinanceira: {id}` — the body carries both; the answer may or
may not be wrapped in `data`; `GET /caixas` has no `limite` (pages are read until one is empty)
and its list ids are strings. Bling documents no duplicate protection for lançamentos: the
caller looks one up (day, conta, value, then the marker in `observacoes`) before any retry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pdv_bling.bling.http import BlingHttp, data_of
from pdv_bling.bling.wire import id_of, list_all
from pdv_bling.domain.money import from_bling, to_bling

MAX_PAGES = 50  # a day of one conta: far more than a store's lançamentos


@dataclass(frozen=True)
class ContaFinanceira:
    id: int
    descricao: str
    tipo: str
    situacao: int


@dataclass(frozen=True)
class CategoriaFinanceira:
    id: int
    descricao: str
    tipo: int  # 1 despesa, 2 receita, 3 both
    pai_id: int | None


@dataclass(frozen=True)
class LancamentoIn:
    data: dt.date
    valor_cents: int
    deb_cred: str  # C (in) / D (out)
    observacoes: str
    conta_id: int
    categoria_id: int

    def to_json(self) -> dict[str, Any]:
        day = self.data.isoformat()
        return {"data": day, "competencia": day, "valor": to_bling(self.valor_cents), "debCred": self.deb_cred,
                "observacoes": self.observacoes, "contaFinanceira": {"id": self.conta_id},
                "idContaContabil": self.conta_id, "categoria": {"id": self.categoria_id}}


@dataclass(frozen=True)
class Lancamento:
    id: str
    valor_cents: int
    observacoes: str
    situacao: str


class Caixas:
    PATH = "/caixas"

    def __init__(self, http: BlingHttp) -> None:
        self.http = http

    def create(self, lancamento: LancamentoIn) -> str:
        """POST once; its id. A lost answer raises OutcomeUnknown: look it up before retrying."""
        answer = data_of(self.http.request("POST", self.PATH, body=lancamento.to_json()))
        if isinstance(answer, dict) and isinstance(answer.get("data"), dict):
            answer = answer["data"]
        return str((answer or {}).get("id", ""))

    def find(self, *, day: dt.date, conta_id: int, valor_cents: int, marker: str) -> list[Lancamento]:
        """Lançamentos of `day` in the conta with that value whose observações carry `marker`."""
        params: list[tuple[str, str | int | float]] = [("dataInicial", day.isoformat()), ("dataFinal", day.isoformat()),
                  ("idContaFinanceira", conta_id), ("valor", to_bling(valor_cents))]
        found: list[Lancamento] = []
        for page in range(1, MAX_PAGES + 1):
            rows = data_of(self.http.request("GET", self.PATH, params=[*params, ("pagina", page)])) or []
            for row in rows:
                item = Lancamento(str(row.get("id", "")), from_bling(row.get("valor")), str(row.get("observacoes") or ""),
                                  str(row.get("situacao") or "R"))
                if marker in item.observacoes and item.situacao != "E":
                    found.append(item)
            if not rows:
                break
        return found


class ContasContabeis:
    def __init__(self, http: BlingHttp) -> None:
        self.http = http

    def list_active(self) -> list[ContaFinanceira]:
        return [ContaFinanceira(int(r["id"]), str(r.get("descricao") or ""), str(r.get("tipo") or ""),
                                int(r.get("situacao") or 1))
                for r in list_all(self.http, "/contas-contabeis", [("situacoes[]", 1)])]


class CategoriasFinanceiras:
    def __init__(self, http: BlingHttp) -> None:
        self.http = http

    def list_active(self) -> list[CategoriaFinanceira]:
        return [CategoriaFinanceira(int(r["id"]), str(r.get("descricao") or ""), int(r.get("tipo") or 3),
                                    id_of({"id": r.get("idCategoriaPai")}))
                for r in list_all(self.http, "/categorias/receitas-despesas", [("situacao", 1)])]

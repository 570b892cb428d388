"""Caixa e Bancos: lançamentos (`/caixas`), contas financeiras (`/contas-contabeis`) and categorias
de receitas e despesas (`/categorias/receitas-despesas`). Field guide nfce-and-caixa.md §F.

What nobody has measured, and how the client copes:
- the POST body's `required` list names `idContaContabil` while the SDK sends `contaFinanceira.id`:
  both are sent (the same id);
- the POST answer is `{id}` and the detail the lançamento itself in SPEC, maybe wrapped in `data`
  like every other answer: both are read;
- the GET date filters are `format: date` with dd/mm/yyyy examples: YYYY-MM-DD is sent, and on a
  400 the dd/mm/yyyy form once (then kept for this client);
- the list has no `limite` and no known page size: pages are read until an empty one;
- list rows carry a string `id` and floats like 49.9000015259: both are normalised.
No duplicate protection exists: a lost answer is settled by `find`, never by posting again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import httpx

from pdv_bling.bling.errors import BlingValidationError
from pdv_bling.bling.http import BlingHttp, Params, data_of
from pdv_bling.bling.wire import centavos, fmt_date, id_of, list_all, money, parse_date

DebCred = Literal["C", "D"]  # C: money in (crédito), D: money out (débito)
MAX_PAGES = 50  # a lookup never reads more than this many pages (5,000 rows of one day and value)


@dataclass(frozen=True)
class LancamentoIn:
    data: date
    valor_centavos: int  # positive; the direction is `deb_cred`
    deb_cred: DebCred
    observacoes: str  # carries the marker the lookup matches
    conta_id: int
    categoria_id: int | None = None
    competencia: date | None = None  # None: the same day as `data`

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "data": fmt_date(self.data), "competencia": fmt_date(self.competencia or self.data),
            "valor": money(self.valor_centavos), "debCred": self.deb_cred, "observacoes": self.observacoes,
            "idContaContabil": self.conta_id, "contaFinanceira": {"id": self.conta_id},
        }
        if self.categoria_id is not None:
            body["categoria"] = {"id": self.categoria_id}
        return body


@dataclass(frozen=True)
class Lancamento:
    id: int
    data: date | None
    valor_centavos: int
    deb_cred: str
    observacoes: str
    conta_id: int | None
    situacao: str

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Lancamento:
        return cls(id=int(str(raw["id"])), data=parse_date(raw.get("data")), valor_centavos=centavos(raw.get("valor")),
                   deb_cred=str(raw.get("debCred") or ""), observacoes=str(raw.get("observacoes") or ""),
                   conta_id=id_of(raw.get("contaFinanceira")), situacao=str(raw.get("situacao") or ""))


@dataclass(frozen=True)
class ContaFinanceira:
    id: int
    descricao: str
    tipo: str  # caixa, banco, conta-bancaria, integracao-pagamento


@dataclass(frozen=True)
class CategoriaFinanceira:
    id: int
    descricao: str
    tipo: int  # 1 despesa, 2 receita, 3 receita e despesa
    pai_id: int | None


class Caixas:
    PATH = "/caixas"

    def __init__(self, http: BlingHttp) -> None:
        self.http = http
        self._date_form = "iso"  # becomes "br" when the server refuses YYYY-MM-DD

    def create(self, lancamento: LancamentoIn) -> int:
        """POST once. A lost answer raises OutcomeUnknown: `find` it before any new POST."""
        return int(_unwrapped(self.http.request("POST", self.PATH, body=lancamento.to_json()))["id"])

    def find(self, *, day: date, valor_centavos: int, conta_id: int | None = None) -> list[Lancamento]:
        """Lançamentos on `day` with this value (of `conta_id`, or of every conta), every page;
        value, day and conta checked again here (Bling's floats differ in the last digits)."""
        found: list[Lancamento] = []
        for pagina in range(1, MAX_PAGES + 1):
            rows = self._page(day, valor_centavos, conta_id, pagina)
            if not rows:
                break
            found.extend(Lancamento.from_json(r) for r in rows if isinstance(r, Mapping) and r.get("id"))
        return [f for f in found if f.valor_centavos == valor_centavos and f.data in (None, day)
                and (conta_id is None or f.conta_id in (None, conta_id))]

    def _page(self, day: date, valor_centavos: int, conta_id: int | None, pagina: int) -> list[Any]:
        try:
            return self._get(self._params(day, valor_centavos, conta_id, pagina))
        except BlingValidationError:
            if self._date_form != "iso":
                raise
            self._date_form = "br"  # the examples' dd/mm/yyyy (UNCONFIRMED which one Bling reads)
            return self._get(self._params(day, valor_centavos, conta_id, pagina))

    def _params(self, day: date, valor_centavos: int, conta_id: int | None, pagina: int) -> Params:
        text = day.strftime("%d/%m/%Y") if self._date_form == "br" else fmt_date(day)
        params: list[tuple[str, str | int | float]] = [("pagina", pagina), ("dataInicial", text), ("dataFinal", text),
                                                        ("valor", money(valor_centavos))]
        if conta_id is not None:
            params.append(("idContaFinanceira", conta_id))
        return params

    def _get(self, params: Params) -> list[Any]:
        rows = data_of(self.http.request("GET", self.PATH, params=params)) or []
        return rows if isinstance(rows, list) else [rows]

    def get(self, id: int) -> Lancamento:
        return Lancamento.from_json(_unwrapped(self.http.request("GET", f"{self.PATH}/{id}")))


def _unwrapped(response: httpx.Response) -> Mapping[str, Any]:
    """SPEC declares the POST answer and the detail outside `data` (unlike every other answer);
    either is read. A lançamento's own `data` is its date, a string: only an object is a wrapper."""
    payload = response.json() if response.content else {}
    if not isinstance(payload, Mapping):
        raise ValueError("unexpected Caixa e Bancos answer")
    inner = payload.get("data")
    return inner if isinstance(inner, Mapping) else payload


class ContasContabeis:
    """The account's contas financeiras (active ones: `situacoes[]=1`)."""

    def __init__(self, http: BlingHttp) -> None:
        self.http = http

    def list_all(self) -> list[ContaFinanceira]:
        rows = list_all(self.http, "/contas-contabeis", [("situacoes[]", 1)])
        return [ContaFinanceira(id=int(r["id"]), descricao=str(r.get("descricao") or ""), tipo=str(r.get("tipo") or ""))
                for r in rows if isinstance(r, Mapping) and r.get("id")]


class CategoriasReceitasDespesas:
    """The account's active categorias de receitas e despesas (`situacao=1`)."""

    def __init__(self, http: BlingHttp) -> None:
        self.http = http

    def list_all(self) -> list[CategoriaFinanceira]:
        rows = list_all(self.http, "/categorias/receitas-despesas", [("situacao", 1)])
        return [CategoriaFinanceira(id=int(r["id"]), descricao=str(r.get("descricao") or ""),
                                    tipo=int(r.get("tipo") or 0), pai_id=int(r.get("idCategoriaPai") or 0) or None)
                for r in rows if isinstance(r, Mapping) and r.get("id")]

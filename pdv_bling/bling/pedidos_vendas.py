"""Pedidos de venda: create, look up by numeroLoja, get, PUT, situação, estoque and contas."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pdv_bling.bling.errors import BlingValidationError, ErrorField
from pdv_bling.bling.http import BlingHttp, data_of
from pdv_bling.bling.wire import array_batches, centavos, fmt_date, id_of, list_all, money, parse_date

SAME_SITUACAO_CODE = 50  # "A venda possui a mesma situação": already where we want it


@dataclass(frozen=True)
class ItemIn:
    descricao: str
    quantidade: float
    valor_centavos: int  # unit price
    produto_id: int | None = None
    codigo: str | None = None
    unidade: str | None = None
    desconto_percent: float | None = None  # Bling's item `desconto` is a percentage

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "quantidade": round(self.quantidade, 4),
            "valor": money(self.valor_centavos),
            "descricao": self.descricao,
        }
        if self.produto_id is not None:
            body["produto"] = {"id": self.produto_id}
        for key, value in (("codigo", self.codigo), ("unidade", self.unidade)):
            if value:
                body[key] = value
        if self.desconto_percent:
            body["desconto"] = round(self.desconto_percent, 2)
        return body


@dataclass(frozen=True)
class ParcelaIn:
    data_vencimento: date
    valor_centavos: int
    forma_pagamento_id: int
    observacoes: str | None = None
    caut: str | None = None  # card NSU / authorization code

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "dataVencimento": fmt_date(self.data_vencimento),
            "valor": money(self.valor_centavos),
            "formaPagamento": {"id": self.forma_pagamento_id},
        }
        if self.observacoes:
            body["observacoes"] = self.observacoes
        if self.caut:
            body["caut"] = self.caut
        return body


@dataclass(frozen=True)
class PedidoVendaIn:
    """A sales order body. No item/parcela ids: Bling ignores them on POST and refuses stale ones on PUT."""

    contato_id: int
    data: date
    itens: tuple[ItemIn, ...]
    parcelas: tuple[ParcelaIn, ...]
    numero_loja: str | None = None
    observacoes: str | None = None
    observacoes_internas: str | None = None  # carries the per-sale unique marker
    loja_id: int | None = None
    vendedor_id: int | None = None
    situacao_id: int | None = None
    desconto_centavos: int | None = None  # order-level discount in REAL
    outras_despesas_centavos: int | None = None
    data_saida: date | None = None
    data_prevista: date | None = None
    numero: int | None = None

    def to_json(self, *, for_update: bool = False) -> dict[str, Any]:
        """The POST body; `for_update` drops `situacao` (read-only on PUT: use set_situacao)."""
        body: dict[str, Any] = {"contato": {"id": self.contato_id}, "data": fmt_date(self.data)}
        for key, day in (("dataSaida", self.data_saida), ("dataPrevista", self.data_prevista)):
            if day is not None:
                body[key] = fmt_date(day)
        for key, text in (
            ("numeroLoja", self.numero_loja),
            ("observacoes", self.observacoes),
            ("observacoesInternas", self.observacoes_internas),
        ):
            if text:
                body[key] = text
        situacao = None if for_update else self.situacao_id
        for key, ident in (("loja", self.loja_id), ("vendedor", self.vendedor_id), ("situacao", situacao)):
            if ident is not None:
                body[key] = {"id": ident}
        if self.numero is not None:
            body["numero"] = self.numero
        if self.desconto_centavos:
            body["desconto"] = {"valor": money(self.desconto_centavos), "unidade": "REAL"}
        if self.outras_despesas_centavos:
            body["outrasDespesas"] = money(self.outras_despesas_centavos)
        body["itens"] = [item.to_json() for item in self.itens]
        body["parcelas"] = [parcela.to_json() for parcela in self.parcelas]
        return body


@dataclass(frozen=True)
class Moved:
    """What a situação change did: `moved` False = the order already had it (code 50)."""

    moved: bool
    certain: bool


@dataclass(frozen=True)
class Created:
    id: int
    alertas: list[ErrorField] = field(default_factory=list)

    @classmethod
    def from_data(cls, data: Any) -> Created:
        data = data or {}
        alertas = [ErrorField.from_json(a) for a in data.get("alertas") or [] if isinstance(a, dict)]
        return cls(id=int(data["id"]), alertas=alertas)


@dataclass(frozen=True)
class PedidoVendaResumo:
    id: int
    numero: int | None
    numeroLoja: str | None
    situacao_id: int | None
    situacao_valor: int | None
    total: float  # as Bling sends it; `total_centavos` for arithmetic
    data: date | None = None
    contato_id: int | None = None
    loja_id: int | None = None

    @property
    def total_centavos(self) -> int:
        return centavos(self.total)

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> PedidoVendaResumo:
        situacao = raw.get("situacao") or {}
        return cls(
            id=int(raw["id"]),
            numero=int(raw["numero"]) if raw.get("numero") not in (None, "") else None,
            numeroLoja=raw.get("numeroLoja") or None,
            situacao_id=situacao.get("id"),
            situacao_valor=situacao.get("valor"),
            total=round(float(raw.get("total") or 0), 2),
            data=parse_date(raw.get("data")),
            contato_id=id_of(raw.get("contato")),
            loja_id=id_of(raw.get("loja")),
        )


@dataclass(frozen=True)
class PedidoItem:
    id: int | None
    produto_id: int | None
    codigo: str | None
    descricao: str
    quantidade: float
    valor: float


@dataclass(frozen=True)
class PedidoParcela:
    id: int | None
    dataVencimento: date | None
    valor: float
    formaPagamento_id: int | None


@dataclass(frozen=True)
class PedidoVenda(PedidoVendaResumo):
    observacoes: str = ""
    observacoesInternas: str = ""
    vendedor_id: int | None = None
    itens: tuple[PedidoItem, ...] = ()
    parcelas: tuple[PedidoParcela, ...] = ()
    nota_fiscal_id: int | None = None  # `notaFiscal.id`: the note generated from the order, if Bling shows it

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> PedidoVenda:
        base = PedidoVendaResumo.from_json(raw)
        itens = tuple(
            PedidoItem(
                id=i.get("id"), produto_id=id_of(i.get("produto")), codigo=i.get("codigo") or None,
                descricao=str(i.get("descricao") or ""), quantidade=float(i.get("quantidade") or 0),
                valor=round(float(i.get("valor") or 0), 2),
            )
            for i in raw.get("itens") or []
        )
        parcelas = tuple(
            PedidoParcela(
                id=p.get("id"), dataVencimento=parse_date(p.get("dataVencimento")),
                valor=round(float(p.get("valor") or 0), 2), formaPagamento_id=id_of(p.get("formaPagamento")),
            )
            for p in raw.get("parcelas") or []
        )
        return cls(
            **{f: getattr(base, f) for f in base.__dataclass_fields__},
            observacoes=str(raw.get("observacoes") or ""),
            observacoesInternas=str(raw.get("observacoesInternas") or ""),
            vendedor_id=id_of(raw.get("vendedor")),
            itens=itens,
            parcelas=parcelas,
            nota_fiscal_id=id_of(raw.get("notaFiscal")),
        )


class PedidosVendas:
    PATH = "/pedidos/vendas"

    def __init__(self, http: BlingHttp) -> None:
        self.http = http

    def create(self, pedido: PedidoVendaIn) -> Created:
        """POST once. A lost answer raises OutcomeUnknown: look it up by numeroLoja before retrying."""
        return Created.from_data(data_of(self.http.request("POST", self.PATH, body=pedido.to_json())))

    def find_by_numeros_loja(self, numeros: Sequence[str]) -> list[PedidoVendaResumo]:
        """Orders whose numeroLoja is exactly one of `numeros` (matched again client-side)."""
        wanted = set(numeros)
        rows = [row for batch in array_batches("numerosLojas", numeros) for row in list_all(self.http, self.PATH, batch)]
        return [r for r in map(PedidoVendaResumo.from_json, rows) if r.numeroLoja in wanted]

    def get(self, id: int) -> PedidoVenda:
        return PedidoVenda.from_json(data_of(self.http.request("GET", f"{self.PATH}/{id}")))

    def update(self, id: int, pedido: PedidoVendaIn) -> Created:
        return Created.from_data(data_of(self.http.request("PUT", f"{self.PATH}/{id}", body=pedido.to_json(for_update=True))))

    def set_situacao(self, id: int, situacao_id: int) -> Moved:
        """PATCH the situação. Code 50 ("A venda possui a mesma situação", LIVE) means the order was
        already there, so no transition ran: `moved` False. `certain` is False when an earlier send
        of this PATCH may have moved it itself (a retry after a lost answer)."""
        try:
            self.http.request("PATCH", f"{self.PATH}/{id}/situacoes/{situacao_id}")
        except BlingValidationError as exc:
            if SAME_SITUACAO_CODE not in exc.code_list():
                raise
            return Moved(moved=False, certain=exc.sends == 1)
        return Moved(moved=True, certain=True)

    def lancar_estoque(self, id: int, deposito_id: int | None = None) -> None:
        suffix = f"/{deposito_id}" if deposito_id is not None else ""
        self.http.request("POST", f"{self.PATH}/{id}/lancar-estoque{suffix}")

    def estornar_estoque(self, id: int) -> None:
        self.http.request("POST", f"{self.PATH}/{id}/estornar-estoque")

    def lancar_contas(self, id: int) -> None:
        self.http.request("POST", f"{self.PATH}/{id}/lancar-contas")

    def estornar_contas(self, id: int) -> None:
        self.http.request("POST", f"{self.PATH}/{id}/estornar-contas")



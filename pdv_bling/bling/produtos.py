"""Produtos: paged list (with changed-since windows) and detail with tributação and variações."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pdv_bling.bling.http import BlingHttp, Params, data_of
from pdv_bling.bling.wire import date_windows, fmt_datetime, id_of, iter_pages


def _float(value: Any) -> float:
    return round(float(value or 0), 2)


@dataclass(frozen=True)
class ProdutoResumo:
    id: int
    nome: str
    codigo: str
    preco: float
    tipo: str
    situacao: str  # A, I, E (excluído: drop it when mapping codes)
    formato: str  # S simples, V com variações, E com composição
    idProdutoPai: int | None = None
    saldoVirtualTotal: float | None = None

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> ProdutoResumo:
        estoque = raw.get("estoque") or {}
        saldo = estoque.get("saldoVirtualTotal")
        return cls(
            id=int(raw["id"]),
            nome=str(raw.get("nome") or ""),
            codigo=str(raw.get("codigo") or ""),
            preco=_float(raw.get("preco")),
            tipo=str(raw.get("tipo") or ""),
            situacao=str(raw.get("situacao") or ""),
            formato=str(raw.get("formato") or ""),
            idProdutoPai=int(raw["idProdutoPai"]) if raw.get("idProdutoPai") else None,
            saldoVirtualTotal=float(saldo) if saldo is not None else None,
        )


@dataclass(frozen=True)
class Tributacao:
    ncm: str | None
    cest: str | None
    origem: int | None

    @classmethod
    def from_json(cls, raw: dict[str, Any] | None) -> Tributacao:
        raw = raw or {}
        origem = raw.get("origem")
        return cls(ncm=raw.get("ncm") or None, cest=raw.get("cest") or None,
                   origem=int(origem) if origem not in (None, "") else None)


@dataclass(frozen=True)
class Variacao:
    id: int
    codigo: str
    gtin: str | None
    preco: float
    nome: str  # variacao.nome, e.g. "Tamanho:G;Cor:Verde"
    ordem: int | None
    situacao: str
    nome_produto: str

    @property
    def atributos(self) -> dict[str, str]:
        """`"Tamanho:G;Cor:Verde"` -> {"Tamanho": "G", "Cor": "Verde"}."""
        pairs = (part.split(":", 1) for part in self.nome.split(";") if ":" in part)
        return {k.strip(): v.strip() for k, v in pairs}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Variacao:
        info = raw.get("variacao") or {}
        return cls(
            id=int(raw["id"]), codigo=str(raw.get("codigo") or ""), gtin=raw.get("gtin") or None,
            preco=_float(raw.get("preco")), nome=str(info.get("nome") or ""), ordem=info.get("ordem"),
            situacao=str(raw.get("situacao") or ""), nome_produto=str(raw.get("nome") or ""),
        )


@dataclass(frozen=True)
class ProdutoDetalhe(ProdutoResumo):
    gtin: str | None = None
    unidade: str | None = None
    categoria_id: int | None = None
    tributacao: Tributacao = Tributacao(None, None, None)
    variacoes: tuple[Variacao, ...] = ()
    descricaoCurta: str = ""

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> ProdutoDetalhe:
        base = ProdutoResumo.from_json(raw)
        return cls(
            **{f: getattr(base, f) for f in ProdutoResumo.__dataclass_fields__},
            gtin=raw.get("gtin") or None,
            unidade=raw.get("unidade") or None,
            categoria_id=id_of(raw.get("categoria")),
            tributacao=Tributacao.from_json(raw.get("tributacao")),
            variacoes=tuple(Variacao.from_json(v) for v in raw.get("variacoes") or []),
            descricaoCurta=str(raw.get("descricaoCurta") or ""),
        )


class Produtos:
    PATH = "/produtos"

    def __init__(self, http: BlingHttp) -> None:
        self.http = http

    def iter_pages(
        self,
        *,
        criterio: int | None = None,
        tipo: str | None = None,
        alteracao: tuple[datetime, datetime] | None = None,
        start_page: int = 1,
    ) -> Iterator[tuple[int, list[ProdutoResumo]]]:
        """Pages of products. A changed-since window is always sent with both ends and split
        into windows of at most one year; `start_page` applies to the first window."""
        base: Params = [(k, v) for k, v in (("criterio", criterio), ("tipo", tipo)) if v is not None]
        windows: list[tuple[datetime, datetime] | None] = (
            list(date_windows(*alteracao)) if alteracao is not None else [None]
        )
        for index, window in enumerate(windows):
            params = list(base)
            if window is not None:
                params += [("dataAlteracaoInicial", fmt_datetime(window[0])),
                           ("dataAlteracaoFinal", fmt_datetime(window[1]))]
            first = start_page if index == 0 else 1
            for page, rows in iter_pages(self.http, self.PATH, params, start_page=first):
                yield page, [ProdutoResumo.from_json(r) for r in rows]

    def get(self, id: int) -> ProdutoDetalhe:
        return ProdutoDetalhe.from_json(data_of(self.http.request("GET", f"{self.PATH}/{id}")))

"""Notas fiscais de consumidor (NFC-e): the draft from an order, the send to SEFAZ, the read-back,
the list by emission window, the signed XML link, and the account's naturezas de operação
(field guide §6.9; `shared/docs/nfce-and-caixa.md`).

- `POST /pedidos/vendas/{id}/gerar-nfce` answers `{idNotaFiscal}` (SPEC) or `{data:{idNotaFiscal}}`
  (a POS integration read it so): both are read.
- `POST /nfce/{id}/enviar` transmits the draft; a SEFAZ rejection comes back as an error body or as
  `situacao` 4 on the next read (UNCONFIRMED which; both are handled by the caller).
- `GET /nfce/{id}` has `situacao`, `chaveAcesso`, `linkDanfe` and `xml`, a signed download link
  (no token) whose XML carries `infNFeSupl/qrCode`.
- v3 has no endpoint to cancel an NFC-e: that is done in Bling's screens.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pdv_bling.bling.http import BlingHttp, data_of
from pdv_bling.bling.wire import centavos, fmt_datetime, id_of, iter_pages

# situacao of a note (SPEC `GET /nfce`)
PENDENTE, CANCELADA, AGUARDANDO_RECIBO, REJEITADA, AUTORIZADA = 1, 2, 3, 4, 5
EMITIDA_DANFE, REGISTRADA, AGUARDANDO_PROTOCOLO, DENEGADA, CONSULTA_SITUACAO, BLOQUEADA = 6, 7, 8, 9, 10, 11
IN_PROGRESS = frozenset({AGUARDANDO_RECIBO, AGUARDANDO_PROTOCOLO, CONSULTA_SITUACAO})
AUTHORIZED = frozenset({AUTORIZADA, EMITIDA_DANFE})  # 6: authorized and its DANFE issued
NATUREZA_PADRAO_CUPOM = 7  # naturezas-operacoes `padrao` 7 "Padrão venda cupom"


@dataclass(frozen=True)
class NotaConsumidor:
    """What `GET /nfce/{id}` (or a list row, with fewer fields) says about a note."""

    id: int
    situacao: int | None
    numero: str = ""
    serie: int | None = None
    chave_acesso: str = ""
    data_emissao: str = ""
    contato_id: int | None = None
    numero_pedido_loja: str = ""
    valor_centavos: int | None = None
    link_danfe: str = ""
    link_pdf: str = ""
    xml_link: str = ""

    @property
    def authorized(self) -> bool:
        return self.situacao in AUTHORIZED

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> NotaConsumidor:
        situacao = raw.get("situacao")
        serie = raw.get("serie")
        valor = raw.get("valorNota")
        return cls(
            id=int(raw["id"]),
            situacao=int(situacao) if isinstance(situacao, int | str) and str(situacao).isdigit() else None,
            numero=str(raw.get("numero") or ""),
            serie=int(serie) if isinstance(serie, int | str) and str(serie).isdigit() else None,
            chave_acesso=str(raw.get("chaveAcesso") or ""),
            data_emissao=str(raw.get("dataEmissao") or ""),
            contato_id=id_of(raw.get("contato")),
            numero_pedido_loja=str(raw.get("numeroPedidoLoja") or ""),
            valor_centavos=centavos(valor) if valor is not None else None,
            link_danfe=str(raw.get("linkDanfe") or ""),
            link_pdf=str(raw.get("linkPDF") or ""),
            xml_link=str(raw.get("xml") or ""),
        )


@dataclass(frozen=True)
class Natureza:
    id: int
    descricao: str
    situacao: int
    padrao: int


def id_nota_fiscal(payload: Any) -> int:
    """`{idNotaFiscal}` (SPEC) or `{data: {idNotaFiscal}}` (seen by a POS integration)."""
    if isinstance(payload, dict):
        inner = payload.get("data")
        if isinstance(inner, dict) and inner.get("idNotaFiscal"):
            return int(inner["idNotaFiscal"])
        if payload.get("idNotaFiscal"):
            return int(payload["idNotaFiscal"])
    raise ValueError("gerar-nfce answered without idNotaFiscal")


class NotasConsumidor:
    PATH = "/nfce"

    def __init__(self, http: BlingHttp) -> None:
        self.http = http

    def gerar_from_order(self, pedido_id: int) -> int:
        """POST once: the draft note of the order. A lost answer raises OutcomeUnknown: look the
        note up (the order's link, then `GET /nfce` by date) before any second POST."""
        response = self.http.request("POST", f"/pedidos/vendas/{pedido_id}/gerar-nfce")
        return id_nota_fiscal(response.json() if response.content else None)

    def enviar(self, nota_id: int) -> tuple[dict[str, Any], float]:
        """POST once: transmit to SEFAZ. Never repeated blind: read `situacao` first. Returns the
        answer and how long Bling took to give it (SEFAZ's round trip, without the pacer's wait)."""
        response = self.http.request("POST", f"{self.PATH}/{nota_id}/enviar")
        data = data_of(response)
        try:
            round_trip = response.elapsed.total_seconds()
        except RuntimeError:  # a response never read as a stream has no elapsed time: read at once
            round_trip = 0.0
        return (data if isinstance(data, dict) else {}), round_trip

    def get(self, nota_id: int) -> NotaConsumidor:
        return NotaConsumidor.from_json(data_of(self.http.request("GET", f"{self.PATH}/{nota_id}")))

    def list_emitted(self, start: datetime, end: datetime, *, situacao: int | None = None) -> Iterator[NotaConsumidor]:
        """Notes emitted in [start, end] (both ends sent), page after page."""
        params: list[tuple[str, str | int | float]] = [
            ("dataEmissaoInicial", fmt_datetime(start)), ("dataEmissaoFinal", fmt_datetime(end))]
        if situacao is not None:
            params.append(("situacao", situacao))
        for _page, items in iter_pages(self.http, self.PATH, params):
            yield from (NotaConsumidor.from_json(i) for i in items if isinstance(i, dict) and i.get("id"))

    def download_xml(self, link: str) -> str:
        """The authorized XML behind the note's signed `xml` link (fetched without the token)."""
        return self.http.fetch_link(link).decode("utf-8")

    def naturezas(self) -> list[Natureza]:
        rows = data_of(self.http.request("GET", "/naturezas-operacoes", params=[("situacao", 1), ("limite", 100)]))
        return [Natureza(id=int(r["id"]), descricao=str(r.get("descricao") or ""), situacao=int(r.get("situacao") or 0),
                         padrao=int(r.get("padrao") or 0)) for r in rows or [] if isinstance(r, dict) and r.get("id")]


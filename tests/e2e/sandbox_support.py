"""Helpers shared by the stand-in's own tests."""

from __future__ import annotations

import itertools
from typing import Any

import httpx

_marker = itertools.count(1)


def first_ids(api: httpx.Client) -> dict[str, Any]:
    """Ids a sale needs: a simple product, Consumidor Final, the Dinheiro forma de pagamento."""
    produto = next(p for p in api.get("/produtos").json()["data"] if p["formato"] == "S")
    formas = api.get("/formas-pagamentos").json()["data"]
    dinheiro = next(f for f in formas if f["tipoPagamento"] == 1)
    contato = api.get("/contatos/consumidor-final").json()["data"]
    return {"produto": produto, "forma": dinheiro["id"], "contato": contato["id"]}


def order_body(ids: dict[str, Any], *, qty: float = 2, valor: float = 10.0, marker: str | None = None,
               **extra: Any) -> dict[str, Any]:
    """The minimal body live Bling accepts (field guide 6.8), with a unique marker by default."""
    tag = marker or f"PDV-{next(_marker)}"
    body: dict[str, Any] = {
        "data": "2026-08-21", "numeroLoja": tag, "observacoesInternas": f"Venda PDV {tag}",
        "contato": {"id": ids["contato"]},
        "itens": [{"produto": {"id": ids["produto"]["id"]}, "quantidade": qty, "valor": valor, "descricao": "Item"}],
        "parcelas": [{"dataVencimento": "2026-08-21", "valor": round(qty * valor, 2),
                      "formaPagamento": {"id": ids["forma"]}}],
    }
    body.update(extra)
    return body


def fields_of(resp: httpx.Response) -> list[dict[str, Any]]:
    fields: list[dict[str, Any]] = resp.json()["error"].get("fields", [])
    return fields

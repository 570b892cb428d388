"""Test helpers for Caixa e Bancos postings: an outbox item of kind `caixa_lancamento` exactly as
the turno's local side writes it (same payload contract), and a mapping chosen by name from the
lists pulled from the stand-in."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from pdv_bling.domain.ids import new_uid
from pdv_bling.store import outbox
from pdv_bling.store.caixa_mapping import CaixaMapping, load_categorias, load_contas, save_mapping
from pdv_bling.store.engine import Store

TIPO_OF = {"suprimento": "E", "sangria": "S"}
_turno = itertools.count(1)


def posting(valor_cents: int, *, papel: str = "suprimento", tipo: str | None = None, day: dt.date | None = None,
            forma: str | None = "Dinheiro", historico: str = "Troco", uid: str | None = None) -> dict[str, Any]:
    return {"uid": uid or new_uid(), "data": (day or dt.date(2026, 11, 26)).isoformat(), "valor_cents": valor_cents,
            "tipo": tipo or TIPO_OF.get(papel, "E"), "papel": papel, "forma": forma, "historico": historico}


def enqueue_posting(store: Store, payload: dict[str, Any], *, chain: str | None = None) -> int:
    """The item the local side adds in the movement's transaction; returns its id."""
    with store.transaction() as session:
        item = outbox.enqueue(session, chain=chain or f"turno:{next(_turno)}", kind=outbox.CAIXA_LANCAMENTO,
                              payload=payload)
        session.flush()
        return item.id


NAMES = {"conta_id": "Caixa", "suprimento": "Suprimento de caixa", "sangria": "Sangria de caixa",
         "sobra": "Sobra de caixa", "falta": "Quebra de caixa"}


def map_by_name(store: Store, **names: str) -> CaixaMapping:
    """Choose the conta and categorias by their names in the pulled lists (the stand-in's seed)."""
    wanted = {**NAMES, **names}
    with store.transaction() as session:
        contas = {c.descricao: c.id for c in load_contas(session)}
        categorias = {c.descricao: c.id for c in load_categorias(session)}
        mapping = CaixaMapping(conta_id=contas[wanted["conta_id"]],
                               **{role: categorias[wanted[role]] for role in ("suprimento", "sangria", "sobra", "falta")})
        save_mapping(session, mapping)
    return mapping

"""Choosing where a turno's movements are posted in Bling's Caixa e Bancos: the conta financeira and
the categoria of each role, by id or exact name, among the active ones last pulled from Bling.

A categoria must point the way its role moves money (suprimento and sobra bring money in: a
receita; sangria and falta take it out: a despesa; "receita e despesa" fits both), so a slip of
the list never posts a sangria as income. The caller's transaction holds the change (in store
mode: the store database's, for every caixa).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from pdv_bling.domain.errors import DomainError, DomainErrors
from pdv_bling.store.caixa_mapping import (
    CONTA,
    KEYS,
    ROLES,
    CaixaMapping,
    Choice,
    Role,
    fits,
    load_categorias,
    load_contas,
    load_mapping,
    save_mapping,
)

TIPO_WORDS = {"1": "despesa", "2": "receita", "3": "receita e despesa"}
ROLE_WORDS = {"suprimento": "o suprimento", "sangria": "a sangria", "sobra": "a sobra de caixa",
              "falta": "a falta de caixa"}
CLEAR = ("", "-", "nenhuma", "nenhum")
ROLE_OF: dict[str, Role] = {role: role for role in ROLES}


@dataclass(frozen=True)
class MappingLine:
    key: str  # conta_id or a role
    bling_id: int | None
    name: str | None  # as pulled; None when unset or no longer among the active ones


def set_mapping(session: Session, values: Mapping[str, str | int | None]) -> CaixaMapping:
    """Set the named keys (an id, an exact name, or empty to unset); every problem at once."""
    contas, categorias = load_contas(session), load_categorias(session)
    errors: list[DomainError] = []
    chosen: dict[str, int | None] = {}
    for key, raw in values.items():
        if key not in KEYS:
            errors.append(DomainError("caixa_bancos_key", key, {"value": key, "keys": ", ".join(KEYS)}))
            continue
        if raw is None or str(raw).strip().lower() in CLEAR:
            chosen[key] = None
            continue
        try:
            chosen[key] = _resolve(key, str(raw).strip(), contas if key == CONTA else categorias)
        except DomainError as exc:
            errors.append(exc)
    if errors:
        raise DomainErrors(errors)
    mapping = load_mapping(session).with_values(**chosen)
    save_mapping(session, mapping)
    return mapping


def _resolve(key: str, raw: str, choices: list[Choice]) -> int:
    if not choices:
        raise DomainError("caixa_bancos_no_lists", key)
    what = "conta financeira" if key == CONTA else "categoria"
    found = [c for c in choices if str(c.id) == raw] or [c for c in choices if c.descricao.lower() == raw.lower()]
    if not found:
        raise DomainError("caixa_bancos_unknown", key, {"what": what[:1].upper() + what[1:], "value": raw[:60]})
    if len(found) > 1:
        raise DomainError("caixa_bancos_ambiguous", key,
                          {"what": what, "value": raw[:60], "ids": ", ".join(str(c.id) for c in found)})
    choice = found[0]
    role = ROLE_OF.get(key)
    if role is not None and not fits(role, choice):
        money_in = role in ("suprimento", "sobra")
        raise DomainError("caixa_bancos_wrong_tipo", key, {
            "value": choice.descricao, "tipo": TIPO_WORDS.get(choice.tipo, choice.tipo), "role": ROLE_WORDS[role],
            "direction": "uma entrada" if money_in else "uma saída", "wanted": "receita" if money_in else "despesa"})
    return choice.id


def choices_for(role: Role, categorias: list[Choice]) -> list[Choice]:
    return [c for c in categorias if fits(role, c)]


def mapping_lines(session: Session) -> list[MappingLine]:
    """The mapping as the manager reads it: each key, its id and its name in the pulled lists."""
    mapping = load_mapping(session)
    contas = {c.id: c.descricao for c in load_contas(session)}
    categorias = {c.id: c.descricao for c in load_categorias(session)}
    lines = []
    for key in KEYS:
        bling_id = getattr(mapping, key)
        names = contas if key == CONTA else categorias
        lines.append(MappingLine(key, bling_id, names.get(bling_id) if bling_id is not None else None))
    return lines

"""Where a turno's movements go in Bling's Caixa e Bancos: one conta financeira, and one categoria
per role (suprimento, sangria, and the fechamento's differences: sobra and falta), chosen by the
manager from the lists pulled from Bling (`GET /contas-contabeis`, `GET /categorias/receitas-despesas`).

The choice is five fields of the store's Settings (`caixa_conta_id`, `caixa_categoria_<role>`:
also `pdv-bling config set`), store-wide in store mode like the deposit; the lists are rows of the
settings table the integrador fills and the replica copies to every caixa. Nothing here is ever
guessed: a role without a categoria parks its postings until it is chosen.
"""

from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

from sqlalchemy.orm import Session

from pdv_bling.store.settings import get_value, load_settings, save_settings, set_value

CONTAS_KEY = "caixa_bancos_contas"  # [{"id", "descricao", "tipo"}]: the active contas, as last pulled
CATEGORIAS_KEY = "caixa_bancos_categorias"  # [{"id", "descricao", "tipo", "pai_id"}]: active categorias
PULL_ASKED_KEY = "caixa_bancos_pull_asked"  # store mode: a caixa asked the integrador for the lists
SETTING_KEYS = (CONTAS_KEY, CATEGORIAS_KEY)  # replicated to every caixa of a store
SYNC_MODEL = "caixa_bancos"  # its SyncState row: when the lists were last pulled

Role = Literal["suprimento", "sangria", "sobra", "falta"]
ROLES: tuple[Role, ...] = ("suprimento", "sangria", "sobra", "falta")
CONTA = "conta_id"
KEYS = (CONTA, *ROLES)  # what a mapping holds, as `pdv-bling caixa-bancos set` names it
CATEGORIA_TIPOS = {"suprimento": (2, 3), "sobra": (2, 3), "sangria": (1, 3), "falta": (1, 3)}  # receita / despesa


def role_of(papel: str, tipo: str) -> Role:
    """The role of an outbox posting: its papel, and for a fechamento difference ("diferenca") its
    direction; "sobra" and "falta" name the difference's role themselves."""
    if papel == "diferenca":
        return "sobra" if tipo == "E" else "falta"
    for role in ROLES:
        if papel == role:
            return role
    raise ValueError(f"unknown papel {papel!r}")


@dataclass(frozen=True)
class CaixaMapping:
    conta_id: int | None = None
    suprimento: int | None = None
    sangria: int | None = None
    sobra: int | None = None
    falta: int | None = None

    def categoria(self, role: Role) -> int | None:
        value: int | None = getattr(self, role)
        return value

    @property
    def any_set(self) -> bool:
        return any(v is not None for v in asdict(self).values())

    @property
    def missing(self) -> tuple[str, ...]:
        """What is not chosen yet: CONTA and the roles without a categoria."""
        return tuple(key for key in KEYS if getattr(self, key) is None)

    def with_values(self, **values: int | None) -> CaixaMapping:
        return replace(self, **values)


def _id(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


FIELD_OF: dict[str, str] = {CONTA: "caixa_conta_id", **{role: f"caixa_categoria_{role}" for role in ROLES}}  # Settings


def load_mapping(session: Session) -> CaixaMapping:
    settings = load_settings(session)
    return CaixaMapping(**{key: getattr(settings, field) for key, field in FIELD_OF.items()})


def save_mapping(session: Session, mapping: CaixaMapping) -> None:
    previous = load_settings(session)
    wanted = {field: getattr(mapping, key) for key, field in FIELD_OF.items()}
    save_settings(session, dataclasses.replace(previous, **wanted), previous=previous)


@dataclass(frozen=True)
class Choice:
    """A conta financeira or a categoria as pulled, for the lists the manager picks from."""

    id: int
    descricao: str
    tipo: str  # contas: caixa, banco...; categorias: "1" despesa, "2" receita, "3" ambos
    pai_id: int | None = None


def fits(role: Role, categoria: Choice) -> bool:
    """Does this categoria point the way the role moves money? (an unknown tipo is allowed)"""
    try:
        return int(categoria.tipo) in CATEGORIA_TIPOS[role]
    except ValueError:
        return True


def load_contas(session: Session) -> list[Choice]:
    return [_choice(row) for row in get_value(session, CONTAS_KEY) or [] if isinstance(row, dict) and row.get("id")]


def load_categorias(session: Session) -> list[Choice]:
    return [_choice(row) for row in get_value(session, CATEGORIAS_KEY) or []
            if isinstance(row, dict) and row.get("id")]


def _choice(row: dict[str, Any]) -> Choice:
    return Choice(id=int(row["id"]), descricao=str(row.get("descricao") or ""), tipo=str(row.get("tipo") or ""),
                  pai_id=_id(row.get("pai_id")))


def save_lists(session: Session, *, contas: list[Choice], categorias: list[Choice]) -> None:
    set_value(session, CONTAS_KEY, [asdict(c) for c in contas])
    set_value(session, CATEGORIAS_KEY, [asdict(c) for c in categorias])

"""Local operators (the counter's "Vendedor") and their link to a Bling vendedor, for the
Integração Bling > Vendedores screen and the first-run guide. A sale carries the vendedor of its
operator only when the operator is linked (the manual: only vendedores synced with Bling)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pdv_bling.domain.errors import DomainError
from pdv_bling.domain.sale import clean_text
from pdv_bling.store.models import BlingVendedor, Seller


@dataclass(frozen=True)
class OperatorRow:
    seller_id: int
    name: str
    vendedor_id: int | None


@dataclass(frozen=True)
class VendedorChoice:
    bling_id: int
    nome: str
    active: bool


def operators(session: Session) -> list[OperatorRow]:
    stmt = select(Seller).where(Seller.active.is_(True)).order_by(Seller.name)
    return [OperatorRow(s.id, s.name, s.bling_vendedor_id) for s in session.scalars(stmt)]


def vendedores(session: Session) -> list[VendedorChoice]:
    """Bling vendedores as last pulled (active ones first)."""
    rows = session.scalars(select(BlingVendedor).order_by(BlingVendedor.nome))
    found = [VendedorChoice(v.bling_id, v.nome, (v.situacao or "A") == "A") for v in rows]
    return sorted(found, key=lambda v: (not v.active, v.nome.lower()))


def save_links(session: Session, links: dict[int, int | None]) -> int:
    """Operator id -> Bling vendedor id (None = no link). Returns how many changed."""
    changed = 0
    for seller_id, vendedor_id in links.items():
        seller = session.get(Seller, seller_id)
        if seller is None:
            raise DomainError("seller_unknown", "vendedor", {"value": seller_id})
        if seller.bling_vendedor_id != vendedor_id:
            seller.bling_vendedor_id = vendedor_id
            changed += 1
    return changed


def add_operator(session: Session, name: str, *, vendedor_id: int | None = None) -> int:
    """A new local operator (name unique, ignoring case). Returns its id."""
    clean = clean_text(name, field="vendedor", max_len=120)
    assert clean is not None  # required=True
    taken = session.scalars(select(Seller).where(func.lower(Seller.name) == clean.lower())).first()
    if taken is not None:
        raise DomainError("seller_exists", "vendedor", {"value": clean})
    seller = Seller(name=clean, bling_vendedor_id=vendedor_id, active=True)
    session.add(seller)
    session.flush()
    return seller.id


def import_vendedores(session: Session) -> int:
    """One linked operator per active Bling vendedor that has none yet (by link or by name)."""
    linked = set(session.scalars(select(Seller.bling_vendedor_id).where(Seller.bling_vendedor_id.is_not(None))))
    names = {n.lower() for n in session.scalars(select(Seller.name))}
    added = 0
    for vendedor in vendedores(session):
        if not vendedor.active or vendedor.bling_id in linked or vendedor.nome.lower() in names or not vendedor.nome:
            continue
        session.add(Seller(name=vendedor.nome[:120], bling_vendedor_id=vendedor.bling_id, active=True))
        names.add(vendedor.nome.lower())
        added += 1
    return added

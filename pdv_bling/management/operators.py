"""Set-up a store can do from the command line as well as from the screens: local operators
(vendedores at the counter, optionally linked to a Bling vendedor) and the DE-PARA of payment
methods. Every function validates first and raises a DomainError naming the problem.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pdv_bling.counter.lookups import find_vendedor
from pdv_bling.domain.errors import DomainError
from pdv_bling.domain.sale import clean_text
from pdv_bling.management.local_admin import save_payment_mapping
from pdv_bling.store.models import BlingFormaPagamento, BlingVendedor, PaymentMethod, Seller


@dataclass(frozen=True)
class OperatorRow:
    name: str
    active: bool
    bling_vendedor_id: int | None
    bling_vendedor: str | None


@dataclass(frozen=True)
class MappingLine:
    method: str
    bling_id: int | None
    bling_name: str | None


def list_operators(session: Session) -> list[OperatorRow]:
    vendedores: dict[int | None, str] = dict(session.execute(select(BlingVendedor.bling_id, BlingVendedor.nome)).all())
    return [OperatorRow(s.name, s.active, s.bling_vendedor_id, vendedores.get(s.bling_vendedor_id))
            for s in session.scalars(select(Seller).order_by(func.lower(Seller.name)))]


def add_operator(session: Session, name: str, *, vendedor: str | int | None = None) -> Seller:
    clean = clean_text(name, field="operador", max_len=120)
    assert clean is not None
    if _operator(session, clean) is not None:
        raise DomainError("operator_exists", "operador", {"value": clean})
    linked = find_vendedor(session, vendedor) if vendedor not in (None, "") else None
    seller = Seller(name=clean, bling_vendedor_id=linked.bling_id if linked else None, active=True)
    session.add(seller)
    session.flush()
    return seller


def link_operator(session: Session, name: str, vendedor: str | int | None) -> Seller:
    seller = _require(session, name)
    seller.bling_vendedor_id = find_vendedor(session, vendedor).bling_id if vendedor not in (None, "") else None
    return seller


def set_operator_active(session: Session, name: str, *, active: bool) -> Seller:
    seller = _require(session, name)
    seller.active = active
    return seller


def _operator(session: Session, name: str) -> Seller | None:
    return session.scalars(select(Seller).where(func.lower(Seller.name) == name.strip().lower())).first()


def _require(session: Session, name: str) -> Seller:
    seller = _operator(session, name) if isinstance(name, str) else None
    if seller is None:
        raise DomainError("operator_unknown", "operador", {"value": str(name)[:60]})
    return seller


# ---------------------------------------------------------------- DE-PARA


def mapping(session: Session) -> list[MappingLine]:
    formas: dict[int | None, str] = dict(
        session.execute(select(BlingFormaPagamento.bling_id, BlingFormaPagamento.descricao)).all())
    methods = session.scalars(select(PaymentMethod).where(PaymentMethod.active.is_(True)).order_by(PaymentMethod.id))
    return [MappingLine(m.name, m.bling_forma_pagamento_id, formas.get(m.bling_forma_pagamento_id)) for m in methods]


def find_forma(session: Session, ref: str) -> BlingFormaPagamento:
    """An active Bling forma de pagamento (pulled from Bling) by id or description, ignoring case."""
    text = ref.strip()
    if text.isascii() and text.isdigit():
        found = [f for f in [session.get(BlingFormaPagamento, int(text))] if f is not None]
    else:
        stmt = select(BlingFormaPagamento).where(func.lower(BlingFormaPagamento.descricao) == text.lower())
        found = list(session.scalars(stmt))
    found = [f for f in found if f.situacao == 1]
    if not found:
        raise DomainError("forma_unknown", "forma_bling", {"value": text[:60]})
    if len(found) > 1:
        raise DomainError("forma_ambiguous", "forma_bling", {"value": text[:60],
                                                             "ids": ", ".join(str(f.bling_id) for f in found)})
    return found[0]


def map_method(session: Session, method: str, forma: str | None) -> PaymentMethod:
    """Point a local payment method at a Bling forma de pagamento (None: "Não informado")."""
    found = session.scalars(select(PaymentMethod).where(func.lower(PaymentMethod.name) == method.strip().lower())
                            ).first()
    if found is None or not found.active:
        raise DomainError("payment_method_unknown", "forma", {"value": method[:60]})
    target = find_forma(session, forma).bling_id if forma is not None else None
    save_payment_mapping(session, {found.id: target})
    return found

"""First-start data: the local payment methods the manual lists (Financeiro > Métodos de
pagamento), unmapped until the manager fills the DE-PARA."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from pdv_bling.store.models import PaymentMethod

DEFAULT_METHODS: tuple[tuple[str, str, bool], ...] = (
    # name, kind, gives change
    ("Dinheiro", "cash", True),
    ("Crédito em Loja", "store_credit", False),
    ("Pontos de Fidelidade", "loyalty", False),
    ("Boleto", "boleto", False),
    ("Vale Presente", "gift_card", False),
    ("Cheque", "cheque", False),
    ("Cartão de Crédito", "credit_card", False),
    ("Cartão de Débito", "debit_card", False),
    ("PIX", "pix", False),
)


def ensure_defaults(session: Session) -> None:
    if session.scalars(select(PaymentMethod.id).limit(1)).first() is not None:
        return
    for name, kind, gives_change in DEFAULT_METHODS:
        session.add(PaymentMethod(name=name, kind=kind, gives_change=gives_change))

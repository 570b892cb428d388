"""A store database rewound (restored from an older copy, or moved with a dump that missed its last
minutes) has lost records the caixas still hold, and the claims they were made under: a credit
claim lost there let another caixa spend the same credit again before the caixa that spent it first
handed its spending over again (found by bench/harness_lifecycle.py).

So once a rewind is seen (the integrador declares it, or a caixa finds the store behind its own
sequence), the store waits for every caixa to hand its records over again and makes no new claim
meanwhile: returning units or spending credit that another caixa could touch is refused with the
caixas it waits for (`store_catching_up`), and a spending whose claim the store lost keeps its
credit reserved while it waits for its grant. Each caixa leaves the list at the end of its next
handover pass; one that will not come back leaves it with `pdv-bling store claims release CAIXA`.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from pdv_bling.domain.errors import DomainError, DomainErrors
from pdv_bling.store.models import Setting, StoreCaixa
from pdv_bling.store.settings import get_value, set_value

KEY = "store_catching_up"  # {installation id: terminal id} of the caixas the store still waits for


def waiting(session: Session) -> dict[str, str]:
    value = get_value(session, KEY)
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def begin(session: Session, *, but: str | None = None) -> None:
    """A rewind was seen: wait for every caixa of the store (but `but`, handing over right now).
    A wait already running is left as it is: the caixas that came back stay back."""
    if waiting(session):
        return
    caixas = {c.installation_id: c.terminal_id for c in session.scalars(
        select(StoreCaixa).where(StoreCaixa.left_at.is_(None))) if c.installation_id != but}
    if caixas:
        set_value(session, KEY, caixas)


def back(session: Session, installation: str) -> None:
    """This caixa handed over again what the store lost (or will not come back)."""
    if installation not in waiting(session):
        return
    row = session.get(Setting, KEY, with_for_update=True)  # two caixas back at once: one after the other
    if row is not None and isinstance(row.value, dict) and installation in row.value:
        rest = {k: v for k, v in row.value.items() if k != installation}
        row.value = rest or None


def refuse_while_waiting(session: Session, field: str) -> None:
    pending = waiting(session)
    if pending:
        raise DomainErrors([DomainError("store_catching_up", field,
                                        {"caixas": ", ".join(sorted(pending.values()))})])

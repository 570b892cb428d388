"""The stock check of an earlier sale (issue "Bling as live accounts behave", item 2), as the
account check shows it: measured by `pdv_bling.sync.stock_check` (settings row "stock_check")."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from pdv_bling.store.backups import when_text
from pdv_bling.sync.stock_check import load_stock_check


@dataclass(frozen=True)
class StockCheckView:
    moved: bool  # Bling's balance moved as the sale said
    born_atendido: bool | None  # the order was created directly in Atendido
    sale: str | None  # which sale was checked (its numeroLoja)
    checked_at: str | None  # as a manager reads it: dd/mm/aaaa HH:MM
    advice: str | None  # the stock check's own pt_BR fix, when it has one
    twice: bool = False  # moved twice: two postings (the account's transitions or the NFC-e, and ours)
    by_note: bool | None = None  # issuing the NFC-e moves stock by itself (None: not measured)


def read_stock_check(session: Session) -> StockCheckView | None:
    """None until the stock check has a verdict (still measuring, or a row not recognised)."""
    try:
        check = load_stock_check(session)
    except (TypeError, ValueError):  # a row written by another version: not yet checked
        return None
    if check is None or check.moved is None:
        return None
    return StockCheckView(moved=check.moved, born_atendido=check.born_atendido, sale=check.numero_loja,
                          checked_at=when_text(check.checked_at) if check.checked_at else None,
                          advice=check.fix, twice=check.status == "moved_twice", by_note=check.note_moves_stock)

"""The stock check of an earlier sale (issue "Bling as live accounts behave", item 2), as the
account check shows it: built by `pdv_bling.sync.stock_check` (settings row "stock_check").

That module may not exist in this build: then the row is read directly. Either way only a few
well-known fields are looked at, and anything unrecognised reads as "not yet checked".
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from pdv_bling.store.settings import get_value

STOCK_CHECK_MODULE = "pdv_bling.sync.stock_check"
STOCK_CHECK_KEY = "stock_check"


@dataclass(frozen=True)
class StockCheckView:
    moved: bool  # Bling's balance moved as the sale said
    born_atendido: bool | None  # the order was created directly in Atendido
    sale: str | None  # which sale was checked (number or numeroLoja)
    checked_at: str | None
    advice: str | None  # the stock check's own pt_BR fix, when it has one


def read_stock_check(session: Session) -> StockCheckView | None:
    """None until the stock check has run (or when its result is not recognised)."""
    raw = _load(session)
    if raw is None:
        return None
    moved = _pick(raw, "moved", "stock_moved", "estoque_baixou", "ok")
    if not isinstance(moved, bool):
        return None
    born = _pick(raw, "born_atendido", "created_atendido", "nasceu_atendido")
    sale = _pick(raw, "sale_number", "numero_loja", "sale")
    when = _pick(raw, "checked_at", "at", "finished_at")
    advice = _pick(raw, "fix", "advice", "suggested_fix", "check")
    return StockCheckView(moved=moved, born_atendido=born if isinstance(born, bool) else None,
                          sale=str(sale) if sale not in (None, "") else None,
                          checked_at=str(when) if when else None, advice=str(advice) if advice else None)


def _load(session: Session) -> Any:
    try:
        module = importlib.import_module(STOCK_CHECK_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name != STOCK_CHECK_MODULE:
            raise
        return get_value(session, STOCK_CHECK_KEY)
    return module.load_stock_check(session)


def _pick(raw: Any, *names: str) -> Any:
    for name in names:
        value = raw.get(name) if isinstance(raw, dict) else getattr(raw, name, None)
        if value is not None:
            return value
    return None

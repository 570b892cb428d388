"""Changing the terminal id (Configurações > Terminal (PDV), `pdv-bling terminal NOVO`).

The terminal id is the first half of every `numeroLoja` (`PDV02-0000042`). A sale whose order
never left for Bling takes the new series with it: its `numeroLoja` is rewritten in the same
transaction as the setting, so a folder that found its series in use by another installation
sends its waiting sales under the new one. A sale that may be in Bling (delivered, or an attempt
whose outcome is unknown) keeps its number: recovery looks it up under that number.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from pdv_bling.store import outbox
from pdv_bling.store.identity import installation_id
from pdv_bling.store.models import OutboxItem, Sale, utcnow
from pdv_bling.store.settings import TERMINAL_CONFLICT, get_value, set_value

# Why a sale's order creation waits for a new terminal id (the fixes' codes, sync/fixes.py).
ORDER_OF_ANOTHER_SALE, SERIES_IN_USE = "pedido_de_outra_venda", "terminal_em_conflito"
PARKED_BY_CONFLICT = (ORDER_OF_ANOTHER_SALE, SERIES_IN_USE)


def adopt_terminal(session: Session, terminal: str) -> int:
    """Inside the caller's transaction (which saves the new setting): renumber the sales that
    never left under `terminal`, drop a conflict of another series and put the sales it parked
    back in the queue. Returns how many sales were renumbered."""
    renumbered = 0
    own = installation_id(session)
    for sale, create in _unsent(session):
        if sale.terminal_id == terminal or sale.installation_id not in (own, None):
            continue
        sale.terminal_id = terminal
        sale.numero_loja = f"{terminal}-{sale.number:07d}"
        renumbered += 1
        if create.state == outbox.PARKED and create.error_code in PARKED_BY_CONFLICT:
            create.state, create.attempts, create.next_attempt_at = outbox.PENDING, 0, utcnow()
            create.error_code = create.suggested_fix = create.last_error = None
    conflict = get_value(session, TERMINAL_CONFLICT)
    if isinstance(conflict, dict) and conflict.get("terminal") != terminal:
        set_value(session, TERMINAL_CONFLICT, None)
    return renumbered


def _unsent(session: Session) -> list[tuple[Sale, OutboxItem]]:
    """Sales whose order creation is waiting and provably never reached Bling."""
    rows = session.execute(
        select(Sale, OutboxItem)
        .join(OutboxItem, OutboxItem.sale_id == Sale.id)
        .where(
            OutboxItem.kind == outbox.SALE_CREATE,
            OutboxItem.state.in_((outbox.PENDING, outbox.PARKED)),
            Sale.bling_id.is_(None),
        )
        .order_by(Sale.id)
    ).all()
    return [(sale, item) for sale, item in rows if not (item.result or {}).get("maybe_sent")]

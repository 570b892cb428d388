"""Outbox repository: enqueueing (inside the caller's business transaction), counts, listing,
and the manager's "Tentar novamente". Delivery state itself is written only by the drainer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.orm import Session

from pdv_bling.store.models import OutboxItem, table_of, utcnow

# Kinds, in the order they appear in a chain.
CUSTOMER_UPSERT = "customer_upsert"
SALE_CREATE = "sale_create"
SALE_TRANSITION = "sale_transition"  # Em aberto -> Atendido (account's transition manager posts)
STOCK_POST = "stock_post"  # lancar-estoque/{idDeposito}
ACCOUNTS_POST = "accounts_post"  # lancar-contas
NFCE_GENERATE = "nfce_generate"  # POST /pedidos/vendas/{id}/gerar-nfce (the draft note)
NFCE_SEND = "nfce_send"  # POST /nfce/{id}/enviar (to SEFAZ)
NFCE_READ = "nfce_read"  # GET /nfce/{id} until situacao 5, then the XML
NFCE_ATTACH = "nfce_attach"
STOCK_REVERSE = "stock_reverse"  # estornar-estoque
ACCOUNTS_REVERSE = "accounts_reverse"  # estornar-contas
SALE_CANCEL = "sale_cancel"  # situação Cancelado
STOCK_ENTRY = "stock_entry"  # POST /estoques operacao E (partial return)
SALE_LOOKUP = "sale_lookup"  # a sale lost with a damaged database: is its order in Bling? (store.salvage)
CAIXA_LANCAMENTO = "caixa_lancamento"  # POST /caixas: a turno's suprimento, sangria or cash difference

KINDS = (
    CUSTOMER_UPSERT,
    SALE_CREATE,
    NFCE_GENERATE,
    NFCE_SEND,
    NFCE_READ,
    SALE_TRANSITION,
    STOCK_POST,
    ACCOUNTS_POST,
    NFCE_ATTACH,
    STOCK_REVERSE,
    ACCOUNTS_REVERSE,
    SALE_CANCEL,
    STOCK_ENTRY,
    SALE_LOOKUP,
    CAIXA_LANCAMENTO,
)

NFCE_STEPS = (NFCE_GENERATE, NFCE_SEND, NFCE_READ)  # issued through Bling, after the order

PENDING, IN_FLIGHT, DONE, PARKED = "pending", "in_flight", "done", "parked"
OPEN_ROWS = text("outbox_items.state != 'done'")  # the WHERE of the partial index ix_outbox_items_open


def sale_chain(sale_id: int) -> str:
    return f"sale:{sale_id}"


def enqueue(
    session: Session,
    *,
    chain: str,
    kind: str,
    sale_id: int | None = None,
    customer_id: int | None = None,
    payload: dict[str, Any] | None = None,
) -> OutboxItem:
    """Add an item to the caller's transaction (same commit as the business record)."""
    item = OutboxItem(**_new_row(chain, kind, sale_id, customer_id, payload, utcnow()))
    session.add(item)
    return item


def _new_row(chain: str, kind: str, sale_id: int | None, customer_id: int | None, payload: dict[str, Any] | None,
             now: dt.datetime) -> dict[str, Any]:
    """A new outbox row's values: pending, never tried."""
    if kind not in KINDS:
        raise ValueError(f"unknown outbox kind {kind}")
    return {"chain": chain, "kind": kind, "sale_id": sale_id, "customer_id": customer_id, "payload": payload or {},
            "state": PENDING, "attempts": 0, "created_at": now}


_INSERT = insert(table_of(OutboxItem))  # built once: the sale's path


def enqueue_all(
    session: Session, *, chain: str, sale_id: int, steps: list[tuple[str, dict[str, Any] | None, int | None]]
) -> None:
    """The steps (kind, payload, customer_id) of one chain, in order, in one INSERT inside the
    caller's transaction: the sale's path, where `enqueue`'s unit of work costs more than the rows."""
    now = utcnow()
    session.execute(_INSERT, [_new_row(chain, kind, sale_id, customer_id, payload, now)
                              for kind, payload, customer_id in steps])


def counts(session: Session) -> dict[str, int]:
    """pending (incl. in flight), parked, done — the tray and status bar figures."""
    result = {PENDING: 0, PARKED: 0, DONE: 0}
    for state, n in session.execute(select(OutboxItem.state, func.count()).group_by(OutboxItem.state)):
        key = PENDING if state == IN_FLIGHT else state
        result[key] = result.get(key, 0) + n
    return result


def has_to_send(session: Session, kinds: Sequence[str]) -> bool:
    """Is any item of these kinds still to be sent (pending or in flight, not parked)?"""
    found = session.execute(select(OutboxItem.id).where(
        OutboxItem.kind.in_(kinds), OPEN_ROWS, OutboxItem.state.in_((PENDING, IN_FLIGHT))).limit(1)).first()
    return found is not None


def pending_count(session: Session) -> int:
    """The tray's figure: items not yet delivered (pending, in flight or parked).

    The condition is the literal of the partial index `ix_outbox_items_open` so SQLite reads only
    that index and skips re-testing each row (a bound parameter costs ~3x with 100,000 open rows).
    """
    stmt = select(func.count()).select_from(OutboxItem).where(OPEN_ROWS)
    return int(session.execute(stmt).scalar_one())


def list_open(session: Session, *, limit: int = 500) -> Sequence[OutboxItem]:
    stmt = select(OutboxItem).where(OutboxItem.state != DONE).order_by(OutboxItem.id).limit(limit)
    return session.scalars(stmt).all()


def retry(session: Session, item_id: int, *, now: dt.datetime | None = None) -> bool:
    """Put a parked item (and so its chain) back in the queue. False if it was not parked.

    For an item parked because its outcome could not be looked up, retrying means the manager
    checked Bling and found nothing: the "maybe sent" mark is dropped so it is sent again. Any
    other item keeps it, so an order that may exist is still looked up before a new POST.
    """
    item = session.get(OutboxItem, item_id)
    if item is None or item.state != PARKED:
        return False
    _requeue(item, now=now)
    return True


def retry_all_parked(session: Session, *, now: dt.datetime | None = None) -> int:
    items = session.scalars(select(OutboxItem).where(OutboxItem.state == PARKED)).all()
    for item in items:
        _requeue(item, now=now)
    return len(items)


def _requeue(item: OutboxItem, *, now: dt.datetime | None) -> None:
    if item.error_code in CONFIRMABLE:
        item.result = None
    item.state = PENDING
    item.next_attempt_at = now or utcnow()
    item.attempts = 0


# parked because Bling cannot tell whether it took effect (stock entry; lançar/estornar after a lost answer)
CONFIRMABLE = ("confirmar_estoque", "confirmar_lancamento", "venda_perdida")


def confirm_delivered(session: Session, item_id: int, *, now: dt.datetime | None = None) -> bool:
    """The manager checked Bling and the parked operation is there: mark it sent ("Já está no
    Bling"). Only for items parked because their outcome could not be looked up."""
    result = session.execute(
        update(OutboxItem)
        .where(OutboxItem.id == item_id, OutboxItem.state == PARKED, OutboxItem.error_code.in_(CONFIRMABLE))
        .values(state=DONE, done_at=now or utcnow(), result={"confirmed_by_manager": True})
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def sale_delivery_state(session: Session, sale_id: int) -> str:
    """"parked" if anything of the sale's chain is parked, "pending" if not all done, else "done"."""
    states = set(session.scalars(select(OutboxItem.state).where(OutboxItem.chain == sale_chain(sale_id))))
    if PARKED in states:
        return PARKED
    if states - {DONE}:
        return PENDING
    return DONE

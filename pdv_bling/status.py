"""`pdv-bling status`: a snapshot of the data folder, schema, outbox and sync state."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from pdv_bling.app_context import AppContext
from pdv_bling.store.engine import current_revision
from pdv_bling.store.models import OutboxItem, SyncState

PULLED_MODELS = ("clientes", "categorias", "produtos", "vendedores", "formas_pagamento", "depositos", "situacoes")


def connection_state(ctx: AppContext) -> str:
    """connected | not_connected | reconnection_needed | keyring_unavailable (no network call)."""
    from pdv_bling.bling.client import open_client
    from pdv_bling.bling.errors import BlingError

    try:
        with open_client(ctx) as client:
            return str(client.connection_state())
    except BlingError as exc:  # KeyringUnavailable where the machine has no keyring
        return exc.code


def outbox_counts(ctx: AppContext) -> dict[str, int]:
    counts = {"pending": 0, "in_flight": 0, "parked": 0, "done": 0}
    with ctx.store.read() as session:
        for state, n in session.execute(select(OutboxItem.state, func.count()).group_by(OutboxItem.state)):
            counts[state] = n
    # an attempt whose outcome is not yet known is still waiting to be confirmed: pending
    counts["pending"] += counts.pop("in_flight")
    return counts


def collect_status(ctx: AppContext) -> dict[str, Any]:
    from pdv_bling.sync.stock_check import load_stock_check

    with ctx.store.read() as session:
        states = {row.model: row for row in session.scalars(select(SyncState))}
        stock_check = load_stock_check(session)
    last_sync: dict[str, str | None] = {}
    for model in PULLED_MODELS:
        when = states[model].last_success_at if model in states else None
        last_sync[model] = when.isoformat() if when else None
    return {
        "connection": connection_state(ctx),
        "data_folder": str(ctx.paths.data),
        "database": str(ctx.paths.database),
        "schema_version": current_revision(ctx.store.engine),
        "outbox": outbox_counts(ctx),
        "last_sync": last_sync,
        "stock_check": stock_check.to_json() if stock_check else None,
    }

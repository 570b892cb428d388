"""`pdv-bling status`: a snapshot of the data folder, schema, outbox and sync state."""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy import func, select

from pdv_bling.cli.registry import command, print_json
from pdv_bling.cli.words import CONNECTION, STOCK_CHECK, word
from pdv_bling.store.context import AppContext
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


def _status_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="saída em JSON")


@command("status")(_status_args)
def _status(args: argparse.Namespace) -> int:
    with AppContext.open() as ctx:
        report = collect_status(ctx)
    if args.json:
        print_json(report)
        return 0
    print(f"Conexão Bling: {word(CONNECTION, report['connection'])}")
    print(f"Pasta de dados: {report['data_folder']}")
    print(f"Versão do esquema: {report['schema_version']}")
    outbox = report["outbox"]
    print(f"Envios pendentes: {outbox['pending']}  Requer atenção: {outbox['parked']}  Enviados: {outbox['done']}")
    for model, when in report["last_sync"].items():
        print(f"Última sincronização {model}: {when or 'nunca'}")
    _print_stock_check(report["stock_check"])
    return 0


def _print_stock_check(check: dict[str, Any] | None) -> None:
    from pdv_bling.sync.fixes import STOCK_CHECK_FIXES

    if check is None or check["status"] == "pending":
        print("Verificação de estoque no Bling: ainda não feita (roda na primeira venda enviada)")
        return
    if check["status"] == "ok":
        print(f"Verificação de estoque no Bling: ok (saldo {check['before']} -> {check['after']}, "
              f"{check['quantidade']} vendido)")
        return
    fix = STOCK_CHECK_FIXES.get(check.get("fix_code") or "")
    print(f"Verificação de estoque no Bling: PROBLEMA ({word(STOCK_CHECK, check['status'])}). "
          f"{fix.check if fix else ''}")

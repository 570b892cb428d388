"""`pdv-bling status`: a snapshot of the data folder, schema, outbox and sync state."""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

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


def outbox_counts(session: Session) -> dict[str, int]:
    counts = {"pending": 0, "in_flight": 0, "parked": 0, "done": 0}
    for state, n in session.execute(select(OutboxItem.state, func.count()).group_by(OutboxItem.state)):
        counts[state] = n
    # an attempt whose outcome is not yet known is still waiting to be confirmed: pending
    counts["pending"] += counts.pop("in_flight")
    return counts


def _queue_and_sync(session: Session) -> dict[str, Any]:
    from pdv_bling.sync.stock_check import load_stock_check

    states = {row.model: row for row in session.scalars(select(SyncState))}
    stock_check = load_stock_check(session)
    last_sync: dict[str, str | None] = {}
    for model in PULLED_MODELS:
        when = states[model].last_success_at if model in states else None
        last_sync[model] = when.isoformat() if when else None
    return {"outbox": outbox_counts(session), "last_sync": last_sync,
            "stock_check": stock_check.to_json() if stock_check else None}


def collect_status(ctx: AppContext) -> dict[str, Any]:
    """This folder's status; on a PC of a store the queue, the pulls and the stock check are the
    store's (read from the store database: `retaguarda.scope`), and a caixa adds what it still
    holds. `store.reachable` False: the store did not answer (a caixa then shows its own copy)."""
    from pdv_bling.retaguarda.handover import not_handed_over
    from pdv_bling.retaguarda.scope import CAIXA, SINGLE, acting_on, mode_of
    from pdv_bling.retaguarda.server import StoreServerError

    mode, url = mode_of(ctx)
    report: dict[str, Any] = {
        "connection": "store_integrator" if mode == CAIXA else connection_state(ctx),
        "data_folder": str(ctx.paths.data),
        "database": str(ctx.paths.database),
        "schema_version": current_revision(ctx.store.engine),
        "mode": mode,
    }
    if mode == SINGLE:
        with ctx.store.read() as session:
            return {**report, **_queue_and_sync(session)}
    store: dict[str, Any] = {"url": url, "reachable": True, "error": None}
    try:
        with acting_on(ctx, writes=False) as scope, scope.store.read() as session:
            report.update(_queue_and_sync(session))
            store["reachable"], store["error"] = scope.offline is None, scope.offline
    except StoreServerError as exc:  # an integrador host whose store does not answer
        store["reachable"], store["error"] = False, str(exc)
        report.update({"outbox": None, "last_sync": None, "stock_check": None})
    if mode == CAIXA:
        with ctx.store.read() as session:
            store["not_handed_over_here"] = not_handed_over(session)
    report["store"] = store
    return report


def _status_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="saída em JSON")


@command("status")(_status_args)
def _status(args: argparse.Namespace) -> int:
    with AppContext.open() as ctx:
        report = collect_status(ctx)
    store = report.get("store")
    code = 0 if store is None or store["reachable"] else 5  # 5: the store server did not answer
    if args.json:
        print_json(report)
        return code
    print(f"Conexão Bling: {word(CONNECTION, report['connection'])}")
    print(f"Pasta de dados: {report['data_folder']}")
    print(f"Versão do esquema: {report['schema_version']}")
    if store is not None:
        state = "conectada" if store["reachable"] else f"sem conexão ({store['error']})"
        print(f"Loja: {'caixa' if report['mode'] == 'caixa' else 'integrador'}; retaguarda {state}")
        if store.get("not_handed_over_here"):
            print(f"Ainda neste caixa, não repassados à retaguarda: {store['not_handed_over_here']}")
    outbox = report["outbox"]
    if outbox is not None:
        which = "da loja" if store is not None and store["reachable"] else ""
        print(f"Envios pendentes{' ' + which if which else ''}: {outbox['pending']}  Requer atenção: "
              f"{outbox['parked']}  Enviados: {outbox['done']}")
    for model, when in (report["last_sync"] or {}).items():
        print(f"Última sincronização {model}: {when or 'nunca'}")
    if outbox is not None:
        _print_stock_check(report["stock_check"])
    return code


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

"""What `sync` and `check` do on a PC of a store (`registry.override`): a caixa hands its records
over to the store server instead of syncing with Bling; `check` asks the store's integrador. Both
answer None on a folder not in a store, and then import nothing of store mode."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pdv_bling.cli.registry import override, print_json
from pdv_bling.cli.words import count
from pdv_bling.domain.errors import DomainError
from pdv_bling.store.context import AppContext
from pdv_bling.store.coordination import STORE_URL_KEY
from pdv_bling.store.settings import get_value

UNREACHABLE = 5  # the store server cannot be reached (as cli/store.py)


@override("check")
def store_mode_check(args: argparse.Namespace) -> int | None:
    """`pdv-bling check` on a PC of a store: only the store's integrador talks to Bling, so it runs
    the check (the store's DE-PARA, queue and request count) and this prints its report. None
    when the folder is not in a store (the check runs here)."""
    from pdv_bling.cli.check import EXIT_CODES, EXIT_NOT_RUN, show
    from pdv_bling.retaguarda.caixa_service import check_through_integrator
    from pdv_bling.retaguarda.integrator import INTEGRATOR_URL_KEY
    from pdv_bling.retaguarda.server import open_server

    with AppContext.open() as ctx, ctx.store.read() as session:
        url = get_value(session, STORE_URL_KEY) or get_value(session, INTEGRATOR_URL_KEY)
    if not url:
        return None
    print("Loja com vários caixas: pedindo a verificação ao integrador da loja…", flush=True)
    server = open_server(str(url), application="pdv-bling-check")
    try:
        report = check_through_integrator(server)
    except DomainError as exc:
        print(f"erro: {exc}", file=sys.stderr)
        return EXIT_NOT_RUN
    finally:
        server.close()
    show(report, as_json=args.json)
    return EXIT_NOT_RUN if report.problem else EXIT_CODES[report.status]


@override("sync")
def store_mode_sync(args: argparse.Namespace) -> int | None:
    """`pdv-bling sync` on a caixa of a store: hand the records over (never Bling). None when the
    folder is not in a store (the normal sync runs)."""
    with AppContext.open() as ctx:
        if ctx.store.coordinator is None:  # not a caixa of a store: nothing of store mode imported
            return None
        from pdv_bling.retaguarda.caixa import StoreLink

        link = ctx.store.coordinator
        if not isinstance(link, StoreLink):
            return None
        if args.pull is not None:
            print("erro: num caixa da loja o catálogo vem da retaguarda (pdv-bling sync --push repassa as vendas).",
                  file=sys.stderr)
        report = link.sync_once()
    data: dict[str, Any] = {"push": {"online": report.online, "error": report.error}}
    if report.handover is not None:
        data["push"].update(report.handover.__dict__)
    if getattr(args, "json", False):
        print_json(data)
    else:
        print(_handover_text(report))
    return 0 if report.online else UNREACHABLE


def _handover_text(report: Any) -> str:
    """What `sync` on a caixa did, in words (the same facts as the `--json` output)."""
    done = report.handover
    if report.error == "busy" or (report.online and done is None):
        return "Outro processo deste caixa já está repassando os registros à retaguarda."
    if not report.online or done is None:
        return (f"Retaguarda sem conexão: {str(report.error or '').rstrip('.')}. Os registros continuam "
                "neste caixa e seguem quando ela voltar.")
    c = count
    return (f"Repassado à retaguarda: {c(done.sales, 'venda', 'vendas')}, "
            f"{c(done.returns, 'troca ou devolução', 'trocas e devoluções')}, {done.documents} NFC-e, "
            f"{c(done.customers, 'cliente', 'clientes')}, {c(done.credits, 'lançamento', 'lançamentos')} de crédito, "
            f"{c(done.items, 'item', 'itens')} da Fila de envio. Ainda neste caixa: "
            f"{c(done.remaining, 'registro', 'registros')}.")

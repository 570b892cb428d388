"""What `sync`, `check`, `connect`, `disconnect` and `terminal` do on a PC of a store
(`registry.override`): a caixa hands its records over to the store server instead of syncing with
Bling; `check` asks the store's integrador; Bling and the terminal id are not a caixa's to change;
`sync` on the integrador's host says where the store's work happens. Each answers None on a folder
not in a store, and then imports nothing of store mode."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pdv_bling.cli import exit_codes
from pdv_bling.cli.registry import override, print_json
from pdv_bling.cli.words import count
from pdv_bling.domain.errors import DomainError
from pdv_bling.store.context import AppContext
from pdv_bling.store.coordination import STORE_URL_KEY
from pdv_bling.store.settings import get_value


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


def _caixa_refuses(args: argparse.Namespace, code: str) -> int | None:
    """On a caixa of a store: Bling and the terminal id are not this PC's to change."""
    with AppContext.open() as ctx:
        if ctx.store.coordinator is None and not get_value_of(ctx, STORE_URL_KEY):
            return None  # not in a store: nothing of store mode imported
        from pdv_bling.retaguarda.scope import CAIXA, mode_of

        mode, _url = mode_of(ctx)
    if mode != CAIXA:
        return None
    from pdv_bling.cli.store import fail
    from pdv_bling.retaguarda.server import StoreServerError

    return fail(StoreServerError(code, "configuracoes.terminal_id" if code == "store_setting_terminal" else None))


@override("connect")
def store_mode_connect(args: argparse.Namespace) -> int | None:
    return _caixa_refuses(args, "store_bling_on_integrator")


@override("disconnect")
def store_mode_disconnect(args: argparse.Namespace) -> int | None:
    return _caixa_refuses(args, "store_bling_on_integrator")


@override("terminal")
def store_mode_terminal(args: argparse.Namespace) -> int | None:
    return _caixa_refuses(args, "store_setting_terminal") if args.terminal is not None else None


@override("sync")
def store_mode_sync(args: argparse.Namespace) -> int | None:
    """`pdv-bling sync` on a caixa of a store: hand the records over (never Bling). None when the
    folder is not in a store (the normal sync runs)."""
    with AppContext.open() as ctx:
        link = ctx.store.coordinator
        if link is None:
            return _on_integrator_host(ctx)
        from pdv_bling.retaguarda.caixa import StoreLink

        if not isinstance(link, StoreLink):
            return _on_integrator_host(ctx)
        if args.pull is not None:
            print("erro: num caixa da loja o catálogo vem da retaguarda (pdv-bling sync --push repassa as vendas).",
                  file=sys.stderr)
        report = link.sync_once()
    busy = report.error == "busy"
    data: dict[str, Any] = {"push": {"online": None if busy else report.online, "busy": busy,
                                     "error": "busy" if busy else (report.problem.code if report.problem else None),
                                     "message": _busy_text() if busy else report.error}}
    if report.handover is not None:
        data["push"].update(report.handover.__dict__)
    if getattr(args, "json", False):
        print_json(data)
    else:
        print(_handover_text(report))
    if busy:
        return exit_codes.BUSY
    if report.problem is not None:
        return exit_codes.of_store_error(report.problem.code)
    return 0


def _on_integrator_host(ctx: AppContext) -> int | None:
    """`sync` on the integrador's host: the store's queue and catalogue are the integrador
    service's. Only this folder's own undelivered items (from before it hosted the integrador) are
    still sent by `sync` here; otherwise it says where the work happens."""
    from pdv_bling.retaguarda.scope import INTEGRADOR, mode_of
    from pdv_bling.store import outbox

    mode, _url = mode_of(ctx)
    if mode != INTEGRADOR:
        return None
    with ctx.store.read() as session:
        counts = outbox.counts(session)
    if counts[outbox.PENDING] + counts[outbox.PARKED]:
        return None
    print("Este computador é o integrador da loja: a Fila de envio e o catálogo da loja são do serviço "
          "pdv-bling integrator (uma passada agora: pdv-bling integrator --once; a fila: pdv-bling outbox list). "
          "Nada foi feito por este comando.", file=sys.stderr)
    return exit_codes.REFUSED


def _busy_text() -> str:
    from pdv_bling.domain.messages import message_for
    from pdv_bling.retaguarda.server import StoreServerError

    return message_for(StoreServerError("store_busy_here", None))


def _handover_text(report: Any) -> str:
    """What `sync` on a caixa did, in words (the same facts as the `--json` output)."""
    done = report.handover
    if report.error == "busy":
        return _busy_text()
    if report.online and report.problem is not None:
        return f"A retaguarda recusou o repasse: {str(report.error or '').rstrip('.')}. Os registros continuam neste caixa."
    if not report.online or done is None:
        return (f"Retaguarda sem conexão: {str(report.error or '').rstrip('.')}. Os registros continuam "
                "neste caixa e seguem quando ela voltar.")
    c = count
    return (f"Repassado à retaguarda: {c(done.sales, 'venda', 'vendas')}, "
            f"{c(done.returns, 'troca ou devolução', 'trocas e devoluções')}, {done.documents} NFC-e, "
            f"{c(done.customers, 'cliente', 'clientes')}, {c(done.credits, 'lançamento', 'lançamentos')} de crédito, "
            f"{c(done.items, 'item', 'itens')} da Fila de envio. Ainda neste caixa: "
            f"{c(done.remaining, 'registro', 'registros')}.")


def get_value_of(ctx: AppContext, key: str) -> str | None:
    with ctx.store.read() as session:
        value = get_value(session, key)
    return str(value) if value else None

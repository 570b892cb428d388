"""CLI of store mode: `store init|join|status`, `integrator`, `troca add` (what `sync` and `check`
do on a PC of a store is `cli/store_mode.py`). Exit codes other tools can rely on:

0 done · 2 refused (bad input, nothing written) · 3 standby (another integrador leads) ·
5 store server unreachable · 6 this folder is not in a store.
"""

from __future__ import annotations

import argparse
import getpass
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from pdv_bling.cli.registry import command, print_json
from pdv_bling.cli.words import INTEGRATOR_ROLE, word
from pdv_bling.domain.errors import DomainError, DomainErrors
from pdv_bling.retaguarda import caixa as _caixa  # noqa: F401  (registers the caixa's link for AppContext.open)
from pdv_bling.retaguarda.server import StoreServerError, normalize_url, save_password
from pdv_bling.store.context import AppContext
from pdv_bling.store.coordination import STORE_URL_KEY
from pdv_bling.store.settings import get_value, set_value

REFUSED, STANDBY, UNREACHABLE, NOT_IN_STORE = 2, 3, 5, 6


def _fail(exc: DomainError | DomainErrors) -> int:
    errors = exc.errors if isinstance(exc, DomainErrors) else [exc]
    for error in errors:
        print(f"erro: {error}", file=sys.stderr)
    codes = {e.code for e in errors}
    return UNREACHABLE if codes & {"store_unreachable", "store_auth_failed"} else REFUSED


def _password(args: argparse.Namespace) -> str | None:
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\r\n")
    if getattr(args, "ask_password", False):
        return getpass.getpass("Senha do banco da loja: ")
    return None


# ---------------------------------------------------------------- store


def _store_args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="store_command", required=True, metavar="ACAO")
    init = sub.add_parser("init", help="cria ou atualiza o banco da loja (PostgreSQL)")
    join = sub.add_parser("join", help="liga esta pasta de dados à loja como um caixa")
    for p in (init, join):
        p.add_argument("url", metavar="URL", help="postgresql://usuario@servidor:5432/banco[?sslmode=require]")
        p.add_argument("--password-stdin", action="store_true", help="lê a senha do banco da entrada padrão")
        p.add_argument("--ask-password", action="store_true", help="pergunta a senha do banco")
        p.add_argument("--json", action="store_true", help="saída em JSON")
    join.add_argument("--terminal", required=True,
                      help="identificador de terminal deste caixa na loja (ex.: PDV02)")
    status = sub.add_parser("status", help="caixas, registros ainda não repassados, o integrador, "
                                            "a Fila de envio da loja")
    status.add_argument("--json", action="store_true", help="saída em JSON")
    sub.add_parser("leave", help="esta pasta deixa de ser um caixa da loja")


@command("store")(_store_args)
def _store(args: argparse.Namespace) -> int:
    from pdv_bling.retaguarda import status as store_status
    from pdv_bling.retaguarda.membership import join_store, leave_store
    from pdv_bling.retaguarda.server import init_store

    with AppContext.open() as ctx:
        try:
            if args.store_command == "init":
                url, in_url = normalize_url(args.url)
                password = _password(args) or in_url
                revision = init_store(url, password=password)
                if password:
                    save_password(url, password)
                with ctx.store.transaction() as session:
                    set_value(session, "integrator_store_url", url)
                _out(args, {"url": url, "schema_version": revision},
                     f"Banco da loja pronto ({url}, versão {revision}).")
                return 0
            if args.store_command == "join":
                joined = join_store(ctx, args.url, terminal=args.terminal, password=_password(args))
                link = _link(ctx)
                report = link.sync_once() if link is not None else None
                data = {"terminal": joined.terminal, "installation_id": joined.installation, "url": joined.url,
                        "already_joined": joined.already, "online": bool(report and report.online)}
                _out(args, data, f"Caixa {joined.terminal} na loja ({joined.url}).")
                return 0
            if args.store_command == "leave":
                leave_store(ctx)
                print("Esta pasta não é mais um caixa da loja: a retaguarda recebeu tudo o que ela registrou. "
                      "As próximas vendas vão direto ao Bling; para voltar, use pdv-bling store join.")
                return 0
            report = store_status.collect(ctx)
        except (DomainError, DomainErrors) as exc:
            return _fail(exc)
    if args.json:
        print_json(report)
    else:
        store_status.print_text(report)
    if report.get("mode") == "single":
        return NOT_IN_STORE
    return 0 if report.get("store_reachable") else UNREACHABLE


def _out(args: argparse.Namespace, data: dict[str, Any], text: str) -> None:
    if getattr(args, "json", False):
        print_json(data)
    else:
        print(text)


def _link(ctx: AppContext) -> Any:
    from pdv_bling.retaguarda.caixa import StoreLink

    return ctx.store.coordinator if isinstance(ctx.store.coordinator, StoreLink) else StoreLink.attach(ctx)


# ---------------------------------------------------------------- integrator


def _integrator_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", metavar="URL", help="o banco da loja (padrão: o que `store init` gravou)")
    parser.add_argument("--once", action="store_true",
                        help="uma passada: assume o envio se estiver livre, envia e sai")
    parser.add_argument("--json", action="store_true", help="saída em JSON")


@command("integrator")(_integrator_args)
def _integrator(args: argparse.Namespace) -> int:
    from pdv_bling.retaguarda.integrator import INTEGRATOR_URL_KEY, Integrator

    with AppContext.open() as ctx:
        try:
            url = normalize_url(args.store)[0] if args.store else None
        except StoreServerError as exc:
            return _fail(exc)
        with ctx.store.transaction() as session:
            if url:
                set_value(session, INTEGRATOR_URL_KEY, url)
            url = url or get_value(session, INTEGRATOR_URL_KEY) or get_value(session, STORE_URL_KEY)
        if not url:
            print("erro: informe o banco da loja: pdv-bling integrator --store postgresql://...", file=sys.stderr)
            return NOT_IN_STORE
        integrator = Integrator(ctx, str(url))
        try:
            if args.once:
                report = integrator.run_once()
                if args.json:
                    print_json(report.__dict__)
                else:
                    print(f"integrador: {word(INTEGRATOR_ROLE, report.role)} (época {report.epoch}), enviados {report.delivered}, "
                          f"requer atenção {report.parked}")
                return 0 if report.role == "leader" else STANDBY
            stop = threading.Event()
            for sig in (signal.SIGINT, signal.SIGTERM):
                signal.signal(sig, lambda *_a: stop.set())
            print(f"integrador: aguardando a vez de enviar ({integrator.leadership.holder})", flush=True)
            integrator.run_forever(should_stop=stop.is_set)
            return 0
        finally:
            integrator.stop()


# ---------------------------------------------------------------- troca


def _troca_args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="troca_command", required=True, metavar="ACAO")
    add = sub.add_parser("add", help="registra uma troca ou devolução a partir de um arquivo JSON "
                                      "(ou - para a entrada padrão)")
    add.add_argument("file", metavar="ARQUIVO")
    add.add_argument("--json", action="store_true", help="saída em JSON")


@command("troca")(_troca_args)
def _troca(args: argparse.Namespace) -> int:
    from pdv_bling.cli.exchange_input import parse_exchange_bytes
    from pdv_bling.cli.troca import record_exchange_input

    try:
        raw = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except OSError as exc:
        print(f"erro: não foi possível ler o arquivo {args.file}: {exc.strerror}", file=sys.stderr)
        return REFUSED
    with AppContext.open() as ctx:
        try:
            result = record_exchange_input(ctx, parse_exchange_bytes(raw))
        except (DomainError, DomainErrors) as exc:
            return _fail(exc)
    if args.json:
        print_json(result)
    else:
        new = f", nova venda {result['new_sale_number']}" if result["new_sale_number"] else ""
        print(f"Troca/devolução {result['return_id']} registrada ({result['settlement']}), crédito "
              f"{result['credit_granted_cents'] / 100:.2f}{new}.")
    return 0

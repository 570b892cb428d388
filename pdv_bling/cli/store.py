"""CLI of store mode: `store init|join|status`, `integrator`, `troca add` (what `sync` and `check`
do on a PC of a store is `cli/store_mode.py`). Exit codes other tools can rely on:

0 done · 2 refused (bad input, wrong password, nothing written) · 3 busy (this caixa's link is
handing over now, or the store database kept a lock: try again) or, for `integrator --once`,
standby (another integrador leads) · 5 store server unreachable · 6 this folder is not in a store ·
18 no keyring to keep the password or the Bling tokens (and libpq finds no password either).
"""

from __future__ import annotations

import argparse
import getpass
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from pdv_bling.cli import exit_codes
from pdv_bling.cli.registry import command, print_json
from pdv_bling.cli.words import INTEGRATOR_ROLE, word
from pdv_bling.domain.errors import DomainError, DomainErrors
from pdv_bling.retaguarda import caixa as _caixa  # noqa: F401  (registers the caixa's link for AppContext.open)
from pdv_bling.retaguarda.server import (
    StoreServerError,
    check_schema,
    keep_password,
    normalize_url,
    open_server,
)
from pdv_bling.store.context import AppContext
from pdv_bling.store.coordination import STORE_URL_KEY
from pdv_bling.store.settings import get_value, set_value

REFUSED, STANDBY, UNREACHABLE, NOT_IN_STORE = 2, 3, 5, 6
KEPT = {"keyring": " A senha ficou no cofre de senhas deste computador.",
        "libpq": " A senha não foi guardada pelo PDV Bling: o libpq a encontra (PGPASSFILE, ~/.pgpass ou PGPASSWORD)."}


def fail(exc: DomainError | DomainErrors) -> int:
    """Print each refusal in pt_BR; the exit code tells unreachable (5) from busy (3), a keyring
    missing (18) and refused (2)."""
    errors = exc.errors if isinstance(exc, DomainErrors) else [exc]
    for error in errors:
        print(f"erro: {error}", file=sys.stderr)
    codes = [exit_codes.of_store_error(e.code) for e in errors]
    return next((code for code in codes if code != REFUSED), REFUSED)




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
                kept = keep_password(url, password) if password else None  # before anything is written
                revision = init_store(url, password=password)
                with ctx.store.transaction() as session:
                    set_value(session, "integrator_store_url", url)
                _serve_this_store(ctx, url, password)
                _out(args, {"url": url, "schema_version": revision, "password_kept": kept},
                     f"Banco da loja pronto ({url}, versão {revision}).{KEPT.get(kept or '', '')}")
                return 0
            if args.store_command == "join":
                password = _password(args)
                joined = join_store(ctx, args.url, terminal=args.terminal, password=password)
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
            return fail(exc)
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


def _serve_this_store(ctx: AppContext, url: str, password: str | None) -> None:
    """`store init` names this host's store: an integrador's memory of another store starts over."""
    from pdv_bling.retaguarda.integrator import LINEAGE_KEY
    from pdv_bling.retaguarda.lineage import forget_other_store

    server = open_server(url, password=password)
    try:
        forget_other_store(ctx.store, LINEAGE_KEY, server)
    finally:
        server.close()


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
            return fail(exc)
        with ctx.store.transaction() as session:
            if url:
                set_value(session, INTEGRATOR_URL_KEY, url)
            url = url or get_value(session, INTEGRATOR_URL_KEY) or get_value(session, STORE_URL_KEY)
        if not url:
            print("erro: informe o banco da loja: pdv-bling integrator --store postgresql://...", file=sys.stderr)
            return NOT_IN_STORE
        refused = _integrator_cannot_start(ctx, str(url))
        if refused is not None:
            return refused
        integrator = Integrator(ctx, str(url))
        try:
            if args.once:
                report = integrator.run_once()
                if args.json:
                    print_json(report.__dict__)
                else:
                    print(_integrator_line(report))
                if report.role == "not_ready":
                    return REFUSED
                return {"leader": 0, "unreachable": UNREACHABLE}.get(report.role, STANDBY)
            stop = threading.Event()
            for sig in (signal.SIGINT, signal.SIGTERM):
                signal.signal(sig, lambda *_a: stop.set())
            print(f"integrador: aguardando a vez de enviar ({integrator.leadership.holder})", flush=True)
            integrator.run_forever(should_stop=stop.is_set, on_report=_changes_printer())
            return 0
        except (DomainError, DomainErrors) as exc:  # e.g. the store behind transaction pooling
            return fail(exc)
        finally:
            integrator.stop()


def _integrator_line(report: Any) -> str:
    from pdv_bling.domain.store_messages import INTEGRATOR_HEALTH

    line = (f"integrador: {word(INTEGRATOR_ROLE, report.role)} (época {report.epoch}), enviados {report.delivered}, "
            f"requer atenção {report.parked}")
    return line + (f"; {word(INTEGRATOR_HEALTH, report.health)}" if report.health else "")


def _changes_printer() -> Any:
    """For the service's log: one line whenever the role or the Bling side's health changes."""
    from pdv_bling.domain.store_messages import INTEGRATOR_HEALTH

    last: list[tuple[str, str | None]] = []

    def show(report: Any) -> None:
        state = (report.role, report.health)
        if last and last[-1] == state:
            return
        last[:] = [state]
        health = f" — {word(INTEGRATOR_HEALTH, report.health)}" if report.health else ""
        print(f"integrador: {word(INTEGRATOR_ROLE, report.role)}{health}", flush=True)

    return show


def _integrator_cannot_start(ctx: AppContext, url: str) -> int | None:
    """Before the integrador takes anything: this host can read its Bling tokens (a keyring, or the
    chosen file store with its passphrase) and reach the store database with its password. Each
    failure is said as it is (never "em espera")."""
    from pdv_bling.cli.status import connection_state

    server = open_server(url, application="pdv-bling-integrador")
    try:
        check_schema(server)
    except StoreServerError as exc:
        return fail(exc)
    finally:
        server.close()
    if connection_state(ctx) == "keyring_unavailable":
        from pdv_bling.bling.errors import KeyringUnavailable

        print(f"erro: {KeyringUnavailable()}", file=sys.stderr)
        return exit_codes.NO_KEYRING
    return None


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
            return fail(exc)
    if args.json:
        print_json(result)
    else:
        new = (f", nova venda {result['new_sale_numero_loja']} (cupom de troca {result['new_sale_coupon']})"
               if result["new_sale_number"] else "")
        print(f"Troca/devolução {result['return_id']} registrada ({result['settlement']}), crédito "
              f"{result['credit_granted_cents'] / 100:.2f}{new}.")
    return 0

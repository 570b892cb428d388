"""`pdv-bling` command line: a thin layer over core functions.

Sub-commands register themselves in `COMMANDS` (name -> (configure_parser, run)); later modules
(`bling`, `sync`, `sandbox`, `slips`) add theirs in `_register_all()`. A module can also add a
sub-command to another module's command (`subcommand("sale", "receipt", ...)`): its run gets the
arguments instead of the command's own run.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.exc import OperationalError

from pdv_bling import __version__, exit_codes
from pdv_bling.app_context import AppContext
from pdv_bling.bling.config import ConfigProblem
from pdv_bling.cli_parser import PtArgumentParser
from pdv_bling.cli_words import CONNECTION, STOCK_CHECK, word
from pdv_bling.store.opening import LOCK_WAIT_S
from pdv_bling.store.problems import StoreProblem

Configure = Callable[[argparse.ArgumentParser], None]
Run = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, tuple[str, Configure, Run]] = {}
SUBCOMMANDS: dict[str, dict[str, tuple[str, Configure, Run]]] = {}


def command(name: str, help_text: str) -> Callable[[Configure], Callable[[Run], Run]]:
    """Decorator pair: `@command("x", "help")(configure)(run)`; see `_status` below."""

    def with_configure(configure: Configure) -> Callable[[Run], Run]:
        def with_run(run: Run) -> Run:
            COMMANDS[name] = (help_text, configure, run)
            return run

        return with_run

    return with_configure


def subcommand(parent: str, name: str, help_text: str) -> Callable[[Configure], Callable[[Run], Run]]:
    """Like `command`, for `pdv-bling PARENT NAME` where PARENT is another module's command."""

    def with_configure(configure: Configure) -> Callable[[Run], Run]:
        def with_run(run: Run) -> Run:
            SUBCOMMANDS.setdefault(parent, {})[name] = (help_text, configure, run)
            return run

        return with_run

    return with_configure


# A command may be answered first by another layer (store mode: a caixa hands over instead of
# syncing with Bling; the integrador checks the account). The override returns None to let the
# command run as usual. Registered by `retaguarda.cli` when `_register_all` imports it.
OVERRIDES: dict[str, list[Callable[[argparse.Namespace], int | None]]] = {}


def override(name: str) -> Callable[[Callable[[argparse.Namespace], int | None]], Callable[[argparse.Namespace], int | None]]:
    def register(run: Callable[[argparse.Namespace], int | None]) -> Callable[[argparse.Namespace], int | None]:
        OVERRIDES.setdefault(name, []).append(run)
        return run

    return register


def _overridden(args: argparse.Namespace) -> int | None:
    for run in OVERRIDES.get(args.command, []):
        answered = run(args)
        if answered is not None:
            return answered
    return None


class _Parser(PtArgumentParser):
    """Remembers the sub-command group a command's configure made, so `SUBCOMMANDS` can join it."""

    group: Any = None

    def add_subparsers(self, **kwargs: Any) -> Any:
        self.group = super().add_subparsers(**kwargs)
        return self.group


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _status_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="saída em JSON")


@command("status", "pasta de dados, versão do esquema, fila de envio, última sincronização")(_status_args)
def _status(args: argparse.Namespace) -> int:
    from pdv_bling.status import collect_status

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


def _register_all() -> None:
    """Import modules that contribute sub-commands (each import registers its commands)."""
    import importlib

    for module in ("pdv_bling.sync.connect_cli", "pdv_bling.sync.cli", "pdv_bling.sandbox.cli",
                   "pdv_bling.account_check.cli", "pdv_bling.retaguarda.cli", "pdv_bling.slips.cli",
                   "pdv_bling.admin_cli"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


def build_parser() -> argparse.ArgumentParser:
    _register_all()
    parser = _Parser(prog="pdv-bling", description="PDV Bling: vendas do PDV para o Bling ERP")
    parser.add_argument("--version", action="version", version=f"pdv-bling {__version__}")
    parser.add_argument("--demo", action="store_true", help="abre o aplicativo em modo demonstração (treino)")
    parser.add_argument("--smoke", action="store_true", help="com --demo: abre, envia uma venda e sai")
    sub = parser.add_subparsers(dest="command", title="comandos", metavar="COMANDO", parser_class=_Parser)
    for name, (help_text, configure, _run) in sorted(COMMANDS.items()):
        command_parser = sub.add_parser(name, help=help_text)
        configure(command_parser)
        for sub_name, (sub_help, sub_configure, sub_run) in sorted(SUBCOMMANDS.get(name, {}).items()):
            group = command_parser.group if isinstance(command_parser, _Parser) else None
            if group is None:
                group = command_parser.add_subparsers(dest=f"{name}_command")
            extra = group.add_parser(sub_name, help=sub_help)
            sub_configure(extra)
            extra.set_defaults(extension_run=sub_run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return _run_gui(args)
    extension: Run | None = getattr(args, "extension_run", None)
    run = extension if extension is not None else COMMANDS[args.command][2]
    _warnings_to_stderr()
    try:
        answered = _overridden(args) if extension is None else None
        return answered if answered is not None else run(args)
    except StoreProblem as problem:  # the data folder or database cannot be used: nothing written
        print(f"erro: {problem}", file=sys.stderr)
        return problem.exit_code
    except ConfigProblem as problem:
        print(f"erro: {problem}", file=sys.stderr)
        return exit_codes.REFUSED
    except OperationalError as exc:
        if "locked" not in str(exc.orig).lower():
            raise
        print(f"erro: {StoreProblem('locked', Path('pdv-bling.sqlite3'), {'seconds': LOCK_WAIT_S})}", file=sys.stderr)
        return exit_codes.DATABASE_LOCKED


def _warnings_to_stderr() -> None:
    """Configuration warnings (e.g. a rate capped at Bling's limit) reach the person at the terminal."""
    import logging

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("aviso: %(message)s"))
    handler.setLevel(logging.WARNING)
    config_log = logging.getLogger("pdv_bling.bling.config")
    if not any(getattr(h, "pdv_bling_cli", False) for h in config_log.handlers):
        handler.pdv_bling_cli = True  # type: ignore[attr-defined]
        config_log.addHandler(handler)


def _run_gui(args: argparse.Namespace) -> int:
    """The desktop app lives in `ui/` (the core never imports Qt; this is a late import)."""
    import importlib

    gui = importlib.import_module("ui.app")
    result: int = gui.run(demo=args.demo, smoke=args.smoke)
    return result


if __name__ == "__main__":
    sys.exit(main())

"""`pdv-bling`: builds the parser from the commands each `pdv_bling.cli` module registers
(`registry`), runs one, and turns a data folder that cannot be used into its exit code."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.exc import OperationalError

from pdv_bling import __version__
from pdv_bling.base.console import hide_own_console
from pdv_bling.bling.config import ConfigProblem
from pdv_bling.cli import exit_codes
from pdv_bling.cli.parser import PtArgumentParser
from pdv_bling.cli.registry import COMMANDS, SUBCOMMANDS, Run, overridden
from pdv_bling.store.opening import LOCK_WAIT_S
from pdv_bling.store.problems import StoreProblem


class _Parser(PtArgumentParser):
    """Remembers the sub-command group a command's configure made, so `SUBCOMMANDS` can join it."""

    group: Any = None

    def add_subparsers(self, **kwargs: Any) -> Any:
        self.group = super().add_subparsers(**kwargs)
        return self.group


def _register_all() -> None:
    """Import modules that contribute sub-commands (each import registers its commands)."""
    import importlib

    for module in ("pdv_bling.cli.status", "pdv_bling.cli.connect", "pdv_bling.cli.sync", "pdv_bling.cli.sandbox",
                   "pdv_bling.cli.check", "pdv_bling.cli.store", "pdv_bling.cli.receipt", "pdv_bling.cli.danfe",
                   "pdv_bling.cli.admin", "pdv_bling.cli.store_claims"):
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
        answered = overridden(args) if extension is None else None
        return answered if answered is not None else run(args)
    except StoreProblem as problem:  # the data folder or database cannot be used: nothing written
        print(f"erro: {problem}", file=sys.stderr)
        return exit_codes.of_store_problem(problem.code)
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

    hide_own_console()  # Windows, started by a double-click: no empty console window beside the app
    gui = importlib.import_module("ui.app")
    result: int = gui.run(demo=args.demo, smoke=args.smoke)
    return result


if __name__ == "__main__":
    sys.exit(main())

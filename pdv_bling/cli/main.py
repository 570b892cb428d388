"""`pdv-bling`: the top-level parser knows every command by name from `commands.TABLE` and imports
a command's modules (which register it, `registry`) only when that command is chosen; then runs
it, and turns a data folder that cannot be used into its exit code.

`--version`, `--help` and the desktop app import nothing of the core here: SQLAlchemy, Alembic
and the services come with the command that needs them (`bench/bench_startup.py` measures it).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence
from typing import Any

from pdv_bling import __version__
from pdv_bling.base.console import hide_own_console
from pdv_bling.cli import exit_codes
from pdv_bling.cli.commands import TABLE
from pdv_bling.cli.parser import PtArgumentParser
from pdv_bling.cli.registry import COMMANDS, SUBCOMMANDS, Run, overridden


class _Parser(PtArgumentParser):
    """Remembers the sub-command group a command's configure made, so `SUBCOMMANDS` can join it."""

    group: Any = None
    configured = False

    def add_subparsers(self, **kwargs: Any) -> Any:
        self.group = super().add_subparsers(**kwargs)
        return self.group


class _Commands(argparse._SubParsersAction):  # type: ignore[type-arg]
    """The sub-parsers of the commands, each filled in (its modules imported) once chosen."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        name = values[0] if values else None
        chosen = self._name_parser_map.get(name) if isinstance(name, str) else None
        if isinstance(chosen, _Parser):
            configure_command(str(name), chosen)
        super().__call__(parser, namespace, values, option_string)


def load_command(name: str) -> None:
    """Import the modules that make command `name` (they register it, its sub-commands, overrides)."""
    for module in TABLE[name].modules:
        importlib.import_module(module)


def configure_command(name: str, command_parser: _Parser) -> None:
    if command_parser.configured:
        return
    load_command(name)
    _help, configure, _run = COMMANDS[name]
    configure(command_parser)
    for sub_name, (sub_help, sub_configure, sub_run) in sorted(SUBCOMMANDS.get(name, {}).items()):
        group = command_parser.group
        if group is None:
            group = command_parser.add_subparsers(dest=f"{name}_command")
        extra = group.add_parser(sub_name, help=sub_help)
        sub_configure(extra)
        extra.set_defaults(extension_run=sub_run)
    command_parser.configured = True


def build_parser(*, every_command: bool = False) -> argparse.ArgumentParser:
    """The parser of `pdv-bling`; `every_command`: each command's own arguments filled in at once
    (tests, documentation), otherwise only the one chosen is, while parsing."""
    parser = _Parser(prog="pdv-bling", description="PDV Bling: vendas do PDV para o Bling ERP")
    parser.add_argument("--version", action="version", version=f"pdv-bling {__version__}")
    parser.add_argument("--demo", action="store_true", help="abre o aplicativo em modo demonstração (treino)")
    parser.add_argument("--smoke", action="store_true", help="com --demo: abre, envia uma venda e sai")
    sub = parser.add_subparsers(dest="command", title="comandos", metavar="COMANDO", parser_class=_Parser,
                                action=_Commands)
    for name, entry in sorted(TABLE.items()):
        command_parser = sub.add_parser(name, help=entry.help)
        if every_command:
            configure_command(name, command_parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    gc.disable()  # parsing imports the command's modules: no garbage, only the collector's work
    try:
        args = parser.parse_args(argv)
    finally:
        gc.enable()
    if args.command is None:
        return _run_gui(args)
    extension: Run | None = getattr(args, "extension_run", None)
    run = extension if extension is not None else COMMANDS[args.command][2]
    _warnings_to_stderr()
    _store_link_when_joined()
    try:
        answered = overridden(args) if extension is None else None
        return answered if answered is not None else run(args)
    except Exception as exc:  # noqa: BLE001 - only the known problems below are answered here
        answered_code = _known_problem(exc)
        if answered_code is None:
            raise
        return answered_code


def _known_problem(exc: Exception) -> int | None:
    """A data folder or database that cannot be used (nothing written), a bad configuration, a
    database locked too long: the message and its exit code. Each is looked up only when its
    module was imported (an exception of a module never imported cannot have been raised)."""
    problems = sys.modules.get("pdv_bling.store.problems")
    if problems is not None and isinstance(exc, problems.StoreProblem):
        print(f"erro: {exc}", file=sys.stderr)
        return exit_codes.of_store_problem(exc.code)
    config = sys.modules.get("pdv_bling.bling.config")
    if config is not None and isinstance(exc, config.ConfigProblem):
        print(f"erro: {exc}", file=sys.stderr)
        return exit_codes.REFUSED
    sqlalchemy_exc = sys.modules.get("sqlalchemy.exc")
    if sqlalchemy_exc is not None and isinstance(exc, sqlalchemy_exc.DBAPIError):
        return _database_error(exc)
    return None


def _database_error(exc: Any) -> int | None:
    """SQLite failing after the folder opened: locked too long, or damaged under the command
    (SQLite's English, "database disk image is malformed", said in pt_BR with the backup hint)."""
    from pdv_bling.base.paths import app_paths
    from pdv_bling.store.opening import problem_from

    try:
        problem = problem_from(exc, app_paths())
    except Exception:  # noqa: BLE001 - not one of ours: the caller re-raises the original
        return None
    print(f"erro: {problem}", file=sys.stderr)
    return exit_codes.of_store_problem(problem.code)


def _store_link_when_joined() -> None:
    """A data folder joined to a store opens only with its link to the store server, which
    `retaguarda.caixa` registers when imported. Commands import it only for such a folder: this
    provider runs at opening when the folder has a store URL, imports the module, and the
    provider it registers (appended to the same list) attaches the link right after."""
    from pdv_bling.store import coordination

    coordination.provide(_import_store_link)


def _import_store_link(_ctx: object) -> None:
    importlib.import_module("pdv_bling.retaguarda.caixa")


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
    """The desktop app lives in `ui/` (the core never imports Qt; this is a late import). The
    garbage collector stays off while it starts (imports make millions of objects and no garbage:
    ~20% of the start's CPU); the app turns it on once its window has painted (`settle_memory`)."""
    hide_own_console()  # Windows, started by a double-click: no empty console window beside the app
    gc.disable()
    try:
        gui = importlib.import_module("ui.app")
        result: int = gui.run(demo=args.demo, smoke=args.smoke)
    finally:
        gc.enable()
    return result


if __name__ == "__main__":
    sys.exit(main())

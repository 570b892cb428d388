"""`pdv-bling` command line: a thin layer over core functions.

Sub-commands register themselves in `COMMANDS` (name -> (configure_parser, run)); later modules
(`bling`, `sync`, `sandbox`) add theirs in `_register_all()`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from pdv_bling import __version__
from pdv_bling.app_context import AppContext
from pdv_bling.identity import DataFolderRefused

Configure = Callable[[argparse.ArgumentParser], None]
Run = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, tuple[str, Configure, Run]] = {}


def command(name: str, help_text: str) -> Callable[[Configure], Callable[[Run], Run]]:
    """Decorator pair: `@command("x", "help")(configure)(run)`; see `_status` below."""

    def with_configure(configure: Configure) -> Callable[[Run], Run]:
        def with_run(run: Run) -> Run:
            COMMANDS[name] = (help_text, configure, run)
            return run

        return with_run

    return with_configure


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _status_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="machine-readable output")


@command("status", "data folder, schema version, outbox counts, last sync per model")(_status_args)
def _status(args: argparse.Namespace) -> int:
    from pdv_bling.status import collect_status

    with AppContext.open() as ctx:
        report = collect_status(ctx)
    if args.json:
        print_json(report)
        return 0
    print(f"Conexão Bling: {report['connection']}")
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
    print(f"Verificação de estoque no Bling: PROBLEMA ({check['status']}). {fix.check if fix else ''}")


def _register_all() -> None:
    """Import modules that contribute sub-commands (each import registers its commands)."""
    import importlib

    for module in ("pdv_bling.sync.connect_cli", "pdv_bling.sync.cli", "pdv_bling.sandbox.cli"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


def build_parser() -> argparse.ArgumentParser:
    _register_all()
    parser = argparse.ArgumentParser(prog="pdv-bling", description="PDV Bling: vendas do PDV para o Bling ERP")
    parser.add_argument("--version", action="version", version=f"pdv-bling {__version__}")
    parser.add_argument("--demo", action="store_true", help="start the app in demo/training mode")
    parser.add_argument("--smoke", action="store_true", help="with --demo: start, drain one sale, exit")
    sub = parser.add_subparsers(dest="command")
    for name, (help_text, configure, _run) in sorted(COMMANDS.items()):
        configure(sub.add_parser(name, help=help_text))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return _run_gui(args)
    _help, _configure, run = COMMANDS[args.command]
    try:
        return run(args)
    except DataFolderRefused as exc:  # the data folder lost its database: nothing was written
        print(f"erro: {exc}", file=sys.stderr)
        return 2


def _run_gui(args: argparse.Namespace) -> int:
    """The desktop app lives in `ui/` (the core never imports Qt; this is a late import)."""
    import importlib

    gui = importlib.import_module("ui.app")
    result: int = gui.run(demo=args.demo, smoke=args.smoke)
    return result


if __name__ == "__main__":
    sys.exit(main())

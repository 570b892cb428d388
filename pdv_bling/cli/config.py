"""`pdv-bling config [list [--json] | set CHAVE=VALOR ...]`: the settings of Configurações from the
command line (depósito, canal de venda, stock mode, SKU as barcode, customer sending, exchange
prerequisites, intervals, terminal id).

On a PC of a store the store-wide ones (`retaguarda.replica.STORE_WIDE_SETTINGS`) and the catalogue
pull interval (which the integrador reads there) are the store database's, for every caixa; the
terminal id is handed out by the store and the send interval is not the integrador's way of
working, so those are refused there with the reason, never written to a copy the replica undoes.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from typing import Any

from sqlalchemy.orm import Session

from pdv_bling.cli import exit_codes
from pdv_bling.cli.registry import command, print_json
from pdv_bling.cli.scoped import in_scope, offline_code, where_text
from pdv_bling.counter.queries import products_synced
from pdv_bling.domain.errors import DomainError, DomainErrors
from pdv_bling.management.settings_input import PREFIX, apply_settings_counted, parse_settings_input
from pdv_bling.retaguarda.replica import STORE_WIDE_SETTINGS
from pdv_bling.retaguarda.scope import CAIXA, Scope, mode_of
from pdv_bling.retaguarda.store_settings import apply_store_wide_input
from pdv_bling.store.context import AppContext
from pdv_bling.store.settings import FIELDS, load_settings, save_settings

KEYS = tuple(name for name in FIELDS if name != "demo_mode")
ON_THE_STORE = (*STORE_WIDE_SETTINGS, "pull_interval_min")


def _args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="config_command", metavar="ACAO")
    listing = sub.add_parser("list", help="mostra as configurações")
    listing.add_argument("--json", action="store_true", help="saída em JSON")
    setting = sub.add_parser("set", help=f"muda configurações: CHAVE=VALOR ({', '.join(KEYS)})")
    setting.add_argument("values", nargs="+", metavar="CHAVE=VALOR")


@command("config")(_args)
def _config(args: argparse.Namespace) -> int:
    if args.config_command != "set":
        return _list(as_json=getattr(args, "json", False))
    values: dict[str, object] = {}
    for pair in args.values:
        key, sep, value = pair.partition("=")
        if not sep or key.strip() not in KEYS:
            print(f"erro: use CHAVE=VALOR com uma destas chaves: {', '.join(KEYS)} (recebido {pair[:40]!r})",
                  file=sys.stderr)
            return exit_codes.REFUSED
        values[key.strip()] = value
    with AppContext.open() as ctx:
        mode, _url = mode_of(ctx)
        if mode != "single":
            return _set_on_store(ctx, mode, values)
        try:
            apply_settings_counted(ctx.store, values)
        except (DomainError, DomainErrors) as exc:
            return _refused(exc)
    print(f"Configurações salvas: {', '.join(values)}.")
    return exit_codes.OK


def _set_on_store(ctx: AppContext, mode: str, values: dict[str, object]) -> int:
    local = [key for key in values if key not in ON_THE_STORE]
    if local:
        return _refused(DomainErrors([DomainError(
            "store_setting_terminal" if key == "terminal_id" and mode == CAIXA else "store_setting_not_here",
            PREFIX + key) for key in local]))

    def work(session: Session, _scope: Scope) -> None:
        apply_store_wide_input(session, values)  # validates; ignores pull_interval_min
        if "pull_interval_min" in values:
            previous = load_settings(session)
            wanted = {"pull_interval_min": values["pull_interval_min"]}
            save_settings(session, parse_settings_input(previous, wanted, synced=products_synced(session)),
                          previous=previous)

    outcome = in_scope(ctx, writes=True, work=work)
    if isinstance(outcome, int):
        return outcome
    print(f"Configurações salvas{where_text(outcome[1])}: {', '.join(values)}.")
    return exit_codes.OK


def _list(*, as_json: bool) -> int:
    with AppContext.open() as ctx:
        with ctx.store.read() as session:
            shown: dict[str, Any] = dataclasses.asdict(load_settings(session))
        outcome = in_scope(ctx, writes=False, work=lambda session, _scope: dataclasses.asdict(load_settings(session)))
    if isinstance(outcome, int):
        return outcome
    store_values, scope = outcome
    if scope.in_store:
        shown.update({key: store_values[key] for key in ON_THE_STORE})
    shown = {key: shown[key] for key in KEYS}
    if as_json:
        print_json(shown)
    else:
        for key, value in shown.items():
            mark = " (da loja)" if scope.in_store and key in ON_THE_STORE else ""
            print(f"{key} = {'' if value is None else value}{mark}")
    return offline_code(scope)


def _refused(exc: DomainError | DomainErrors) -> int:
    errors = exc.errors if isinstance(exc, DomainErrors) else [exc]
    for error in errors:
        print(f"erro: {error}", file=sys.stderr)
    return exit_codes.REFUSED

"""`pdv-bling connect`, `pdv-bling disconnect` and `pdv-bling terminal`."""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import sys
import webbrowser

from pdv_bling.base import keyrings
from pdv_bling.base.events import EventBus
from pdv_bling.bling.client import BlingClient, config_for, token_store_for
from pdv_bling.bling.errors import BlingError, KeyringUnavailable
from pdv_bling.bling.tokens import Credentials, KeyringTokenStore
from pdv_bling.cli import exit_codes
from pdv_bling.cli.registry import command, print_json
from pdv_bling.domain.errors import DomainError, DomainErrors
from pdv_bling.management.settings_input import apply_settings_counted, apply_settings_input
from pdv_bling.runtime.service import SyncService
from pdv_bling.store.context import AppContext
from pdv_bling.store.identity import installation_id
from pdv_bling.store.settings import load_settings
from pdv_bling.sync import series


def _connect_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-browser", action="store_true",
                        help="mostra o endereço de autorização em vez de abrir o navegador")
    parser.add_argument("--client-id", default=os.environ.get("PDV_BLING_CLIENT_ID"),
                        help="client_id do aplicativo no Bling (ou PDV_BLING_CLIENT_ID)")
    parser.add_argument("--client-secret", default=os.environ.get("PDV_BLING_CLIENT_SECRET"),
                        help="client_secret do aplicativo no Bling (ou PDV_BLING_CLIENT_SECRET)")
    parser.add_argument("--redirect-uri", default=None, metavar="URL", help="padrão http://127.0.0.1:8765/callback")
    parser.add_argument("--timeout", type=float, default=300.0, metavar="SEGUNDOS",
                        help="quanto esperar pela autorização no navegador (padrão 300)")
    parser.add_argument("--terminal", default=None, metavar="ID",
                        help="identificador deste terminal (a série do numeroLoja, ex.: PDV02), conferido no Bling")


@command("connect")(_connect_args)
def _connect(args: argparse.Namespace) -> int:
    bus = EventBus()
    with AppContext.open() as ctx:
        config = config_for(ctx)
        if args.redirect_uri:
            config = dataclasses.replace(config, redirect_uri=args.redirect_uri)
        store = token_store_for(config, ctx)
        unkept = keyrings.why_not_kept() if isinstance(store, KeyringTokenStore) else None
        if unkept is not None:  # before anything is written: the tokens would have nowhere to go
            print(f"erro: {KeyringUnavailable(unkept)} ({unkept})", file=sys.stderr)
            return exit_codes.NO_KEYRING
        if args.terminal is not None:
            try:
                apply_settings_input(ctx.store, {"terminal_id": args.terminal})
            except (DomainError, DomainErrors) as exc:
                print(f"erro: {exc}", file=sys.stderr)
                return 2
        saved = store.load_credentials()
        client_id = args.client_id or (saved.client_id if saved else None)
        secret = args.client_secret or (saved.client_secret if saved else None)
        if not client_id or not secret:
            print("Informe --client-id e --client-secret (ou PDV_BLING_CLIENT_ID / PDV_BLING_CLIENT_SECRET).",
                  file=sys.stderr)
            return 2

        def show(url: str) -> None:
            if args.no_browser or not webbrowser.open(url):
                print("Abra este endereço no navegador para autorizar o PDV Bling:", flush=True)
            print(url, flush=True)

        service = SyncService(ctx, bus=bus, client=BlingClient(config=config, tokens=store, bus=bus))
        try:
            company = service.connect_interactive(show, timeout=args.timeout,
                                                  credentials=Credentials(client_id, secret))
            summary = _check_after_connect(service)
        except DomainError as exc:  # the terminal's series belongs to another installation
            print(f"erro: {exc}", file=sys.stderr)
            return 2
        except BlingError as exc:
            print(f"Falha ao conectar ao Bling: {exc}", file=sys.stderr)
            return 1
        finally:
            service.stop()
    print(f"Conectado ao Bling: {company or '(nome não informado)'}", flush=True)
    if summary:
        print(summary, flush=True)
    return 0


def _check_after_connect(service: SyncService) -> str | None:
    """Verificar conta Bling runs after every connect; it never turns a connect into a failure."""
    from pdv_bling.cli.check import summary_line

    try:
        return summary_line(service.check_account())
    except Exception:
        logging.getLogger(__name__).exception("account check after connect failed")
        return None


def _disconnect_args(parser: argparse.ArgumentParser) -> None:
    return None


@command("disconnect")(_disconnect_args)
def _disconnect(args: argparse.Namespace) -> int:
    with AppContext.open() as ctx:
        config = config_for(ctx)
        store = token_store_for(config, ctx)
        try:
            pair = store.load_tokens()
            credentials = store.load_credentials()
        except KeyringUnavailable as exc:  # nothing this PC could have kept: nothing to forget either
            print(f"erro: {exc}", file=sys.stderr)
            return exit_codes.NO_KEYRING
        if pair is not None and credentials is not None:
            with BlingClient(config=config, tokens=store) as client:
                try:
                    client.token_endpoint.revoke(credentials, pair.refresh_token)
                except BlingError as exc:  # forget locally anyway; Bling drops unused tokens in 30 days
                    print(f"Aviso: o Bling não confirmou a revogação ({exc.code}).", file=sys.stderr)
        store.clear_tokens()
    print("Desconectado do Bling.", flush=True)
    return 0


def _terminal_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("terminal", nargs="?", metavar="NOVO", help="novo identificador do terminal (ex.: PDV02)")
    parser.add_argument("--json", action="store_true", help="saída em JSON")


@command("terminal")(_terminal_args)
def _terminal(args: argparse.Namespace) -> int:
    with AppContext.open() as ctx:
        if args.terminal is None:
            return _show_terminal(ctx, as_json=args.json)
        service = SyncService(ctx)
        try:
            check = None
            if service.connection_state() == "connected":
                try:
                    check = series.check_series(service.client, ctx.store, terminal=args.terminal.strip())
                except BlingError as exc:  # offline: the series is checked before its first sale leaves
                    print(f"Aviso: o Bling não respondeu ({exc.code}); o identificador será conferido "
                          "antes do primeiro envio.", file=sys.stderr)
            if check is not None and check.foreign is not None:
                print(f"erro: {series.refusal(check)}", file=sys.stderr)
                return 2
            try:
                updated, renumbered = apply_settings_counted(ctx.store, {"terminal_id": args.terminal})
            except (DomainError, DomainErrors) as exc:
                print(f"erro: {exc}", file=sys.stderr)
                return 2
            if check is not None:
                series.record_check(ctx.store, check)
        finally:
            service.stop()
    which = "venda ainda não enviada renumerada" if renumbered == 1 else "vendas ainda não enviadas renumeradas"
    print(f"Terminal agora é {updated.terminal_id}; {renumbered} {which}.")
    return 0


def _show_terminal(ctx: AppContext, *, as_json: bool) -> int:
    with ctx.store.read() as session:
        terminal = load_settings(session).terminal_id
        installation, checked = installation_id(session), series.series_checked(session, terminal)
        conflict = series.conflict_for(session, terminal)
    if as_json:
        print_json({"terminal": terminal, "installation_id": installation, "series_checked": checked,
                    "conflict": conflict})
        return 0
    print(f"Terminal: {terminal}")
    print(f"Instalação: {installation}")
    if conflict:
        print(f"Conflito: o pedido nº {conflict.get('numero') or conflict.get('pedido_id')} do Bling "
              f"({conflict['numero_loja']}) é de outra instalação; escolha outro identificador.")
    elif checked:
        print("Série conferida no Bling: só esta instalação a usa.")
    else:
        print("Série ainda não conferida no Bling (é conferida ao conectar e antes do primeiro envio).")
    return 0

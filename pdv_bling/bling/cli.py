"""`pdv-bling connect` and `pdv-bling disconnect`."""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import sys
import webbrowser

from pdv_bling.app_context import AppContext
from pdv_bling.bling.client import API_URL_SETTING, BlingClient, config_for, token_store_for
from pdv_bling.bling.errors import BlingError
from pdv_bling.bling.loopback import run_authorization
from pdv_bling.bling.tokens import Credentials
from pdv_bling.cli import command
from pdv_bling.events import Connected, EventBus
from pdv_bling.store.settings import set_value


def _connect_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-browser", action="store_true", help="print the authorize URL instead of opening it")
    parser.add_argument("--client-id", default=os.environ.get("PDV_BLING_CLIENT_ID"))
    parser.add_argument("--client-secret", default=os.environ.get("PDV_BLING_CLIENT_SECRET"))
    parser.add_argument("--redirect-uri", default=None, help="default http://127.0.0.1:8765/callback")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for the browser")


@command("connect", "authorize this app in Bling (OAuth) and store the tokens")(_connect_args)
def _connect(args: argparse.Namespace) -> int:
    bus = EventBus()
    with AppContext.open() as ctx:
        config = config_for(ctx)
        if args.redirect_uri:
            config = dataclasses.replace(config, redirect_uri=args.redirect_uri)
        store = token_store_for(config, ctx)
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

        with BlingClient(config=config, tokens=store, bus=bus) as client:
            try:
                run_authorization(
                    config, credentials=Credentials(client_id, secret), manager=client.tokens,
                    endpoint=client.token_endpoint, show_url=show, timeout=args.timeout,
                )
                with ctx.store.transaction() as session:
                    set_value(session, API_URL_SETTING, config.api_url)
                empresa = client.empresas.dados_basicos()
            except BlingError as exc:
                print(f"Falha ao conectar ao Bling: {exc}", file=sys.stderr)
                return 1
            bus.publish(Connected(company_name=empresa.nome or None))
            summary = _check_after_connect(ctx, client)
    print(f"Conectado ao Bling: {empresa.nome}", flush=True)
    if summary:
        print(summary, flush=True)
    return 0


def _check_after_connect(ctx: AppContext, client: BlingClient) -> str | None:
    """Verificar conta Bling runs after every connect; it never turns a connect into a failure."""
    from pdv_bling.account_check.cli import summary_line
    from pdv_bling.account_check.runner import check_and_record

    try:
        return summary_line(check_and_record(ctx.store, client))
    except Exception:
        logging.getLogger(__name__).exception("account check after connect failed")
        return None


def _disconnect_args(parser: argparse.ArgumentParser) -> None:
    return None


@command("disconnect", "revoke the Bling tokens and forget them")(_disconnect_args)
def _disconnect(args: argparse.Namespace) -> int:
    with AppContext.open() as ctx:
        config = config_for(ctx)
        store = token_store_for(config, ctx)
        pair = store.load_tokens()
        credentials = store.load_credentials()
        if pair is not None and credentials is not None:
            with BlingClient(config=config, tokens=store) as client:
                try:
                    client.token_endpoint.revoke(credentials, pair.refresh_token)
                except BlingError as exc:  # forget locally anyway; Bling drops unused tokens in 30 days
                    print(f"Aviso: o Bling não confirmou a revogação ({exc.code}).", file=sys.stderr)
        store.clear_tokens()
    print("Desconectado do Bling.", flush=True)
    return 0

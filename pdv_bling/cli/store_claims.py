"""`pdv-bling store claims [list | release CAIXA --confirmar CAIXA]`: the open claims each caixa
holds on the store (units being returned, store credit being spent), and giving back those of a
dead PC, once the manager has named it twice (a live caixa's claims are released by itself)."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from pdv_bling.cli.registry import print_json, subcommand
from pdv_bling.cli.words import count
from pdv_bling.domain.messages import message_for
from pdv_bling.retaguarda import claims
from pdv_bling.retaguarda.server import StoreServerError, open_server, store_problem
from pdv_bling.store.context import AppContext
from pdv_bling.store.coordination import STORE_URL_KEY
from pdv_bling.store.models import StoreCaixa
from pdv_bling.store.settings import get_value

REFUSED, UNREACHABLE, NOT_IN_STORE = 2, 5, 6


def _args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", nargs="?", choices=("list", "release"), default="list", metavar="ACAO",
                        help="list (padrão) ou release")
    parser.add_argument("caixa", nargs="?", metavar="CAIXA", help="com release: o caixa (ex.: PDV02)")
    parser.add_argument("--confirmar", metavar="CAIXA", help="com release: repita o caixa para confirmar")
    parser.add_argument("--json", action="store_true", help="saída em JSON")


@subcommand("store", "claims", "reservas abertas de cada caixa na retaguarda; libera as de um PC que não volta")(_args)
def _claims(args: argparse.Namespace) -> int:
    with AppContext.open() as ctx, ctx.store.read() as session:
        url = get_value(session, STORE_URL_KEY) or get_value(session, "integrator_store_url")
    if not url:
        print("erro: esta pasta de dados não está em nenhuma loja.", file=sys.stderr)
        return NOT_IN_STORE
    server = open_server(str(url))
    try:
        if args.action == "release":
            return _release(server, args)
        found = claims.open_claims(server)
    except SQLAlchemyError as exc:
        print(f"erro: {message_for(store_problem(exc))}", file=sys.stderr)
        return UNREACHABLE
    finally:
        server.close()
    if args.json:
        print_json([c.__dict__ for c in found])
    elif not found:
        print("Nenhuma reserva aberta na retaguarda.")
    for c in [] if args.json else found:
        print(f"{c.terminal}: {count(c.claims, 'reserva', 'reservas')} ({count(c.units, 'unidade', 'unidades')} em "
              f"devolução, R$ {c.credit_cents / 100:.2f} de crédito), a mais antiga de {c.oldest:%d/%m/%Y %H:%M}")
    return 0


def _release(server: object, args: argparse.Namespace) -> int:
    from pdv_bling.store.engine import Store

    assert isinstance(server, Store)
    terminal = (args.caixa or "").strip().upper()
    with server.read() as session:
        caixa = session.scalars(select(StoreCaixa).where(StoreCaixa.terminal_id == terminal)).first()
    if caixa is None:
        print(f"erro: {message_for(StoreServerError('store_claims_unknown_caixa', 'caixa', {'value': terminal}))}",
              file=sys.stderr)
        return REFUSED
    held = [c for c in claims.open_claims(server) if c.installation == caixa.installation_id]
    if (args.confirmar or "").strip().upper() != terminal:
        detail = (f"{held[0].units} unidades, R$ {held[0].credit_cents / 100:.2f} de crédito" if held
                  else "nenhuma aberta")
        print(f"erro: {message_for(StoreServerError('store_claims_confirm', None, {'terminal': terminal, 'count': held[0].claims if held else 0, 'detail': detail}))}",
              file=sys.stderr)
        return REFUSED
    released = claims.release_caixa(server, caixa.installation_id)
    print(f"{count(released, 'reserva liberada', 'reservas liberadas')} do caixa {terminal}.")
    return 0

"""`pdv-bling caixa-bancos list [--listas] [--json] | set CHAVE=VALOR ... | atualizar`: where a
turno's suprimentos, sangrias and fechamento differences are posted in Bling's Caixa e Bancos
(the conta financeira and a categoria per role), chosen among the lists pulled from Bling.

On a PC of a store the mapping is the store database's, for every caixa (`retaguarda.scope`), and
only the integrador talks to Bling: `atualizar` asks it for the lists and waits for its answer.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from sqlalchemy.orm import Session

from pdv_bling.bling.errors import BlingError
from pdv_bling.cli import exit_codes
from pdv_bling.cli.registry import command, print_json
from pdv_bling.cli.scoped import in_scope, offline_code, where_text
from pdv_bling.management.caixa_bancos import TIPO_WORDS, mapping_lines, set_mapping
from pdv_bling.retaguarda.scope import SINGLE, Scope, mode_of
from pdv_bling.store.caixa_mapping import KEYS, SYNC_MODEL, load_categorias, load_contas
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import SyncState

KEY_WORDS = {"conta_id": "Conta financeira", "suprimento": "Suprimento", "sangria": "Sangria",
             "sobra": "Sobra de caixa", "falta": "Falta de caixa"}


def _args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="caixa_command", required=True, metavar="ACAO")
    listing = sub.add_parser("list", help="mostra a conta financeira e as categorias escolhidas")
    listing.add_argument("--listas", action="store_true", help="mostra também as contas e categorias do Bling")
    listing.add_argument("--json", action="store_true", help="saída em JSON")
    setting = sub.add_parser("set", help=f"escolhe pelo id ou nome exato: CHAVE=VALOR ({', '.join(KEYS)}); "
                                         "VALOR vazio desfaz")
    setting.add_argument("values", nargs="+", metavar="CHAVE=VALOR")
    sub.add_parser("atualizar", help="baixa do Bling as contas financeiras e categorias ativas")


@command("caixa-bancos")(_args)
def _caixa_bancos(args: argparse.Namespace) -> int:
    if args.caixa_command == "atualizar":
        return _pull()
    values: dict[str, str | None] = {}
    if args.caixa_command == "set":
        for pair in args.values:
            key, sep, value = pair.partition("=")
            if not sep:
                print(f"erro: use CHAVE=VALOR com uma destas chaves: {', '.join(KEYS)} (recebido {pair[:40]!r})",
                      file=sys.stderr)
                return exit_codes.REFUSED
            values[key.strip()] = value
    return _show_or_set(values, lists=getattr(args, "listas", False), as_json=getattr(args, "json", False))


def _show_or_set(values: dict[str, str | None], *, lists: bool, as_json: bool) -> int:
    def work(session: Session, _scope: Scope) -> dict[str, Any]:
        if values:
            set_mapping(session, values)
        return _view(session)

    with AppContext.open() as ctx:
        outcome = in_scope(ctx, writes=bool(values), work=work)
    if isinstance(outcome, int):
        return outcome
    view, scope = outcome
    if as_json:
        print_json(view)
        return offline_code(scope)
    if values:
        print(f"Caixa e Bancos salvo{where_text(scope)}: {', '.join(values)}.")
    for line in view["mapping"]:
        target = "Não informado" if line["bling_id"] is None else f"{line['name'] or '(não está entre as ativas)'} " \
                                                                  f"({line['bling_id']})"
        print(f"{KEY_WORDS[line['key']]}: {target}")
    when = view["pulled_at"] or "nunca"
    print(f"Listas do Bling: {len(view['contas'])} contas financeiras, {len(view['categorias'])} categorias "
          f"(atualizadas: {when}).")
    if lists:
        for conta in view["contas"]:
            print(f"  conta {conta['id']}: {conta['descricao']} ({conta['tipo']})")
        for categoria in view["categorias"]:
            print(f"  categoria {categoria['id']}: {categoria['descricao']} ({TIPO_WORDS.get(categoria['tipo'], '?')})")
    return offline_code(scope)


def _view(session: Session) -> dict[str, Any]:
    state = session.get(SyncState, SYNC_MODEL)
    pulled = state.last_success_at if state is not None else None
    return {"mapping": [line.__dict__ for line in mapping_lines(session)],
            "contas": [c.__dict__ for c in load_contas(session)],
            "categorias": [c.__dict__ for c in load_categorias(session)],
            "pulled_at": pulled.strftime("%d/%m/%Y %H:%M") if pulled is not None else None}


def _pull() -> int:
    with AppContext.open() as ctx:
        mode, url = mode_of(ctx)
        if mode != SINGLE and url is not None:
            return _pull_through_integrator(ctx, url)
        from pdv_bling.runtime.service import SyncService
        from pdv_bling.sync.caixa_bancos import MODEL

        service = SyncService(ctx)
        try:
            report = service.pull_now([MODEL])
        except BlingError as exc:
            print(f"erro: {exc.code}: {exc}", file=sys.stderr)
            return exit_codes.BLING_ERROR
        finally:
            service.stop()
    print(f"Contas financeiras e categorias atualizadas do Bling ({report.models.get(MODEL, 0)} registros).")
    return exit_codes.OK


def _pull_through_integrator(ctx: AppContext, url: str) -> int:
    """Store mode: the integrador pulls the lists with the catalogue, asked now; this waits for it."""
    from pdv_bling.cli.store import fail
    from pdv_bling.domain.errors import DomainError
    from pdv_bling.retaguarda.caixa_service import PULL_WAIT_S, ask_and_wait
    from pdv_bling.retaguarda.server import StoreServerError, open_server
    from pdv_bling.sync.caixa_bancos import ask_pull

    outcome = in_scope(ctx, writes=True, work=lambda session, _scope: ask_pull(session))
    if isinstance(outcome, int):
        return outcome
    print("Loja com vários caixas: pedindo as listas ao integrador da loja…", flush=True)
    server = open_server(url, application="pdv-bling-cli")
    try:
        if not ask_and_wait(server, "pull", timeout_s=PULL_WAIT_S):
            raise StoreServerError("store_integrator_silent", None, {"seconds": int(PULL_WAIT_S)})
    except DomainError as exc:
        return fail(exc)
    finally:
        server.close()
    print("Pedido atendido pelo integrador: confira com pdv-bling caixa-bancos list.")
    return exit_codes.OK

"""CLI: `sync`, `stock-check`, `outbox list|retry|confirm` (thin layers over core functions). On a
PC of a store `outbox` is the store's queue (`retaguarda.scope`); `sync` on a caixa hands over
(`cli/store_mode.py` answers it first)."""

from __future__ import annotations

import argparse
import dataclasses
import sys

from sqlalchemy import select
from sqlalchemy.orm import Session

from pdv_bling.bling.errors import BlingError
from pdv_bling.cli import exit_codes
from pdv_bling.cli.parser import positive_int
from pdv_bling.cli.registry import command, print_json
from pdv_bling.cli.until_idle import SyncRun, drain_until_idle
from pdv_bling.cli.words import OUTBOX_KIND, OUTBOX_STATE, STOCK_CHECK, count, sender_busy, word
from pdv_bling.runtime.service import PULL_MODELS, DrainerBusy, SyncService
from pdv_bling.store import outbox
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import Sale
from pdv_bling.sync.puller import MODELS, PullReport

# ---------------------------------------------------------------- sync


def _sync_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--push", action="store_true",
                        help="envia a Fila de envio ao Bling (o padrão quando não há --pull)")
    parser.add_argument("--pull", nargs="*", metavar="MODELO", choices=PULL_MODELS,
                        help=f"baixa do Bling estes modelos ({', '.join(PULL_MODELS)}); sem nenhum = o catálogo")
    parser.add_argument("--reconcile", action="store_true",
                        help="desativa os produtos que não estão mais ativos no Bling (consulta só as listagens)")
    parser.add_argument("--wait", action="store_true",
                        help="continua enviando até a fila esvaziar (espera as novas tentativas e o Bling)")
    parser.add_argument("--timeout", type=float, default=600.0, metavar="S",
                        help="com --wait: desiste depois de S segundos (0 = sem limite; padrão 600)")
    parser.add_argument("--json", action="store_true", help="saída em JSON")


@command("sync")(_sync_args)
def _sync(args: argparse.Namespace) -> int:
    push = args.push or (args.pull is None and not args.reconcile)
    result: dict[str, object] = {}
    run: SyncRun | None = None
    pulled: PullReport | None = None
    with AppContext.open() as ctx:
        service = SyncService(ctx)
        try:
            if args.pull is not None:
                pulled = service.pull_now(args.pull or list(MODELS))
                result["pull"] = {"models": pulled.models, "detail_calls": pulled.detail_calls}
            if args.reconcile:
                result["reconcile"] = dataclasses.asdict(service.reconcile_now())
            if push:
                run = drain_until_idle(service, wait=args.wait, timeout_s=args.timeout)
                result["push"] = run.as_json()
        except DrainerBusy:
            print(f"erro: {sender_busy(ctx.paths.data)}", file=sys.stderr)
            return exit_codes.BUSY
        except BlingError as exc:
            print(f"erro: {exc.code}: {exc}", file=sys.stderr)
            return exit_codes.BLING_ERROR
        finally:
            service.stop()
    if args.json:
        print_json(result)
    else:
        if pulled is not None:
            print(_pulled_text(pulled.models, pulled.detail_calls))
        if run is not None:
            print(run.summary())
    return run.exit_code if run is not None else exit_codes.OK


def _pulled_text(models: dict[str, int], detail_calls: int) -> str:
    counts = ", ".join(f"{model} {count}" for model, count in models.items()) or "nada novo"
    return (f"Catálogo sincronizado (registros gravados): {counts}; "
            f"{count(detail_calls, 'consulta', 'consultas')} de detalhe.")


# ---------------------------------------------------------------- stock check


def _stock_check_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lancar-pela-integracao", action="store_true",
                        help="passa para 'Lançar pela integração' e lança o estoque que as mudanças de "
                             "situação não lançaram")
    parser.add_argument("--json", action="store_true", help="saída em JSON")


@command("stock-check")(_stock_check_args)
def _stock_check(args: argparse.Namespace) -> int:
    from pdv_bling.cli.scoped import in_scope, offline_code
    from pdv_bling.sync.fixes import STOCK_CHECK_FIXES
    from pdv_bling.sync.stock_check import Adopted, StockCheck, adopt_integration_mode_in, load_stock_check

    def work(session: Session, _scope: object) -> tuple[StockCheck | None, Adopted | None]:
        adopted = adopt_integration_mode_in(session) if args.lancar_pela_integracao else None
        return load_stock_check(session), adopted

    with AppContext.open() as ctx:  # on a PC of a store: the store's verdict and stock mode
        outcome = in_scope(ctx, writes=args.lancar_pela_integracao, work=work)
    if isinstance(outcome, int):
        return outcome
    (check, adopted), scope = outcome
    data = {"stock_check": check.to_json() if check else None,
            "adopted": dataclasses.asdict(adopted) if adopted else None}
    if args.json:
        print_json(data)
        return offline_code(scope)
    if check is None or not check.finished:
        print("Ainda não verificado: a verificação roda na primeira venda enviada ao Bling.")
    else:
        fix = STOCK_CHECK_FIXES.get(check.fix_code or "")
        print(f"Resultado: {word(STOCK_CHECK, check.status)}; saldo físico antes {check.before}, depois {check.after}, "
              f"vendido {check.quantidade}.")
        if fix:
            print(fix.check)
    if adopted is not None:
        print(f"Modo \"Lançar pela integração\" ativado; na fila: estoque de {adopted.stock_posts} "
              f"{'venda' if adopted.stock_posts == 1 else 'vendas'} e contas de {adopted.contas_posts} "
              f"{'venda' if adopted.contas_posts == 1 else 'vendas'}.")
    return offline_code(scope)


# ---------------------------------------------------------------- outbox


def _outbox_args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="outbox_command", metavar="ACAO")
    listing = sub.add_parser("list", help="itens pendentes e em 'Requer atenção'")
    listing.add_argument("--json", action="store_true", help="saída em JSON")
    retry = sub.add_parser("retry", help="devolve à fila um item em 'Requer atenção' (ou --all-parked)")
    retry.add_argument("id", type=positive_int, nargs="?", metavar="ID")
    retry.add_argument("--all-parked", action="store_true", help="todos os itens em 'Requer atenção'")
    confirm = sub.add_parser("confirm", help="o lançamento (estoque ou contas) já está no Bling: marca como enviado")
    confirm.add_argument("id", type=positive_int, metavar="ID")


@command("outbox")(_outbox_args)
def _outbox(args: argparse.Namespace) -> int:
    from pdv_bling.cli.scoped import in_scope, offline_code, where_text

    command = args.outbox_command or "list"
    if command == "retry" and args.id is None and not args.all_parked:
        print("erro: informe o ID do item ou --all-parked.", file=sys.stderr)
        return exit_codes.REFUSED

    def work(session: Session, _scope: object) -> tuple[int | bool | None, list[dict[str, object]]]:
        if command == "confirm":
            return outbox.confirm_delivered(session, args.id), []
        if command == "retry":
            return (outbox.retry_all_parked(session) if args.all_parked else outbox.retry(session, args.id)), []
        return None, _open_rows(session)

    with AppContext.open() as ctx:
        outcome = in_scope(ctx, writes=command != "list", work=work)
        here = _not_handed_over(ctx) if not isinstance(outcome, int) and outcome[1].mode == "caixa" else None
    if isinstance(outcome, int):
        return outcome
    (done, rows), scope = outcome
    where = where_text(scope)
    if command == "confirm":
        if not done:
            print("erro: só itens em 'Requer atenção' por confirmação (estoque ou lançamento) podem ser marcados.",
                  file=sys.stderr)
            return exit_codes.REFUSED
        print(f"Item {args.id} marcado como enviado{where}.")
        return exit_codes.OK
    if command == "retry":
        if args.all_parked:
            print(f"De volta à fila{where}: {count(int(done or 0), 'item', 'itens')}.")
        elif not done:
            print("erro: item inexistente ou não está em 'Requer atenção'.", file=sys.stderr)
            return exit_codes.REFUSED
        else:
            print(f"Item {args.id} de volta à fila{where}.")
        return exit_codes.OK
    _print_rows(rows, as_json=getattr(args, "json", False), in_store=scope.in_store, here=here)
    return offline_code(scope)


def _open_rows(session: Session) -> list[dict[str, object]]:
    items = outbox.list_open(session)
    numbers = {sale_id: numero for sale_id, numero in session.execute(select(Sale.id, Sale.numero_loja).where(
        Sale.id.in_({i.sale_id for i in items if i.sale_id is not None})))}
    return [{"id": i.id, "kind": i.kind, "sale_id": i.sale_id, "numero_loja": numbers.get(i.sale_id or 0),
             "state": i.state, "attempts": i.attempts,
             "next_attempt_at": i.next_attempt_at.isoformat() if i.next_attempt_at else None,
             "error": i.error_code, "suggested_fix": i.suggested_fix} for i in items]


def _not_handed_over(ctx: AppContext) -> int:
    from pdv_bling.retaguarda.handover import not_handed_over

    with ctx.store.read() as session:
        return not_handed_over(session)


def _print_rows(rows: list[dict[str, object]], *, as_json: bool, in_store: bool, here: int | None) -> None:
    if as_json:
        print_json(rows)
        return
    for row in rows:
        sale = row["numero_loja"] if in_store and row["numero_loja"] else f"venda#{row['sale_id']}"
        print(f"{row['id']:>6} {word(OUTBOX_STATE, str(row['state'])):<14} {word(OUTBOX_KIND, str(row['kind'])):<18} "
              f"{sale} tentativas={row['attempts']} {row['error'] or ''}")
    if not rows:
        print("Fila da loja vazia." if in_store else "Fila vazia.")
    if here:
        print(f"Ainda neste caixa, não repassados à retaguarda: {count(here, 'registro', 'registros')}.")

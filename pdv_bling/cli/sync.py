"""CLI: `sale add|cancel|nfce`, `sync`, `outbox list|retry` (thin layers over core functions)."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from pdv_bling.bling.errors import BlingError
from pdv_bling.cli import exit_codes
from pdv_bling.cli.parser import positive_int
from pdv_bling.cli.registry import command, print_json
from pdv_bling.cli.sale_input import parse_sale_bytes
from pdv_bling.cli.until_idle import SyncRun, drain_until_idle
from pdv_bling.cli.words import OUTBOX_KIND, OUTBOX_STATE, STOCK_CHECK, count, word
from pdv_bling.counter.cancellation import cancel_sale
from pdv_bling.counter.fiscal import record_fiscal_document
from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.errors import DomainError, DomainErrors
from pdv_bling.runtime.service import PULL_MODELS, DrainerBusy, SyncService
from pdv_bling.store import outbox
from pdv_bling.store.context import AppContext
from pdv_bling.sync.puller import MODELS, PullReport


def _fail(errors: list[DomainError] | DomainErrors | DomainError) -> int:
    items = errors.errors if isinstance(errors, DomainErrors) else [errors] if isinstance(errors, DomainError) else errors
    for error in items:
        print(f"erro: {error}", file=sys.stderr)
    return 2


# ---------------------------------------------------------------- sale


def _sale_args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="sale_command", required=True, metavar="ACAO")
    add = sub.add_parser("add", help="registra uma venda a partir de um arquivo JSON (ou - para a entrada padrão)")
    add.add_argument("file", metavar="ARQUIVO")
    add.add_argument("--troco-alto", action="store_true", dest="high_cash",
                     help="aceita pagamento em dinheiro de mais de 10 vezes o total")
    add.add_argument("--json", action="store_true", help="saída em JSON")
    cancel = sub.add_parser("cancel", help="cancela uma venda pelo número local")
    cancel.add_argument("number", type=positive_int, metavar="NUMERO")
    nfce = sub.add_parser("nfce", help="vincula a NFC-e (chave de acesso de 44 dígitos) a uma venda")
    nfce.add_argument("number", type=positive_int, metavar="NUMERO")
    nfce.add_argument("access_key", metavar="CHAVE")
    nfce.add_argument("--substituir", "--replace", action="store_true", dest="replace",
                      help="troca a NFC-e já vinculada por esta")


@command("sale", "registra, cancela uma venda ou vincula a NFC-e (local e instantâneo)")(_sale_args)
def _sale(args: argparse.Namespace) -> int:
    raw = b""
    if args.sale_command == "add":
        try:
            raw = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
        except OSError as exc:
            print(f"erro: {_file_problem(args.file, exc)}", file=sys.stderr)
            return exit_codes.REFUSED
    with AppContext.open() as ctx:
        try:
            if args.sale_command == "add":
                recorded = record_sale(ctx.store, parse_sale_bytes(raw), allow_high_cash=args.high_cash)
                if args.json:
                    print_json(recorded.__dict__)
                else:
                    print(f"Venda {recorded.number} registrada ({recorded.numero_loja}), cupom de troca "
                          f"{recorded.coupon[:4]}-{recorded.coupon[4:]}, troco {recorded.change_cents / 100:.2f}")
            elif args.sale_command == "cancel":
                sale = cancel_sale(ctx.store, args.number)
                print(f"Venda {args.number} cancelada; estorno no Bling enfileirado.")
                _print_nfce_cancel(ctx, sale.id)
            else:
                doc = record_fiscal_document(ctx.store, sale_number=args.number, access_key=args.access_key,
                                             replace=args.replace)
                print(f"NFC-e {doc.number} (série {doc.series}) vinculada à venda {args.number}.")
        except (DomainErrors, DomainError) as exc:
            return _fail(exc)
    return exit_codes.OK


def _print_nfce_cancel(ctx: AppContext, sale_id: int) -> None:
    """A cancelled sale's authorized NFC-e: where and until when to cancel it in Bling."""
    from zoneinfo import ZoneInfo

    from pdv_bling.cli.words import NFCE_CANCEL, NFCE_CANCEL_DEADLINE, NFCE_CANCEL_SOON
    from pdv_bling.counter.nfce_status import cancel_notice

    with ctx.store.read() as session:
        notice = cancel_notice(session, sale_id)
    if notice is None:
        return
    if notice.deadline is not None:
        local = notice.deadline.astimezone(ZoneInfo("America/Sao_Paulo"))
        prazo = NFCE_CANCEL_DEADLINE.format(hora=f"{local:%H:%M}", dia=f"{local:%d/%m/%Y}")
    else:
        prazo = NFCE_CANCEL_SOON
    nota = f"nº {notice.numero}" if notice.numero else ""
    print(NFCE_CANCEL.format(nota=nota, prazo=prazo).replace("  ", " "))


def _file_problem(name: str, exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"arquivo não encontrado: {name}"
    if isinstance(exc, IsADirectoryError):
        return f"{name} é uma pasta, não um arquivo"
    if isinstance(exc, PermissionError):
        return f"sem permissão para ler o arquivo {name}"
    return f"não foi possível ler o arquivo {name} ({exc.__class__.__name__})"


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


@command("sync",
         "envia a Fila de envio até não haver mais o que enviar agora e/ou baixa dados do Bling")(_sync_args)
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
            print("erro: outro processo já está enviando a fila desta pasta de dados.", file=sys.stderr)
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


@command("stock-check",
         "verifica se as vendas enviadas baixam o estoque do Bling (uma vez por conta)")(_stock_check_args)
def _stock_check(args: argparse.Namespace) -> int:
    from pdv_bling.sync.fixes import STOCK_CHECK_FIXES
    from pdv_bling.sync.stock_check import adopt_integration_mode, load_stock_check

    with AppContext.open() as ctx:
        adopted = adopt_integration_mode(ctx.store) if args.lancar_pela_integracao else None
        with ctx.store.read() as session:
            check = load_stock_check(session)
    data = {"stock_check": check.to_json() if check else None,
            "adopted": dataclasses.asdict(adopted) if adopted else None}
    if args.json:
        print_json(data)
        return 0
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
    return 0


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


@command("outbox", "Fila de envio: lista os itens, devolve à fila os que requerem atenção, "
                   "confirma lançamentos")(_outbox_args)
def _outbox(args: argparse.Namespace) -> int:
    with AppContext.open() as ctx, ctx.store.transaction() as session:
        if args.outbox_command == "confirm":
            if not outbox.confirm_delivered(session, args.id):
                print("erro: só itens em 'Requer atenção' por confirmação (estoque ou lançamento) podem ser marcados.",
                      file=sys.stderr)
                return 2
            print(f"Item {args.id} marcado como enviado.")
            return 0
        if args.outbox_command == "retry":
            if args.all_parked:
                print(f"De volta à fila: {count(outbox.retry_all_parked(session), 'item', 'itens')}.")
                return 0
            if args.id is None or not outbox.retry(session, args.id):
                print("erro: item inexistente ou não está em 'Requer atenção'.", file=sys.stderr)
                return 2
            print(f"Item {args.id} de volta à fila.")
            return 0
        rows = [
            {"id": i.id, "kind": i.kind, "sale_id": i.sale_id, "state": i.state, "attempts": i.attempts,
             "next_attempt_at": i.next_attempt_at.isoformat() if i.next_attempt_at else None,
             "error": i.error_code, "suggested_fix": i.suggested_fix}
            for i in outbox.list_open(session)
        ]
    if getattr(args, "json", False):
        print_json(rows)
    else:
        for row in rows:
            print(f"{row['id']:>6} {word(OUTBOX_STATE, str(row['state'])):<14} {word(OUTBOX_KIND, str(row['kind'])):<18} "
                  f"venda#{row['sale_id']} "
                  f"tentativas={row['attempts']} {row['error'] or ''}")
        if not rows:
            print("Fila vazia.")
    return 0

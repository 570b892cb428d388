"""CLI: `sale add|cancel|nfce` (local and instant; `sale receipt` is `cli/receipt.py`). Imports only
what recording needs: a PDV script calling `sale add` per sale pays its start-up every time."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pdv_bling.cli import exit_codes
from pdv_bling.cli.parser import positive_int
from pdv_bling.cli.registry import command, print_json
from pdv_bling.cli.sale_input import parse_sale_bytes
from pdv_bling.counter.cancellation import cancel_sale
from pdv_bling.counter.fiscal import record_fiscal_document
from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.errors import DomainError, DomainErrors
from pdv_bling.store.context import AppContext


def _fail(errors: list[DomainError] | DomainErrors | DomainError) -> int:
    items = errors.errors if isinstance(errors, DomainErrors) else [errors] if isinstance(errors, DomainError) else errors
    for error in items:
        print(f"erro: {error}", file=sys.stderr)
    return 2


def _sale_args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="sale_command", required=True, metavar="ACAO")
    add = sub.add_parser("add", help="registra uma venda a partir de um arquivo JSON (ou - para a entrada padrão)")
    add.add_argument("file", metavar="ARQUIVO")
    add.add_argument("--troco-alto", action="store_true", dest="high_cash",
                     help="aceita pagamento em dinheiro de mais de 10 vezes o total")
    add.add_argument("--json", action="store_true", help="saída em JSON")
    cancel = sub.add_parser("cancel", help="cancela uma venda pelo número local")
    cancel.add_argument("number", type=positive_int, metavar="NUMERO")
    nfce = sub.add_parser("nfce", help="vincula a NFC-e (chave de acesso de 44 caracteres) a uma venda")
    nfce.add_argument("number", type=positive_int, metavar="NUMERO")
    nfce.add_argument("access_key", metavar="CHAVE")
    nfce.add_argument("--substituir", "--replace", action="store_true", dest="replace",
                      help="troca a NFC-e já vinculada por esta")


@command("sale")(_sale_args)
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
    from pdv_bling.base.zone import local
    from pdv_bling.cli.words import NFCE_CANCEL, NFCE_CANCEL_DEADLINE, NFCE_CANCEL_SOON
    from pdv_bling.counter.nfce_status import cancel_notice

    with ctx.store.read() as session:
        notice = cancel_notice(session, sale_id)
    if notice is None:
        return
    if notice.deadline is not None:
        when = local(notice.deadline)  # the store's own time (base/zone.py)
        prazo = NFCE_CANCEL_DEADLINE.format(hora=f"{when:%H:%M}", dia=f"{when:%d/%m/%Y}")
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

"""CLI: `pdv-bling sale danfe NUMBER --pdf FILE` writes the sale's DANFE NFC-e as a PDF, drawn
from the authorized XML the issuing chain stored with the sale (`fiscal_documents.xml`, kind
"nfce"), the same DANFE the app prints (Qt's drawing, ui/slip_render.py, imported late).
`--escpos FILE` also writes the bytes a thermal printer would get, QR code as its own command.
The note's linkDanfe, when known, is printed for sending to the customer."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from pdv_bling.cli.registry import subcommand
from pdv_bling.domain.errors import DomainError
from pdv_bling.slips.build import for_print
from pdv_bling.slips.printer import PAPERS
from pdv_bling.store.context import AppContext


def _danfe_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("number", type=int, metavar="NUMERO", help="número local da venda")
    parser.add_argument("--pdf", metavar="ARQUIVO", required=True, help="grava o DANFE NFC-e em PDF")
    parser.add_argument("--paper", type=int, choices=PAPERS,
                        help="largura da bobina em mm (padrão: a da impressora do terminal)")
    parser.add_argument("--escpos", metavar="ARQUIVO",
                        help="grava também os bytes ESC/POS para uma impressora térmica")


@subcommand("sale", "danfe", "grava em PDF o DANFE NFC-e de uma venda (da nota autorizada)")(_danfe_args)
def _danfe(args: argparse.Namespace) -> int:
    with AppContext.open(log=False) as ctx:
        try:
            with ctx.store.read() as session:
                slip, config = for_print(session, "danfe", args.number)
        except DomainError as exc:
            print(f"erro: {exc}", file=sys.stderr)
            return 2
    paper = args.paper or config.paper_mm
    try:
        render = importlib.import_module("ui.slip_render")
        path = render.write_pdf(slip, Path(args.pdf), paper_mm=paper)
        if args.escpos:
            from pdv_bling.slips import thermal

            Path(args.escpos).write_bytes(thermal.slip_bytes(slip, paper_mm=paper))
    except OSError as exc:
        print(f"erro: não foi possível gravar o arquivo: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"{slip.title} gravado em {path}")
    if slip.link:
        print(f"Link do DANFE para o cliente: {slip.link}")
    return 0

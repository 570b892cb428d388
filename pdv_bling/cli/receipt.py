"""CLI: `pdv-bling sale receipt NUMBER --pdf FILE` writes the sale's slip as a PDF, the same slip
the app prints (the drawing is Qt's, in ui/slip_render.py, imported late: the core itself never
imports Qt). `--escpos FILE` also writes the bytes the thermal printer would get."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from pdv_bling.cli.registry import subcommand

PAPERS = (80, 58)  # slips.printer.PAPERS (not imported: `sale add` loads this module too)


def _receipt_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("number", type=int, metavar="NUMERO", help="número local da venda")
    parser.add_argument("--pdf", metavar="ARQUIVO", required=True, help="grava o comprovante em PDF")
    parser.add_argument("--paper", type=int, choices=PAPERS,
                        help="largura da bobina em mm (padrão: a da impressora do terminal)")
    parser.add_argument("--escpos", metavar="ARQUIVO",
                        help="grava também os bytes ESC/POS para uma impressora térmica")


@subcommand("sale", "receipt", "grava em PDF o comprovante de uma venda (com o cupom de troca)")(_receipt_args)
def _receipt(args: argparse.Namespace) -> int:
    from pdv_bling.domain.errors import DomainError
    from pdv_bling.slips.build import for_print
    from pdv_bling.store.context import AppContext

    with AppContext.open(log=False) as ctx:
        try:
            with ctx.store.read() as session:
                slip, config = for_print(session, "sale", args.number)
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
    return 0

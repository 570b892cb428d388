"""`pdv-bling caixa relatorio` and `caixa turnos`: the Relatório X or Z on the screen (the slip's
own lines), as JSON, as a PDF (the same drawing `sale receipt` uses: ui/slip_render.py, imported
late, the core itself never imports Qt), as ESC/POS bytes or on the thermal printer; and the last
days' turnos."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from pdv_bling.base.zone import local
from pdv_bling.cli import exit_codes
from pdv_bling.cli.registry import print_json
from pdv_bling.counter.turno import current_turno
from pdv_bling.counter.turno_report import X, Z, report, turnos_of_last_days
from pdv_bling.domain.messages import _brl as brl
from pdv_bling.slips.identity import store_identity
from pdv_bling.slips.layout import Slip, columns_for, lay_out, plain_text
from pdv_bling.slips.printer import load_printer
from pdv_bling.slips.turno_slip import turno_slip
from pdv_bling.store.context import AppContext


def report_command(ctx: AppContext, args: argparse.Namespace) -> int:
    with ctx.store.read() as session:
        kind = args.kind or (X if args.turno is None and current_turno(session) is not None else Z)
        if args.kind is None and args.turno is not None:
            from pdv_bling.store.models import Turno

            found = session.get(Turno, args.turno)
            kind = X if found is not None and found.closed_at is None else Z
        data = report(session, args.turno, kind=kind, reveal=args.esperado)
        config = load_printer(session)
        slip = turno_slip(data, header=store_identity(session, config.header))
    paper = args.paper or config.paper_mm
    if args.json:
        print_json(data.to_json())
    elif not (args.pdf or args.escpos or args.imprimir):
        print(plain_text(lay_out(slip, columns_for(paper))))
    return _outputs(slip, args, paper, config)


def _outputs(slip: Slip, args: argparse.Namespace, paper: int, config: object) -> int:
    from pdv_bling.slips import thermal
    from pdv_bling.slips.printer import PrinterConfig

    assert isinstance(config, PrinterConfig)
    try:
        if args.pdf:
            render = importlib.import_module("ui.slip_render")
            path = render.write_pdf(slip, Path(args.pdf), paper_mm=paper)
            print(f"{slip.title} gravado em {path}", file=sys.stderr if args.json else sys.stdout)
        if args.escpos:
            Path(args.escpos).write_bytes(thermal.slip_bytes(slip, paper_mm=paper))
    except OSError as exc:
        print(f"erro: não foi possível gravar o arquivo: {exc.strerror or exc}", file=sys.stderr)
        return exit_codes.REFUSED
    if args.imprimir:
        if not config.thermal:
            print("erro: este terminal imprime pela impressora do sistema: imprima pelo aplicativo ou grave o PDF "
                  "(--pdf ARQUIVO).", file=sys.stderr)
            return exit_codes.REFUSED
        thermal.print_slip(slip, config)
        print(f"{slip.title} impresso.", file=sys.stderr if args.json else sys.stdout)
    return exit_codes.OK


def turnos_command(ctx: AppContext, args: argparse.Namespace) -> int:
    with ctx.store.read() as session:
        rows = turnos_of_last_days(session, days=args.dias)
    if args.json:
        print_json([row.to_json() for row in rows])
        return exit_codes.OK
    if not rows:
        print(f"Nenhum turno nos últimos {args.dias} dias.")
    for row in rows:
        opened = local(row.opened_at).strftime("%d/%m/%Y %H:%M")
        if row.closed_at is None:
            state = "aberto"
        else:
            state = f"fechado em {local(row.closed_at).strftime('%d/%m/%Y %H:%M')} por {row.closed_by}, " \
                    f"diferença {brl(row.total_difference_cents or 0)}"
        print(f"Turno {row.id} — caixa {row.terminal_id}, aberto em {opened} por {row.operator}, "
              f"fundo {brl(row.fundo_cents)}: {state}")
    return exit_codes.OK

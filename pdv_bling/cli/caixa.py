"""`pdv-bling caixa abrir|suprimento|sangria|fechar|relatorio|turnos`: the turno de caixa from the
command line (counter/turno.py), each a thin layer over the service; bad input is refused in
pt_BR naming the field (exit 2) and nothing is written."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import Any

from pdv_bling.cli import exit_codes
from pdv_bling.cli.registry import command, print_json
from pdv_bling.domain.errors import DomainError, DomainErrors
from pdv_bling.domain.money import parse_money


def _args(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="caixa_command", required=True, metavar="ACAO")
    abrir = sub.add_parser("abrir", help="abre o caixa com o fundo de troco")
    abrir.add_argument("--operador", required=True, metavar="NOME")
    abrir.add_argument("--fundo", required=True, metavar="VALOR", help="fundo de troco, ex.: 150,00")
    for name, text in (("suprimento", "dinheiro que entra na gaveta"), ("sangria", "dinheiro que sai da gaveta")):
        move = sub.add_parser(name, help=text)
        move.add_argument("valor", metavar="VALOR")
        move.add_argument("--motivo", required=True, metavar="TEXTO")
        move.add_argument("--operador", required=True, metavar="NOME")
    fechar = sub.add_parser("fechar", help="fecha o caixa: a contagem de cada forma de pagamento")
    fechar.add_argument("--operador", required=True, metavar="NOME")
    fechar.add_argument("--contagem", action="append", default=[], metavar="FORMA=VALOR",
                        help='valor contado de uma forma (repita), ex.: --contagem "Dinheiro=412,50" '
                             '--contagem "PIX=230,00"')
    fechar.add_argument("--cedulas", metavar="VALOR=QTD,...",
                        help='o dinheiro contado por cédulas e moedas, ex.: "100=3,50=2,0,25=4"')
    fechar.add_argument("--motivo", metavar="TEXTO", help="motivo da diferença (obrigatório acima do limite)")
    relatorio = sub.add_parser("relatorio", help="Relatório X (leitura) ou Z (fechamento)")
    which = relatorio.add_mutually_exclusive_group()
    which.add_argument("--x", action="store_true", help="leitura do caixa aberto (padrão)")
    which.add_argument("--z", action="store_true", help="o fechamento (o último, ou --turno N)")
    relatorio.add_argument("--turno", type=int, metavar="N", help="número do turno")
    relatorio.add_argument("--pdf", metavar="ARQUIVO", help="grava o relatório em PDF")
    relatorio.add_argument("--escpos", metavar="ARQUIVO", help="grava os bytes ESC/POS da impressora térmica")
    relatorio.add_argument("--completo", action="store_true", help="mostra os valores esperados no fechamento cego")
    sub.add_parser("turnos", help="os turnos dos últimos 30 dias")
    for action in sub.choices.values():
        action.add_argument("--json", action="store_true", help="saída em JSON")


@command("caixa")(_args)
def _caixa(args: argparse.Namespace) -> int:
    from pdv_bling.store.context import AppContext

    try:
        with AppContext.open() as ctx:
            if args.caixa_command == "relatorio":
                return _report(ctx, args)
            if args.caixa_command == "turnos":
                return _list(ctx, args)
            data, text = _act(ctx, args)
    except (DomainError, DomainErrors) as exc:
        for error in exc.errors if isinstance(exc, DomainErrors) else [exc]:
            print(f"erro: {error}", file=sys.stderr)
        return exit_codes.REFUSED
    if args.json:
        print_json(data)
    else:
        print(text)
    return exit_codes.OK


def _act(ctx: Any, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    from pdv_bling.counter import turno as service
    from pdv_bling.domain.messages import _brl

    if args.caixa_command == "abrir":
        ref = service.open_turno(ctx.store, operator=args.operador, fundo_cents=_money(args.fundo, "fundo"))
        return ({"turno": ref.id, "operador": ref.operator, "fundo_cents": ref.fundo_cents},
                f"Caixa aberto (turno {ref.id}) por {ref.operator} com fundo de troco de {_brl(ref.fundo_cents)}.")
    if args.caixa_command in ("suprimento", "sangria"):
        cents = _money(args.valor, "valor")
        movement = service.add_movement(ctx.store, kind=args.caixa_command, amount_cents=cents, reason=args.motivo,
                                        operator=args.operador)
        return ({"movimento": movement, "tipo": args.caixa_command, "valor_cents": cents},
                f"{args.caixa_command.capitalize()} de {_brl(cents)} "
                f"{'registrada' if args.caixa_command == 'sangria' else 'registrado'}; lançamento no Caixa e "
                "Bancos do Bling enfileirado.")
    summary = service.close_turno(ctx.store, counted=_counts(args.contagem), operator=args.operador,
                                  reason=args.motivo, notes=_notes(args.cedulas) if args.cedulas else None)
    return summary, (f"Caixa fechado: diferença total {_brl(int(summary['total_difference_cents']))}. "
                     "Relatório Z: pdv-bling caixa relatorio --z")


def _money(text: str, field: str) -> int:
    try:
        return parse_money(text, field=field)
    except DomainError as exc:
        raise DomainErrors([exc]) from None


def _counts(pairs: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    errors: list[DomainError] = []
    for pair in pairs:
        method, sep, value = pair.partition("=")
        if not sep or not method.strip():
            errors.append(DomainError("turno_method_unknown", "contagem", {"value": pair[:40]}))
            continue
        try:
            counts[method.strip()] = parse_money(value, field="contagem")
        except DomainError as exc:
            errors.append(exc)
    if errors:
        raise DomainErrors(errors)
    return counts


def _notes(text: str) -> dict[int, int]:
    """"100=3,50=2,0,25=4": a note's value, its count. The value may have a decimal comma
    ("0,25=4"), so pairs are found by their "=" rather than split on commas."""
    import re

    notes: dict[int, int] = {}
    for value, quantity in re.findall(r"([0-9]+(?:[.,][0-9]{1,2})?)\s*=\s*([0-9]+)", text):
        notes[_money(value, "contagem")] = notes.get(_money(value, "contagem"), 0) + int(quantity)
    if not notes:
        raise DomainErrors([DomainError("turno_quantity", "contagem", {"value": text[:40]})])
    return notes


def _report(ctx: Any, args: argparse.Namespace) -> int:
    from pdv_bling.slips.layout import columns_for, lay_out, plain_text
    from pdv_bling.slips.printer import load_printer
    from pdv_bling.slips.turno_report import find_turno, x_report, z_report

    with ctx.store.read() as session:
        config = load_printer(session)
        if args.z:
            slip = z_report(session, args.turno, header=config.header)
        else:
            slip = x_report(session, args.turno, header=config.header, show_expected=True if args.completo else None)
        turno = find_turno(session, args.turno, closed=bool(args.z))
        data = {"turno": turno.id, "tipo": "z" if args.z else "x", "resumo": turno.summary}
    if args.json:
        print_json(data)
    else:
        print(plain_text(lay_out(slip, columns_for(config.paper_mm))))
    try:
        if args.pdf:
            render = importlib.import_module("ui.slip_render")
            print(f"{slip.title} gravado em {render.write_pdf(slip, Path(args.pdf), paper_mm=config.paper_mm)}",
                  file=sys.stderr if args.json else sys.stdout)
        if args.escpos:
            from pdv_bling.slips import thermal

            Path(args.escpos).write_bytes(thermal.slip_bytes(slip, paper_mm=config.paper_mm))
    except OSError as exc:
        print(f"erro: não foi possível gravar o arquivo: {exc.strerror or exc}", file=sys.stderr)
        return exit_codes.REFUSED
    return exit_codes.OK


SHOWN = "%d/%m/%Y %H:%M"


def _list(ctx: Any, args: argparse.Namespace) -> int:
    from pdv_bling.base.zone import local
    from pdv_bling.counter.turno import recent_turnos

    with ctx.store.read() as session:
        rows = [{"turno": t.id, "operador": t.operator, "aberto": local(t.opened_at).strftime(SHOWN),
                 "fechado": local(t.closed_at).strftime(SHOWN) if t.closed_at else None,
                 "diferenca_cents": (t.summary or {}).get("total_difference_cents")} for t in recent_turnos(session)]
    if args.json:
        print_json(rows)
    elif not rows:
        print("Nenhum turno nos últimos 30 dias.")
    else:
        for row in rows:
            state = f"fechado {row['fechado']}" if row["fechado"] else "ABERTO"
            print(f"turno {row['turno']:>4}  {row['operador']:<20} aberto {row['aberto']}  {state}")
    return exit_codes.OK

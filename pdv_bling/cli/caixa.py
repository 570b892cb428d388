"""CLI: `pdv-bling caixa abrir|suprimento|sangria|fechar|relatorio|turnos|gaveta` — the turno de
caixa of this data folder (counter/turno.py), its Relatório X and Z (on the screen, `--json`, a
PDF, ESC/POS bytes or the thermal printer) and the cash drawer's kick.

Values are read as the counter reads them ("12,34", "12.34", "1.234,56"); a refusal names its
field in pt_BR, exits 2 and writes nothing. `--id` names the record a script makes: the same
command run again after a lost answer finds it instead of recording it twice."""

from __future__ import annotations

import argparse
import sys

from pdv_bling.cli import exit_codes
from pdv_bling.cli.caixa_args import configure
from pdv_bling.cli.caixa_input import closing_input, money
from pdv_bling.cli.caixa_report import report_command, turnos_command
from pdv_bling.cli.registry import command, print_json
from pdv_bling.domain.errors import DomainError, DomainErrors
from pdv_bling.domain.messages import _brl as brl
from pdv_bling.store.context import AppContext


def fail(errors: DomainErrors | DomainError | list[DomainError]) -> int:
    items = errors.errors if isinstance(errors, DomainErrors) else [errors] if isinstance(errors, DomainError) else errors
    for error in items:
        print(f"erro: {error}", file=sys.stderr)
    return exit_codes.REFUSED


@command("caixa")(configure)
def _caixa(args: argparse.Namespace) -> int:
    action = args.caixa_command
    try:
        with AppContext.open() as ctx:
            if action == "abrir":
                return _abrir(ctx, args)
            if action in ("suprimento", "sangria"):
                return _movement(ctx, args)
            if action == "fechar":
                return _fechar(ctx, args)
            if action == "relatorio":
                return report_command(ctx, args)
            if action == "turnos":
                return turnos_command(ctx, args)
            return _gaveta(ctx, args)
    except (DomainErrors, DomainError) as exc:
        return fail(exc)


def _abrir(ctx: AppContext, args: argparse.Namespace) -> int:
    from pdv_bling.base.zone import local
    from pdv_bling.counter.turno import open_turno

    fundo = money(args.fundo, "fundo")
    ref = open_turno(ctx.store, operator=args.operador, fundo_cents=fundo, uid=args.id)
    if args.json:
        print_json({"turno_id": ref.id, "uid": ref.uid, "operator": ref.operator, "opened_at": ref.opened_at.isoformat(),
                    "fundo_cents": ref.fundo_cents, "blind": ref.blind})
    else:
        print(f"Caixa aberto por {ref.operator} em {local(ref.opened_at).strftime('%d/%m/%Y %H:%M')} "
              f"com fundo de troco de {brl(ref.fundo_cents)} (turno {ref.id}).")
    return exit_codes.OK


def _movement(ctx: AppContext, args: argparse.Namespace) -> int:
    from pdv_bling.counter.turno import add_movement

    kind = args.caixa_command
    cents = money(args.valor, "valor", positive=True)
    moved = add_movement(ctx.store, kind=kind, amount_cents=cents, reason=args.motivo, operator=args.operador,
                         uid=args.id)
    if args.json:
        print_json({"id": moved.id, "uid": moved.uid, "kind": moved.kind, "amount_cents": moved.amount_cents,
                    "operator": moved.operator, "reason": moved.reason, "cash_after_cents": moved.cash_after_cents})
        return exit_codes.OK
    what = "Suprimento de {} registrado" if kind == "suprimento" else "Sangria de {} registrada"
    cash = "" if moved.cash_after_cents is None else f" Dinheiro no caixa: {brl(moved.cash_after_cents)}."
    print(f"{what.format(brl(moved.amount_cents))} ({moved.operator}: {moved.reason}); lançamento no "
          f"Caixa e Bancos enfileirado.{cash}")
    return exit_codes.OK


def _fechar(ctx: AppContext, args: argparse.Namespace) -> int:
    from pdv_bling.counter.turno import cashier_summary, close_turno

    counted, notes = closing_input(ctx, args)
    summary = close_turno(ctx.store, counted=counted, notes=notes, operator=args.operador, reason=args.motivo)
    shown = cashier_summary(summary)
    if args.json:
        print_json(shown)
        return exit_codes.OK
    print(f"Caixa fechado (turno {summary['turno_id']}).")
    if "expected" not in shown:
        print("Fechamento cego: o esperado e as diferenças ficam no relatório Z, para o gerente "
              "(pdv-bling caixa relatorio --z).")
        for name, cents in shown["counted"].items():
            print(f"  {name}: contado {brl(cents)}")
        return exit_codes.OK
    for name, cents in shown["counted"].items():
        difference = shown["difference"][name]
        if not (cents or difference or name == shown.get("cash_method")):
            continue
        word = "sobra" if difference > 0 else "falta" if difference < 0 else "sem diferença"
        print(f"  {name}: contado {brl(cents)}, esperado {brl(shown['expected'][name])} — {word}"
              + (f" de {brl(abs(difference))}" if difference else ""))
    print("Relatório Z: pdv-bling caixa relatorio --z")
    return exit_codes.OK


def _gaveta(ctx: AppContext, args: argparse.Namespace) -> int:
    from pdv_bling.slips.drawer import open_drawer
    from pdv_bling.slips.printer import load_printer

    with ctx.store.read() as session:
        config = load_printer(session)
    if not open_drawer(config, pin=args.pino):
        print("erro: a gaveta abre pela impressora térmica (ESC/POS); este terminal imprime pela impressora do "
              "sistema. Configure-a em Configurações › Impressora.", file=sys.stderr)
        return exit_codes.REFUSED
    print("Gaveta aberta.")
    return exit_codes.OK

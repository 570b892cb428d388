"""The Relatório X and the Relatório Z as a slip (counter/turno_report.py gathers the figures):
the same lines on the thermal printer, in the PDF and on the screen, at 48 or 32 columns."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from pdv_bling.base.zone import local
from pdv_bling.counter.turno_report import MovementLine, TurnoReport, Z, report
from pdv_bling.slips.identity import store_identity
from pdv_bling.slips.layout import Blank, Block, Pair, Rule, Slip, Text
from pdv_bling.slips.words import WORDS, brl, local_time

W = {
    "x_title": "RELATÓRIO X (PARCIAL)",
    "z_title": "RELATÓRIO Z (FECHAMENTO)",
    "x_job": "Relatório X do caixa {terminal}, turno {number}",
    "z_job": "Relatório Z do caixa {terminal}, turno {number}",
    "caixa": "Caixa {terminal}",
    "turno": "Turno nº {number}",
    "opened": "Aberto em {when} por {who}",
    "closed": "Fechado em {when} por {who}",
    "made": "Emitido em {when}; o caixa segue aberto",
    "blind": "Fechamento cego",
    "fundo": "Fundo de troco",
    "sales_head": "VENDAS",
    "sales": "Vendas ({n})",
    "ticket": "Ticket médio",
    "cancelled": "Cancelamentos ({n})",
    "returns": "Devoluções e trocas ({n})",
    "refunded": "  Reembolsado",
    "credit_granted": "Crédito em loja dado",
    "credit_used": "Crédito em loja usado",
    "moves_head": "MOVIMENTAÇÕES",
    "suprimentos": "Suprimentos",
    "sangrias": "Sangrias",
    "none": "Nenhuma",
    "methods_head": "POR FORMA DE PAGAMENTO",
    "m_sales": "  Vendas",
    "m_expected": "  Esperado",
    "m_counted": "  Contado",
    "m_sobra": "  Diferença (sobra)",
    "m_falta": "  Diferença (falta)",
    "m_even": "  Diferença",
    "hidden": "oculto",
    "hidden_note": "Fechamento cego: os valores esperados ficam com o gerente.",
    "cash_expected": "Dinheiro esperado no caixa",
    "total_difference": "DIFERENÇA TOTAL",
    "reason": "Motivo: {reason}",
    "signature": "Conferido por: ________________",
}


def turno_slip(data: TurnoReport, *, header: Sequence[str] = ()) -> Slip:
    title = W["z_title"] if data.kind == Z else W["x_title"]
    blocks: list[Block] = [Text(line, "center", bold=index == 0) for index, line in enumerate(header) if line.strip()]
    blocks += [Text(title, "center", bold=True), Text(WORDS["not_fiscal"], "center"), Rule()]
    blocks += [*_opening(data), Rule(), *_sales(data), Rule(), *_movements(data), Rule(), *_methods(data)]
    if data.kind == Z:
        blocks += [Rule(), Pair(W["total_difference"], brl(data.total_difference_cents or 0), bold=True)]
        if data.reason:
            blocks.append(Text(W["reason"].format(reason=data.reason)))
        blocks += [Blank(), Text(W["signature"])]
    blocks += [Rule(), Text(WORDS["not_fiscal"], "center", bold=True)]
    job = W["z_job" if data.kind == Z else "x_job"].format(terminal=data.terminal_id, number=data.turno_id)
    return Slip(f"turno_{data.kind}", job, tuple(blocks))


def turno_slip_of(session: Session, turno_id: int | None, *, kind: str, reveal: bool = False,
                  header: Sequence[str] = ()) -> Slip:
    """The report's slip straight from the store (raises DomainError as `turno_report.report`)."""
    return turno_slip(report(session, turno_id, kind=kind, reveal=reveal), header=store_identity(session, header))


def _money(cents: int | None) -> str:
    return W["hidden"] if cents is None else brl(cents)


def _opening(data: TurnoReport) -> list[Block]:
    blocks: list[Block] = [Pair(W["caixa"].format(terminal=data.terminal_id), W["turno"].format(number=data.turno_id)),
                           Text(W["opened"].format(when=local_time(data.opened_at), who=data.operator))]
    if data.closed_at is not None:
        blocks.append(Text(W["closed"].format(when=local_time(data.closed_at), who=data.closed_by or "")))
    else:
        blocks.append(Text(W["made"].format(when=local_time(data.made_at))))
    if data.blind:
        blocks.append(Text(W["blind"]))
    return [*blocks, Pair(W["fundo"], brl(data.fundo_cents))]


def _sales(data: TurnoReport) -> list[Block]:
    return [Text(W["sales_head"], bold=True),
            Pair(W["sales"].format(n=data.sales_count), _money(data.sales_cents)),
            Pair(W["ticket"], _money(data.average_ticket_cents)),
            Pair(W["cancelled"].format(n=data.cancelled_count), _money(data.cancelled_cents)),
            Text(W["returns"].format(n=data.returns_count)),
            Pair(W["refunded"], _money(data.refunded_cents)),
            Pair(W["credit_granted"], brl(data.credit_granted_cents)),
            Pair(W["credit_used"], brl(data.credit_used_cents))]


def _movement(move: MovementLine) -> list[Block]:
    when = local(move.at).strftime("%H:%M")
    return [Pair(f"  {when} {move.operator}", brl(move.amount_cents)), Text(f"    {move.reason}")]


def _movements(data: TurnoReport) -> list[Block]:
    blocks: list[Block] = [Text(W["moves_head"], bold=True)]
    for kind, total in (("suprimento", data.suprimentos_cents), ("sangria", data.sangrias_cents)):
        moves = [m for m in data.movements if m.kind == kind]
        blocks.append(Pair(W[f"{kind}s"] + (f" ({len(moves)})" if moves else ""), brl(total) if moves else W["none"]))
        for move in moves:
            blocks += _movement(move)
    return blocks


def _methods(data: TurnoReport) -> list[Block]:
    blocks: list[Block] = [Text(W["methods_head"], bold=True)]
    if not data.revealed:
        blocks.append(Text(W["hidden_note"]))
    for line in data.methods:
        blocks += [Text(line.method, bold=True), Pair(W["m_sales"], _money(line.sales_cents)),
                   Pair(W["m_expected"], _money(line.expected_cents))]
        if line.counted_cents is not None:
            blocks.append(Pair(W["m_counted"], brl(line.counted_cents)))
        if line.difference_cents is not None:
            label = "m_sobra" if line.difference_cents > 0 else "m_falta" if line.difference_cents < 0 else "m_even"
            blocks.append(Pair(W[label], brl(line.difference_cents), bold=bool(line.difference_cents)))
    if data.kind != Z and data.revealed and data.expected_cash_cents is not None:
        blocks += [Blank(), Pair(W["cash_expected"], brl(data.expected_cash_cents), bold=True)]
    return blocks

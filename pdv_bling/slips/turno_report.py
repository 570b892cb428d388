"""Relatório X (a reading of the open turno: closes nothing) and Relatório Z (the fechamento, as
it was counted) as slips: the same lines print on ESC/POS, as a PDF and on screen. Per payment
method, with the sales count, average ticket, cancellations, returns, credit and movements.

The Z report reprints the summary the fechamento stored, whatever changed afterwards. During a
fechamento cego the X report leaves the expected amounts out (the Z report has them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pdv_bling.counter.turno import current_turno, summary_of
from pdv_bling.counter.turno_figures import figures
from pdv_bling.domain.errors import DomainError
from pdv_bling.slips.identity import store_identity
from pdv_bling.slips.layout import Block, Pair, Rule, Slip, Text
from pdv_bling.slips.words import TURNO_WORDS, WORDS, brl, local_time
from pdv_bling.store.models import Turno, utcnow

T = TURNO_WORDS


def find_turno(session: Session, number: int | None, *, closed: bool) -> Turno:
    """The turno by number; without one, the open turno (X) or the last closed one (Z)."""
    if number is not None:
        turno = session.get(Turno, number)
    elif closed:
        turno = session.scalars(select(Turno).where(Turno.closed_at.is_not(None)).order_by(Turno.id.desc())).first()
    else:
        turno = current_turno(session)
    if turno is None:
        raise DomainError("turno_none" if number is not None else "turno_not_open", "turno",
                          {"value": number or ""})
    return turno


def x_report(session: Session, number: int | None = None, *, header: Sequence[str] = (),
             show_expected: bool | None = None, now: dt.datetime | None = None) -> Slip:
    turno = find_turno(session, number, closed=False)
    when = now or utcnow()
    summary = summary_of(figures(session, turno, until=when), None) if turno.closed_at is None else turno.summary or {}
    hide = turno.blind if show_expected is None else not show_expected
    blocks = [*_top(session, turno, header, T["x_title"]), Text(T["x_note"]), Rule(),
              *_body(turno, summary, counted=False, hide_expected=hide)]
    blocks += [Rule(), Text(T["printed"].format(when=local_time(when)), "center")]
    return Slip("turno_x", T["x_job"].format(terminal=turno.terminal_id), tuple(blocks))


def z_report(session: Session, number: int | None = None, *, header: Sequence[str] = (),
             now: dt.datetime | None = None) -> Slip:
    turno = find_turno(session, number, closed=True)
    if turno.closed_at is None:
        raise DomainError("turno_not_open", "turno", {"value": number or ""})
    summary = turno.summary or {}
    blocks = [*_top(session, turno, header, T["z_title"]), *_body(turno, summary, counted=True, hide_expected=False)]
    if summary.get("reason"):
        blocks.append(Text(T["reason"].format(reason=summary["reason"])))
    blocks += [Rule(), Text(T["printed"].format(when=local_time(now or utcnow())), "center")]
    return Slip("turno_z", T["z_job"].format(number=turno.id), tuple(blocks))


def _top(session: Session, turno: Turno, header: Sequence[str], title: str) -> list[Block]:
    lines = store_identity(session, header)
    blocks: list[Block] = [Text(line, "center", bold=index == 0) for index, line in enumerate(lines) if line.strip()]
    blocks += [Text(title, "center", bold=True), Text(WORDS["not_fiscal"], "center"), Rule(),
               Text(T["turno"].format(terminal=turno.terminal_id, number=turno.id), bold=True),
               Pair(T["opened"].format(operator=turno.operator), local_time(turno.opened_at))]
    if turno.closed_at is not None:
        blocks.append(Pair(T["closed"].format(operator=turno.closed_by or "?"), local_time(turno.closed_at)))
    return [*blocks, Rule()]


def _body(turno: Turno, summary: dict[str, Any], *, counted: bool, hide_expected: bool) -> list[Block]:
    blocks: list[Block] = [
        Text(T["sales"], bold=True),
        Pair(T["sales_count"], str(summary.get("sales_count", 0))),
        Pair(T["sales_total"], brl(int(summary.get("sales_cents", 0)))),
        Pair(T["average"], brl(int(summary.get("average_ticket_cents", 0)))),
        Pair(T["cancelled"].format(count=summary.get("cancelled_count", 0)), brl(int(summary.get("cancelled_cents", 0)))),
        Pair(T["returns"], str(summary.get("returns_count", 0))),
        Pair(T["refunded"], brl(int(summary.get("refunded_cents", 0)))),
        Pair(T["credit_used"], brl(int(summary.get("credit_used_cents", 0)))),
        Pair(T["credit_granted"], brl(int(summary.get("credit_granted_cents", 0)))),
        Rule(), Text(T["by_method"], bold=True),
    ]
    sold: dict[str, int] = summary.get("by_method_sales", {})
    expected: dict[str, int] = summary.get("expected", {})
    cash = summary.get("cash_method")
    shown = [m for m in [*expected, *(m for m in sold if m not in expected)]
             if m == cash or sold.get(m) or expected.get(m) or summary.get("counted", {}).get(m)]
    for method in shown:
        blocks += [Text(method), Pair(T["method_sales"], brl(int(sold.get(method, 0))))]
        if not hide_expected and method in expected:
            blocks.append(Pair(T["expected"], brl(int(expected[method]))))
        if counted and method in summary.get("counted", {}):
            blocks += [Pair(T["counted"], brl(int(summary["counted"][method]))),
                       Pair(T["difference"], brl(int(summary["difference"][method])), bold=True)]
    if hide_expected:
        blocks.append(Text(T["blind"]))
    if counted:
        blocks.append(Pair(T["total_difference"], brl(int(summary.get("total_difference_cents", 0))), bold=True))
    blocks += [Rule(), Text(T["cash"], bold=True), Pair(T["fundo"], brl(int(summary.get("fundo_cents", 0)))),
               Pair(T["suprimentos"], brl(int(summary.get("suprimentos_cents", 0)))),
               Pair(T["sangrias"], brl(-int(summary.get("sangrias_cents", 0))))]
    if turno.movements:
        blocks += [Rule(), Text(T["movements"], bold=True)]
        for movement in turno.movements:
            sign = 1 if movement.kind == "suprimento" else -1
            blocks += [Pair(f"{local_time(movement.created_at)[11:]} {T[movement.kind]}", brl(sign * movement.amount_cents)),
                       Text(f"  {movement.operator}: {movement.reason}")]
    return blocks

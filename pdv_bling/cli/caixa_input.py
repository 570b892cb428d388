"""What `pdv-bling caixa` reads from its arguments: money as the counter types it ("12,34",
"12.34", "1.234,56", through domain.money) and the fechamento's count — cash as a total or by
notes and coins, each other payment method by name. Every problem is a DomainError naming its
field; nothing is written before all of them are fine."""

from __future__ import annotations

import argparse

from sqlalchemy import select

from pdv_bling.domain.errors import DomainError, DomainErrors, collect
from pdv_bling.domain.money import parse_money
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import PaymentMethod

MAX_QUANTITY_DIGITS = 6


def money(text: str, field: str, *, positive: bool = False) -> int:
    """Centavos of `text`; a negative value is refused (and zero too when `positive`)."""
    try:
        cents = parse_money(text, field=field)
    except DomainError as exc:
        raise DomainErrors([exc]) from None
    if positive and cents == 0:
        raise DomainErrors([DomainError("turno_amount_positive", field)])
    return cents


def _pair(text: str, field: str, errors: list[DomainError]) -> tuple[str, str] | None:
    name, sep, value = text.rpartition("=")
    if not sep or not name.strip() or not value.strip():
        errors.append(DomainError("turno_pair", field, {"value": text[:40]}))
        return None
    return name.strip(), value.strip()


def closing_input(ctx: AppContext, args: argparse.Namespace) -> tuple[dict[str, int], dict[int, int] | None]:
    """(counted per method name, cash notes {centavos: quantity} or None) of `caixa fechar`."""
    with ctx.store.read() as session:
        methods = list(session.scalars(select(PaymentMethod).order_by(PaymentMethod.id)))
    cash = next((m.name for m in methods if m.kind == "cash"), None)
    by_name = {m.name.casefold(): m.name for m in methods}
    errors: list[DomainError] = []
    counted: dict[str, int] = {}
    if args.dinheiro is not None and cash is not None:
        cents = collect(errors, lambda: parse_money(args.dinheiro, field="dinheiro"))
        if cents is not None:
            counted[cash] = cents
    for text in args.forma:
        pair = _pair(text, "forma", errors)
        if pair is None:
            continue
        name = by_name.get(" ".join(pair[0].split()).casefold())
        if name is None:
            errors.append(DomainError("turno_method_unknown", "forma", {"value": pair[0][:40]}))
        elif name in counted or (name == cash and args.cedula):
            errors.append(DomainError("turno_method_twice", "forma", {"value": name}))
        else:
            cents = _money_of(pair[1], f"forma {name}", errors)
            if cents is not None:
                counted[name] = cents
    notes = _notes(args.cedula, errors) if args.cedula else None
    if errors:
        raise DomainErrors(errors)
    return counted, notes


def _money_of(text: str, field: str, errors: list[DomainError]) -> int | None:
    try:
        return parse_money(text, field=field)
    except DomainError as exc:
        errors.append(exc)
        return None


def _notes(texts: list[str], errors: list[DomainError]) -> dict[int, int]:
    notes: dict[int, int] = {}
    for text in texts:
        pair = _pair(text, "cedulas", errors)
        if pair is None:
            continue
        value = _money_of(pair[0], "cedulas", errors)
        quantity = pair[1]
        if not (quantity.isascii() and quantity.isdigit() and len(quantity) <= MAX_QUANTITY_DIGITS):
            errors.append(DomainError("turno_quantity", "cedulas", {"value": quantity[:20]}))
        elif value is not None:
            notes[value] = notes.get(value, 0) + int(quantity)
    return notes

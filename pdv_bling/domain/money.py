"""Money is integer centavos. Parsing refuses anything ambiguous; Bling gets 2-decimal floats."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pdv_bling.domain.errors import DomainError

# [0-9], not \d: only ASCII digits count ("١٢,٣٤" or fullwidth "１２" are refused, never read as 12,34)
_MONEY = re.compile(r"^(?P<sign>-)?(?P<int>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,(?P<dec>[0-9]{1,2}))?$")
_MONEY_DOT = re.compile(r"^(?P<sign>-)?(?P<int>[0-9]+)(?:\.(?P<dec>[0-9]{1,2}))?$")
MAX_CENTS = 100_000_000_00  # R$ 100 million: anything above is a typo


def parse_money(value: object, *, field: str = "valor", allow_negative: bool = False) -> int:
    """Centavos from "12,34", "1.234,56", "12.34", 12.34 or an int of reais.

    Refuses a missing value, more than 2 decimals, NaN, bools, too large an amount and (unless
    allowed) negatives; each with a code the messages word without Python's names ("None").
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise DomainError("money_missing", field)
    if isinstance(value, bool):
        raise DomainError("money_invalid", field, {"value": "true" if value else "false"})
    if isinstance(value, int):
        cents = value * 100
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise DomainError("money_invalid", field, {"value": str(value)})
        if abs(value) * 100 > MAX_CENTS:  # 1e20 is too large, whatever its decimals
            raise DomainError("money_too_large", field, {"value": _plain(value)})
        text = repr(value)
        if "e" in text.lower() or ("." in text and len(text.split(".")[1]) > 2):
            raise DomainError("money_too_many_decimals", field, {"value": text})
        cents = round(value * 100)
    elif isinstance(value, str):
        cents = _parse_money_text(value.strip().removeprefix("R$").strip()[:60], field)
    else:
        raise DomainError("money_invalid", field, {"value": str(value)[:40]})
    if cents < 0 and not allow_negative:
        raise DomainError("money_negative", field, {"value": str(value)})
    if abs(cents) > MAX_CENTS:
        raise DomainError("money_too_large", field, {"value": str(value)[:40]})
    return cents


def _plain(value: float) -> str:
    """A float as a person writes it: 1e+20 -> 100000000000000000000 (up to 40 characters)."""
    return f"{value:.2f}".removesuffix(".00")[:40]


def _parse_money_text(text: str, field: str) -> int:
    match = _MONEY.match(text) if "," in text or text.count(".") > 1 else _MONEY_DOT.match(text)
    if not match:
        if re.match(r"^-?[0-9]+[.,][0-9]{3,}$", text):
            raise DomainError("money_too_many_decimals", field, {"value": text})
        raise DomainError("money_invalid", field, {"value": text[:40]})
    integer = int(match.group("int").replace(".", ""))
    decimals = (match.group("dec") or "").ljust(2, "0")
    cents = integer * 100 + int(decimals or 0)
    return -cents if match.group("sign") else cents


def to_bling(cents: int) -> float:
    """Bling's JSON money: a float with at most 2 decimals."""
    return round(cents / 100, 2)


def from_bling(value: float | int | str | None) -> int:
    """Centavos from Bling's float (Bling sends e.g. 49.9000015259: round to 2 decimals)."""
    if value is None or value == "":
        return 0
    return round(float(value) * 100)


def split_evenly(total_cents: int, parts: int) -> list[int]:
    """`parts` values summing exactly to total; the last one takes the rounding."""
    if parts <= 0:
        raise ValueError("parts must be positive")
    base = total_cents // parts
    values = [base] * parts
    values[-1] = total_cents - base * (parts - 1)
    return values


def allocate(total_cents: int, weights: Sequence[int]) -> list[int]:
    """Split `total_cents` proportionally to `weights` (centavos); the last share takes the rest."""
    weight_sum = sum(weights)
    if not weights or weight_sum <= 0:
        raise ValueError("weights must be positive")
    shares = [total_cents * w // weight_sum for w in weights[:-1]]
    shares.append(total_cents - sum(shares))
    return shares

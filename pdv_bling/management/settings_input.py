"""Settings as typed in Configurações or given on the command line, validated into `Settings`.

Values arrive as text (CLI, line edits) or as a widget's value (int, bool, None). Each one is
checked against its field's rules; every problem is reported at once with the field's name
(`configuracoes.<field>`, worded in pt_BR by domain/messages.py), and nothing is written unless
all values are valid.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from typing import Any

from pdv_bling.base.zone import use_store_zone, zone_named
from pdv_bling.counter.queries import products_synced
from pdv_bling.counter.terminal import adopt_terminal
from pdv_bling.domain.errors import DomainError, DomainErrors
from pdv_bling.store.engine import Store
from pdv_bling.store.settings import FIELDS, Settings, load_settings, save_settings

PREFIX = "configuracoes."
TERMINAL_ID = re.compile(r"[A-Za-z0-9_-]{1,20}")  # goes into every numeroLoja ("PDV01-0000042")
STOCK_MODES = ("transitions", "integration")
NFCE_SOURCES = ("outro", "bling")  # another emitter (the key attached by hand), or issued through Bling
INTERVALS = {"drain_interval_s": (2, 3600), "pull_interval_min": (1, 1440),  # as the dialog's spin boxes
             "nfce_wait_limit_min": (0, 1440),  # 0 = until the end of the sale's day
             "turno_difference_limit_cents": (0, 1_000_000)}
MAX_BLING_ID = 2**63 - 1
TRUE_WORDS = frozenset({"sim", "s", "true", "1", "on", "yes"})
FALSE_WORDS = frozenset({"não", "nao", "n", "false", "0", "off", "no"})


def shown(value: object) -> str:
    """The value as echoed in a message: short, on one line, control characters escaped."""
    text = value if isinstance(value, str) else repr(value)
    text = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)
    return text if len(text) <= 40 else text[:40] + "…"


def _terminal_id(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise DomainError("text_not_string", field)
    text = value.strip()
    if not TERMINAL_ID.fullmatch(text):
        raise DomainError("terminal_id_invalid", field, {"value": shown(value)})
    return text


def _bling_id(value: object, field: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = _integer(value)
    if number is None or not 1 <= number <= MAX_BLING_ID:
        raise DomainError("setting_id_invalid", field, {"value": shown(value)})
    return number


def _choice(choices: tuple[str, ...]) -> Callable[[object, str], str]:
    def parse(value: object, field: str) -> str:
        text = value.strip().lower() if isinstance(value, str) else value
        if text not in choices:
            raise DomainError("setting_choice", field, {"value": shown(value), "choices": " ou ".join(choices)})
        assert isinstance(text, str)
        return text

    return parse


_stock_mode = _choice(STOCK_MODES)


def _boolean(value: object, field: str) -> bool:
    if isinstance(value, bool):
        return value
    word = value.strip().lower() if isinstance(value, str) else None
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise DomainError("setting_bool", field, {"value": shown(value)})


def _time_zone(value: object, field: str) -> str:
    """An IANA zone name ("America/Manaus"), or empty for the PC's own zone."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise DomainError("text_not_string", field)
    text = value.strip()
    if text and zone_named(text) is None:
        raise DomainError("setting_time_zone", field, {"value": shown(value)})
    return text


def _interval(name: str) -> Callable[[object, str], int]:
    low, high = INTERVALS[name]

    def parse(value: object, field: str) -> int:
        number = _integer(value)
        if number is None or not low <= number <= high:
            raise DomainError("setting_range", field, {"value": shown(value), "min": low, "max": high})
        return number

    return parse


def _integer(value: object) -> int | None:
    """An int (not a bool) or a string of ASCII digits; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    return None


PARSERS: dict[str, Callable[[object, str], Any]] = {
    "terminal_id": _terminal_id,
    "deposit_id": _bling_id,
    "loja_id": _bling_id,
    "stock_mode": _stock_mode,
    "sku_as_barcode": _boolean,
    "send_real_customer": _boolean,
    "auto_return_invoice": _boolean,
    "positive_customer_credit": _boolean,
    "drain_interval_s": _interval("drain_interval_s"),
    "pull_interval_min": _interval("pull_interval_min"),
    "demo_mode": _boolean,
    "nfce_source": _choice(NFCE_SOURCES),
    "nfce_wait_limit_min": _interval("nfce_wait_limit_min"),
    "time_zone": _time_zone,
    "turno_required": _boolean,
    "turno_blind": _boolean,
    "turno_difference_limit_cents": _interval("turno_difference_limit_cents"),
    "caixa_conta_id": _bling_id,
    "caixa_categoria_suprimento": _bling_id,
    "caixa_categoria_sangria": _bling_id,
    "caixa_categoria_sobra": _bling_id,
    "caixa_categoria_falta": _bling_id,
}
assert set(PARSERS) == set(FIELDS), "every Settings field needs its parser"


def parse_settings_input(current: Settings, values: Mapping[str, object], *, synced: bool) -> Settings:
    """`current` with `values` applied; DomainErrors listing every bad value.

    `synced`: products were already pulled, so "SKU como código de barras" is locked.
    """
    errors: list[DomainError] = []
    changes: dict[str, Any] = {}
    for key, raw in values.items():
        field = PREFIX + shown(key)
        parser = PARSERS.get(key)
        if parser is None:
            errors.append(DomainError("setting_unknown", field))
            continue
        try:
            changes[key] = parser(raw, field)
        except DomainError as exc:
            errors.append(exc)
    if synced and changes.get("sku_as_barcode", current.sku_as_barcode) != current.sku_as_barcode:
        errors.append(DomainError("setting_locked", PREFIX + "sku_as_barcode"))
    if errors:
        raise DomainErrors(errors)
    return dataclasses.replace(current, **changes)


def apply_settings_input(store: Store, values: Mapping[str, object]) -> Settings:
    """Validate and save in one transaction (nothing written on any error); returns the result."""
    return apply_settings_counted(store, values)[0]


def apply_settings_counted(store: Store, values: Mapping[str, object]) -> tuple[Settings, int]:
    """`apply_settings_input`, plus how many unsent sales took a new terminal id's numbering."""
    from pdv_bling.sync.stock_check import post_what_transitions_missed

    with store.transaction() as session:
        previous = load_settings(session)
        updated = parse_settings_input(previous, values, synced=products_synced(session))
        save_settings(session, updated, previous=previous)
        if previous.stock_mode != "integration" and updated.stock_mode == "integration":
            # after a stock check that found the transitions posting nothing: post what they missed
            post_what_transitions_missed(session)
        renumbered = 0
        if updated.terminal_id != previous.terminal_id:
            renumbered = adopt_terminal(session, updated.terminal_id)
    use_store_zone(updated.time_zone)  # the screens, slips and backups follow at once
    return updated, renumbered

"""Shared web plumbing: the operation registry, pagination and query helpers."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from flask import Blueprint, Response, jsonify, request

from pdv_bling.sandbox import errors as E
from pdv_bling.sandbox.auth import OAuthServer
from pdv_bling.sandbox.config import Clock, SandboxConfig
from pdv_bling.sandbox.limits import FaultInjector, RateLimiter
from pdv_bling.sandbox.state import SandboxState

Json = dict[str, Any]
View = Callable[..., Any]
T = TypeVar("T")
MAX_WINDOW = timedelta(days=366)


@dataclass
class Ctx:
    """Everything a request handler needs; one per running stand-in."""

    config: SandboxConfig
    clock: Clock
    state: SandboxState
    oauth: OAuthServer
    limiter: RateLimiter
    faults: FaultInjector
    nfce: Any = None  # the account's notes (`nfce.NfceDesk`), made by `routes_nfce.install`


@dataclass
class Routes:
    """Operations keyed `"<METHOD> <OpenAPI template>"`; Flask rules derived from the template."""

    views: list[tuple[str, str, View]] = field(default_factory=list)

    def op(self, method: str, template: str) -> Callable[[View], View]:
        def deco(view: View) -> View:
            self.views.append((method, template, view))
            return view

        return deco

    def register(self, bp: Blueprint) -> None:
        for method, template, view in self.views:
            rule = re.sub(r"\{([^}]+)\}", r"<int:\1>", template)
            bp.add_url_rule(rule, endpoint=f"{method} {template}", view_func=view, methods=[method])


def data(payload: Any, status: int = 200) -> Response:
    resp = jsonify({"data": payload})
    resp.status_code = status
    return resp


def no_content() -> Response:
    return Response(status=204)


def _paging() -> tuple[int, int]:
    """`pagina` (from 1) and `limite` (default 100; UNCONFIRMED above 100, clamped to 100)."""
    pagina = max(1, request.args.get("pagina", 1, type=int) or 1)
    limite = min(100, max(1, request.args.get("limite", 100, type=int) or 100))
    return pagina, limite


def page_end() -> int:
    """How many filtered items the requested page needs (scans may stop there)."""
    pagina, limite = _paging()
    return pagina * limite


def page(items: Sequence[T]) -> list[T]:
    pagina, limite = _paging()
    start = (pagina - 1) * limite
    return list(items[start:start + limite])


def int_list(name: str) -> list[int]:
    out = []
    for raw in request.args.getlist(name):
        try:
            out.append(int(raw))
        except ValueError:
            raise E.validation_error(f"O parâmetro {name} é inválido.",
                                     E.field(2, f"Valor inválido: {raw}", element=name)) from None
    return out


def _parse(value: str, *, end: bool) -> datetime:
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            parsed = datetime.strptime(value, fmt)
        except ValueError:
            continue
        if fmt == "%Y-%m-%d" and end:
            parsed = parsed.replace(hour=23, minute=59, second=59)
        return parsed
    raise E.validation_error("Data inválida.", E.field(2, f"Data inválida: {value}", element="data"))


def window(prefix: str, *, both_required: bool, check: bool) -> tuple[str, str] | None:
    """A `<prefix>Inicial`/`<prefix>Final` filter as `YYYY-MM-DD HH:MM:SS` bounds.

    With `both_required` (produtos, as measured on Bling) a single-ended filter is ignored.
    Windows over one year are refused with 400 when `check` (the date_window trap) is on.
    """
    ini, fin = request.args.get(f"{prefix}Inicial"), request.args.get(f"{prefix}Final")
    if not ini and not fin:
        return None
    if both_required and not (ini and fin):
        return None
    start = _parse(ini, end=False) if ini else datetime(1900, 1, 1)
    stop = _parse(fin, end=True) if fin else datetime(9999, 12, 31)
    if check and ini and fin and stop - start > MAX_WINDOW:
        # UNCONFIRMED text; the 400 for windows over one year is documented (DOCS /limites#filtros).
        raise E.validation_error("O período informado não pode ser superior a 1 ano.",
                                 E.field(2, "O intervalo entre as datas deve ser de no máximo 1 ano",
                                         element=f"{prefix}Inicial"))
    return start.strftime("%Y-%m-%d %H:%M:%S"), stop.strftime("%Y-%m-%d %H:%M:%S")

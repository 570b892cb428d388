"""A store-wide command's transaction where it acts (`retaguarda.scope`), and what it tells the
person: which store it changed, or why it showed this caixa's copy, or why it wrote nothing.

    with AppContext.open() as ctx:
        outcome = in_scope(ctx, writes=True, work=lambda session, scope: ...)
    if isinstance(outcome, int):   # refused, busy or unreachable: already said on stderr
        return outcome
    value, scope = outcome
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session

from pdv_bling.cli import exit_codes
from pdv_bling.cli.store import fail
from pdv_bling.domain.errors import DomainError, DomainErrors
from pdv_bling.retaguarda.scope import CAIXA, INTEGRADOR, Scope, acting_on
from pdv_bling.store.context import AppContext

T = TypeVar("T")


def in_scope(ctx: AppContext, *, writes: bool, work: Callable[[Session, Scope], T]) -> tuple[T, Scope] | int:
    """Run `work` in one transaction of the store to act on; an int exit code when it could not
    (the pt_BR reason already printed; nothing written anywhere)."""
    try:
        with acting_on(ctx, writes=writes) as scope, scope.store.transaction() as session:
            value = work(session, scope)
    except (DomainError, DomainErrors) as exc:
        if writes and _store_code(exc):
            print("Nada foi gravado, nem neste computador: isto é da loja inteira e só muda na retaguarda.",
                  file=sys.stderr)
        return fail(exc)
    return value, scope


def _store_code(exc: DomainError | DomainErrors) -> bool:
    errors = exc.errors if isinstance(exc, DomainErrors) else [exc]
    return any(e.code.startswith("store_") for e in errors)


def where_text(scope: Scope) -> str:
    """" (na retaguarda: ...)" after a change, so the person sees which store it changed."""
    if scope.mode in (CAIXA, INTEGRADOR) and scope.offline is None:
        return " (na retaguarda: vale para todos os caixas da loja)"
    return ""


def offline_code(scope: Scope) -> int:
    """A read that showed this caixa's copy says so on stderr and exits 5 (the output is there)."""
    if scope.offline is None:
        return exit_codes.OK
    print(f"aviso: {scope.offline} Mostrando a cópia deste caixa (pode estar desatualizada).", file=sys.stderr)
    return exit_codes.STORE_UNREACHABLE

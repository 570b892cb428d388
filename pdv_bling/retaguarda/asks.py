"""What a caixa (or `pdv-bling check` on any PC of the store) asks the store's integrador to do:
pull the catalogue from Bling now, or check the Bling account now. Only the integrador talks to
Bling in store mode, so these go through the store database.

Each kind of request is a counter in the store's settings (`integrator_asked_<what>`), bumped
under a row lock; the integrador, on its next pass (~2 s while it leads), notes the counter it
saw, does the work, and writes that number to `integrator_answered_<what>`. A caller waits until
the answered number reaches its own: no clocks are compared between PCs, and two caixas asking at
the same instant are both answered by one run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Literal

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pdv_bling.store.engine import Store
from pdv_bling.store.models import Setting
from pdv_bling.store.settings import get_value, set_value

Ask = Literal["pull", "check"]


def _asked_key(what: Ask) -> str:
    return f"integrator_asked_{what}"


def _answered_key(what: Ask) -> str:
    return f"integrator_answered_{what}"


def _number(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def ask(server: Store, what: Ask) -> int:
    """Bump the request counter on the store server; returns this request's number (raises
    SQLAlchemyError when the server cannot be reached)."""
    for _attempt in range(3):
        try:
            with server.transaction() as session:
                row = session.get(Setting, _asked_key(what), with_for_update=True)
                number = _number(row.value if row is not None else None) + 1
                set_value(session, _asked_key(what), number)
            return number
        except IntegrityError:  # two first requests at once: the row exists now
            continue
    raise RuntimeError(f"could not record the request {what}")


def waiting(session: Session, what: Ask) -> int | None:
    """The integrador's view: the request number to answer, or None when nothing is asked."""
    asked = _number(get_value(session, _asked_key(what)))
    return asked if asked > answered(session, what) else None


def answered(session: Session, what: Ask) -> int:
    return _number(get_value(session, _answered_key(what)))


def answer(server: Store, what: Ask, number: int) -> None:
    """The work asked up to `number` is done."""
    with server.transaction() as session:
        if number > answered(session, what):
            set_value(session, _answered_key(what), number)


def wait_answered(server: Store, what: Ask, number: int, *, timeout_s: float, poll_s: float = 1.0,
                  should_stop: Callable[[], bool] = lambda: False) -> bool:
    """Poll the store until request `number` is answered; False on timeout."""
    deadline = time.monotonic() + timeout_s
    while True:
        with server.read() as session:
            if answered(session, what) >= number:
                return True
        if time.monotonic() >= deadline or should_stop():
            return False
        time.sleep(poll_s)

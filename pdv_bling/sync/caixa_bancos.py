"""The lists the Caixa e Bancos mapping is chosen from, pulled from Bling like the formas de
pagamento: the active contas financeiras (`GET /contas-contabeis`) and categorias de receitas e
despesas (`GET /categorias/receitas-despesas`), kept in the settings table with a SyncState row.

They are pulled when asked (Integração Bling > Caixa e Bancos > Atualizar do Bling, `pdv-bling
caixa-bancos atualizar`, `pdv-bling sync --pull caixa_bancos`) and, with the catalogue, only once
the store posts turnos to Bling: the scopes of these modules are needed by that feature alone, and
a store without them must never see its catalogue pull fail for it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from pdv_bling.bling.client import BlingClient
from pdv_bling.bling.errors import BlingError
from pdv_bling.store import outbox
from pdv_bling.store.caixa_mapping import PULL_ASKED_KEY, SYNC_MODEL, Choice, load_mapping, save_lists
from pdv_bling.store.engine import Store
from pdv_bling.store.models import OutboxItem, SyncState, utcnow
from pdv_bling.store.settings import get_value, set_value

log = logging.getLogger(__name__)
MODEL = SYNC_MODEL  # the name `pdv-bling sync --pull` knows the lists by


def in_use(session: Session) -> bool:
    """Does this store post turnos to Caixa e Bancos? (a mapping chosen, a posting ever queued, or
    the lists asked for)."""
    if load_mapping(session).any_set or get_value(session, PULL_ASKED_KEY):
        return True
    return bool(session.scalar(select(exists().where(OutboxItem.kind == outbox.CAIXA_LANCAMENTO))))


def pull_lists(store: Store, client: BlingClient, *, clock: Callable[[], dt.datetime] = utcnow) -> int:
    """Pull both lists (raises BlingError, recorded on the SyncState row); returns the rows stored."""
    started = clock()
    try:
        contas = [Choice(c.id, c.descricao, c.tipo) for c in client.contas_contabeis.list_all()]
        categorias = [Choice(c.id, c.descricao, str(c.tipo), c.pai_id)
                      for c in client.categorias_financeiras.list_all()]
    except BlingError as exc:
        _state(store, last_attempt_at=started, last_error=exc.code)
        raise
    with store.transaction() as session:
        save_lists(session, contas=contas, categorias=categorias)
        set_value(session, PULL_ASKED_KEY, None)
    _state(store, last_attempt_at=started, last_success_at=started, last_error=None)
    return len(contas) + len(categorias)


def pull_if_used(store: Store, client: BlingClient, *, asked: bool = False,
                 clock: Callable[[], dt.datetime] = utcnow) -> dict[str, int]:
    """With the catalogue: pull the lists when the store uses Caixa e Bancos (or it was `asked`).
    A refusal (a missing scope) is logged and kept on the SyncState row, never raised."""
    with store.read() as session:
        wanted = asked or in_use(session)
    if not wanted:
        return {}
    try:
        return {SYNC_MODEL: pull_lists(store, client, clock=clock)}
    except BlingError as exc:
        log.warning("Caixa e Bancos lists not pulled: %s", exc.code)
        return {}


def ask_pull(session: Session) -> None:
    """Store mode: ask the integrador for the lists on its next catalogue pull."""
    set_value(session, PULL_ASKED_KEY, True)


def _state(store: Store, **values: object) -> None:
    with store.transaction() as session:
        row = session.get(SyncState, SYNC_MODEL) or SyncState(model=SYNC_MODEL)
        for key, value in values.items():
            setattr(row, key, value)
        session.add(row)

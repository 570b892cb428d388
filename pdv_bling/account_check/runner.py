"""Run the check: read this store, read the account (GETs only, bounded), judge, record.

    report = run_check(ctx.store, client)          # just the answer
    report = check_and_record(ctx.store, client)   # also saved (the app shows the last one),
                                                   # announced on the bus, and sends parked by a
                                                   # missing scope go back to the queue once fixed
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from sqlalchemy import select

from pdv_bling.base.events import EventBus
from pdv_bling.bling.client import BlingClient
from pdv_bling.bling.errors import KeyringUnavailable
from pdv_bling.store import outbox
from pdv_bling.store.engine import Store
from pdv_bling.store.models import OutboxItem, utcnow
from pdv_bling.store.settings import save_company
from pdv_bling.sync.fixes import ESCOPO

from . import usage
from .caixa import check_caixa_bancos, gather_caixa, load_caixa
from .checks_account import (
    check_clock,
    check_consumidor_final,
    check_deposito,
    check_requests,
    check_scopes,
    check_situacoes,
)
from .checks_nfce import check_nfce
from .checks_store import check_barcodes, check_depara, check_queue, check_stock, check_vendedores
from .local import load_local
from .model import KEYRING_UNAVAILABLE, AccountChecked, CheckReport, save_last
from .reader import MAX_REQUESTS, AccountReader, CheckAborted
from .remote import gather

log = logging.getLogger(__name__)


def run_check(store: Store, client: BlingClient, *, now: Callable[[], dt.datetime] = utcnow,
              limit: int = MAX_REQUESTS, store_requests_today: Callable[[int], int] | None = None) -> CheckReport:
    """The day's requests set against Bling's daily limit are this data folder's (`usage.flush`);
    a store's integrador passes `store_requests_today(own)`, the whole store's count (its
    `request_budget`, the check's `own` requests included)."""
    started = now()
    state = connection_state(client)
    if state != "connected":  # nothing to ask Bling: say why, without a request
        return CheckReport((), 0, started, now(), problem=state)
    with store.read() as session:
        local = load_local(session)
        caixa = load_caixa(session)
    reader = AccountReader(client, limit=limit)
    try:
        remote = gather(reader, local)
        caixa_remote = gather_caixa(reader, caixa)
    except CheckAborted as exc:
        return CheckReport((), reader.requests, started, now(), problem=exc.code)
    store_wide = store_requests_today is not None
    used = store_requests_today(reader.requests) if store_requests_today is not None \
        else usage.flush(store, client.pacer)
    results = [
        *check_scopes(reader), *check_situacoes(remote), *check_deposito(remote, local),
        *check_depara(remote, local), *check_vendedores(remote, local), *check_consumidor_final(remote),
        *check_barcodes(local), *check_stock(local), *check_requests(used, limit=client.config.daily_limit, store_wide=store_wide),
        *check_clock(reader), *check_queue(remote, local), *check_caixa_bancos(caixa_remote, caixa),
        *check_nfce(remote, local),
    ]
    empresa = remote.empresa.data if remote.empresa.ok and isinstance(remote.empresa.data, dict) else {}
    return CheckReport(tuple(results), reader.requests, started, now(), company=empresa.get("nome") or None,
                       company_cnpj=empresa.get("cnpj") or None)


def connection_state(client: BlingClient) -> str:
    try:
        return str(client.connection_state())
    except KeyringUnavailable:
        return KEYRING_UNAVAILABLE


def check_and_record(store: Store, client: BlingClient, *, bus: EventBus | None = None,
                     now: Callable[[], dt.datetime] = utcnow,
                     store_requests_today: Callable[[int], int] | None = None) -> CheckReport:
    report = run_check(store, client, now=now, store_requests_today=store_requests_today)
    with store.transaction() as session:
        save_last(session, report)
        if report.company or report.company_cnpj:
            save_company(session, nome=str(report.company or ""), cnpj=str(report.company_cnpj or ""))
    if report.problem is None and not any(r.code == "escopos_faltando" for r in report.results):
        released = release_scope_parked(store)
        if released:
            log.info("sends parked for a missing scope back in the queue: %s", released)
    log.info("account check: %s (%s requests)", report.status, report.requests)
    if bus is not None:
        bus.publish(AccountChecked(status=report.status, erros=report.count("erro"),
                                   atencoes=report.count("atencao"), problem=report.problem))
    return report


def release_scope_parked(store: Store) -> int:
    """Every scope answers now: what a 403 parked goes back to the queue by itself."""
    with store.transaction() as session:
        ids = list(session.scalars(select(OutboxItem.id).where(
            OutboxItem.state == outbox.PARKED, OutboxItem.error_code == ESCOPO.code)))
        return sum(1 for item_id in ids if outbox.retry(session, item_id))

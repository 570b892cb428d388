"""The "Logs de API" writer: every failed exchange with Bling and every write that succeeded,
with the model, the action and, for failures, the suggested check (see fixes.py)."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import delete

from pdv_bling.bling.http import Exchange
from pdv_bling.store.engine import Store
from pdv_bling.store.models import ApiLogEntry, utcnow
from pdv_bling.sync.fixes import error_detail, suggest

log = logging.getLogger(__name__)

_MODELS = (
    ("/pedidos/vendas", "pedidos_vendas"),
    ("/contatos", "contatos"),
    ("/produtos", "produtos"),
    ("/categorias", "categorias"),
    ("/vendedores", "vendedores"),
    ("/formas-pagamentos", "formas_pagamento"),
    ("/depositos", "depositos"),
    ("/estoques", "estoques"),
    ("/situacoes", "situacoes"),
    ("/empresas", "empresas"),
    ("/oauth", "autenticacao"),
)


def model_of(path: str) -> str:
    for prefix, model in _MODELS:
        if path.startswith(prefix):
            return model
    return "outros"


class ApiLog:
    """Observer for `BlingClient(observer=...)` plus explicit entries from the sync engine."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __call__(self, exchange: Exchange) -> None:
        if exchange.ok and exchange.method == "GET":
            return  # reads that worked are not "notable"
        model = model_of(exchange.path)
        entry = ApiLogEntry(
            at=utcnow(),
            model=model,
            action=exchange.request_summary[:300],
            ok=exchange.ok,
            http_status=exchange.status,
        )
        if exchange.error is not None:
            fix = suggest(exchange.error, model=model)
            entry.error_code = fix.code
            entry.check = fix.check
            entry.detail = error_detail(exchange.error)[:2000]
        self._write(entry)

    def note(self, *, model: str, action: str, ok: bool, code: str | None = None, check: str | None = None,
             detail: str | None = None, outbox_item_id: int | None = None) -> None:
        self._write(
            ApiLogEntry(at=utcnow(), model=model, action=action[:300], ok=ok, error_code=code, check=check,
                        detail=detail, outbox_item_id=outbox_item_id)
        )

    def _write(self, entry: ApiLogEntry) -> None:
        try:
            with self.store.transaction() as session:
                session.add(entry)
        except Exception:  # the log must never break delivery
            log.exception("could not write the API log")

    def prune(self, *, keep_days: int = 90) -> None:
        cutoff = utcnow() - dt.timedelta(days=keep_days)
        with self.store.transaction() as session:
            session.execute(delete(ApiLogEntry).where(ApiLogEntry.at < cutoff))

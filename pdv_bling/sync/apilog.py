"""The "Logs de API" writer: every failed exchange with Bling and every write that succeeded, in
words (apiwords.py), with the model, the raw request kept apart, and for failures the suggested
check (fixes.py).

A failure that repeats while its cause lasts is one row with a count and its first/last time:
for causes that concern the connection (offline, time-outs, Bling down, 429, authorization, see
`fixes.CAUSES`) one row per model (the sales' sends, the product pulls...: a sale's failure never
counts under a pull's words); for a record's own refusal, the same action again. Any exchange
that works ends the run, and the next failure starts a new row. So a store offline for a day adds
a row per kind of request, not 48 a minute.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from pdv_bling.bling.http import Exchange
from pdv_bling.store.engine import Store
from pdv_bling.store.models import ApiLogEntry, utcnow
from pdv_bling.sync.apiwords import describe, group_words
from pdv_bling.sync.fixes import CAUSES, error_detail, suggest

log = logging.getLogger(__name__)
LOOKBACK = 20  # rows looked back for the row a repeated failure counts on (pulls and sends interleave)

_MODELS = (
    ("/pedidos/vendas", "pedidos_vendas"),
    ("/contatos", "contatos"),
    ("/produtos", "produtos"),
    ("/categorias/receitas-despesas", "caixas"),
    ("/categorias", "categorias"),
    ("/caixas", "caixas"),
    ("/contas-contabeis", "caixas"),
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


def raw_request(exchange: Exchange) -> str:
    """Method, path, query and body size, then the answer: never a token or a body."""
    answer = f"HTTP {exchange.status}" if exchange.status is not None else "sem resposta"
    return f"{exchange.request_summary} → {answer}"[:400]


class ApiLog:
    """Observer for `BlingClient(observer=...)` plus explicit entries from the sync engine."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._worked_since_failure = False

    def __call__(self, exchange: Exchange) -> None:
        if exchange.ok:
            self._worked_since_failure = True
            if exchange.method == "GET":
                return  # reads that worked are not "notable"
        model = model_of(exchange.path)
        entry = ApiLogEntry(
            at=utcnow(),
            model=model,
            action=describe(exchange.method, exchange.path, ok=exchange.ok)[:300],
            ok=exchange.ok,
            http_status=exchange.status,
            request=raw_request(exchange),
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
                if entry.ok or not self._repeat_of_latest(session, entry):
                    session.add(entry)
        except Exception:  # the log must never break delivery
            log.exception("could not write the API log")
        if not entry.ok:
            self._worked_since_failure = False

    def _repeat_of_latest(self, session: Session, entry: ApiLogEntry) -> bool:
        """Count `entry` on the row of the same failure, still going on: the same cause for the
        same model (a failing pull never counts on the sales' row, nor a sale on the pull's),
        and for a record's own refusal the same action too. The run ends at an exchange that
        worked or at another cause."""
        if self._worked_since_failure:
            return False
        recent = session.scalars(select(ApiLogEntry).order_by(ApiLogEntry.id.desc()).limit(LOOKBACK))
        for row in recent:
            if row.ok or row.error_code != entry.error_code:
                return False
            if row.model == entry.model and (entry.error_code in CAUSES or row.action == entry.action):
                self._count_on(row, entry)
                return True
        return False

    @staticmethod
    def _count_on(row: ApiLogEntry, entry: ApiLogEntry) -> None:
        row.count = (row.count or 1) + 1
        row.last_at = entry.at
        if row.action != entry.action:  # several records of the model: what they were for, together
            row.action = group_words(entry.model)
        row.request = entry.request or row.request
        row.http_status, row.detail = entry.http_status, entry.detail or row.detail

    def prune(self, *, keep_days: int = 90) -> None:
        cutoff = utcnow() - dt.timedelta(days=keep_days)
        with self.store.transaction() as session:
            session.execute(delete(ApiLogEntry).where(ApiLogEntry.at < cutoff))

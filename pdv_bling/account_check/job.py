"""When the app checks the account by itself: after every connect, after a pull of the
catalogue models (debounced, so a whole pull triggers one check), and at least once a day.
`SyncService` owns one and hands it its scheduler; the job only triggers, like every job there.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
from collections.abc import Callable
from typing import Any

from apscheduler.jobstores.base import JobLookupError

from pdv_bling.base.events import Connected, EventBus, SyncProgress
from pdv_bling.bling.client import BlingClient
from pdv_bling.store.engine import Store
from pdv_bling.store.models import utcnow

from . import usage
from .model import CheckReport, load_last
from .runner import check_and_record

log = logging.getLogger(__name__)

JOB_ID, USAGE_JOB_ID = "account_check", "bling_usage"
AFTER_CONNECT_S, AFTER_PULL_S, AFTER_START_S = 2.0, 15.0, 30.0
EVERY = dt.timedelta(hours=24)
CATALOGUE_MODELS = frozenset({"categorias", "produtos", "vendedores", "formas_pagamento", "depositos", "situacoes"})


class AccountCheckJob:
    def __init__(self, store: Store, client: BlingClient, bus: EventBus, *,
                 connection_state: Callable[[], str]) -> None:
        self.store, self.client, self.bus = store, client, bus
        self.connection_state = connection_state
        self._lock = threading.Lock()
        self._due = False
        self._scheduler: Any = None
        bus.subscribe(Connected, lambda _event: self.soon(AFTER_CONNECT_S))
        bus.subscribe(SyncProgress, self._on_progress)

    def install(self, scheduler: Any) -> None:
        """Add the jobs to the (not yet started) BackgroundScheduler of the sync service."""
        first = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=AFTER_START_S)
        scheduler.add_job(self._job, "interval", hours=1, id=JOB_ID, next_run_time=first)
        scheduler.add_job(self._flush, "interval", minutes=5, id=USAGE_JOB_ID)
        self._scheduler = scheduler

    def run(self) -> CheckReport:
        """Check now (the "Verificar conta Bling" button, and the job)."""
        with self._lock:
            self._due = False
            return check_and_record(self.store, self.client, bus=self.bus)

    def soon(self, delay_s: float) -> None:
        self._due = True
        if self._scheduler is not None:
            with contextlib.suppress(JobLookupError):
                self._scheduler.modify_job(JOB_ID, next_run_time=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=delay_s))

    def _on_progress(self, event: SyncProgress) -> None:
        if event.finished and event.ok and event.model in CATALOGUE_MODELS:
            self.soon(AFTER_PULL_S)

    def _job(self) -> None:
        if self.connection_state() != "connected":
            return
        if not (self._due or self._stale()):
            return
        try:
            self.run()
        except Exception:
            log.exception("account check job failed")

    def _stale(self) -> bool:
        with self.store.read() as session:
            last = load_last(session)
        return last is None or utcnow() - last.finished_at >= EVERY

    def _flush(self) -> None:
        try:
            usage.flush(self.store, self.client.pacer)
        except Exception:
            log.exception("could not record the day's request count")

"""A fake of pdv_bling.runtime.service.SyncService for UI tests: same method names, writes what the
real one would write (sync dates, delivery states) and publishes the same events."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from pdv_bling.base import events as ev
from pdv_bling.store import outbox
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import OutboxItem, SyncState, utcnow


@dataclass
class FakeService:
    ctx: AppContext
    bus: ev.EventBus
    state: str = "connected"
    company: str = "Loja Demonstração Ltda"
    pulls: list[list[str] | None] = field(default_factory=list)
    drains: int = 0
    nudges: int = 0
    counter_states: list[str] = field(default_factory=list)  # what the sale screen said (customer_at_counter)
    gate: threading.Event | None = None  # when set, pull_now waits for it (progress tests)
    threads: list[int] = field(default_factory=list)
    check_report: Any = None  # what check_account answers (an all-ok report when None)
    checks: int = 0

    def start(self) -> None:
        return None

    def stop(self) -> None:
        return None

    def nudge(self) -> None:
        self.nudges += 1

    def customer_at_counter(self, state: str) -> None:
        self.counter_states.append(state)

    def connection_state(self) -> str:
        return self.state

    def connect_interactive(self, open_browser: Callable[[str], None]) -> str:
        open_browser("http://127.0.0.1:1/oauth/authorize?fake=1")
        self.state = "connected"
        self.bus.publish(ev.Connected(self.company))
        return self.company

    def disconnect(self) -> None:
        self.state = "not_connected"

    def pull_now(self, models: list[str] | None = None) -> dict[str, int]:
        self.threads.append(threading.get_ident())
        self.pulls.append(models)
        for model in models or ["categorias", "produtos", "vendedores", "formas_pagamento", "depositos"]:
            self.bus.publish(ev.SyncProgress(model=model, done=50, total=100, eta_seconds=12.0))
            if self.gate is not None:
                self.gate.wait(10)
            with self.ctx.store.transaction() as session:
                row = session.get(SyncState, model) or SyncState(model=model)
                row.last_success_at = utcnow()
                session.add(row)
            self.bus.publish(ev.SyncProgress(model=model, done=100, total=100, finished=True))
        return {"ok": 1}

    def drain_now(self) -> dict[str, int]:
        self.threads.append(threading.get_ident())
        self.drains += 1
        with self.ctx.store.transaction() as session:
            items = session.scalars(select(OutboxItem).where(OutboxItem.state == outbox.PENDING)).all()
            for item in items:
                item.state = outbox.DONE
                item.done_at = utcnow()
            counts = outbox.counts(session)
        self.bus.publish(ev.OutboxCountsChanged(counts[outbox.PENDING], counts[outbox.PARKED]))
        return {"delivered": len(items)}

    def check_account(self) -> Any:
        """Like SyncService.check_account: saved as the last check and announced on the bus."""
        from pdv_bling.account_check import AccountChecked, CheckReport, CheckResult
        from pdv_bling.account_check.model import save_last

        self.threads.append(threading.get_ident())
        self.checks += 1
        now = utcnow()
        report = self.check_report or CheckReport(
            (CheckResult("fila", "fila_vazia", "ok", "Vendas na fila", "Nenhuma venda aguardando envio.", ""),), 12, now, now)
        with self.ctx.store.transaction() as session:
            save_last(session, report)
        self.bus.publish(AccountChecked(report.status, report.count("erro"), report.count("atencao"), report.problem))
        return report

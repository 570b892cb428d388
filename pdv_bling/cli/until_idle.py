"""`pdv-bling sync --push`: deliver until nothing more can be delivered now, and say why.

A pass of the drainer delivers every item that is ready. Afterwards the queue is in one of these
states, and `sync` stops on the first one (exit codes in `pdv_bling.cli.exit_codes`):

- empty: everything was delivered;
- only parked: the rest waits in "Requer atenção" for the manager;
- blocked by parked: items wait behind a parked item of their own sale (the chain keeps order);
- backoff: items wait for their next attempt (more than a few seconds away);
- offline / Bling unavailable / reconnection needed / daily limit: the whole queue pauses.

`--wait` keeps going until the queue is empty (or only parked/blocked items remain, which no
wait can fix), sleeping until the next item is due and re-probing Bling when offline, up to
`--timeout` seconds.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pdv_bling.cli import exit_codes
from pdv_bling.runtime.service import SyncService
from pdv_bling.store import outbox
from pdv_bling.store.models import OutboxItem, utcnow

DUE_SOON_S = 5.0  # an item due within this counts as deliverable now (e.g. the retry after a 429)
STOPS = {
    "transport": "offline",
    "server": "bling_unavailable",
    "outcome_unknown": "bling_unavailable",
    "reconnection_needed": "reconnection_needed",
    "not_connected": "reconnection_needed",
    "daily_limit": "daily_limit",
    "keyring_unavailable": "keyring_unavailable",
}

SUMMARY = {
    "empty": "Fila vazia: tudo foi enviado ao Bling.",
    "only_parked": "Nada mais a enviar agora: {parked} em \"Requer atenção\", à espera de uma correção "
                   "(veja pdv-bling outbox list).",
    "blocked_by_parked": "{Blocked} à espera, atrás de um item em \"Requer atenção\" da mesma venda; "
                         "corrija-o e use pdv-bling outbox retry.",
    "backoff": "{Pending} à espera da próxima tentativa ({next_in}); rode pdv-bling sync de novo "
               "depois ou use --wait.",
    "offline": "Sem conexão com o Bling (internet, DNS ou firewall). Na fila: {pending}; o envio recomeça "
               "quando a conexão voltar.",
    "bling_unavailable": "O Bling está com falhas no momento (erro do servidor). Na fila: {pending}; tente de novo "
                         "em alguns minutos.",
    "reconnection_needed": "A autorização do Bling está ausente, expirou ou foi revogada: rode pdv-bling "
                           "connect. Na fila: {pending}.",
    "daily_limit": "O limite diário de requisições da conta Bling acabou: os envios recomeçam amanhã. "
                   "Na fila: {pending}.",
    "keyring_unavailable": "Nenhum cofre de senhas do sistema (keyring) disponível para guardar a autorização do "
                           "Bling: veja a seção Instalador do README. Na fila: {pending}.",
    "timeout": "Tempo de espera esgotado (--timeout) com {pending} ainda na fila.",
}


@dataclass(frozen=True)
class QueueState:
    pending: int  # pending or in flight (outcome being confirmed)
    parked: int
    ready: int  # chain heads due now (or within DUE_SOON_S)
    blocked: int  # pending items behind a parked head of their chain
    next_due: dt.datetime | None  # earliest future attempt among waiting heads


def queue_state(session: Session, *, now: dt.datetime | None = None) -> QueueState:
    """Why the queue holds what it holds: ready, waiting for a retry, or blocked by a parked item."""
    moment = now or utcnow()
    soon = moment + dt.timedelta(seconds=DUE_SOON_S)
    heads = (
        select(OutboxItem.chain, func.min(OutboxItem.id).label("head"), func.count().label("open"))
        .where(OutboxItem.state != outbox.DONE)
        .group_by(OutboxItem.chain)
        .subquery()
    )
    rows = session.execute(
        select(OutboxItem.state, OutboxItem.next_attempt_at, heads.c.open).join(heads, OutboxItem.id == heads.c.head)
    ).all()
    counts = outbox.counts(session)
    ready = blocked = 0
    next_due: dt.datetime | None = None
    for state, due, open_items in rows:
        if state == outbox.PARKED:
            blocked += open_items - 1  # only a chain's head is ever attempted, so only it is parked
        elif due is None or due <= soon:
            ready += 1
        else:
            next_due = due if next_due is None else min(next_due, due)
    parked = counts[outbox.PARKED]
    return QueueState(counts[outbox.PENDING], parked, ready, max(0, min(blocked, counts[outbox.PENDING])), next_due)


def idle_reason(state: QueueState) -> str | None:
    """The reason nothing more can be delivered now, or None if something is ready."""
    if state.ready:
        return None
    if state.pending == 0:
        return "only_parked" if state.parked else "empty"
    if state.next_due is not None:
        return "backoff"
    return "blocked_by_parked"


@dataclass
class SyncRun:
    delivered: int = 0
    parked_now: int = 0
    retried: int = 0
    reason: str = "empty"
    state: QueueState | None = None
    passes: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return exit_codes.SYNC_BY_REASON[self.reason]

    def as_json(self) -> dict[str, object]:
        state = self.state
        return {
            "delivered": self.delivered, "parked": state.parked if state else 0, "parked_now": self.parked_now,
            "retried": self.retried, "pending": state.pending if state else 0,
            "blocked": state.blocked if state else 0,
            "next_attempt_at": state.next_due.isoformat() if state and state.next_due else None,
            "stopped_because": self.reason, "exit_code": self.exit_code,
            "stopped_by": None if self.reason in ("empty", "only_parked") else self.reason,
        }

    def summary(self, *, now: dt.datetime | None = None) -> str:
        state = self.state or QueueState(0, 0, 0, 0, None)
        next_in = "em instantes"
        if state.next_due is not None:
            seconds = max(0, round((state.next_due - (now or utcnow())).total_seconds()))
            next_in = f"em {seconds} s" if seconds < 120 else f"em {seconds // 60} min"
        head = f"Enviados: {self.delivered}. Pendentes: {state.pending}. Requer atenção: {state.parked}."
        blocked, pending = _items(state.blocked), _items(state.pending)
        text = SUMMARY[self.reason].format(parked=_items(state.parked), blocked=blocked, pending=pending,
                                           Blocked=blocked[:1].upper() + blocked[1:],
                                           Pending=pending[:1].upper() + pending[1:], next_in=next_in)
        return f"{head}\n{text}\n(código de saída {self.exit_code})"


def _items(count: int) -> str:
    return "1 item" if count == 1 else f"{count} itens"


def drain_until_idle(
    service: SyncService,
    *,
    wait: bool = False,
    timeout_s: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
    monotonic: Callable[[], float] = time.monotonic,
) -> SyncRun:
    """Drain passes until nothing more can be delivered now (see the module docstring)."""
    run = SyncRun()
    deadline = None if not timeout_s else monotonic() + timeout_s
    while True:
        report = service.drain_now()
        run.passes += 1
        run.delivered += report.delivered
        run.parked_now += report.parked
        run.retried += report.retried
        with service.ctx.store.read() as session:
            run.state = queue_state(session)
        stop = STOPS.get(report.stopped_by or "")
        reason = stop or idle_reason(run.state)
        if reason is None:  # more is ready now or within seconds (e.g. the retry after a 429)
            if not (report.delivered or report.parked or report.retried):
                sleep(0.5)  # due in a moment, not yet
            continue
        if reason in ("empty", "only_parked", "blocked_by_parked") or not wait or stop in (
                "reconnection_needed", "daily_limit", "keyring_unavailable"):
            run.reason = reason
            return run
        pause = _pause_before_next_pass(service, run.state)
        if deadline is not None and monotonic() + pause > deadline:
            run.reason = "timeout"
            return run
        sleep(pause)


def _pause_before_next_pass(service: SyncService, state: QueueState) -> float:
    """Until the next item is due; when offline, the service's re-probe backoff (5 s to 60 s)."""
    waits = [service.seconds_until_probe()] if service.online is False else []
    if state.next_due is not None:
        waits.append((state.next_due - utcnow()).total_seconds())
    return min(60.0, max(0.2, max(waits) if waits else 0.5))

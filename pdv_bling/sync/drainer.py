"""The outbox drainer: the only writer of delivery state.

Each step takes the oldest ready head of a chain (the first undelivered item of a chain, ready
when pending/in flight and its next attempt is due), records "attempt started" (state
in_flight) in its own commit, runs the handler, then records the outcome. An item found
in_flight at the start of an attempt had an unknown outcome (crash, lost response): its handler
runs in recovering mode and looks the record up before any new POST.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import and_, case, func, select, update
from sqlalchemy.orm import Session

from pdv_bling.base.events import EventBus, ItemDelivered, ItemParked, OutboxCountsChanged
from pdv_bling.bling.errors import (
    BlingDailyLimit,
    BlingError,
    BlingRateLimited,
    BlingServerError,
    BlingTransportError,
    KeyringUnavailable,
    NotConnected,
    OutcomeUnknown,
    ReconnectionNeeded,
)
from pdv_bling.bling.pacer import customer_waiting
from pdv_bling.bling.retry import backoff_delay
from pdv_bling.store import outbox
from pdv_bling.store.engine import Store
from pdv_bling.store.models import OutboxItem, Sale, utcnow
from pdv_bling.sync.apilog import ApiLog
from pdv_bling.sync.apiwords import activity, describe_item
from pdv_bling.sync.fixes import INTERNAL, INTERNAL_DETAIL, Fix, error_detail, suggest
from pdv_bling.sync.handlers import Handlers
from pdv_bling.sync.outcomes import Done, Park, Wait

log = logging.getLogger(__name__)

RETRYABLE = (BlingTransportError, BlingServerError, BlingRateLimited, OutcomeUnknown)
STOPS_THE_QUEUE = (ReconnectionNeeded, NotConnected, BlingDailyLimit, KeyringUnavailable)
MAX_BACKOFF_S = 300.0
URGENT_WINDOW = dt.timedelta(minutes=10)  # a sale this recent, its NFC-e still to come: its customer waits


@dataclass
class DrainReport:
    delivered: int = 0
    parked: int = 0
    retried: int = 0
    waiting: int = 0  # steps Bling is still working on (an NFC-e at SEFAZ): read again later
    stopped_by: str | None = None  # error code that paused the whole queue (offline, reconnection...)
    pending: int = 0
    parked_total: int = 0
    delivered_ids: list[int] = field(default_factory=list)

    @property
    def online(self) -> bool:
        return self.stopped_by not in ("transport", "server", "outcome_unknown")


@dataclass(frozen=True)
class Lane:
    """Which ready chain heads a worker takes (`sync.drain_pool`): every kind but `skip`, or only
    the kinds in `only` (an empty `only`: none for now)."""

    only: tuple[str, ...] | None = None
    skip: tuple[str, ...] = ()


EVERY_KIND = Lane()
LaneChoice = Lane | Callable[[], Lane]  # a callable is asked again before every pick


class Claims:
    """Items being delivered by a drainer of this process. Two drainers of one data folder (the
    backlog's and the counter's, `runtime.service`) never take the same item: each takes the ready
    head it picked only if no one else holds it, and gives it back when the attempt is recorded."""

    def __init__(self) -> None:
        self._held: set[int] = set()
        self._lock = threading.Lock()

    def take(self, item_id: int) -> bool:
        with self._lock:
            if item_id in self._held:
                return False
            self._held.add(item_id)
            return True

    def release(self, item_id: int) -> None:
        with self._lock:
            self._held.discard(item_id)

    def held(self, item_id: int) -> bool:
        with self._lock:
            return item_id in self._held


class Drainer:
    def __init__(
        self,
        store: Store,
        handlers: Handlers,
        *,
        bus: EventBus | None = None,
        api_log: ApiLog | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
        rng: random.Random | None = None,
        claims: Claims | None = None,
    ) -> None:
        self.store = store
        self.handlers = handlers
        self.bus = bus
        self.api_log = api_log
        self.clock = clock
        self.rng = rng or random.Random()
        self.claims = claims or Claims()

    # ------------------------------------------------------------ selection

    def next_ready(self, *, urgent_only: bool = False) -> int | None:
        """Id of the ready chain head to deliver next, or None (`urgent_only`: only a customer's)."""
        found = self._next(urgent_only=urgent_only)
        return found[0] if found is not None else None

    def _next(self, *, urgent_only: bool = False, lane: Lane = EVERY_KIND) -> tuple[int, bool] | None:
        """(id, urgent) of the ready chain head to deliver next. Urgent first: the chain of a sale
        recorded in the last `URGENT_WINDOW` whose NFC-e is still to come (a customer at the counter
        waits for its DANFE); then the oldest due head, as before (older backlog waits)."""
        now = self.clock()
        with self.store.read() as session:
            heads = (
                select(func.min(OutboxItem.id).label("head"))
                .where(OutboxItem.state != outbox.DONE)
                .group_by(OutboxItem.chain)
                .subquery()
            )
            nfce_open = select(OutboxItem.chain).where(OutboxItem.kind.in_(outbox.NFCE_STEPS), outbox.OPEN_ROWS)
            urgent = case((and_(Sale.created_at >= now - URGENT_WINDOW, OutboxItem.chain.in_(nfce_open)), 1), else_=0)
            stmt = (
                select(OutboxItem.id, OutboxItem.next_attempt_at, OutboxItem.state, OutboxItem.result,
                       urgent.label("urgent"))
                .join(heads, OutboxItem.id == heads.c.head)
                .outerjoin(Sale, Sale.id == OutboxItem.sale_id)
                .where(OutboxItem.state.in_((outbox.PENDING, outbox.IN_FLIGHT)))
                .order_by(urgent.desc(), OutboxItem.next_attempt_at.is_not(None), OutboxItem.next_attempt_at,
                          OutboxItem.id)
            )
            if urgent_only:
                stmt = stmt.where(urgent == 1)
            if lane.only is not None:
                stmt = stmt.where(OutboxItem.kind.in_(lane.only))
            if lane.skip:
                stmt = stmt.where(OutboxItem.kind.not_in(lane.skip))
            for item_id, due, state, result, is_urgent in session.execute(stmt):
                if self.claims.held(int(item_id)) or self._hold(state, result):
                    continue
                if due is None or due <= now:
                    return int(item_id), bool(is_urgent)
        return None

    def _hold(self, state: str, result: object) -> bool:
        """A ready head to leave alone for now (the integrador: another leader's attempt in flight)."""
        return False

    def release_backoff(self, *, codes: tuple[str, ...] = ("transport",)) -> int:
        """Make items that waited only because the network was down due now (the network is back)."""
        with self.store.transaction() as session:
            result = session.execute(
                update(OutboxItem)
                .where(OutboxItem.state.in_((outbox.PENDING, outbox.IN_FLIGHT)), OutboxItem.error_code.in_(codes))
                .values(next_attempt_at=None)
            )
        return int(result.rowcount)  # type: ignore[attr-defined]

    # ------------------------------------------------------------ the loop

    def drain_once(self, *, max_items: int | None = None, should_stop: Callable[[], bool] | None = None,
                   urgent_only: bool = False, lane: LaneChoice = EVERY_KIND, publish: bool = True) -> DrainReport:
        """Deliver ready items until none is ready, a queue-wide stop, or `max_items`
        (`urgent_only`: only the chains a customer waits for, see `_next`; `lane`: only those
        kinds; `publish=False`: the caller reports the queue's counts, `drain_pool`)."""
        report = DrainReport()
        while max_items is None or report.delivered + report.parked + report.retried + report.waiting < max_items:
            if should_stop is not None and should_stop():
                break
            found = self._next(urgent_only=urgent_only, lane=lane() if callable(lane) else lane)
            if found is None:
                break
            if not self.claims.take(found[0]):
                continue  # the other drainer took it between the query and now
            try:
                going_on = self.deliver(found[0], report, urgent=found[1])
            finally:
                self.claims.release(found[0])
            if not going_on:
                break
        if publish:
            self.publish_counts(report)
        return report

    def publish_counts(self, report: DrainReport) -> None:
        """The queue's counts into `report`, and to the tray (OutboxCountsChanged)."""
        with self.store.read() as session:
            counts = outbox.counts(session)
        report.pending, report.parked_total = counts[outbox.PENDING], counts[outbox.PARKED]
        if self.bus is not None:
            self.bus.publish(OutboxCountsChanged(pending=report.pending, parked=report.parked_total))

    def deliver(self, item_id: int, report: DrainReport, *, urgent: bool = False) -> bool:
        """One attempt at one item. Returns False when the whole queue must pause. An `urgent`
        item's requests go through the account pacer's priority lane."""
        started = self._start_attempt(item_id)
        if started is None:
            return True  # delivered (or parked, or rescheduled) meanwhile by the other drainer
        item, recovering, number = started
        try:
            with activity(sale_number=number, kind=item.kind, to=(item.payload or {}).get("to")), \
                    customer_waiting(urgent):
                outcome = self.handlers.run(item, recovering=recovering)
        except STOPS_THE_QUEUE as exc:
            self._release(item_id, exc, recovering=recovering)
            report.stopped_by = exc.code
            return False
        except RETRYABLE as exc:
            self._schedule_retry(item_id, exc, attempts=item.attempts, unknown=isinstance(exc, OutcomeUnknown) or recovering)
            report.retried += 1
            if isinstance(exc, BlingTransportError | BlingServerError | OutcomeUnknown):
                report.stopped_by = exc.code  # likely offline: let the scheduler back off
                return False
            return True
        except BlingError as exc:
            self._park(item_id, suggest(exc, model=_model_of(item.kind)), error_detail(exc), exc.code)
            report.parked += 1
            return True
        except Exception:  # a bug or an account we did not foresee: park it, keep the queue going
            log.exception("outbox item %s (%s) failed unexpectedly", item_id, item.kind)
            self._park(item_id, INTERNAL, INTERNAL_DETAIL, "internal", maybe_sent=True)  # the log has the rest
            report.parked += 1
            return True
        if isinstance(outcome, Park):
            self._park(item_id, outcome.fix, outcome.detail, outcome.fix.code, absent=outcome.absent,
                       apply=outcome.apply)
            report.parked += 1
            return True
        if isinstance(outcome, Wait):
            self._wait(item_id, outcome)
            report.waiting += 1
            return True
        self._finish(item_id, outcome)
        report.delivered += 1
        report.delivered_ids.append(item_id)
        return True

    # ------------------------------------------------------------ state writes

    def _start_attempt(self, item_id: int) -> tuple[OutboxItem, bool, int | None] | None:
        """Commit "attempt started"; None when the item is no longer ready. The head was chosen
        by a query that may predate another drainer's commit: its claim was released after it
        finished the item, so the choice is checked again here, in the writing transaction."""
        with self.store.transaction() as session:
            item = session.get(OutboxItem, item_id)
            assert item is not None
            due = item.next_attempt_at is None or item.next_attempt_at <= self.clock()
            if item.state not in (outbox.PENDING, outbox.IN_FLIGHT) or not due:
                return None
            recovering = item.state == outbox.IN_FLIGHT or bool((item.result or {}).get("maybe_sent"))
            if recovering and item.attempt_started_at is not None and "unknown_since" not in (item.result or {}):
                # when the first attempt whose outcome is unknown started: what it may have made in
                # Bling is no older than this (sync/nfce_lookup.py narrows its search with it)
                item.result = {**(item.result or {}), "unknown_since": item.attempt_started_at.isoformat()}
            self._mark_attempt(item)
            item.state = outbox.IN_FLIGHT
            item.attempts += 1
            item.attempt_started_at = self.clock()
            session.flush()
            number = _sale_number(session, item)
            session.expunge(item)
        return item, recovering, number

    def _mark_attempt(self, item: OutboxItem) -> None:
        """Inside the "attempt started" commit, before the item is marked in flight (it still shows
        the last attempt's state): what a subclass records with it (the integrador: its epoch)."""

    def _finish(self, item_id: int, outcome: Done) -> None:
        with self.store.transaction() as session:
            item = session.get(OutboxItem, item_id)
            assert item is not None
            if outcome.apply is not None:
                outcome.apply(session)  # Bling's id is stored in the same commit as "done"
            item.state = outbox.DONE
            item.done_at = self.clock()
            item.result = outcome.result
            item.last_error = item.error_code = item.suggested_fix = None
            number = _sale_number(session, item)
            kind = item.kind
        if self.bus is not None:
            self.bus.publish(ItemDelivered(item_id=item_id, kind=kind, sale_number=number))

    def _schedule_retry(self, item_id: int, exc: BlingError, *, attempts: int, unknown: bool) -> None:
        delay = min(MAX_BACKOFF_S, backoff_delay(max(0, attempts - 1), rng=self.rng) + 1.0)
        if isinstance(exc, BlingRateLimited) and exc.retry_after:
            delay = max(delay, exc.retry_after)
        with self.store.transaction() as session:
            item = session.get(OutboxItem, item_id)
            assert item is not None
            # An unknown outcome keeps the item in flight: the next attempt looks it up first.
            item.state = outbox.IN_FLIGHT if unknown else outbox.PENDING
            if unknown:
                item.result = {**(item.result or {}), "maybe_sent": True}
            item.next_attempt_at = self.clock() + dt.timedelta(seconds=delay)
            item.last_error = error_detail(exc)[:2000]
            item.error_code = exc.code
            item.suggested_fix = suggest(exc).check  # the Logs de API's words: what happened, what to do

    def _release(self, item_id: int, exc: BlingError, *, recovering: bool) -> None:
        """The queue pauses (reconnection, daily limit): the attempt does not count."""
        with self.store.transaction() as session:
            item = session.get(OutboxItem, item_id)
            assert item is not None
            item.state = outbox.IN_FLIGHT if recovering else outbox.PENDING
            item.attempts = max(0, item.attempts - 1)
            item.error_code = exc.code
            item.last_error = error_detail(exc)[:2000]
            item.suggested_fix = suggest(exc).check

    def _wait(self, item_id: int, outcome: Wait) -> None:
        """Bling is still at it: due again later, the attempt not counted against the item."""
        with self.store.transaction() as session:
            item = session.get(OutboxItem, item_id)
            assert item is not None
            if outcome.apply is not None:
                outcome.apply(session)
            item.state = outbox.PENDING
            item.attempts = max(0, item.attempts - 1)
            item.next_attempt_at = self.clock() + dt.timedelta(seconds=outcome.seconds)
            item.result = {**{k: v for k, v in (item.result or {}).items() if k != "maybe_sent"}, **outcome.result}
            item.last_error = outcome.reason[:2000]
            item.error_code = "aguardando"

    def _park(self, item_id: int, fix: Fix, detail: str, code: str, *, maybe_sent: bool = False,
              absent: bool = False, apply: Callable[[Session], None] | None = None) -> None:
        with self.store.transaction() as session:
            item = session.get(OutboxItem, item_id)
            assert item is not None
            if apply is not None:
                apply(session)
            if maybe_sent:  # we cannot tell how far it got: look it up before any new POST
                item.result = {**(item.result or {}), "maybe_sent": True}
            elif absent:  # looked up: nothing of it is in Bling, the unknown outcome is settled
                item.result = {k: v for k, v in (item.result or {}).items() if k != "maybe_sent"}
            item.state = outbox.PARKED
            item.error_code = fix.code
            item.suggested_fix = fix.check
            item.last_error = detail[:2000]
            number = _sale_number(session, item)
            kind, to = item.kind, (item.payload or {}).get("to")
        log.warning("outbox item %s (%s) parked: %s", item_id, kind, code)
        if self.api_log is not None and code not in ("validation", "not_found", "forbidden"):
            # Bling's own refusals are already in the log through the client observer.
            self.api_log.note(model=_model_of(kind), action=describe_item(kind, sale_number=number, to=to), ok=False,
                              code=fix.code, check=fix.check, detail=detail, outbox_item_id=item_id)
        if self.bus is not None:
            self.bus.publish(ItemParked(item_id=item_id, kind=kind, sale_number=number, error_code=fix.code))


def _sale_number(session: Session, item: OutboxItem) -> int | None:
    if item.sale_id is None:
        return None
    sale = session.get(Sale, item.sale_id)
    return sale.number if sale else None


def _model_of(kind: str) -> str:
    if kind == outbox.CUSTOMER_UPSERT:
        return "contatos"
    if kind == outbox.STOCK_ENTRY:
        return "estoques"
    if kind == outbox.CAIXA_LANCAMENTO:
        return "caixas"
    return "pedidos_vendas"

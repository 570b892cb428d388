"""The store's integrador (`pdv-bling integrator [--once]`): the one process that talks to Bling.

Any machine configured as integrador runs this. It takes the advisory lock when it can
(`leadership.Leadership`); while another holds it, it stands by, retrying every few seconds and
keeping its own Bling token pair alive. As leader it delivers the store's outbox with the
unchanged exactly-once drainer (through `FencedStore`: every state write checks the epoch) and
pulls the catalogue from Bling into the store database, which caixas replicate (with the
periodic list-page reconciliation that deactivates products deleted in Bling, as in single mode). Only the leader
sends requests, so one pacer paces the account; the day's requests are counted in the store.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import psycopg
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from pdv_bling.bling.client import BlingClient, config_for, token_store_for
from pdv_bling.bling.errors import BlingError
from pdv_bling.bling.pacer import shared_pacer
from pdv_bling.retaguarda import asks
from pdv_bling.retaguarda.leadership import FencedPacer, FencedStore, Leadership, LeadershipLost
from pdv_bling.retaguarda.server import open_server
from pdv_bling.store import outbox
from pdv_bling.store.context import AppContext
from pdv_bling.store.engine import Store
from pdv_bling.store.models import OutboxItem, SyncState, utcnow
from pdv_bling.store.settings import load_settings
from pdv_bling.sync import reconcile
from pdv_bling.sync.apilog import ApiLog
from pdv_bling.sync.drainer import Drainer, DrainReport
from pdv_bling.sync.handlers import Handlers
from pdv_bling.sync.nfce_reconcile import reconcile_cancelled
from pdv_bling.sync.puller import MODELS, Puller

log = logging.getLogger(__name__)
INTEGRATOR_URL_KEY = "integrator_store_url"  # local settings of an integrador host
GRACE_MARGIN_S = 15.0
CHECK_AFTER_LEAD_S = 30.0  # the daily account check waits this long after taking the lead
CHECK_EVERY = dt.timedelta(hours=24)
URGENT_POLL_S = 0.1  # idle leader: how often it looks for a sale whose customer waits for its NFC-e


class FencedDrainer(Drainer):
    """The drainer, leaving alone items another epoch left in flight until the grace is over."""

    def __init__(self, store: FencedStore, handlers: Handlers, *, leadership: Leadership, grace_s: float,
                 **options: Any) -> None:
        super().__init__(store, handlers, **options)
        self.leadership = leadership
        self.grace_s = grace_s

    def in_grace(self) -> bool:
        return time.monotonic() < self.leadership.acquired_monotonic + self.grace_s

    def _hold(self, state: str, result: object) -> bool:
        """In the grace: another leader's attempt may still be on its way to Bling."""
        epoch = result.get("epoch") if isinstance(result, dict) else None
        return self.in_grace() and state == outbox.IN_FLIGHT and epoch != self.leadership.epoch

    def _mark_attempt(self, item: OutboxItem) -> None:
        """The attempt carries this leader's epoch (the fenced store checks the epoch in the same commit)."""
        item.result = {**(item.result or {}), "epoch": self.leadership.epoch}


@dataclass
class IntegratorReport:
    role: str = "standby"  # leader | standby | unreachable
    epoch: int | None = None
    delivered: int = 0
    parked: int = 0
    pulled: dict[str, int] = field(default_factory=dict)
    checked: str | None = None  # the account check's status when one ran in this pass
    stopped_by: str | None = None


class Integrator:
    def __init__(self, ctx: AppContext, url: str, *, client: BlingClient | None = None,
                 clock: Callable[[], dt.datetime] = utcnow, pull_interval_s: float | None = None) -> None:
        self.ctx = ctx
        self.url = url
        self.server: Store = open_server(url, application="pdv-bling-integrador")
        self.leadership = Leadership(url)
        self.clock = clock
        self._client = client
        self._pull_interval_s = pull_interval_s
        self.client: BlingClient | None = None
        self.drainer: FencedDrainer | None = None
        self.puller: Puller | None = None
        self._next_pull: float | None = None  # monotonic; None: ask the store when it last pulled
        self._last_heartbeat = 0.0
        self._last_keep_alive = 0.0

    # ------------------------------------------------------------ roles

    def _become_leader(self) -> None:
        config = config_for(self.ctx)  # the integrador host's own folder: API URL and its tokens
        inner = shared_pacer(config.api_url, rate_per_second=config.rate_per_second, daily_limit=config.daily_limit)
        inner.note_used(self.leadership.used_today())
        api_log = ApiLog(self.server)
        client = self._client or BlingClient(config=config, tokens=token_store_for(config, self.ctx),
                                             observer=api_log)
        client.http.pacer = FencedPacer(inner, self.leadership)  # type: ignore[assignment]
        fenced = FencedStore(self.server, self.leadership)
        grace = self.leadership_grace(config.timeout)
        self.client = client
        self.drainer = FencedDrainer(fenced, Handlers(self.server, client, api_log=api_log), leadership=self.leadership,
                                     grace_s=grace, api_log=api_log, clock=self.clock)
        self.puller = Puller(self.server, client, clock=self.clock, interleave=self._serve_urgent)
        self._next_pull = None  # another leader may have pulled meanwhile: the store's record decides

    def _serve_urgent(self) -> None:
        """Between a long pull's requests: deliver what a customer waits for (a sale's NFC-e chain)."""
        if self.drainer is not None and self.leadership.valid:
            self.drainer.drain_once(urgent_only=True, should_stop=lambda: not self.leadership.valid)

    def urgent_ready(self) -> bool:
        """A customer's chain is ready (the idle loop stops waiting for it)."""
        try:
            return self.drainer is not None and self.drainer.next_ready(urgent_only=True) is not None
        except (SQLAlchemyError, psycopg.Error, OSError):
            return False

    @staticmethod
    def leadership_grace(http_timeout: float) -> float:
        from pdv_bling.retaguarda.leadership import LEASE_S

        return LEASE_S + http_timeout + GRACE_MARGIN_S

    def _step_down(self) -> None:
        self.leadership.release()
        self.drainer = self.puller = None
        if self.client is not None and self._client is None:
            self.client.close()
        self.client = None

    def stop(self) -> None:
        self._step_down()
        self.server.close()

    # ------------------------------------------------------------ one pass

    def run_once(self, *, pull: bool | None = None) -> IntegratorReport:
        """Take the lead if free, then deliver what is ready and pull when due. A store server that
        goes away mid-pass (restarted, cable pulled) makes this process stand by, never die: an item
        it left in flight is recovered by whoever leads next (after the grace)."""
        report = IntegratorReport()
        if self.leadership.epoch is None and not self.leadership.try_acquire():
            self._keep_alive()
            return report
        try:
            if self.drainer is None:
                self._become_leader()
            report.role, report.epoch = "leader", self.leadership.epoch
            self._heartbeat()
            asked_pull = self._asked("pull")
            if pull if pull is not None else (asked_pull is not None or self._pull_due()):
                assert self.puller is not None
                report.pulled = self._pull()
                if asked_pull is not None:
                    asks.answer(self.server, "pull", asked_pull)
            report.checked = self._check_if_due()
            assert self.drainer is not None
            drained: DrainReport = self.drainer.drain_once(should_stop=lambda: not self.leadership.valid)
            report.delivered, report.parked, report.stopped_by = drained.delivered, drained.parked, drained.stopped_by
            self._heartbeat()
        except LeadershipLost as exc:
            log.warning("integrador: leadership lost (%s); standing by", exc)
            self._step_down()
            report.role, report.stopped_by = "standby", "leadership_lost"
        except (SQLAlchemyError, psycopg.Error, OSError) as exc:
            log.warning("integrador: store server unreachable (%s); standing by", type(exc).__name__)
            self._step_down()
            report.role, report.stopped_by = "unreachable", "store_unreachable"
        return report

    def _heartbeat(self) -> None:
        if not self.leadership.heartbeat():
            raise LeadershipLost("heartbeat failed")
        self._last_heartbeat = time.monotonic()

    def _pull_due(self) -> bool:
        """Due when the STORE's last complete pull is older than `pull_interval_min` (or there was
        none): a new leader (a standby taking over, a restarted process) never pulls again a
        catalogue another leader has just pulled. One pull per store, whoever leads."""
        if self._next_pull is None:
            with self.server.read() as session:
                interval = self._interval_s(session)
                states = {s.model: s.last_success_at for s in session.scalars(select(SyncState))}
            last = [states.get(model) for model in MODELS]
            if any(moment is None for moment in last):
                return True  # never pulled completely (or a first pull was interrupted: it resumes)
            oldest = min(moment for moment in last if moment is not None)
            wait = (oldest + dt.timedelta(seconds=interval) - self.clock()).total_seconds()
            self._next_pull = time.monotonic() + max(0.0, wait)
        return time.monotonic() >= self._next_pull

    def _interval_s(self, session: Session) -> float:
        if self._pull_interval_s is not None:
            return self._pull_interval_s
        return float(load_settings(session).pull_interval_min) * 60.0

    def _pull(self) -> dict[str, int]:
        assert self.puller is not None
        with self.server.read() as session:
            self._next_pull = time.monotonic() + self._interval_s(session)
        try:
            pulled = dict(self.puller.pull(list(MODELS)).models)
            assert self.client is not None
            if reconcile.due(self.server, now=self.clock()):  # deletions the pull cannot see (§11 row 5)
                pulled[reconcile.MODEL] = reconcile.reconcile_products(self.server, self.client,
                                                                       clock=self.clock).deactivated
            pulled["nfce_cancelled"] = reconcile_cancelled(self.server, self.client)
            return pulled
        except BlingError as exc:
            log.warning("integrador: catalogue pull failed: %s", exc.code)
            return {}

    def _asked(self, what: asks.Ask) -> int | None:
        with self.server.read() as session:
            return asks.waiting(session, what)

    def _check_if_due(self) -> str | None:
        """Verificar conta Bling for the store: when a caixa asks, and daily (not in the first
        seconds after taking the lead). The report is kept in the store database for every caixa;
        its request count is the store's (`request_budget`)."""
        from pdv_bling.account_check.model import load_last
        from pdv_bling.account_check.runner import check_and_record

        asked = self._asked("check")
        if asked is None:
            if time.monotonic() < self.leadership.acquired_monotonic + CHECK_AFTER_LEAD_S:
                return None
            with self.server.read() as session:
                last = load_last(session)
            if last is not None and utcnow() - last.finished_at < CHECK_EVERY:
                return None
        assert self.drainer is not None and self.client is not None
        try:
            report = check_and_record(self.drainer.store, self.client,
                                      store_requests_today=lambda _own: self.leadership.budget_today())
        except Exception:
            log.exception("integrador: account check failed")
            return None
        finally:  # answered even when it failed: the caixa shows the last report, never waits forever
            if asked is not None:
                asks.answer(self.server, "check", asked)
        return report.status

    def _keep_alive(self) -> None:
        """Standby: keep this host's own token pair alive (hourly refresh ahead of expiry)."""
        if time.monotonic() - self._last_keep_alive < 3600:
            return
        self._last_keep_alive = time.monotonic()
        try:
            config = config_for(self.ctx)
            with BlingClient(config=config, tokens=token_store_for(config, self.ctx)) as client:
                if client.connection_state() == "connected":
                    client.tokens.access_token()
        except BlingError as exc:
            log.warning("integrador (standby): keep-alive refresh failed: %s", exc.code)

    def run_forever(self, *, should_stop: Callable[[], bool], idle_s: float = 1.0) -> None:
        while not should_stop():
            report = self.run_once()
            if report.role != "leader" or not (report.delivered or report.parked):
                wait_until = time.monotonic() + (idle_s if report.role == "leader" else 2.0)
                while time.monotonic() < wait_until and not should_stop():
                    time.sleep(URGENT_POLL_S if report.role == "leader" else 0.1)
                    if report.role == "leader" and time.monotonic() - self._last_heartbeat > 2.0:
                        break
                    if report.role == "leader" and self.urgent_ready():  # a caixa handed a sale over
                        break

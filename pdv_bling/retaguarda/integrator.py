"""The store's integrador (`pdv-bling integrator [--once]`): the one process that talks to Bling.

Any machine configured as integrador runs this. It takes the advisory lock when it can
(`leadership.Leadership`) and only when its own Bling side works (`leader_health`); while another
holds it, it stands by, retrying every few seconds and keeping its own Bling token pair alive. A
leader whose Bling side keeps failing steps down, so a healthy standby leads. As leader it
delivers the store's outbox with the unchanged exactly-once drainer (through `FencedStore`: every state write checks the epoch) and
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

import keyring.errors
import psycopg
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from pdv_bling.bling.client import BlingClient, config_for, token_store_for
from pdv_bling.bling.errors import BlingError
from pdv_bling.bling.pacer import shared_pacer
from pdv_bling.bling.tokens import TokenStore
from pdv_bling.retaguarda import asks, leader_health
from pdv_bling.retaguarda.fenced_drainer import FencedDrainer
from pdv_bling.retaguarda.leadership import FencedPacer, FencedStore, Leadership, LeadershipLost, lease_clock
from pdv_bling.retaguarda.lineage import Watch
from pdv_bling.retaguarda.server import StoreServerError, open_server
from pdv_bling.store.context import AppContext
from pdv_bling.store.engine import Store
from pdv_bling.store.models import SyncState, utcnow
from pdv_bling.store.settings import load_settings
from pdv_bling.sync import caixa_bancos, reconcile
from pdv_bling.sync.apilog import ApiLog
from pdv_bling.sync.drainer import DrainReport
from pdv_bling.sync.handlers import Handlers
from pdv_bling.sync.nfce_reconcile import reconcile_cancelled
from pdv_bling.sync.puller import MODELS, Puller

log = logging.getLogger(__name__)
INTEGRATOR_URL_KEY = "integrator_store_url"  # local settings of an integrador host
LINEAGE_KEY = "integrator_store_lineage"  # ...and what it last saw of the store's lineage
GRACE_MARGIN_S = 15.0
STANDBY_RETRY_S = 2.0  # a standby tries the lock this often
STORE_CHECK_S = 10.0  # a leader reads its token store (the keyring) this often to judge its health
CHECK_AFTER_LEAD_S = 30.0  # the daily account check waits this long after taking the lead
CHECK_EVERY = dt.timedelta(hours=24)
URGENT_POLL_S = 0.1  # idle leader: how often it looks for a sale whose customer waits for its NFC-e


@dataclass
class IntegratorReport:
    role: str = "standby"  # leader | standby | unreachable | not_ready (this host cannot talk to Bling)
    epoch: int | None = None
    health: str | None = None  # the leader's Bling side: None (fine) or a leader_health reason code
    delivered: int = 0
    parked: int = 0
    pulled: dict[str, int] = field(default_factory=dict)
    checked: str | None = None  # the account check's status when one ran in this pass
    stopped_by: str | None = None


class Integrator:
    def __init__(self, ctx: AppContext, url: str, *, client: BlingClient | None = None,
                 clock: Callable[[], dt.datetime] = utcnow, pull_interval_s: float | None = None,
                 step_down_after_s: float = leader_health.STEP_DOWN_AFTER_S) -> None:
        self.ctx = ctx
        self.url = url
        self.server: Store = open_server(url, application="pdv-bling-integrador")
        self.leadership = Leadership(url)
        self.watch = Watch(ctx.store, LINEAGE_KEY)
        self.clock = clock
        self._client = client
        self._pull_interval_s = pull_interval_s
        self.client: BlingClient | None = None
        self.drainer: FencedDrainer | None = None
        self.puller: Puller | None = None
        self._next_pull: float | None = None  # monotonic; None: ask the store when it last pulled
        self._last_heartbeat = 0.0
        self._last_keep_alive = 0.0
        self.health = leader_health.HealthWatch(lease_clock, step_down_after_s)
        self._away_until = 0.0  # lease_clock(): after stepping down for its Bling side, no try before this
        self._pass_problem: str | None = None
        self._not_ready: str | None = None
        self._health_saved: tuple[Any, ...] | None = None
        self._store_checked: tuple[float, str | None] = (float("-inf"), None)

    # ------------------------------------------------------------ roles

    def _become_leader(self) -> None:
        config = config_for(self.ctx)  # the integrador host's own folder: API URL and its tokens
        inner = shared_pacer(config.api_url, rate_per_second=config.rate_per_second, daily_limit=config.daily_limit)
        inner.note_used(self.leadership.used_today())
        api_log = ApiLog(self.server)
        client = self._client or BlingClient(config=config, tokens=token_store_for(config, self.ctx),
                                             observer=api_log)
        gate = FencedPacer(inner, self.leadership)
        client.http.pacer = gate  # type: ignore[assignment]
        client.http.gate = gate  # the lease, checked right before each request leaves
        fenced = FencedStore(self.server, self.leadership, on_tick=self.watch.saw)
        self.client = client
        self.drainer = FencedDrainer(fenced, Handlers(self.server, client, api_log=api_log), leadership=self.leadership,
                                     grace_s=self.leadership_grace(config.deadline_s), gate=gate,
                                     second_look_s=config.deadline_s + GRACE_MARGIN_S, api_log=api_log, clock=self.clock)
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
    def leadership_grace(request_deadline_s: float) -> float:
        """How long after taking over no item another epoch left in flight is touched: the old
        leader's lease (it sends nothing after it) + the longest life of a request it sent before
        (the total deadline) + a margin. 10 + 30 + 15 = 55 s by default."""
        from pdv_bling.retaguarda.leadership import LEASE_S

        return LEASE_S + request_deadline_s + GRACE_MARGIN_S

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
        if not self._judge_store(report):
            return report
        if self.leadership.epoch is None:
            problem = self._cannot_lead()
            if problem is not None:
                report.role, report.health = "not_ready", problem
                return report
            if not self.leadership.try_acquire():
                self._keep_alive()
                return report
        try:
            if self.drainer is None:
                self._become_leader()
            report.role, report.epoch = "leader", self.leadership.epoch
            self._heartbeat()
            self._refresh_ahead()
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
            self._judge_health(report)
        except LeadershipLost as exc:
            log.warning("integrador: leadership lost (%s); standing by", exc)
            self._step_down()
            report.role, report.stopped_by = "standby", "leadership_lost"
        except (SQLAlchemyError, psycopg.Error, OSError) as exc:
            log.warning("integrador: store server unreachable (%s); standing by", type(exc).__name__)
            self._step_down()
            report.role, report.stopped_by = "unreachable", "store_unreachable"
        return report

    # ------------------------------------------------------------ the leader's own Bling side

    def _token_store(self) -> TokenStore:
        if self._client is not None:
            return self._client.store
        config = config_for(self.ctx)
        return token_store_for(config, self.ctx)

    def _cannot_lead(self) -> str | None:
        """Why this host must not take the lock now (None: it may): it is not connected to Bling,
        its keyring does not answer, or it stepped down for that a moment ago."""
        problem = "stepped_down" if lease_clock() < self._away_until else leader_health.bling_side_problem(
            self._token_store())
        if problem != self._not_ready:
            if problem is not None:
                log.warning("integrador: not taking the lead: %s", problem)
            self._not_ready = problem
        return problem

    def _token_store_problem(self) -> str | None:
        """The token store's answer, asked at most every STORE_CHECK_S while leading (a keyring is
        no database to poll every second)."""
        if lease_clock() - self._store_checked[0] >= STORE_CHECK_S:
            self._store_checked = (lease_clock(), leader_health.bling_side_problem(self._token_store()))
        return self._store_checked[1]

    def _refresh_ahead(self) -> None:
        """Refresh the access token here, between passes, when it is due: never between the lease
        check and a send (a refresh can take a whole request deadline). The gate checks the lease
        again before the next request leaves."""
        self._pass_problem = None
        assert self.client is not None
        try:
            self.client.tokens.access_token()
        except (BlingError, keyring.errors.KeyringError) as exc:
            self._pass_problem = leader_health.problem_of(exc)
            log.warning("integrador: token refresh failed: %s", getattr(exc, "code", type(exc).__name__))

    def _judge_health(self, report: IntegratorReport) -> None:
        """After a pass: note whether the Bling side failed; step down after a bounded run of failures."""
        drained = report.stopped_by if report.stopped_by in leader_health.BLING_SIDE else None
        problem = self._pass_problem or drained or self._token_store_problem()
        self.health.note(problem)
        report.health = problem
        if not self.health.exhausted():
            self._save_health()
            return
        log.warning("integrador: Bling side failing for %.0f s (%s): stepping down", self.health.step_down_after_s,
                    problem)
        self._save_health(stepped_down=True)
        self._step_down()
        self._away_until = lease_clock() + self.health.step_down_after_s
        self.health.note(None)
        report.role, report.stopped_by = "standby", "bling_side_failing"

    def _save_health(self, *, stepped_down: bool = False) -> None:
        record = self.health.record(epoch=self.leadership.epoch, holder=self.leadership.holder,
                                    stepped_down=stepped_down)
        key = (record["epoch"], record["state"], record["reason"], stepped_down)
        if key == self._health_saved or self.drainer is None:
            return
        with self.drainer.store.transaction() as session:  # fenced: a deposed leader writes nothing
            leader_health.save(session, record)
        self._health_saved = key

    def _judge_store(self, report: IntegratorReport) -> bool:
        """The store's lineage, judged first in every pass, leader or standby (lineage.py): a store
        restored from a backup gets a new generation and every item not done becomes "maybe sent"
        (looked up in Bling before any POST); another store's database is refused. False: no more
        in this pass."""
        try:
            verdict = self.watch.check(self.server)
        except (SQLAlchemyError, psycopg.Error, OSError) as exc:
            if self.leadership.epoch is None:
                log.info("integrador: store server not judged (%s)", type(exc).__name__)
                self._keep_alive()  # a standby never leads a store it could not judge
            else:
                log.warning("integrador: store server unreachable (%s); standing by", type(exc).__name__)
                self._step_down()
                report.role, report.stopped_by = "unreachable", "store_unreachable"
            return False
        if verdict == "other_store":
            log.error("integrador: %s", StoreServerError("store_other_lineage", "url"))
            self._step_down()
            report.stopped_by = "store_other_lineage"
            return False
        if verdict != "same":
            log.warning("integrador: store lineage %s: %s", verdict, self.watch.remembered)
        return True

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
            assert self.client is not None
            pulled.update(caixa_bancos.pull_if_used(self.server, self.client, clock=self.clock))  # turnos posted
            pulled["nfce_cancelled"] = reconcile_cancelled(self.server, self.client)
            return pulled
        except BlingError as exc:
            log.warning("integrador: catalogue pull failed: %s", exc.code)
            self._pass_problem = self._pass_problem or leader_health.problem_of(exc)
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
            if self.leadership.held_for() < CHECK_AFTER_LEAD_S:
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

    def run_forever(self, *, should_stop: Callable[[], bool], idle_s: float = 1.0,
                    on_report: Callable[[IntegratorReport], None] | None = None) -> None:
        while not should_stop():
            report = self.run_once()
            if on_report is not None:
                on_report(report)
            if report.role != "leader" or not (report.delivered or report.parked):
                wait_until = time.monotonic() + (idle_s if report.role == "leader" else STANDBY_RETRY_S)
                while time.monotonic() < wait_until and not should_stop():
                    time.sleep(URGENT_POLL_S if report.role == "leader" else 0.1)
                    if report.role == "leader" and time.monotonic() - self._last_heartbeat > 2.0:
                        break
                    if report.role == "leader" and self.urgent_ready():  # a caixa handed a sale over
                        break

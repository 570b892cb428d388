"""SyncService: what the app and the CLI run. It owns the client, the drainer, the puller, the
drainer lock of the data folder, connectivity, and an APScheduler that only triggers.

Jobs (BackgroundScheduler, worker threads, `max_instances=1`, `coalesce=True`):
- drain every `drain_interval_s` while there is work; when offline, re-probe with backoff
  (5 s doubling to 60 s) and leave "offline" as soon as an attempt gets an answer;
- pull every `pull_interval_min`, and reconcile products (deletions) when the last
  reconciliation is older than `sync.reconcile.INTERVAL`;
- keep-alive hourly: refreshes the access token ahead of expiry, which also rotates the 30-day
  refresh token, so it never lapses while the app runs.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable

from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler
from filelock import FileLock, Timeout

from pdv_bling.account_check.job import AccountCheckJob
from pdv_bling.account_check.model import CheckReport
from pdv_bling.base.events import Connected, ConnectivityChanged, EventBus
from pdv_bling.bling.client import API_URL_SETTING, BlingClient, config_for, open_client, token_store_for
from pdv_bling.bling.errors import BlingError, BlingTransportError, KeyringUnavailable, NotConnected
from pdv_bling.bling.loopback import run_authorization
from pdv_bling.bling.tokens import Credentials
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import Customer, SyncState, utcnow
from pdv_bling.store.settings import Settings, load_settings, save_company, set_value
from pdv_bling.sync import caixa_bancos, series
from pdv_bling.sync.apilog import ApiLog
from pdv_bling.sync.contact_link import ContactUnresolved
from pdv_bling.sync.drain_pool import drain_together, sefaz_lanes
from pdv_bling.sync.drainer import Claims, Drainer, DrainReport
from pdv_bling.sync.handlers import Handlers, contato_body
from pdv_bling.sync.nfce_reconcile import reconcile_cancelled
from pdv_bling.sync.puller import MODELS, Puller, PullReport
from pdv_bling.sync.reconcile import Reconciliation, reconcile_products
from pdv_bling.sync.reconcile import due as reconcile_due

log = logging.getLogger(__name__)
DEFAULT_PULL = ("clientes", *MODELS)  # "Sincronizar tudo": what every store needs
PULL_MODELS = (*DEFAULT_PULL, caixa_bancos.MODEL)  # the Caixa e Bancos lists only when named (their scopes
# are needed by turnos posted to Bling alone; with the default pull they come only once the store uses them)
OFFLINE_CODES = ("transport", "server", "outcome_unknown")
KEYRING_UNAVAILABLE = "keyring_unavailable"
COUNTER_LANE_S = 2  # the counter's lane looks for a customer's chain at least this often (and at every nudge)
# With NFC-e through Bling, a customer at the counter holds the account's normal lane (bling.pacer.hold_for_counter):
COUNTER_HOLDS = {"building": ("basket", 60.0), "recorded": ("sale", 15.0)}  # at most this long after the last change


class DrainerBusy(RuntimeError):
    """Another process already delivers this data folder's outbox."""

    code = "sender_busy"


class SyncService:
    def __init__(self, ctx: AppContext, *, bus: EventBus | None = None, client: BlingClient | None = None,
                 clock: Callable[[], dt.datetime] | None = None, rate_per_second: float | None = None) -> None:
        self.ctx = ctx
        self.bus = bus or EventBus()
        self.api_log = ApiLog(ctx.store)
        self.client = client or self._open_client(rate_per_second)
        self.handlers = Handlers(ctx.store, self.client, api_log=self.api_log, bus=self.bus)
        clock = clock or utcnow
        claims = Claims()  # the three drainers below never take the same item
        self.drainer = Drainer(ctx.store, self.handlers, bus=self.bus, api_log=self.api_log, clock=clock, claims=claims)
        # The counter's lane: only the chains a customer waits for (a sale's NFC-e), on its own thread,
        # so a note never waits behind the backlog's SEFAZ round trips (the drainer takes them first anyway).
        self.counter_drainer = Drainer(ctx.store, self.handlers, bus=self.bus, api_log=self.api_log, clock=clock,
                                       claims=claims)
        # The backlog's SEFAZ worker: takes only `enviar` heads, beside the backlog's drainer (which then
        # leaves them to it), so one note's SEFAZ round trip (~1 s) overlaps other chains' requests and a
        # long drain keeps the account's rate in use (`drain_pool.sefaz_lanes`, bench/bench_nfce.py).
        self.sefaz_drainer = Drainer(ctx.store, self.handlers, bus=self.bus, api_log=self.api_log, clock=clock,
                                     claims=claims)
        self.puller = Puller(ctx.store, self.client, bus=self.bus, clock=clock)
        self.account_check = AccountCheckJob(ctx.store, self.client, self.bus, connection_state=self.connection_state)
        self._lock = FileLock(str(ctx.paths.drainer_lock), thread_local=False)  # held for the scheduler threads too
        # One drain at a time and one pull (or reconciliation) at a time in this process; a drain
        # runs beside a pull, so a customer's NFC-e never waits for a catalogue: its requests take
        # the account pacer's priority lane and the pull's wait (`bling.pacer.customer_waiting`).
        self._draining = threading.Lock()
        self._counter_lane = threading.Lock()
        self._pulling = threading.Lock()
        self._scheduler: BackgroundScheduler | None = None
        self.online: bool | None = None
        self._offline_backoff = 5.0
        self._next_probe = 0.0
        self._stop = threading.Event()

    def _open_client(self, rate_per_second: float | None) -> BlingClient:
        if rate_per_second is None:
            return open_client(self.ctx, bus=self.bus, observer=self.api_log)
        config = dataclasses.replace(config_for(self.ctx), rate_per_second=rate_per_second)
        return BlingClient(config=config, tokens=token_store_for(config, self.ctx), bus=self.bus,
                           observer=self.api_log)

    # ------------------------------------------------------------ the lock of the data folder

    def acquire_drainer(self) -> bool:
        try:
            self._lock.acquire(timeout=0)
            return True
        except Timeout:
            return False

    def release_drainer(self) -> None:
        if self._lock.is_locked:
            self._lock.release(force=True)

    # ------------------------------------------------------------ operations (blocking)

    def drain_now(self, *, max_items: int | None = None) -> DrainReport:
        if not self._lock.is_locked and not self.acquire_drainer():
            raise DrainerBusy(str(self.ctx.paths.drainer_lock))
        with self._draining:
            was_offline = self.online is False
            if was_offline:
                self.drainer.release_backoff()  # a probe: retry what waited for the network now
            lanes = sefaz_lanes(self.drainer, self.sefaz_drainer) if max_items is None else None
            if lanes is not None:
                report = drain_together(lanes, should_stop=self._stop.is_set)
            else:
                report = self.drainer.drain_once(max_items=max_items, should_stop=self._stop.is_set)
            if was_offline and report.stopped_by is None and not (report.delivered or report.parked or report.retried):
                report.stopped_by = self._probe()  # nothing to send: ask Bling something cheap
        self._set_online(report.stopped_by not in OFFLINE_CODES, report.stopped_by)
        return report

    def drain_counter_now(self) -> DrainReport:
        """Only the chains a customer at the counter waits for, beside the backlog's drain."""
        if not self._lock.is_locked and not self.acquire_drainer():
            raise DrainerBusy(str(self.ctx.paths.drainer_lock))
        with self._counter_lane:
            report = self.counter_drainer.drain_once(urgent_only=True, should_stop=self._stop.is_set)
            if report.stopped_by is not None or self.counter_drainer.next_ready(urgent_only=True) is None:
                self.client.pacer.release_counter("sale")  # its note is here (or waits): the backlog goes on
        if report.stopped_by in OFFLINE_CODES:
            self._set_online(False, report.stopped_by)
        return report

    def customer_at_counter(self, state: str) -> None:
        """The sale screen: "building" (items in the basket), "recorded" (F10: its note on the way)
        or "idle". With NFC-e through Bling the customer waits for the DANFE, so pulls and older
        backlog leave the account to the counter meanwhile (the pacer's normal lane holds; the
        counter's lane ends the sale's hold once its note is here)."""
        pacer = self.client.pacer
        if state != "building":
            pacer.release_counter("basket")
        try:
            by_bling = state in COUNTER_HOLDS and self._settings().nfce_source == "bling"
        except Exception:  # a hint for the pacer: never a reason for the sale screen to fail
            log.exception("customer_at_counter: settings unreadable")
            return
        if by_bling:
            reason, seconds = COUNTER_HOLDS[state]
            pacer.hold_for_counter(seconds, reason=reason)

    def seconds_until_probe(self) -> float:
        """Offline: how long until the next re-probe of Bling is due (0 when online)."""
        return max(0.0, self._next_probe - time.monotonic()) if self.online is False else 0.0

    def _probe(self) -> str | None:
        try:
            self.client.empresas.dados_basicos()
        except BlingError as exc:
            return exc.code if exc.code in OFFLINE_CODES else None
        return None

    def pull_now(self, models: Iterable[str] | None = None) -> PullReport:
        wanted = list(models) if models is not None else list(DEFAULT_PULL)
        unknown = [m for m in wanted if m not in PULL_MODELS]
        if unknown:
            raise ValueError(f"unknown models: {', '.join(unknown)}")
        report = PullReport()
        with self._pulling:
            try:
                started = self.drainer.clock()
                pushed = None
                if "clientes" in wanted:
                    with self._draining:  # a push, like the drainer's customer step: never both at once
                        pushed = self.push_customers()
                catalogue = [m for m in wanted if m not in ("clientes", caixa_bancos.MODEL)]
                if catalogue:
                    self.puller.pull(catalogue, report=report)
                if models is None:  # with everything: the lists too once the store posts turnos (never raises)
                    report.models.update(caixa_bancos.pull_if_used(self.ctx.store, self.client))
                elif caixa_bancos.MODEL in wanted:
                    report.models[caixa_bancos.MODEL] = caixa_bancos.pull_lists(self.ctx.store, self.client)
                elif not catalogue and pushed == 0:
                    self.client.empresas.dados_basicos()  # nothing to send: did Bling answer at all?
                if pushed is not None:
                    report.models["clientes"] = pushed
                    if pushed == 0:  # Bling answered in this run: "clientes" is up to date
                        self._mark_synced("clientes", started)
            except BlingTransportError as exc:
                self._set_online(False, exc.code)
                raise
        self._set_online(True, None)
        return report

    def reconcile_now(self) -> Reconciliation:
        """Deactivate products no longer active in Bling (list pages only; see sync/reconcile.py),
        and read back the notes of cancelled sales the manager cancelled in Bling."""
        with self._pulling:
            try:
                result = reconcile_products(self.ctx.store, self.client, bus=self.bus, clock=self.drainer.clock)
                result = dataclasses.replace(result, nfce_cancelled=reconcile_cancelled(self.ctx.store, self.client))
            except BlingTransportError as exc:
                self._set_online(False, exc.code)
                raise
        self._set_online(True, None)
        return result

    def push_customers(self) -> int:
        """The manual's "Cliente" model: store customers go to Bling (linked by CPF/CNPJ). Its
        Última sincronização moves only when Bling was reached (with nothing to send, `pull_now`
        moves it once another request of the same run got an answer)."""
        started = self.drainer.clock()
        with self.ctx.store.read() as session:
            todo = [(c.id, c.document, contato_body(c)) for c in session.query(Customer).filter(
                Customer.bling_contato_id.is_(None))]
        for customer_id, document, body in todo:
            try:
                contato_id = self.handlers.link_or_create_contact(document, body)
            except ContactUnresolved as exc:  # its sales park with the fix when they are sent
                log.warning("customer %s not linked to Bling: %s", customer_id, exc.fix.code)
                continue
            with self.ctx.store.transaction() as session:
                customer = session.get(Customer, customer_id)
                if customer is not None and customer.bling_contato_id is None:
                    customer.bling_contato_id = contato_id
        if todo:
            self._mark_synced("clientes", started)
        return len(todo)

    def _mark_synced(self, model: str, started: dt.datetime) -> None:
        with self.ctx.store.transaction() as session:
            state = session.get(SyncState, model) or SyncState(model=model)
            state.last_success_at = started
            session.add(state)

    def check_account(self) -> CheckReport:
        """"Verificar conta Bling": read-only, a bounded number of GETs (pdv_bling/account_check)."""
        return self.account_check.run()

    def connection_state(self) -> str:
        """connected | not_connected | reconnection_needed | keyring_unavailable."""
        try:
            return str(self.client.connection_state())
        except KeyringUnavailable:  # no OS keyring: nothing can be stored safely, never plain text
            return KEYRING_UNAVAILABLE

    # ------------------------------------------------------------ connect / disconnect

    def connect_interactive(self, open_browser: Callable[[str], None], *, timeout: float = 300.0,
                            credentials: Credentials | None = None) -> str | None:
        """"Iniciar integração": the OAuth flow in the browser, tokens stored, company name back.

        The terminal's numeroLoja series is then checked in Bling: if another installation uses
        it, the connection is refused (tokens forgotten) with a DomainError naming a free id.

        The app's client id/secret come from the token store (saved by `pdv-bling connect` or the
        installation) or from PDV_BLING_CLIENT_ID / PDV_BLING_CLIENT_SECRET. Blocking: run it on
        a worker thread; `open_browser` is called with the authorize URL.
        """
        env_id, env_secret = os.environ.get("PDV_BLING_CLIENT_ID"), os.environ.get("PDV_BLING_CLIENT_SECRET")
        if credentials is None and env_id and env_secret:
            credentials = Credentials(env_id, env_secret)
        credentials = credentials or self.client.store.load_credentials()
        if credentials is None:
            raise NotConnected("Credenciais do aplicativo (client id e secret) não configuradas: "
                               "use pdv-bling connect --client-id ... --client-secret ...")
        run_authorization(self.client.config, credentials=credentials, manager=self.client.tokens,
                          endpoint=self.client.token_endpoint, show_url=open_browser, timeout=timeout)
        with self.ctx.store.transaction() as session:
            set_value(session, API_URL_SETTING, self.client.config.api_url)
        series.verify_on_connect(self.client, self.ctx.store, forget=self.disconnect)
        empresa = self.client.empresas.dados_basicos()
        with self.ctx.store.transaction() as session:
            save_company(session, nome=empresa.nome, cnpj=empresa.cnpj)  # the slips' issuer
        company = empresa.nome or None
        self.bus.publish(Connected(company_name=company))
        return company

    def disconnect(self) -> None:
        """Revoke and forget the tokens. Queued items stay queued for the next connection."""
        pair = self.client.store.load_tokens()
        credentials = self.client.store.load_credentials()
        if pair is not None and credentials is not None:
            try:
                self.client.token_endpoint.revoke(credentials, pair.refresh_token)
            except BlingError as exc:  # forget locally anyway; unused tokens die in 30 days
                log.warning("Bling did not confirm the revocation: %s", exc.code)
        self.client.store.clear_tokens()

    # ------------------------------------------------------------ scheduler

    def start(self) -> None:
        """Start the jobs. Without the folder's drainer lock only pulls run (another instance delivers)."""
        settings = self._settings()
        self.acquire_drainer()
        scheduler = BackgroundScheduler(timezone=dt.UTC, job_defaults={"max_instances": 1, "coalesce": True})
        scheduler.add_job(self._drain_job, "interval", seconds=settings.drain_interval_s, id="drain",
                          next_run_time=dt.datetime.now(dt.UTC))
        scheduler.add_job(self._counter_job, "interval", seconds=COUNTER_LANE_S, id="counter")
        scheduler.add_job(self._pull_job, "interval", minutes=settings.pull_interval_min, id="pull")
        scheduler.add_job(self._keep_alive_job, "interval", hours=1, id="keep_alive")
        self.account_check.install(scheduler)  # after connects and pulls, and daily
        scheduler.start()
        self._scheduler = scheduler

    def nudge(self) -> None:
        """Something was just recorded: run the drain job now instead of at its next tick (a
        drain already running picks the new items up itself; offline, the probe backoff holds)."""
        scheduler = self._scheduler
        if scheduler is None:
            return
        with contextlib.suppress(JobLookupError):  # stopping
            scheduler.modify_job("counter", next_run_time=dt.datetime.now(dt.UTC))
            scheduler.modify_job("drain", next_run_time=dt.datetime.now(dt.UTC))

    def stop(self) -> None:
        self._stop.set()
        for reason in ("basket", "sale"):  # nobody waits at a closing counter: no job waits for its hold
            self.client.pacer.release_counter(reason)
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=True)
            self._scheduler = None
        self.release_drainer()
        self.client.close()

    def _drain_job(self) -> None:
        # A command (`pdv-bling sync`) may have held the folder's lock when this process started:
        # take it over as soon as it is free, or this process would never send.
        if not (self._lock.is_locked or self.acquire_drainer()) or self.connection_state() != "connected":
            return
        if self.online is False and time.monotonic() < self._next_probe:
            return
        try:
            self.drain_now()
        except Exception:
            log.exception("drain job failed")

    def _counter_job(self) -> None:
        if not self._lock.is_locked or self.online is False or self.connection_state() != "connected":
            return  # offline: the drain job probes and brings everything back
        try:
            self.drain_counter_now()
        except Exception:
            log.exception("counter lane failed")

    def _pull_job(self) -> None:
        if self.connection_state() != "connected":
            return
        try:
            self.pull_now([m for m in MODELS])
            caixa_bancos.pull_if_used(self.ctx.store, self.client)  # only a store posting turnos needs them
            if reconcile_due(self.ctx.store):
                self.reconcile_now()
            else:
                with self._pulling:
                    reconcile_cancelled(self.ctx.store, self.client)
        except BlingError as exc:
            log.warning("scheduled pull failed: %s", exc.code)
        except Exception:
            log.exception("pull job failed")

    def _keep_alive_job(self) -> None:
        if self.connection_state() == "connected":
            try:
                self.client.tokens.access_token()
            except BlingError as exc:
                log.warning("keep-alive refresh failed: %s", exc.code)

    def _set_online(self, online: bool, reason: str | None) -> None:
        if online:
            self._offline_backoff = 5.0
        else:
            self._next_probe = time.monotonic() + self._offline_backoff
            self._offline_backoff = min(60.0, self._offline_backoff * 2)
        if online != self.online:
            self.online = online
            self.bus.publish(ConnectivityChanged(online=online, reason=reason))

    def _settings(self) -> Settings:
        with self.ctx.store.read() as session:
            return load_settings(session)

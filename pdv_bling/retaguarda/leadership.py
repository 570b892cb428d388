"""Who is the store's integrador: a PostgreSQL advisory lock, an epoch, and fences.

- `pg_try_advisory_lock` on a dedicated connection with TCP keepalives on both ends (libpq's and the
  server's per-session `tcp_keepalives_*`): when the holder dies or its cable is pulled, the server
  drops the session in seconds and a standby's next try takes the lock.
- Taking the lock bumps `integrator_lease.epoch`. Every transaction the drainer writes in
  (`FencedStore`) first reads the epoch `FOR SHARE`: a leader that lost the lock (even one still
  running behind a partition) can no longer mark an attempt started, finished or parked.
- The leader heartbeats every `HEARTBEAT_S` on the lock connection. A heartbeat is good only when
  `pg_locks` shows the lock granted to this very session (its backend pid) and the epoch is still
  its own: a lock released under it (a pooler's reset, `pg_advisory_unlock_all`) ends the lease even
  though the connection still answers. The lease lasts `LEASE_S` from the moment the last good
  heartbeat was SENT (not answered), on a clock that keeps running while the PC sleeps.
- The lease is checked right before every request leaves for Bling (`FencedPacer.before_send`,
  called by `bling/http.py` after the pacer's slot and after any token refresh): past `LEASE_S`
  without a good heartbeat nothing more is sent. Each request has a total deadline
  (`bling/deadline.py`), so no request of an old leader is alive later than its lease + that deadline.
- A new leader leaves alone an item another epoch left "in flight" until `grace_s` (the lease plus
  the request deadline plus a margin) has passed since it took over; its first recovery of such an
  item only looks it up (writes are held, `WritesHeld`), and the item waits one more request
  lifetime for a second lookup before anything is re-sent (`integrator.FencedDrainer`).
- Transaction pooling (PgBouncer `pool_mode=transaction`) hands each statement to any server
  session, so a session advisory lock means nothing through it: a backend pid that changes between
  two statements of the lock connection, or a fresh connection whose backend already holds the
  lock, is refused (`store_transaction_pooling`).
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from pdv_bling.bling.pacer import BLING_TZ, Pacer
from pdv_bling.retaguarda.lineage import tick
from pdv_bling.retaguarda.server import KEEPALIVE, LOCK_KEY, SERVER_KEEPALIVE, StoreServerError, load_password
from pdv_bling.store.engine import Store
from pdv_bling.store.models import IntegratorLease, utcnow

log = logging.getLogger(__name__)
HEARTBEAT_S = 2.0
LEASE_S = 10.0


POOLING = "store_transaction_pooling"
# The lock granted to THIS session (bigint keys show as classid<<32 | objid, objsubid 1), in this database.
HELD_BY_ME = ("EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid() "
              "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
              "AND ((classid::bigint << 32) | objid::bigint) = %(key)s AND objsubid = 1)")
HEARTBEAT_SQL = (f"WITH me AS (SELECT pg_backend_pid() AS pid, {HELD_BY_ME} AS held), "
                 "beat AS (UPDATE integrator_lease SET heartbeat_at = %(now)s WHERE id = 1 AND epoch = %(epoch)s "
                 "AND (SELECT held FROM me) RETURNING epoch) "
                 "SELECT me.pid, me.held, (SELECT epoch FROM beat) FROM me")


def _lease_clock() -> Callable[[], float]:
    """Seconds on a clock that keeps counting while the PC sleeps (Linux CLOCK_BOOTTIME; Windows'
    monotonic clock already does), so a leader that wakes up after a suspend finds its lease gone."""
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is not None:
        return lambda: time.clock_gettime(boottime)
    return time.monotonic


lease_clock = _lease_clock()


class LeadershipLost(BaseException):  # noqa: N818 - BaseException: no "except Exception" may swallow it
    """This process is no longer the store's integrador: stop at once, write nothing more."""


class WritesHeld(BaseException):  # noqa: N818 - BaseException: no handler may park an item for it
    """A write to Bling held back: the item's first recovery after a takeover only looks it up."""


def _iso(moment: Any) -> str:
    return str(moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ"))


class Leadership:
    def __init__(self, url: str, *, password: str | None = None, holder: str | None = None) -> None:
        self.url = url
        self.password = password
        self.holder = (holder or f"{socket.gethostname()}:{id(self):x}")[:200]
        self.epoch: int | None = None
        self.acquired_at = 0.0  # lease_clock() when this process took the lock
        self.refusal: str | None = None  # set for good when the store's connection cannot hold a lock
        self._conn: psycopg.Connection[Any] | None = None
        self._pid: int | None = None  # the server session (backend pid) holding the lock for us
        self._valid_until = 0.0
        self._beat = 0.0  # lease_clock() when the last good heartbeat was sent
        self._lock = threading.Lock()
        self._pending_requests = 0

    # ------------------------------------------------------------ the lock connection

    def _connect(self) -> psycopg.Connection[Any]:
        u = make_url(self.url)
        secret = self.password if self.password is not None else load_password(self.url)
        params: dict[str, Any] = {
            "host": u.host, "port": u.port or 5432, "user": u.username, "dbname": u.database,
            "connect_timeout": 3, "autocommit": True, "application_name": "pdv-bling-integrador",
            "options": f"{SERVER_KEEPALIVE} -c statement_timeout=5000", **KEEPALIVE, **dict(u.query),
        }
        if secret:
            params["password"] = secret
        return psycopg.connect(**params)

    def try_acquire(self) -> bool:
        """One try; True when this process is now the integrador (epoch bumped). Raises
        StoreServerError(store_transaction_pooling) when the connection goes through a pooler."""
        with self._lock:
            if self.refusal is not None:
                raise StoreServerError(self.refusal, "url")
            try:
                row = self._take()
            except psycopg.Error as exc:
                log.info("integrador: store server not reachable (%s)", type(exc).__name__)
                self._drop()
                return False
            if self.refusal is not None:
                raise StoreServerError(self.refusal, "url")
            if row is None:
                return False
            self.epoch = int(row)
            self.acquired_at = self._beat = lease_clock()
            self._valid_until = self.acquired_at + LEASE_S
            log.info("integrador: leader with epoch %s", self.epoch)
            return True

    def _take(self) -> int | None:
        """The lock and a new epoch, or None while another session holds the lock."""
        if self._conn is None or self._conn.closed:
            self._conn = self._connect()
        key = {"key": LOCK_KEY}
        pid, already = self._conn.execute(f"SELECT pg_backend_pid(), {HELD_BY_ME}", key).fetchone() or (0, False)
        if already:  # this process holds no lock, yet its session does: another client's session
            self._refuse_pooling(f"backend {pid} already holds the lock")
            return None
        got, pid_lock = self._conn.execute("SELECT pg_try_advisory_lock(%(key)s), pg_backend_pid()",
                                           key).fetchone() or (False, 0)
        if pid_lock != pid:
            self._refuse_pooling(f"backend pid {pid} then {pid_lock}", holding=int(pid_lock) if got else None)
            return None
        if not got:
            return None
        self._pid = int(pid)
        now = _iso(utcnow())
        self._conn.execute("INSERT INTO integrator_lease (id, epoch) VALUES (1, 0) ON CONFLICT DO NOTHING")
        row = self._conn.execute(
            f"UPDATE integrator_lease SET epoch = epoch + 1, holder = %(holder)s, acquired_at = %(now)s, "
            f"heartbeat_at = %(now)s WHERE id = 1 AND {HELD_BY_ME} RETURNING epoch, pg_backend_pid()",
            {**key, "holder": self.holder, "now": now}).fetchone()
        if row is None or row[1] != self._pid:
            self._refuse_pooling(f"backend pid {self._pid} then {row[1] if row else '?'}", holding=self._pid)
            return None
        return int(row[0])

    def _refuse_pooling(self, detail: str, *, holding: int | None = None) -> None:
        log.error("integrador: the store's connection goes through transaction pooling (%s): refusing to lead",
                  detail)
        self.refusal = POOLING
        if holding is not None:
            self._unlock_through_pool(holding)
        self._drop()

    def _unlock_through_pool(self, pid: int) -> None:
        """Best effort: the lock we took sits on the pooler's server session `pid`, which closing our
        client connection does not end; unlock it on the first statement that lands there."""
        for _ in range(20):
            try:
                assert self._conn is not None
                row = self._conn.execute("SELECT CASE WHEN pg_backend_pid() = %(pid)s THEN "
                                         "pg_advisory_unlock(%(key)s) END", {"pid": pid, "key": LOCK_KEY}).fetchone()
            except (psycopg.Error, AssertionError):
                break
            if row is not None and row[0] is not None:
                return
        log.error("integrador: the lock may stay held by the pooler's server session %s until it is closed", pid)

    def heartbeat(self) -> bool:
        """Renew the lease; False (and no longer valid) when the lock, the session or the epoch is gone."""
        with self._lock:
            if self._conn is None or self.epoch is None:
                return False
            sent = lease_clock()
            try:
                row = self._conn.execute(HEARTBEAT_SQL, {"key": LOCK_KEY, "now": _iso(utcnow()),
                                                         "epoch": self.epoch}).fetchone()
                if row is not None and row[2] is not None:
                    self._flush_budget()
            except psycopg.Error:
                row = None
            if row is not None and row[0] != self._pid:
                self._refuse_pooling(f"backend pid {self._pid} then {row[0]}", holding=self._pid)
                return False
            if row is None or row[2] is None:
                log.warning("integrador: heartbeat failed (%s)", "no answer" if row is None else
                            "the lock is no longer held by this session" if not row[1] else "the epoch moved on")
                self._drop()
                return False
            self._beat = sent
            self._valid_until = sent + LEASE_S
            return True

    def beat_if_due(self) -> None:
        """Heartbeat when the last good one is `HEARTBEAT_S` old (a leader busy with a long pull or
        drain keeps its lease; one that lost the lock or the epoch stays invalid)."""
        if self.epoch is not None and lease_clock() - self._beat >= HEARTBEAT_S:
            self.heartbeat()

    @property
    def valid(self) -> bool:
        return self.epoch is not None and lease_clock() < self._valid_until

    def held_for(self) -> float:
        """Seconds since this process took the lock (on the lease clock)."""
        return lease_clock() - self.acquired_at

    def release(self) -> None:
        with self._lock:
            if self._conn is not None and not self._conn.closed:
                with contextlib.suppress(psycopg.Error):
                    self._flush_budget()
                    self._conn.execute("SELECT pg_advisory_unlock(%s)", (LOCK_KEY,))
            self._drop()

    def _drop(self) -> None:
        self.epoch = self._pid = None
        self._valid_until = 0.0
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
        self._conn = None

    # ------------------------------------------------------------ the store's daily budget

    def count_request(self) -> None:
        with self._lock:
            self._pending_requests += 1

    def _flush_budget(self) -> None:
        """Requests sent since the last heartbeat go to the store's per-day counter."""
        if not self._pending_requests or self._conn is None:
            return
        day = utcnow().astimezone(BLING_TZ).date().isoformat()
        self._conn.execute("INSERT INTO request_budget (day, used) VALUES (%s, %s) ON CONFLICT (day) "
                           "DO UPDATE SET used = request_budget.used + EXCLUDED.used", (day, self._pending_requests))
        self._pending_requests = 0

    def budget_today(self) -> int:
        """The store's requests to Bling today, this leader's latest ones included."""
        with self._lock:
            if self._conn is None:
                return 0
            self._flush_budget()
        return self.used_today()

    def used_today(self) -> int:
        with self._lock:
            if self._conn is None:
                return 0
            day = utcnow().astimezone(BLING_TZ).date().isoformat()
            row = self._conn.execute("SELECT used FROM request_budget WHERE day = %s", (day,)).fetchone()
            return int(row[0]) if row else 0

    # ------------------------------------------------------------ fencing a transaction

    def check(self, session: Session) -> None:
        """Inside a store transaction: still the integrador? (raises LeadershipLost)."""
        if not self.valid:
            raise LeadershipLost("lease expired")
        epoch = session.scalars(select(IntegratorLease.epoch).where(IntegratorLease.id == 1)
                                .with_for_update(read=True)).first()
        if epoch != self.epoch:
            raise LeadershipLost(f"epoch {epoch} is not ours ({self.epoch})")


class FencedStore(Store):
    """The store server as the drainer sees it: every write transaction checks the epoch first."""

    def __init__(self, server: Store, leadership: Leadership, *, on_tick: Callable[[int], None] | None = None) -> None:
        super().__init__(server.path, run_migrations=False, engine=server.engine)
        self.leadership = leadership
        self.on_tick = on_tick  # told each committed tick of the store's clock (lineage.py)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self.sessions.begin() as session:
            self.leadership.check(session)
            clock = tick(session)
            yield session
        if self.on_tick is not None:
            self.on_tick(clock)

    def close(self) -> None:  # the engine belongs to the server Store
        pass


class FencedPacer:
    """The account's pacer for the leader, and the gate every request passes right before it leaves
    (`BlingHttp.gate`): nothing is sent once the lease is not valid, and, while `hold_writes` is
    set, nothing but reads. Counts requests for the store's daily budget."""

    def __init__(self, inner: Pacer, leadership: Leadership) -> None:
        self.inner = inner
        self.leadership = leadership
        self.hold_writes = False

    def acquire(self) -> None:
        self._check("before a request to Bling")
        self.inner.acquire()

    def before_send(self, method: str, path: str) -> None:
        """The last look before the bytes leave: after the slot's wait and any token refresh."""
        self._check("right before a request to Bling")
        if self.hold_writes and method.upper() != "GET":
            raise WritesHeld(f"{method} {path}")
        self.leadership.count_request()

    def _check(self, when: str) -> None:
        self.leadership.beat_if_due()
        if not self.leadership.valid:
            raise LeadershipLost(f"lease not valid {when}")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

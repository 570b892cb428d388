"""Who is the store's integrador: a PostgreSQL advisory lock, an epoch, and fences.

- `pg_try_advisory_lock` on a dedicated connection with TCP keepalives on both ends (libpq's and the
  server's per-session `tcp_keepalives_*`): when the holder dies or its cable is pulled, the server
  drops the session in seconds and a standby's next try takes the lock.
- Taking the lock bumps `integrator_lease.epoch`. Every transaction the drainer writes in
  (`FencedStore`) first reads the epoch `FOR SHARE`: a leader that lost the lock (even one still
  running behind a partition) can no longer mark an attempt started, finished or parked.
- The leader heartbeats every `HEARTBEAT_S` on the lock connection (between passes, and before a
  request to Bling when one is due, so a long pull or drain keeps its lease); past `LEASE_S` without
  a good heartbeat it stops sending anything to Bling (`FencedPacer` refuses the next request).
- A new leader leaves alone an item another epoch left "in flight" until `grace_s` (the lease plus
  the HTTP timeout plus a margin) has passed since it took over: by then no request of the old
  leader can still be on its way, and the normal recovery (look up before any new POST) is safe.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from pdv_bling.bling.pacer import BLING_TZ, Pacer
from pdv_bling.retaguarda.server import KEEPALIVE, LOCK_KEY, SERVER_KEEPALIVE, load_password
from pdv_bling.store.engine import Store
from pdv_bling.store.models import IntegratorLease, utcnow

log = logging.getLogger(__name__)
HEARTBEAT_S = 2.0
LEASE_S = 10.0


class LeadershipLost(BaseException):  # noqa: N818 - BaseException: no "except Exception" may swallow it
    """This process is no longer the store's integrador: stop at once, write nothing more."""


def _iso(moment: Any) -> str:
    return str(moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ"))


class Leadership:
    def __init__(self, url: str, *, password: str | None = None, holder: str | None = None) -> None:
        self.url = url
        self.password = password
        self.holder = (holder or f"{socket.gethostname()}:{id(self):x}")[:200]
        self.epoch: int | None = None
        self.acquired_monotonic = 0.0
        self._conn: psycopg.Connection[Any] | None = None
        self._valid_until = 0.0
        self._beat = 0.0  # monotonic time of the last good heartbeat
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
        """One try; True when this process is now the integrador (epoch bumped)."""
        with self._lock:
            try:
                if self._conn is None or self._conn.closed:
                    self._conn = self._connect()
                got = self._conn.execute("SELECT pg_try_advisory_lock(%s)", (LOCK_KEY,)).fetchone()
                if not got or not got[0]:
                    return False
                now = _iso(utcnow())
                self._conn.execute("INSERT INTO integrator_lease (id, epoch) VALUES (1, 0) ON CONFLICT DO NOTHING")
                row = self._conn.execute(
                    "UPDATE integrator_lease SET epoch = epoch + 1, holder = %s, acquired_at = %s, heartbeat_at = %s "
                    "WHERE id = 1 RETURNING epoch", (self.holder, now, now)).fetchone()
            except psycopg.Error as exc:
                log.info("integrador: store server not reachable (%s)", type(exc).__name__)
                self._drop()
                return False
            assert row is not None
            self.epoch = int(row[0])
            self.acquired_monotonic = self._valid_from = self._beat = time.monotonic()
            self._valid_until = self.acquired_monotonic + LEASE_S
            log.info("integrador: leader with epoch %s", self.epoch)
            return True

    def heartbeat(self) -> bool:
        """Renew the lease; False (and no longer valid) when the lock or the epoch is gone."""
        with self._lock:
            if self._conn is None or self.epoch is None:
                return False
            try:
                row = self._conn.execute("UPDATE integrator_lease SET heartbeat_at = %s WHERE id = 1 AND epoch = %s "
                                         "RETURNING epoch", (_iso(utcnow()), self.epoch)).fetchone()
                self._flush_budget()
            except psycopg.Error:
                row = None
            if row is None:
                self._valid_until = 0.0
                self._drop()
                return False
            self._beat = time.monotonic()
            self._valid_until = self._beat + LEASE_S
            return True

    def beat_if_due(self) -> None:
        """Heartbeat when the last good one is `HEARTBEAT_S` old (a leader busy with a long pull or
        drain keeps its lease; one that lost the lock or the epoch stays invalid)."""
        if self.epoch is not None and time.monotonic() - self._beat >= HEARTBEAT_S:
            self.heartbeat()

    @property
    def valid(self) -> bool:
        return self.epoch is not None and time.monotonic() < self._valid_until

    def release(self) -> None:
        with self._lock:
            if self._conn is not None and not self._conn.closed:
                with contextlib.suppress(psycopg.Error):
                    self._flush_budget()
                    self._conn.execute("SELECT pg_advisory_unlock(%s)", (LOCK_KEY,))
            self._drop()

    def _drop(self) -> None:
        self.epoch = None
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

    def __init__(self, server: Store, leadership: Leadership) -> None:
        super().__init__(server.path, run_migrations=False, engine=server.engine)
        self.leadership = leadership

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self.sessions.begin() as session:
            self.leadership.check(session)
            yield session

    def close(self) -> None:  # the engine belongs to the server Store
        pass


class FencedPacer:
    """The account's pacer, refusing any new request once the lease is not valid, and counting
    requests for the store's daily budget."""

    def __init__(self, inner: Pacer, leadership: Leadership) -> None:
        self.inner = inner
        self.leadership = leadership

    def acquire(self) -> None:
        self.leadership.beat_if_due()
        if not self.leadership.valid:
            raise LeadershipLost("lease expired before a request to Bling")
        self.inner.acquire()
        if not self.leadership.valid:
            raise LeadershipLost("lease expired while waiting for a request slot")
        self.leadership.count_request()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

"""Leadership that does not rest on clocks alone: the lease is checked right before each request
leaves (after any token refresh), the heartbeat asks `pg_locks` whether this very session still
holds the lock, and a connection through transaction pooling is refused."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import text

from pdv_bling.domain.messages import MESSAGES
from pdv_bling.retaguarda import leadership
from pdv_bling.retaguarda.integrator import Integrator
from pdv_bling.retaguarda.leadership import Leadership
from pdv_bling.retaguarda.server import StoreServerError, init_store, open_server
from pdv_bling.runtime.demo import map_payments_by_name
from pdv_bling.sandbox import SandboxServer
from pdv_bling.store.context import AppContext
from tests.store.helpers import integrador, join, sell_one_unit

pytestmark = [pytest.mark.postgres, pytest.mark.e2e]


def _api_calls(bling: SandboxServer) -> int:
    """Requests to the API (the token endpoint's are not)."""
    return sum(1 for e in bling.inspect()["requests"]["log"] if "/oauth/" not in e["path"])


def _terminate(url: str, pid: int | None) -> None:
    """Another PC's view: the server ends the leader's lock session (a standby may now take it)."""
    assert pid is not None
    server = open_server(url)
    with server.engine.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    server.close()


def _leader_with_a_sale(tmp_path: Path, url: str, bling: SandboxServer) -> tuple[Integrator, AppContext]:
    init_store(url)
    integ = integrador(tmp_path, "int-a", url, bling)
    assert integ.run_once(pull=True).role == "leader"
    server = open_server(url)
    map_payments_by_name(AppContext(integ.ctx.paths, server))
    server.close()
    caixa, link = join(tmp_path, url, "PDV01")
    sell_one_unit(caixa)
    assert link.sync_once().online
    return integ, caixa


@pytest.mark.parametrize("when", ["token_refresh", "slot_wait"])
def test_a_lease_lost_before_the_send_sends_nothing(tmp_path: Path, pg_url: str, bling: SandboxServer,
                                                    monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    """30 s pass (a slow token refresh, a long wait for a slot, a PC asleep) and meanwhile the
    server ended the leader's session. On main the refresh ran AFTER the lease check, so the order
    left anyway; now the token comes first and the lease is checked right before the bytes leave."""
    integ, caixa = _leader_with_a_sale(tmp_path, pg_url, bling)
    offset = {"s": 0.0}
    sent_before_loss: list[int] = []
    real_clock = leadership.lease_clock
    monkeypatch.setattr(leadership, "lease_clock", lambda: real_clock() + offset["s"])
    client = integ.client
    assert client is not None

    def thirty_seconds_later() -> None:
        offset["s"] += 30.0
        _terminate(pg_url, integ.leadership._pid)
        sent_before_loss.append(_api_calls(bling))

    if when == "token_refresh":  # the access token is due: the next request refreshes it first
        pair = client.store.load_tokens()
        assert pair is not None
        client.store.save_tokens(dataclasses.replace(pair, expires_at=dt.datetime.now(dt.UTC)))
        client.tokens._pair = None
        real_refresh = client.token_endpoint.refresh

        def slow_refresh(*args: Any, **kwargs: Any) -> Any:
            answer = real_refresh(*args, **kwargs)
            thirty_seconds_later()
            return answer

        monkeypatch.setattr(client.token_endpoint, "refresh", slow_refresh)
    else:
        inner = client.http.pacer.inner  # type: ignore[attr-defined]
        real_acquire = inner.acquire

        def slow_slot() -> None:
            real_acquire()
            thirty_seconds_later()

        monkeypatch.setattr(inner, "acquire", slow_slot)
    report = integ.run_once()
    assert report.role == "standby" and report.stopped_by == "leadership_lost"
    assert len(sent_before_loss) == 1
    assert _api_calls(bling) == sent_before_loss[0]  # not one request left after the lease was lost
    assert not bling.state.orders
    integ.stop()
    caixa.close()


def test_the_heartbeat_notices_a_lock_released_under_a_live_session(tmp_path: Path, pg_url: str,
                                                                      bling: SandboxServer) -> None:
    """The session answers and the epoch is still ours, but the lock is gone (a pooler's reset runs
    pg_advisory_unlock_all / DISCARD ALL on it). On main the heartbeat said "fine" and the leader
    went on while a standby could take the free lock; now pg_locks says no and the lease ends."""
    init_store(pg_url)
    first = integrador(tmp_path, "int-a", pg_url, bling)
    second = integrador(tmp_path, "int-b", pg_url, bling)
    assert first.run_once().role == "leader"
    assert first.leadership.heartbeat()
    assert first.leadership._conn is not None
    first.leadership._conn.execute("SELECT pg_advisory_unlock_all()")
    assert not first.leadership.heartbeat()
    assert not first.leadership.valid and first.leadership.epoch is None
    assert second.run_once().role == "leader"  # the lock was free: one leader, a new epoch
    assert second.leadership.epoch == 2
    second.stop()
    first.stop()


def test_a_lock_session_killed_on_the_server_ends_the_lease_at_the_next_heartbeat(
        tmp_path: Path, pg_url: str, bling: SandboxServer) -> None:
    init_store(pg_url)
    integ = integrador(tmp_path, "int-a", pg_url, bling)
    assert integ.run_once().role == "leader"
    _terminate(pg_url, integ.leadership._pid)
    assert not integ.leadership.heartbeat() and not integ.leadership.valid
    integ.stop()


class PooledConnection:
    """What transaction pooling (PgBouncer pool_mode=transaction) does to a client: each statement
    (autocommit: each is its own transaction) runs on whichever server session is free."""

    def __init__(self, sessions: list[psycopg.Connection[Any]]) -> None:
        self.sessions = sessions
        self.turn = 0

    def execute(self, query: Any, params: Any = None) -> Any:
        session = self.sessions[self.turn % len(self.sessions)]
        self.turn += 1
        return session.execute(query, params)

    @property
    def closed(self) -> bool:
        return False

    def close(self) -> None:
        """The client goes; the pooler's server sessions (and any lock they hold) stay."""


def _advisory_locks_held(url: str) -> int:
    server = open_server(url)
    with server.engine.connect() as conn:
        held = conn.execute(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                                 "AND objid = :key"), {"key": leadership.LOCK_KEY}).scalar_one()
    server.close()
    return int(held)


SESSIONS: list[psycopg.Connection[Any]] = []


def _pooled(real_connect: Any) -> Any:
    def connect(self: Leadership) -> PooledConnection:
        SESSIONS.extend([real_connect(self), real_connect(self)])
        return PooledConnection(SESSIONS[-2:])

    return connect


def test_transaction_pooling_is_refused_with_a_clear_message(tmp_path: Path, pg_url: str,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    init_store(pg_url)
    monkeypatch.setattr(Leadership, "_connect", _pooled(Leadership._connect))
    pooled = Leadership(pg_url)
    with pytest.raises(StoreServerError) as caught:
        pooled.try_acquire()
    assert caught.value.code == "store_transaction_pooling"
    assert "PgBouncer" in str(caught.value) and "pool_mode=session" in MESSAGES["store_transaction_pooling"]
    with pytest.raises(StoreServerError):  # for good: the URL must change, not the luck of the pool
        pooled.try_acquire()
    assert _advisory_locks_held(pg_url) == 0  # the lock it took on a pooled session was given back
    monkeypatch.undo()
    assert Leadership(pg_url).try_acquire()
    for session in SESSIONS:
        session.close()


def test_a_session_that_already_holds_the_lock_for_another_client_is_refused(
        pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through a pooler, a standby's statement can land on the leader's server session, where
    pg_try_advisory_lock (re-entrant) would say yes: two leaders. The standby refuses instead."""
    init_store(pg_url)
    leader = Leadership(pg_url)
    assert leader.try_acquire()
    assert leader._conn is not None
    shared = leader._conn
    monkeypatch.setattr(Leadership, "_connect", lambda self: PooledConnection([shared]))
    standby = Leadership(pg_url)
    with pytest.raises(StoreServerError) as caught:
        standby.try_acquire()
    assert caught.value.code == "store_transaction_pooling"
    assert leader.heartbeat()  # the leader's lock was left alone
    leader.release()


def test_a_leader_whose_session_changes_under_it_refuses_to_go_on(pg_url: str) -> None:
    init_store(pg_url)
    lead = Leadership(pg_url)
    assert lead.try_acquire()
    assert lead._conn is not None
    other = Leadership(pg_url)._connect()
    mine = lead._conn
    lead._conn = PooledConnection([other, mine])  # type: ignore[assignment]  # the next statement lands elsewhere
    assert not lead.heartbeat() and not lead.valid
    assert lead.refusal == "store_transaction_pooling"
    with pytest.raises(StoreServerError):
        lead.try_acquire()
    assert _advisory_locks_held(pg_url) == 0  # unlocked on its own session before letting go
    other.close()
    mine.close()


def test_the_integrador_command_refuses_a_pooled_store(tmp_path: Path, pg_url: str, bling: SandboxServer,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from pdv_bling.cli.main import main

    init_store(pg_url)
    home = tmp_path / "int-a"
    monkeypatch.setenv("PDV_BLING_HOME", str(home))
    with AppContext.open(home, log=False) as ctx:
        from pdv_bling.runtime.demo import attach_to_sandbox

        attach_to_sandbox(ctx, bling)
    monkeypatch.setattr(Leadership, "_connect", _pooled(Leadership._connect))
    started = time.monotonic()
    code = main(["integrator", "--store", pg_url, "--once"])
    assert code == 2 and time.monotonic() - started < 30
    assert "PgBouncer" in capsys.readouterr().err
    assert _advisory_locks_held(pg_url) == 0
    for session in SESSIONS:
        session.close()

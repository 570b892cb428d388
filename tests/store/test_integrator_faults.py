"""The integrador under the store LAN harness's faults: a store server that goes away mid-pass
makes it stand by (never die), and a long pull or drain keeps its lease (one epoch, one pull)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from pdv_bling.retaguarda import leadership
from pdv_bling.retaguarda.server import init_store, open_server
from pdv_bling.runtime.demo import map_payments_by_name
from pdv_bling.sandbox import SandboxServer
from pdv_bling.store import outbox
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import OutboxItem
from pdv_bling.sync import reconcile
from pdv_bling.sync.drainer import Drainer
from tests.store.helpers import integrador, join, sell_one_unit

pytestmark = [pytest.mark.postgres, pytest.mark.e2e]




def test_a_long_pull_keeps_the_lease(tmp_path: Path, pg_url: str, bling: SandboxServer,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """At Bling's 3 req/s the pull of 12 products takes ~7 s. The lease used to be renewed only
    between passes, so it lapsed mid-pull (in the harness, a 128-request pull against a 10 s lease):
    LeadershipLost, a new epoch, the pull again. A 3 s lease here keeps the test short."""
    monkeypatch.setattr(leadership, "LEASE_S", 3.0)
    monkeypatch.setattr(leadership, "HEARTBEAT_S", 0.5)
    # the pull alone: the deletion reconciliation that follows a first pull lists /produtos again
    monkeypatch.setattr(reconcile, "due", lambda *_a, **_k: False)
    init_store(pg_url)
    integ = integrador(tmp_path, "int-a", pg_url, bling)
    report = integ.run_once()
    assert report.role == "leader" and report.stopped_by is None
    assert report.pulled.get("produtos") == 12
    assert integ.leadership.epoch == report.epoch == 1  # never lost, never re-taken
    gets = [e for e in bling.inspect()["requests"]["log"] if e["method"] == "GET"]
    assert len(gets) == len({e["path"] for e in gets})  # nothing fetched twice
    integ.stop()


def test_the_store_server_failing_mid_pass_makes_it_stand_by_not_die(
        tmp_path: Path, pg_url: str, bling: SandboxServer, monkeypatch: pytest.MonkeyPatch) -> None:
    init_store(pg_url)
    integ = integrador(tmp_path, "int-a", pg_url, bling)
    assert integ.run_once().role == "leader"
    server = open_server(pg_url)
    map_payments_by_name(AppContext(integ.ctx.paths, server))
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    sell_one_unit(c1)
    assert link1.sync_once().online
    real_finish = Drainer._finish
    calls = {"n": 0}

    def restart_after_sending(self: Drainer, item_id: int, outcome: object) -> None:
        calls["n"] += 1
        if calls["n"] == 1:  # the order reached Bling; then PostgreSQL restarts
            raise OperationalError("UPDATE outbox_items", {}, Exception("the database system is shutting down"))
        real_finish(self, item_id, outcome)  # type: ignore[arg-type]

    monkeypatch.setattr(Drainer, "_finish", restart_after_sending)
    report = integ.run_once()
    assert report.role == "unreachable" and report.stopped_by == "store_unreachable"
    assert integ.leadership.epoch is None  # stood down; the process lives on
    again = integ.run_once()  # the server is back: leads again with a new epoch
    assert again.role == "leader" and again.epoch == 2
    assert again.delivered == 0  # the order it left in flight waits for the grace...
    assert integ.drainer is not None
    integ.drainer.grace_s = 0.0
    assert integ.run_once().delivered == 2  # ...then is looked up (found) and completed, never re-sent
    assert [o["numeroLoja"] for o in bling.state.orders.values()] == ["PDV01-0000001"]
    with server.read() as session:
        assert outbox.pending_count(session) == 0
        assert session.scalars(select(OutboxItem.state)).all() == [outbox.DONE] * 2  # order + Atendido
    integ.stop()
    c1.close()

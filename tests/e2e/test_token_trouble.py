"""Token trouble during delivery (issue 8, harness 5), over real HTTP against the stand-in.

- the access token expires in the middle of a drain: delivery goes on after exactly one refresh;
- the refresh token is revoked: the queue pauses in "reconnection_needed" (the UI's "Reconexão
  necessária"), nothing is parked or lost, and after reconnecting the queue drains, exactly once.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from pdv_bling.base.events import ReconnectionNeeded, TokenRefreshed
from pdv_bling.counter.sales import RecordedSale, record_sale
from pdv_bling.sandbox import SandboxServer
from pdv_bling.store import outbox
from pdv_bling.store.models import OutboxItem
from tests.e2e.helpers import Terminal, mixed_sale, open_terminal, sellable


@pytest.fixture
def terminal(tmp_path: Path, sandbox: SandboxServer) -> Iterator[Terminal]:
    t = open_terminal(tmp_path / "t1", sandbox)
    yield t
    t.close()


def record(t: Terminal, n: int, seed: int) -> list[RecordedSale]:
    rng = random.Random(seed)
    products = sellable(t.ctx, 8)
    return [record_sale(t.ctx.store, mixed_sale(products, rng)) for _ in range(n)]


def token_log(server: SandboxServer, since: int) -> tuple[list[dict], list[dict]]:
    log = server.inspect()["requests"]["log"][since:]
    return [e for e in log if e["path"].endswith("/oauth/token")], [e for e in log if e["status"] == 401]


def states(t: Terminal) -> list[str]:
    with t.ctx.store.read() as session:
        return list(session.scalars(select(OutboxItem.state)))


def test_access_token_expiring_mid_drain_costs_exactly_one_refresh(terminal: Terminal, sandbox: SandboxServer) -> None:
    recorded = record(terminal, 30, seed=3)
    refreshed: list[TokenRefreshed] = []
    terminal.service.bus.subscribe(TokenRefreshed, refreshed.append)
    mark = len(sandbox.inspect()["requests"]["log"])
    first = terminal.service.drain_now(max_items=20)
    assert first.delivered == 20 and first.pending > 0
    sandbox.advance_clock(sandbox.config.access_token_ttl + 1)  # the token dies on Bling's side
    second = terminal.service.drain_now()
    assert second.stopped_by is None and second.pending == 0
    token_calls, unauthorized = token_log(sandbox, mark)
    assert len(token_calls) == 1 and token_calls[0]["status"] == 200
    assert len(unauthorized) == 1  # one 401, then the replay with the new token
    assert len(refreshed) == 1
    orders = sandbox.inspect()["orders"]
    assert [orders[r.numero_loja]["count"] for r in recorded] == [1] * len(recorded)
    assert set(states(terminal)) == {outbox.DONE}


def test_revoked_refresh_token_pauses_the_queue_until_reconnected(terminal: Terminal, sandbox: SandboxServer) -> None:
    recorded = record(terminal, 20, seed=4)
    events: list[ReconnectionNeeded] = []
    terminal.service.bus.subscribe(ReconnectionNeeded, events.append)
    assert terminal.service.drain_now(max_items=10).delivered == 10
    # the user revokes the app in Bling: both tokens die
    pair = terminal.service.client.store.load_tokens()
    assert pair is not None
    sandbox.oauth.revoke(pair.access_token)
    sandbox.oauth.revoke(pair.refresh_token)
    before = states(terminal)

    report = terminal.service.drain_now()
    assert report.stopped_by == "reconnection_needed" and report.delivered == 0 and report.parked == 0
    assert terminal.service.connection_state() == "reconnection_needed"
    assert [e.reason for e in events] == ["invalid_grant"]
    again = terminal.service.drain_now()  # stays paused, without hammering the token endpoint
    assert again.stopped_by == "reconnection_needed"
    token_calls, _ = token_log(sandbox, 0)
    assert len([c for c in token_calls if c["status"] != 200]) == 1
    after = states(terminal)
    assert len(after) == len(before) and after.count(outbox.DONE) == before.count(outbox.DONE)
    assert outbox.PARKED not in after  # nothing lost, nothing waiting for a manager

    # reconnecting: a new authorization code exchanged through the real token endpoint
    client = terminal.service.client
    credentials = client.store.load_credentials()
    assert credentials is not None
    client.tokens.adopt(client.token_endpoint.exchange_code(credentials, sandbox.new_authorization_code()))
    assert terminal.service.connection_state() == "connected"
    final = terminal.service.drain_now()
    assert final.stopped_by is None and final.pending == 0
    orders = sandbox.inspect()["orders"]
    assert [orders[r.numero_loja]["count"] for r in recorded] == [1] * len(recorded)
    assert set(states(terminal)) == {outbox.DONE}

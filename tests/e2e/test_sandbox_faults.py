"""Limits and injected faults over real HTTP (field guide section 3; issue point 5), and state that
survives a restart with `state_file`."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from pdv_bling.sandbox import SandboxServer
from tests.e2e.conftest import bearer_client
from tests.e2e.sandbox_support import first_ids, order_body

pytestmark = pytest.mark.e2e


def test_three_per_second_then_bling_429(make_sandbox: Callable[..., SandboxServer]) -> None:
    sb = make_sandbox(rate_limit=3.0)
    with bearer_client(sb) as api:
        statuses = [api.get("/depositos").status_code for _ in range(5)]
        assert statuses[:3] == [200, 200, 200] and 429 in statuses[3:]
        body = api.get("/depositos").json()
        assert body == {"error": {"type": "TOO_MANY_REQUESTS", "message": "Limite de requisições atingido.",
                                  "description": "O limite de requisições por segundo foi atingido, tente "
                                                 "novamente mais tarde.", "limit": 3, "period": "second"}}
        time.sleep(0.4)  # one token back
        assert api.get("/depositos").status_code == 200


def test_daily_budget_then_period_day(make_sandbox: Callable[..., SandboxServer]) -> None:
    sb = make_sandbox(daily_limit=2, access_token_ttl=10**6)
    with bearer_client(sb) as api:
        assert [api.get("/depositos").status_code for _ in range(2)] == [200, 200]
        over = api.get("/depositos")
        assert over.status_code == 429 and over.json()["error"]["period"] == "day"
        assert over.json()["error"]["limit"] == 2
        sb.advance_clock(86_400)
        assert api.get("/depositos").status_code == 200


def test_injected_errors_and_latency(api: httpx.Client, sandbox: SandboxServer) -> None:
    control = httpx.Client(base_url=sandbox.control_url)
    for knob, status in (("p500", 500), ("p503", 503), ("p429", 429)):
        control.post("/faults", json={knob: 1.0})
        resp = api.get("/depositos")
        assert resp.status_code == status and resp.json()["error"]["type"] in {"SERVER_ERROR", "TOO_MANY_REQUESTS"}
        control.post("/faults", json={knob: 0.0})
    control.post("/faults", json={"latency_ms": 150})
    started = time.perf_counter()
    assert api.get("/depositos").status_code == 200
    assert time.perf_counter() - started >= 0.15
    control.post("/faults", json={"latency_ms": 0, "p500": 0.5, "seed": 7})
    first = [api.get("/depositos").status_code for _ in range(20)]
    control.post("/faults", json={"seed": 7})
    assert [api.get("/depositos").status_code for _ in range(20)] == first  # seeded, reproducible
    assert set(first) == {200, 500}
    log = control.get("/inspect").json()["requests"]["log"]
    assert {e["status"] for e in log} >= {200, 500, 503, 429} and all("t" in e for e in log)


def test_commit_then_drop_creates_the_order_but_no_answer(api: httpx.Client, sandbox: SandboxServer) -> None:
    ids = first_ids(api)
    sandbox.set_faults(p_commit_drop=1.0)
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        api.post("/pedidos/vendas", json=order_body(ids, marker="sale-uuid-1"))
    sandbox.set_faults(p_commit_drop=0.0)
    found = api.get("/pedidos/vendas", params={"numerosLojas[]": ["sale-uuid-1", "nope"]}).json()["data"]
    assert [o["numeroLoja"] for o in found] == ["sale-uuid-1"]
    seen = httpx.get(f"{sandbox.control_url}/inspect").json()
    assert seen["orders"]["sale-uuid-1"]["count"] == 1
    assert seen["requests"]["by_status"]["dropped"] == 1
    assert api.get("/depositos").status_code == 200  # the server keeps serving


def test_state_file_survives_restart(make_sandbox: Callable[..., SandboxServer], tmp_path: Path) -> None:
    path = tmp_path / "bling.sqlite"
    first = make_sandbox(state_file=path)
    with bearer_client(first) as api:
        ids = first_ids(api)
        oid = api.post("/pedidos/vendas", json=order_body(ids, marker="kept")).json()["data"]["id"]
        api.patch(f"/pedidos/vendas/{oid}/situacoes/9")
        refresh = first.issue_tokens()["refresh_token"]
    balances = dict(first.state.balances)
    first.stop()
    second = make_sandbox(state_file=path)
    assert second.state.balances == balances
    pair = httpx.post(f"{second.base_url}/oauth/token", data={"grant_type": "refresh_token", "refresh_token": refresh},
                      auth=(second.client_id, second.client_secret)).json()
    api2 = httpx.Client(base_url=second.base_url, headers={"Authorization": f"Bearer {pair['access_token']}"})
    found = api2.get("/pedidos/vendas", params={"numerosLojas[]": "kept"}).json()["data"]
    assert [o["id"] for o in found] == [oid] and found[0]["situacao"]["id"] == 9
    assert second.inspect()["contas_receber"]["open"][0]["pedido"] == oid
    new = api2.post("/pedidos/vendas", json=order_body(ids, marker="after")).json()["data"]["id"]
    assert new > oid

"""End-to-end fixtures: the Bling stand-in served over real HTTP on 127.0.0.1 (ephemeral port).

- `sandbox`: a started `SandboxServer` (120 products, seed 1, rate limit 1000/s so tests need not
  pace; every other behaviour as a real account), stopped after the test.
- `make_sandbox(**config)`: start stand-ins with other `SandboxConfig` values (e.g. `rate_limit=3`,
  `state_file=...`); all are stopped after the test.
- `api`: an `httpx.Client` on `sandbox.base_url` with a valid Bearer token (no OAuth round trip).

Control endpoints live at `sandbox.control_url` (`/__sandbox__/faults|traps|inspect|clock`), or use
`sandbox.set_faults(...)`, `sandbox.set_traps(...)`, `sandbox.advance_clock(s)`, `sandbox.state`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from pdv_bling.sandbox import SandboxConfig, SandboxServer

FAST = {"products": 120, "seed": 1, "rate_limit": 1000.0}


@pytest.fixture(autouse=True)
def fast_client(monkeypatch: pytest.MonkeyPatch) -> None:
    """The stand-ins here answer 1000 req/s; the real client paces at 500/s so tests need not wait
    (Bling's 3/s pacing itself is covered by bench/bench_pacer.py and the pacer's unit tests)."""
    monkeypatch.setenv("PDV_BLING_RATE_PER_SECOND", "500")


@pytest.fixture
def make_sandbox() -> Iterator[Callable[..., SandboxServer]]:
    started: list[SandboxServer] = []

    def make(**config: Any) -> SandboxServer:
        server = SandboxServer(SandboxConfig(**{**FAST, **config})).start()
        started.append(server)
        return server

    yield make
    for server in started:
        server.stop()


@pytest.fixture
def sandbox(make_sandbox: Callable[..., SandboxServer]) -> SandboxServer:
    return make_sandbox()


def bearer_client(server: SandboxServer) -> httpx.Client:
    token = server.issue_tokens()["access_token"]
    return httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}, timeout=5)


@pytest.fixture
def api(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    with bearer_client(sandbox) as client:
        yield client


@pytest.fixture
def account(tmp_path: Any) -> Iterator[Any]:
    """A stand-in that can go down and come back on the same address with its state (`.down()`, `.up()`)."""
    from tests.e2e.helpers import Account

    acc = Account(tmp_path)
    yield acc
    acc.server.stop()

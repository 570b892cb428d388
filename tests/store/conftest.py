"""Store-mode fixtures (the PostgreSQL ones, `pg_server`/`pg_url`, are in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pdv_bling.sandbox import SandboxConfig, SandboxServer


@pytest.fixture
def bling() -> Iterator[SandboxServer]:
    """A small Bling stand-in on loopback (12 products), fast enough that tests need not pace."""
    server = SandboxServer(SandboxConfig(products=12, seed=3, rate_limit=1000.0)).start()
    yield server
    server.stop()

"""Shared fixtures. Qt is forced offscreen before anything imports it; no test touches the OS
keychain (an in-memory keyring is installed for every test)."""

import os

if not os.environ.get("QT_QPA_PLATFORM"):  # setdefault() would not override an empty value
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import keyring  # noqa: E402
import pytest  # noqa: E402

from pdv_bling.base.memkeyring import MemoryKeyring  # noqa: E402


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("PDV_BLING_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow: set PDV_BLING_SLOW=1 to run")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def store_zone_reset() -> Iterator[None]:
    """The store's time zone is process-wide (pdv_bling/base/zone.py): no test leaves its choice
    to the next one."""
    from pdv_bling.base import zone

    yield
    zone.use_store_zone(None)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data folder, also exported as PDV_BLING_HOME for subprocesses."""
    folder = tmp_path / "home"
    monkeypatch.setenv("PDV_BLING_HOME", str(folder))
    return folder


# ---------------------------------------------------------------- store mode: a throwaway PostgreSQL


@pytest.fixture(scope="session")
def pg_server() -> Iterator[object]:
    """One PostgreSQL server for the whole test session (Debian's binaries; `make setup` installs
    them as root). Missing binaries FAIL the store-mode tests with the reason: never a silent skip."""
    from pdv_bling.retaguarda.localpg import PostgresUnavailable, start_local_postgres

    try:
        server = start_local_postgres()
    except PostgresUnavailable as exc:
        pytest.fail(f"store-mode tests need PostgreSQL: {exc}", pytrace=False)
    yield server
    server.stop()


_PG_COUNTER = iter(range(1, 1_000_000))


@pytest.fixture
def pg_url(pg_server: object) -> str:
    """A new empty database on the session's server (one per test)."""
    from pdv_bling.retaguarda.localpg import LocalPostgres

    assert isinstance(pg_server, LocalPostgres)
    return pg_server.create_database(f"t{os.getpid()}_{next(_PG_COUNTER)}")

"""Shared fixtures. Qt is forced offscreen before anything imports it; no test touches the OS
keychain (an in-memory keyring is installed for every test); on Linux the tests' files live in
memory when there is room (below)."""

import os
import shutil
import sys
import tempfile

if not os.environ.get("QT_QPA_PLATFORM"):  # setdefault() would not override an empty value
    os.environ["QT_QPA_PLATFORM"] = "offscreen"


def _temp_files_in_memory(shm: str = "/dev/shm", room: int = 2 * 2**30) -> None:
    """TMPDIR (so tmp_path, tempfile and the subprocesses) in /dev/shm when it is a tmpfs with room.

    The product commits SQLite with synchronous=FULL: on a disk each commit waits for an fsync (1 ms
    on a quiet machine, 40 ms when others write too), thousands of times in the suite; in memory it
    costs nothing. No test here checks the disk itself (a power cut is a SIGKILL, and the tests'
    PostgreSQL runs with fsync=off). A TMPDIR of the user's own is left alone."""
    if os.environ.get("TMPDIR") or not sys.platform.startswith("linux"):
        return
    try:
        with open("/proc/mounts", encoding="utf-8") as mounts:
            tmpfs = any(line.split()[1:3] == [shm, "tmpfs"] for line in mounts)
        free = shutil.disk_usage(shm).free
    except (OSError, IndexError):
        return
    if tmpfs and free >= room and os.access(shm, os.W_OK | os.X_OK):
        os.environ["TMPDIR"] = shm  # xdist's workers and every command the tests start inherit it
        tempfile.tempdir = None


_temp_files_in_memory()

from collections.abc import Iterator  # noqa: E402
from contextlib import closing  # noqa: E402
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


@pytest.fixture(autouse=True, scope="session")
def migrated_once(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A new SQLite store runs every migration when opened (about half a second of CPU, some 500
    times in the suite). Here each test process migrates one database for real, and every later
    empty store database opened through `Store` receives a copy of it (SQLite's backup API): the
    same schema and rows, without the repetition. The migrations themselves keep their tests
    (tests/core/test_migrations.py calls `migrate` directly, which stays the real one), and every
    command-line test migrates for real in its own process. PostgreSQL and any revision but head
    always take the real path."""
    import sqlite3

    from sqlalchemy import Engine

    from pdv_bling.store import engine as store_engine

    real = store_engine.migrate
    template = tmp_path_factory.mktemp("migrated") / "head.sqlite3"
    made = store_engine.make_engine(template)
    real(made)
    made.dispose()

    def migrate(engine: Engine, revision: str = "head") -> None:
        if revision != "head" or engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
            return real(engine, revision)
        with engine.connect() as conn:
            if conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar():
                return real(engine, revision)  # not a new database: the real upgrade (or no-op)
        with engine.connect() as conn, closing(sqlite3.connect(template)) as source:
            source.backup(conn.connection.driver_connection)
        return None

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store_engine, "migrate", migrate)
        yield


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

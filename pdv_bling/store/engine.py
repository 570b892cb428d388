"""Engine (SQLite, WAL, synchronous=FULL), Alembic migrations at start-up, sessions.

Alembic is imported only when a schema must change: a database already at the newest revision
(every start but the first after an update) is recognised by one query against the revision the
migration files name (`known_head`), which spares each command ~0.3 s of imports.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import URL, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config

    from pdv_bling.domain.exchange import ExchangeDraft
    from pdv_bling.domain.sale import SaleDraft

MIGRATIONS = Path(__file__).with_name("migrations")
_REVISION_LINE = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*['\"]?([\w.-]+|None)['\"]?\s*$", re.M)


def _set_pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")  # a recorded sale survives a power cut
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def read_only_uri(path: Path) -> str:
    """A SQLite URI opening `path` read-only; any folder name works ('#', '?', '%', spaces, accents)."""
    return f"{path.resolve().as_uri()}?mode=ro"


def make_engine(database: Path | str) -> Engine:
    """An engine for the store file (or ":memory:" for throwaway use)."""
    # URL.create, not an f-string: a folder named "100%" or "José" stays the same path (no URL
    # parsing of the file name).
    url = URL.create("sqlite") if str(database) == ":memory:" else URL.create("sqlite", database=str(database))
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
    event.listen(engine, "connect", _set_pragmas)
    return engine


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    # configparser interpolates "%": a folder named "José" (%C3%A9) or a password with "%" escaped
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=True).replace("%", "%%"))
    cfg.attributes["engine"] = engine
    return cfg


@functools.cache
def head_revision() -> str:
    """The newest revision this program knows (read once: loading the scripts compiles every
    migration file, ~30 ms of CPU that a caixa's link would otherwise spend on every pass)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(create_engine("sqlite://")))
    head = script.get_current_head()
    assert head is not None
    return head


@functools.cache
def known_head() -> str | None:
    """The newest revision, read from the migration files' `revision =` / `down_revision =` lines
    without Alembic (the one revision no other names as its parent); None when that is not one
    (then Alembic decides). tests/core/test_migrations.py holds it to `head_revision()`."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        for name, value in _REVISION_LINE.findall(path.read_text(encoding="utf-8")):
            (revisions if name == "revision" else parents).add(value)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def stored_revision(engine: Engine) -> str | None:
    """The revision the database records, read with one query (None when it records none or
    cannot be read: then `migrate` runs and says why)."""
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except DBAPIError:
        return None
    return str(rows[0]) if len(rows) == 1 else None


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema (a no-op when already at head)."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def migrate_if_behind(engine: Engine) -> None:
    """At every start-up: `migrate`, unless the database already records the newest revision. A
    brand-new SQLite file (no table at all: a first start) is made at the newest revision at once
    from the models, without Alembic (tests/core/test_migrations.py holds both schemas equal)."""
    head = known_head()
    if head is not None and stored_revision(engine) == head:
        return
    if head is not None and engine.dialect.name == "sqlite" and _no_tables(engine):
        create_at_head(engine, head)
        return
    migrate(engine)


def _no_tables(engine: Engine) -> bool:
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()) == 0
    except DBAPIError:
        return False  # unreadable: `migrate` says why


def create_at_head(engine: Engine, head: str) -> None:
    """The schema of every migration, made in one transaction from the models, stamped `head` as
    Alembic stamps it (its `alembic_version` table, one row)."""
    from pdv_bling.store.models import Base

    with engine.begin() as conn:
        Base.metadata.create_all(conn)
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                          "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"))
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:head)"), {"head": head})


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(engine), revision)


class Coordinator(Protocol):
    """The hooks recording uses when another party must agree first (store mode: the store server).

    In single mode `Store.coordinator` is None and recording is purely local. On a caixa of a
    store it is the caixa's link to the store server (`retaguarda.caixa.StoreLink`): it claims
    returned units and store credit on the store before the local write, releases the claim when
    the local write fails, and cancels on the store a sale the store already owns.
    """

    def claim_credit(self, store: Store, draft: SaleDraft) -> str | None:
        """A claim id for the store credit the sale spends, None when none is needed; raises
        DomainErrors when the credit is not there (or cannot be checked now)."""

    def claim_return(self, store: Store, draft: ExchangeDraft) -> tuple[str | None, dict[int, int] | None]:
        """(claim id, units already returned per local sale item id) or (None, None) when the
        sale is this caixa's alone (not handed over): the local records decide."""

    def release(self, claim_id: str) -> None:
        """The local write failed: give the claim back (best effort; unused claims also expire)."""

    def cancel(self, store: Store, number: int) -> bool:
        """Cancel on the store a sale it owns; False when the sale is still this caixa's alone."""

    def recorded(self, *, urgent: bool = False) -> None:
        """Something was recorded: hand it over soon (`urgent`: at once, a customer waits for its NFC-e)."""


class Store:
    """The opened local store: engine plus session factory."""

    def __init__(self, database: Path | str, *, run_migrations: bool = True, engine: Engine | None = None) -> None:
        """`engine`: an engine made elsewhere (the store server's PostgreSQL, `retaguarda.server`)."""
        self.path = database
        self.engine = engine if engine is not None else make_engine(database)
        if run_migrations:
            migrate_if_behind(self.engine)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.coordinator: Coordinator | None = None  # store mode: the caixa's link to the store server

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back everything on any error.

        On SQLite it starts with `BEGIN IMMEDIATE`: the write lock is taken before the first read,
        so every read that decides a write (is this CPF known? which sale number is next?) sees
        what no other writer can change before the commit. Without it, pysqlite begins only at
        the first INSERT/UPDATE, and the reads before it run outside the transaction."""
        with self.sessions.begin() as session:
            if self.engine.dialect.name == "sqlite":
                session.connection().exec_driver_sql("BEGIN IMMEDIATE")
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()

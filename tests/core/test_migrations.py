from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from pdv_bling.store.engine import current_revision, downgrade, head_revision, make_engine, migrate
from pdv_bling.store.models import Base


def test_empty_database_upgrades_to_head(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "s.sqlite3")
    assert current_revision(engine) is None
    migrate(engine)
    assert current_revision(engine) == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert {"sales", "sale_items", "sale_payments", "outbox_items", "api_log", "products"} <= tables


def test_wal_and_full_synchronous(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "s.sqlite3")
    migrate(engine)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_downgrade_upgrade_round_trip(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "s.sqlite3")
    migrate(engine)
    downgrade(engine, "base")
    assert current_revision(engine) is None
    assert "sales" not in inspect(engine).get_table_names()
    migrate(engine)
    assert current_revision(engine) == head_revision()


def test_models_equal_migrated_schema(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "s.sqlite3")
    migrate(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []

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


# ---------------------------------------------------------------- the same on PostgreSQL (store server)


def test_postgresql_round_trip_and_models_equal_schema(pg_url: str) -> None:
    from pdv_bling.retaguarda.server import server_engine

    engine = server_engine(pg_url)
    try:
        migrate(engine)
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
            triggers = conn.execute(text("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'trg_%_store_xid'")).scalar()
            partial = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_outbox_items_open'")).scalar()
        assert diff == []
        assert triggers == 13  # 0011_nfce_notes: the caixa reads its sales' notes back by store_xid
        assert "WHERE" in str(partial)
        downgrade(engine, "base")
        assert current_revision(engine) is None
        assert "sales" not in inspect(engine).get_table_names()
        migrate(engine)
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_every_revision_steps_down_and_up_on_both_engines(tmp_path: Path, pg_url: str) -> None:
    """Each revision one at a time, down then up again, on SQLite and PostgreSQL."""
    from alembic.script import ScriptDirectory

    from pdv_bling.retaguarda.server import server_engine
    from pdv_bling.store.engine import alembic_config

    for engine in (make_engine(tmp_path / "s.sqlite3"), server_engine(pg_url)):
        try:
            migrate(engine)
            script = ScriptDirectory.from_config(alembic_config(engine))
            revisions = [r.revision for r in script.walk_revisions()]  # head first
            for revision in revisions:
                assert current_revision(engine) == revision
                downgrade(engine, "-1")
            assert current_revision(engine) is None
            for revision in reversed(revisions):
                migrate(engine, revision)
                assert current_revision(engine) == revision
        finally:
            engine.dispose()


def test_the_head_read_from_the_files_is_alembics() -> None:
    """Start-up skips Alembic on a database at `known_head()`: it must be Alembic's own head."""
    from pdv_bling.store.engine import known_head

    assert known_head() == head_revision()


def test_a_database_behind_is_migrated_and_one_at_head_is_left_alone(tmp_path: Path) -> None:
    from pdv_bling.store.engine import Store, stored_revision

    engine = make_engine(tmp_path / "s.sqlite3")
    migrate(engine, "0001")
    assert stored_revision(engine) == "0001"
    Store(tmp_path / "s.sqlite3").close()
    assert stored_revision(engine) == head_revision()
    assert stored_revision(make_engine(tmp_path / "empty.sqlite3")) is None


def _schema(engine: object) -> dict[str, object]:
    """Every table's columns (name, type, nullability, default), indexes (with a partial index's
    WHERE), foreign keys, unique constraints, primary key and CHECKs, order aside."""
    found: dict[str, object] = {}
    inspector = inspect(engine)
    for table in inspector.get_table_names():
        indexes = [(i["name"], tuple(i["column_names"]), bool(i["unique"]),
                    {k: str(v) for k, v in (i.get("dialect_options") or {}).items()})
                   for i in inspector.get_indexes(table)]
        found[table] = (
            sorted((c["name"], str(c["type"]), c["nullable"], str(c.get("default"))) for c in inspector.get_columns(table)),
            sorted(indexes, key=str),
            sorted((tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]), str(f.get("options")))
                   for f in inspector.get_foreign_keys(table)),
            sorted(tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)),
            tuple(inspector.get_pk_constraint(table)["constrained_columns"]),
            sorted(str(c) for c in inspector.get_check_constraints(table)),
        )
    return found


def test_a_new_database_made_from_the_models_is_the_migrated_one(tmp_path: Path) -> None:
    """A first start makes the schema from the models in one go (no Alembic): the same schema,
    stamped at the same head, as every migration run in turn; and later migrations apply to it."""
    from pdv_bling.store.engine import Store, create_at_head, known_head, stored_revision

    migrated = make_engine(tmp_path / "migrated.sqlite3")
    migrate(migrated)
    made = make_engine(tmp_path / "made.sqlite3")
    head = known_head()
    assert head is not None
    create_at_head(made, head)
    assert _schema(made) == _schema(migrated)
    assert stored_revision(made) == current_revision(made) == head_revision()
    Store(tmp_path / "fresh.sqlite3").close()  # what opening an empty folder does
    assert _schema(make_engine(tmp_path / "fresh.sqlite3")) == _schema(migrated)
    downgrade(made, "0005_api_log_repeats")  # Alembic knows it as any migrated database
    migrate(made)
    assert current_revision(made) == head_revision()

"""Alembic environment: uses the engine handed over in `config.attributes` (see engine.py)."""

from alembic import context
from sqlalchemy import create_engine

from pdv_bling.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    engine = config.attributes.get("engine") or create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,  # SQLite alters tables by copy
            compare_type=True,
        )
        context.run_migrations()


run_migrations()

"""Local store: SQLAlchemy models, engine, migrations, repositories."""

from pdv_bling.store.engine import Store, migrate

__all__ = ["Store", "migrate"]

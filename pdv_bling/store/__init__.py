"""Local store: SQLAlchemy models, engine, migrations, repositories.

Importing the package imports none of them (a command that only parses its arguments never
pays for SQLAlchemy and Alembic); `Store` and `migrate` come from `pdv_bling.store.engine`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pdv_bling.store.engine import Store, migrate

__all__ = ["Store", "migrate"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from pdv_bling.store import engine

        return getattr(engine, name)
    raise AttributeError(name)

"""What a process needs to work on one data folder: paths, logging, the migrated store."""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

from pdv_bling.identity import check_before_open, ensure_installation
from pdv_bling.logsetup import configure_logging
from pdv_bling.paths import AppPaths, app_paths
from pdv_bling.store.defaults import ensure_defaults
from pdv_bling.store.engine import Store


class AppContext:
    def __init__(self, paths: AppPaths, store: Store) -> None:
        self.paths = paths
        self.store = store

    @classmethod
    def open(cls, home: str | os.PathLike[str] | None = None, *, log: bool = True) -> AppContext:
        """Open (creating and migrating as needed) the data folder `home` or the default one."""
        paths = app_paths(home).ensure()
        if log:
            configure_logging(paths.logs)
        check_before_open(paths)  # a database that lost its records is refused, never recreated
        store = Store(paths.database)
        with store.transaction() as session:
            ensure_defaults(session)
        ensure_installation(store, paths)
        return cls(paths, store)

    @property
    def data_folder(self) -> Path:
        return self.paths.data

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> AppContext:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

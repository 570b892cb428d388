"""What a process needs to work on one data folder: paths, logging, the migrated store."""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

from pdv_bling.base.logsetup import configure_logging
from pdv_bling.base.paths import AppPaths, app_paths
from pdv_bling.store import coordination
from pdv_bling.store.coordination import STORE_URL_KEY
from pdv_bling.store.defaults import ensure_defaults
from pdv_bling.store.engine import Store
from pdv_bling.store.identity import check_before_open, ensure_installation
from pdv_bling.store.opening import checked_paths, open_store
from pdv_bling.store.settings import get_value


class AppContext:
    def __init__(self, paths: AppPaths, store: Store) -> None:
        self.paths = paths
        self.store = store

    @classmethod
    def open(cls, home: str | os.PathLike[str] | None = None, *, log: bool = True) -> AppContext:
        """Open (creating and migrating as needed) the data folder `home` or the default one."""
        paths = checked_paths(app_paths(home))  # usable folders, or a StoreProblem (issue 13 item 5)
        if log:
            configure_logging(paths.logs)
        check_before_open(paths)  # a database that lost its records is refused, never recreated
        store = open_store(paths)  # damaged / newer / read-only / locked: a StoreProblem; daily backup
        with store.transaction() as session:
            ensure_defaults(session)
        ensure_installation(store, paths)
        ctx = cls(paths, store)
        try:
            ctx.attach_store_link()
        except BaseException:
            store.close()
            raise
        return ctx

    def attach_store_link(self) -> None:
        """Store mode: a folder joined to a store records through its link to the store server (the
        store's coordinator, registered by `retaguarda.caixa`). Opening never touches the LAN."""
        with self.store.read() as session:
            url = get_value(session, STORE_URL_KEY)
        coordination.attach(self, store_url=url)

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

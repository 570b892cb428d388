"""Opening a data folder and its database, or saying precisely why not (`StoreProblem`).

Checked before anything is written: the folder is a folder and writable (PDV_BLING_HOME a file,
under a file, read-only), and the database file, when it exists, is an SQLite file we may write.
Then the store is opened and migrated; SQLite's and Alembic's own errors are mapped to the same
codes (damaged, newer version, read-only, locked). Once open, the daily backup is made.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from pdv_bling.base.paths import AppPaths
from pdv_bling.base.zone import use_store_zone
from pdv_bling.store.backups import daily_backup, good_backups, taken_at, when_text
from pdv_bling.store.engine import Store
from pdv_bling.store.problems import BACKUP_HINT, NO_BACKUP_HINT, StoreProblem

log = logging.getLogger(__name__)
SQLITE_HEADER = b"SQLite format 3\x00"
LOCK_WAIT_S = 10  # SQLite's busy timeout (engine.py): how long a locked database is retried


def checked_paths(paths: AppPaths) -> AppPaths:
    """Create the folders, or raise home_is_file / home_under_file / home_read_only."""
    for folder in (paths.data, paths.config, paths.logs):
        _check_folder(folder)
    if not os.access(paths.data, os.W_OK | os.X_OK):
        raise StoreProblem("home_read_only", paths.data)
    return paths


def _check_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise StoreProblem("home_is_file", folder)
    blocker = next((p for p in folder.parents if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise StoreProblem("home_under_file", folder, {"blocker": blocker})
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except PermissionError:
        raise StoreProblem("home_read_only", folder) from None
    except OSError as exc:  # e.g. a read-only file system
        raise StoreProblem("home_read_only", folder, {"detail": exc.strerror or ""}) from None


def open_store(paths: AppPaths) -> Store:
    """The migrated store of `paths`, or a StoreProblem; then today's backup (never fatal)."""
    database = paths.database
    _check_database_file(paths)
    try:
        store = Store(database)
    except DBAPIError as exc:
        raise problem_from(exc, paths) from None
    except Exception as exc:
        if _newer_version(exc):
            raise StoreProblem("newer_version", database, {"revision": _revision_in(str(exc))}) from None
        raise
    _apply_store_zone(store)
    try:
        daily_backup(store, paths.backups)
    except Exception:  # a backup must never stop the counter
        log.exception("daily backup failed")
    return store


def _apply_store_zone(store: Store) -> None:
    """The store's time zone (Configurações) for everything this process shows and names, the
    backup made next included (base/zone.py)."""
    from pdv_bling.store.settings import get_value

    with store.read() as session:
        use_store_zone(get_value(session, "time_zone"))


def _newer_version(exc: Exception) -> bool:
    """Alembic's "Can't locate revision": the database was migrated by a newer program (Alembic
    is imported only when it ran, so only then can this be its error)."""
    from alembic.util.exc import CommandError

    return isinstance(exc, CommandError) and "Can't locate revision" in str(exc)


def _check_database_file(paths: AppPaths) -> None:
    database = paths.database
    if not database.exists():
        return
    if not os.access(database, os.R_OK):
        raise StoreProblem("database_read_only", database)
    with database.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header and header != SQLITE_HEADER:
        raise damaged(paths, "o arquivo não é um banco de dados SQLite")
    if not os.access(database, os.W_OK):
        raise StoreProblem("database_read_only", database)


def problem_from(exc: DBAPIError, paths: AppPaths) -> StoreProblem:
    """SQLite's error text to our code ("database disk image is malformed", "database is locked"...)."""
    text = str(exc.orig).lower()
    if "malformed" in text or "not a database" in text or "disk i/o" in text:
        return damaged(paths, sqlite_words(text))
    if "locked" in text or "busy" in text:
        return StoreProblem("locked", paths.database, {"seconds": LOCK_WAIT_S})
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return StoreProblem("database_read_only", paths.database)
    raise exc


_SQLITE_WORDS = (  # SQLite speaks English: what the manager reads instead
    ("malformed", "a estrutura interna do arquivo está corrompida"),
    ("not a database", "o arquivo não é um banco de dados SQLite"),
    ("disk i/o", "erro de leitura ou gravação no disco"),
)


def sqlite_words(text: str) -> str:
    """SQLite's error text ("database disk image is malformed") in pt_BR words."""
    lowered = text.lower()
    return next((words for english, words in _SQLITE_WORDS if english in lowered), "erro do SQLite")


def damaged(paths: AppPaths, detail: str) -> StoreProblem:
    backups = good_backups(paths.backups)
    if backups:
        hint = BACKUP_HINT.format(backups=paths.backups, when=when_text(taken_at(backups[0])))
    else:
        hint = NO_BACKUP_HINT.format(backups=paths.backups)
    return StoreProblem("damaged", paths.database, {"detail": detail, "backup_hint": hint,
                                                    "backup": backups[0] if backups else None, "paths": paths})


def _revision_in(text: str) -> str:
    found = re.search(r"identified by '([^']+)'", text)
    return found.group(1) if found else "?"

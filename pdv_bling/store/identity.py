"""Who this data folder is: a unique installation identity, and the guard that never lets a
database be replaced silently.

Every data folder gets an installation id (a random UUID) when its database is created. It is
kept twice: in the `settings` table and in `installation.json` beside the database. Every sale
carries it, and so does the marker each order takes to Bling (`observacoesInternas`), so an order
found under our `numeroLoja` is adopted only if it really is ours (see `sync.series`).

The file outlives the database on purpose. A folder whose `installation.json` exists while its
database is missing, empty or has no schema lost its records (a wiped or replaced file): opening
it would restart the sale numbering at 1 and send `PDV01-0000001` again. That is refused with a
pt_BR explanation instead (a `StoreProblem`, answered like a damaged database: the newest
good backup is offered). A database that is empty (0 bytes, nothing in its
WAL) is refused even without the file: a folder made before the file existed may have lost its
records the same way.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from pdv_bling.base.machine import host_name, machine_id
from pdv_bling.base.paths import AppPaths
from pdv_bling.store import lives
from pdv_bling.store.backups import good_backups, taken_at, when_text
from pdv_bling.store.engine import Store, read_only_uri
from pdv_bling.store.models import utcnow
from pdv_bling.store.problems import BACKUP_HINT, NO_BACKUP_HINT, StoreProblem
from pdv_bling.store.settings import get_value, set_value

log = logging.getLogger(__name__)
INSTALLATION_KEY = "installation_id"
IDENTITY_FILE = "installation.json"


def identity_file(paths: AppPaths) -> Path:
    return paths.data / IDENTITY_FILE


def check_before_open(paths: AppPaths) -> bool:
    """Refuse a database that lost its records; True when this is a brand-new installation.

    Runs before the store is opened (and migrated), so a refused folder is left as it was.
    """
    database, marker = paths.database, identity_file(paths)
    known = _read_identity(marker)
    state = _database_state(database)
    if state == "empty":
        raise lost_records("database_empty", paths)
    if state == "absent" or state == "no_schema":
        if known is not None:
            raise lost_records("database_missing", paths, installation=known[:8])
        return True
    return False


def lost_records(code: str, paths: AppPaths, **params: str) -> StoreProblem:
    """A StoreProblem the app answers like a damaged database: the newest good backup is offered."""
    backups = good_backups(paths.backups)
    if backups:
        hint = BACKUP_HINT.format(backups=paths.backups, when=when_text(taken_at(backups[0])))
    else:
        hint = NO_BACKUP_HINT.format(backups=paths.backups)
    return StoreProblem(code, paths.database, {**params, "backup_hint": hint,
                                               "backup": backups[0] if backups else None, "paths": paths})


def ensure_installation(store: Store, paths: AppPaths) -> str:
    """The folder's installation id: read it, or create it (database and file) the first time.

    A folder from before installation ids existed gets one now; its earlier sales keep their
    legacy marker (no id), which recovery checks by total and items as well. A folder opened on
    another PC or in another folder than the one its life began in is a copy: it begins a new life
    (`store.lives`), in the same transaction.
    """
    marker = identity_file(paths)
    here = lives.where(machine_id(), host_name(), str(paths.data.resolve()))
    with store.transaction() as session:
        current = get_value(session, INSTALLATION_KEY)
        if not current:
            current = uuid.uuid4().hex
            set_value(session, INSTALLATION_KEY, current)
        if lives.check_where(session, here=here) == lives.COPY:
            life = lives.begin_new_life(session, reason=lives.COPY, here=here)
            log.warning("data folder copied or moved (now on %s): new life %s, %s items in doubt, %s held",
                        here["host"], life.incarnation[:8], life.maybe_sent, life.held)
    on_disk = _read_identity(marker)
    if on_disk != current:
        _write_identity(marker, str(current))
    return str(current)


def write_identity(paths: AppPaths, installation: str) -> None:
    """The folder's installation id on disk (a copy that became a caixa of its own takes a new one)."""
    _write_identity(identity_file(paths), installation)


def installation_id(session: Session) -> str | None:
    value = get_value(session, INSTALLATION_KEY)
    return str(value) if value else None


# ---------------------------------------------------------------- helpers


def _database_state(database: Path) -> str:
    """absent | empty (0 bytes, nothing in the WAL) | no_schema (no alembic_version) | ours."""
    if not database.exists():
        return "absent"
    wal = database.with_name(database.name + "-wal")
    if database.stat().st_size == 0:
        return "empty" if not wal.exists() or wal.stat().st_size == 0 else "ours"
    try:
        with closing(sqlite3.connect(read_only_uri(database), uri=True, timeout=10)) as conn:
            found = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
            ).fetchone()
    except sqlite3.DatabaseError:
        return "ours"  # damaged or locked: the store's own open reports it precisely
    return "ours" if found else "no_schema"


def _read_identity(path: Path) -> str | None:
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return "unreadable"  # present but damaged: still proof that records existed here
    value = raw.get(INSTALLATION_KEY) if isinstance(raw, dict) else None
    return str(value) if value else "unreadable"


def _write_identity(path: Path, installation: str) -> None:
    """Write the file atomically (a half-written identity must never look like no identity)."""
    body = json.dumps({INSTALLATION_KEY: installation, "created_at": utcnow().isoformat()}, indent=2)
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(body + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)

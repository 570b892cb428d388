"""Automatic backups of the store and restoring the last good one.

- Once a day (the first time the data folder is opened that day), an SQLite online backup goes to
  `<data>/backups/pdv-bling-diario-AAAA-MM-DD.sqlite3`; it is checked (`PRAGMA quick_check`)
  before it counts, and daily copies older than 7 days are removed.
- `restore()` puts a good copy in place of a damaged database. The damaged files are moved aside
  (never deleted) and the sale numbering jumps ahead, so a sale recorded after the copy was taken
  (and maybe already in Bling) never has its number reused.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from pdv_bling.base.paths import AppPaths
from pdv_bling.base.zone import local
from pdv_bling.store.engine import Store, read_only_uri
from pdv_bling.store.lives import NUMBER_GAP, RESTORE, begin_new_life
from pdv_bling.store.models import utcnow
from pdv_bling.store.problems import StoreProblem
from pdv_bling.store.salvage import Salvage, salvage

log = logging.getLogger(__name__)
DAILY = re.compile(r"^pdv-bling-diario-(\d{4}-\d{2}-\d{2})\.sqlite3$")
KEEP_DAYS = 7
RESTORE_NUMBER_GAP = NUMBER_GAP  # sale numbers skipped after a restore


@dataclass(frozen=True)
class RestoreReport:
    backup: Path
    taken_at: dt.datetime
    moved_aside: Path | None
    next_sale_number: int
    maybe_sent: int = 0  # queue items looked up in Bling before any new send
    in_doubt: int = 0  # store mode: records the store is asked about before this caixa owns them
    salvaged: tuple[str, ...] = ()  # sales taken back from the damaged file (numeroLoja)
    lost: tuple[str, ...] = ()  # sales known lost: each looked up in Bling


def copy_database(source: sqlite3.Connection, target: Path) -> None:
    """A consistent copy through SQLite's online backup API (safe while others use the source)."""
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file (no -wal/-shm beside it)
    finally:
        dest.close()


def is_good(path: Path) -> bool:
    """A readable SQLite file of this app that passes `PRAGMA quick_check`."""
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error:
        return False
    try:
        ok = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        return ok and int(conn.execute("SELECT count(*) FROM alembic_version").fetchone()[0]) == 1
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def taken_at(path: Path) -> dt.datetime:
    return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)


def when_text(moment: dt.datetime) -> str:
    """dd/mm/aaaa HH:MM in the store's time zone (base/zone.py), as the screens and slips show it."""
    return local(moment).strftime("%d/%m/%Y %H:%M")


def good_backups(folder: Path) -> list[Path]:
    """Every good backup in `folder` (daily ones and manual ones), newest first."""
    if not folder.is_dir():
        return []
    found = sorted(folder.glob("pdv-bling-*.sqlite3"), key=lambda p: p.stat().st_mtime, reverse=True)
    return [p for p in found if is_good(p)]


def daily_backup(store: Store, folder: Path, *, now: dt.datetime | None = None) -> Path | None:
    """Today's backup, unless it exists already; then remove daily copies older than 7 days. The
    day is the store's (its time zone, base/zone.py), as the screens and slips date things."""
    today = local(now or utcnow()).date()
    target = folder / f"pdv-bling-diario-{today.isoformat()}.sqlite3"
    if target.exists():
        return None
    made = backup_to(store, target)
    for old in folder.glob("pdv-bling-diario-*.sqlite3"):
        match = DAILY.match(old.name)
        if match and (today - dt.date.fromisoformat(match.group(1))).days >= KEEP_DAYS:
            old.unlink(missing_ok=True)
    return made


def backup_to(store: Store, target: Path) -> Path:
    """Copy the open store to `target` (written beside it first, kept only if it checks out)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.parcial-{os.getpid()}")  # two processes opening at once
    raw = store.engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        copy_database(source, partial)
    finally:
        raw.close()
    if not is_good(partial):
        partial.unlink(missing_ok=True)
        raise StoreProblem("backup_invalid", target, {"detail": "a cópia não passou na verificação"})
    partial.replace(target)
    return target


def manual_backup(store: Store, folder: Path, *, now: dt.datetime | None = None) -> Path:
    stamp = local(now or utcnow()).strftime("%Y%m%dT%H%M%S%f")  # the store's time, as its screens show
    return backup_to(store, folder / f"pdv-bling-{stamp}.sqlite3")


def restore(paths: AppPaths, source: Path | None = None, *, now: dt.datetime | None = None) -> RestoreReport:
    """Replace the database with `source` (default: the newest good backup). Refuses a bad copy."""
    if source is None:
        candidates = good_backups(paths.backups)
        if not candidates:
            raise StoreProblem("backup_none", paths.backups)
        source = candidates[0]
    elif not is_good(source):
        raise StoreProblem("backup_invalid", source, {"detail": "não passou na verificação de integridade"})
    moment = now or utcnow()
    aside = _move_aside(paths, moment)
    conn = sqlite3.connect(read_only_uri(source), uri=True)
    try:
        copy_database(conn, paths.database)
    finally:
        conn.close()
    store = Store(paths.database)  # migrates an older copy to this version's schema
    try:
        with store.transaction() as session:  # a rewind: a new life, everything not known done in doubt
            life = begin_new_life(session, reason=RESTORE, now=moment)
        damaged = aside / paths.database.name if aside is not None else None
        found = salvage(damaged, store) if damaged is not None and damaged.exists() else Salvage()
    finally:
        store.close()
    log.info("database restored from %s; damaged files kept in %s; new life %s, %s items in doubt",
             source, aside, life.incarnation[:8], life.maybe_sent)
    return RestoreReport(source, taken_at(source), aside, life.next_sale_number, life.maybe_sent, life.in_doubt,
                         tuple(found.salvaged), tuple(found.lost))


def _move_aside(paths: AppPaths, moment: dt.datetime) -> Path | None:
    files = [p for p in (paths.database, *(paths.database.with_name(paths.database.name + s)
                                           for s in ("-wal", "-shm", "-journal"))) if p.exists()]
    if not files:
        return None
    aside = paths.data / f"danificado-{moment.strftime('%Y%m%dT%H%M%SZ')}"
    aside.mkdir(parents=True, exist_ok=True)
    for path in files:
        shutil.move(str(path), str(aside / path.name))
    return aside

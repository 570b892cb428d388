"""What a store's year does to its databases, for the lifecycle tests: a caixa's folder restored
from its backup or copied to another PC, the store database dumped and restored (pg_dump /
pg_restore, as a person moving or restoring the server would)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from pdv_bling.base.paths import app_paths
from pdv_bling.retaguarda.localpg import find_bin
from pdv_bling.store.backups import manual_backup, restore
from pdv_bling.store.context import AppContext


def dump(url: str, target: Path) -> Path:
    """`pg_dump -Fc` of the store database (the manager's hourly backup)."""
    u = make_url(url)
    subprocess.run([str(find_bin() / "pg_dump"), "-Fc", "-h", str(u.host), "-p", str(u.port), "-U", str(u.username),
                    "-f", str(target), str(u.database)], check=True, capture_output=True)
    return target


def restore_dump(url: str, source: Path) -> None:
    """The store database replaced by `source` (everyone's connections to it are cut first)."""
    u = make_url(url)
    with psycopg.connect(host=u.host, port=u.port, user=u.username, dbname="postgres", autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> "
                     "pg_backend_pid()", (u.database,))
        conn.execute(f'DROP DATABASE "{u.database}"')
        conn.execute(f'CREATE DATABASE "{u.database}"')
    subprocess.run([str(find_bin() / "pg_restore"), "-h", str(u.host), "-p", str(u.port), "-U", str(u.username),
                    "-d", str(u.database), str(source)], check=True, capture_output=True)


def backup_folder(ctx: AppContext) -> Path:
    return manual_backup(ctx.store, ctx.paths.backups)


def restore_folder(home: Path, backup: Path) -> None:
    """`pdv-bling db restore ARQUIVO` on a closed folder."""
    restore(app_paths(home), backup)


def copy_folder(home: Path, to: Path) -> Path:
    shutil.copytree(home, to)
    return to

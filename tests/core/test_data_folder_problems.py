"""A data folder or database that cannot be used (issue 13 item 5): each case gets a pt_BR message
and exit 2 (a locked database: 5), and nothing is written; a damaged database points to the
automatic daily backups, and `pdv-bling db restore` puts the last good one back.

Permission cases run the command as an unprivileged user when the tests run as root (root
ignores file permissions), through `setpriv`, with a Python that user can reach wherever the
checkout lives (tests/core/unprivileged.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from pdv_bling.base.paths import app_paths
from pdv_bling.cli import exit_codes
from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.store.backups import KEEP_DAYS, daily_backup, good_backups, is_good, restore
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import Counter, Sale
from pdv_bling.store.problems import StoreProblem
from tests.core.factories import seed_store
from tests.core.unprivileged import NOBODY, as_nobody, build_readable_python, readable_folder


@pytest.fixture
def base() -> Iterator[Path]:
    """A temp folder any user can traverse (pytest's own tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="pdv-folder-problems-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def nobody_python() -> Iterator[str]:
    """As root: a Python the unprivileged user can run (this checkout may sit in a private folder)."""
    if os.geteuid() != 0:
        yield sys.executable  # not root: the command already runs without privileges
        return
    folder = readable_folder()
    try:
        yield build_readable_python(folder)
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def cli(home: Path, *args: str, python: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The command line on `home`; with `python` (the `nobody_python` fixture), as the unprivileged user."""
    command = [python or sys.executable, "-m", "pdv_bling", *args]
    cwd = None
    if python is not None and os.geteuid() == 0:
        command, cwd = as_nobody(command), home.parent  # the test's folder: any user can enter it
    env = {**os.environ, "PDV_BLING_HOME": str(home), "HOME": str(home.parent)}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout, cwd=cwd)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def make_store(home: Path, sales: int = 1) -> None:
    with AppContext.open(home, log=False) as ctx:
        seed_store(ctx.store)
        for _ in range(sales):
            record_sale(ctx.store, SaleDraft(items=(ItemDraft(sku="SKU-1"),), payments=(PaymentDraft("PIX", 1090),)))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def chown_tree(folder: Path, uid: int) -> None:
    for path in [folder, *folder.rglob("*")]:
        os.chown(path, uid, uid)


# ---------------------------------------------------------------- the folder


def test_home_is_a_file(base: Path) -> None:
    home = base / "dados.txt"
    home.write_text("não sou uma pasta")
    with pytest.raises(StoreProblem) as caught:
        AppContext.open(home, log=False)
    assert caught.value.code == "home_is_file"
    done = cli(home, "status")
    assert done.returncode == exit_codes.REFUSED
    assert f"A pasta de dados {home} é um arquivo" in done.stderr
    assert home.read_text() == "não sou uma pasta"


def test_home_under_a_file(base: Path) -> None:
    (base / "arquivo").write_text("x")
    home = base / "arquivo" / "pdv"
    done = cli(home, "sale", "cancel", "1")
    assert done.returncode == exit_codes.REFUSED
    assert f"fica dentro de {base / 'arquivo'}, que é um arquivo" in done.stderr


def test_home_read_only(base: Path, nobody_python: str) -> None:
    home = base / "somente-leitura"
    make_store(home)
    before = digest(app_paths(home).database)
    os.chmod(home, 0o555)
    try:
        done = cli(home, "status", python=nobody_python)
    finally:
        os.chmod(home, 0o755)
    assert done.returncode == exit_codes.REFUSED
    assert "Sem permissão para gravar na pasta de dados" in done.stderr
    assert digest(app_paths(home).database) == before


def test_database_read_only(base: Path, nobody_python: str) -> None:
    home = base / "banco-somente-leitura"
    make_store(home)
    chown_tree(home, NOBODY)
    database = app_paths(home).database
    os.chown(database, 0, 0)
    database.chmod(0o444)
    before = digest(database)
    done = cli(home, "sale", "cancel", "1", python=nobody_python)
    assert done.returncode == exit_codes.REFUSED
    assert f"O banco de dados {database} está somente leitura" in done.stderr
    assert digest(database) == before


# ---------------------------------------------------------------- the database


def test_not_a_database_is_refused_untouched_and_points_to_the_backup(base: Path) -> None:
    home = base / "danificado"
    make_store(home)
    database = app_paths(home).database
    database.write_bytes(b"PK\x03\x04 isto era uma planilha " * 100)
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    before = digest(database)
    done = cli(home, "status")
    assert done.returncode == exit_codes.REFUSED
    assert "está danificado (o arquivo não é um banco de dados SQLite)" in done.stderr
    assert "pdv-bling db restore" in done.stderr and str(home / "backups") in done.stderr
    assert digest(database) == before  # never replaced silently


def test_a_malformed_database_is_reported_as_damaged(base: Path) -> None:
    home = base / "malformado"
    make_store(home, sales=20)
    database = app_paths(home).database
    with sqlite3.connect(database) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(database.read_bytes())
    data[100:4096] = b"\xa5" * (4096 - 100)  # page 1 after the header: the schema's b-tree
    database.write_bytes(bytes(data))
    done = cli(home, "status")
    assert done.returncode == exit_codes.REFUSED, done.stdout
    assert "está danificado (a estrutura interna do arquivo está corrompida)" in done.stderr
    assert "malformed" not in done.stderr and "database disk image" not in done.stderr  # SQLite's English
    with pytest.raises(StoreProblem) as caught:
        AppContext.open(home, log=False)
    assert caught.value.code == "damaged" and caught.value.params["backup"] is not None


def test_a_database_from_a_newer_version_asks_to_update(base: Path) -> None:
    home = base / "mais-novo"
    make_store(home)
    database = app_paths(home).database
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    with sqlite3.connect(database) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file, to compare bytes
    before = digest(database)
    done = cli(home, "status")
    assert done.returncode == exit_codes.REFUSED
    assert "versão mais nova do PDV Bling (esquema 0099_from_the_future): atualize o PDV Bling" in done.stderr
    assert digest(database) == before


def hold_lock(database: Path, seconds: float, ready: threading.Event, release: threading.Event | None = None) -> None:
    """Hold an exclusive lock for `seconds`, or until `release` is set if that comes first."""
    conn = sqlite3.connect(database, timeout=1, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    ready.set()
    (release or threading.Event()).wait(seconds)
    conn.execute("ROLLBACK")
    conn.close()


def test_a_briefly_locked_database_is_waited_for(base: Path) -> None:
    home = base / "bloqueio-curto"
    make_store(home)
    ready = threading.Event()
    holder = threading.Thread(target=hold_lock, args=(app_paths(home).database, 2.0, ready))
    holder.start()
    ready.wait(10)
    done = cli(home, "sale", "cancel", "1")
    holder.join()
    assert done.returncode == exit_codes.OK, done.stderr


def test_a_database_locked_for_good_exits_5(base: Path) -> None:
    home = base / "bloqueio-longo"
    make_store(home)
    ready, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=hold_lock, args=(app_paths(home).database, 25.0, ready, release))
    holder.start()
    ready.wait(10)
    try:
        done = cli(home, "sale", "cancel", "1")  # the lock is held all the while (for 25 s at most)
    finally:
        release.set()
        holder.join()
    assert done.returncode == exit_codes.DATABASE_LOCKED
    assert "continua bloqueado por outro programa" in done.stderr
    with AppContext.open(home, log=False) as ctx, ctx.store.read() as session:
        assert session.scalars(select(Sale.status)).one() == "recorded"  # the cancellation was not written


# ---------------------------------------------------------------- backups and restore


def test_one_checked_backup_a_day_kept_seven_days(base: Path) -> None:
    home = base / "copias"
    make_store(home)
    folder = app_paths(home).backups
    with AppContext.open(home, log=False) as ctx:
        today = dt.datetime.now(dt.UTC)
        assert daily_backup(ctx.store, folder, now=today) is None  # made when the folder was opened
        for days in range(1, 10):
            assert daily_backup(ctx.store, folder, now=today + dt.timedelta(days=days)) is not None
    daily = sorted(p.name for p in folder.glob("pdv-bling-diario-*.sqlite3"))
    assert len(daily) == KEEP_DAYS
    assert all(is_good(folder / name) for name in daily)


def test_restore_puts_the_last_good_backup_back_and_numbering_jumps(base: Path) -> None:
    home = base / "restaurar"
    make_store(home, sales=3)
    paths = app_paths(home)
    assert len(good_backups(paths.backups)) == 1  # the daily copy, taken before the first sale
    with AppContext.open(home, log=False) as ctx:
        from pdv_bling.store.backups import manual_backup

        manual_backup(ctx.store, paths.backups)  # now with the 3 sales
    paths.database.write_bytes(b"\x00" * 100 + b"lixo" * 1000)
    done = cli(home, "status")
    assert done.returncode == exit_codes.REFUSED
    done = cli(home, "db", "restore")
    assert done.returncode == exit_codes.OK, done.stderr
    assert "Banco de dados restaurado da cópia de" in done.stdout and "nada foi apagado" in done.stdout
    aside = list(home.glob("danificado-*/pdv-bling.sqlite3"))
    assert len(aside) == 1 and b"lixo" in aside[0].read_bytes()
    with AppContext.open(home, log=False) as ctx:
        with ctx.store.read() as session:
            assert len(session.scalars(select(Sale)).all()) == 3
            counter = session.get(Counter, "sale_number")
            assert counter is not None and counter.value == 3 + 100_000
        recorded = record_sale(ctx.store, SaleDraft(items=(ItemDraft(sku="SKU-2"),),
                                                    payments=(PaymentDraft("PIX", 2090),)))
    assert recorded.number == 100_004


def test_restore_refuses_a_bad_copy_and_a_running_app(base: Path) -> None:
    home = base / "restaurar-recusa"
    make_store(home)
    bogus = base / "copia.sqlite3"
    bogus.write_bytes(b"nada")
    done = cli(home, "db", "restore", str(bogus))
    assert done.returncode == exit_codes.REFUSED and "não é um banco de dados válido" in done.stderr
    with pytest.raises(StoreProblem):
        restore(app_paths(home), bogus)
    from filelock import FileLock

    with FileLock(str(app_paths(home).drainer_lock)):
        done = cli(home, "db", "restore")
    assert done.returncode == exit_codes.BUSY and "feche-o antes de restaurar" in done.stderr

"""Any valid folder name works as a data folder (issue 13, item 2): accents, spaces, `%`,
non-Latin scripts and the shape of Windows' default profile path ("C:\\Users\\José\\AppData\\Local").

Alembic's config parser once read the database URL with `%C3%A9` (from "José") as an
interpolation and every command failed; these tests open, migrate, record, reopen and back up in
such folders, in-process and through the real command line.
"""

from __future__ import annotations

import json
import logging
import ntpath
import os
import sqlite3
import subprocess
import sys
import types
from contextlib import closing
from pathlib import Path, PureWindowsPath

import platformdirs
import platformdirs.windows
import pytest
from sqlalchemy import func, make_url, select

from pdv_bling.base.paths import app_paths
from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.management.local_admin import backup_store
from pdv_bling.store.context import AppContext
from pdv_bling.store.engine import alembic_config, current_revision, head_revision, make_engine, read_only_uri
from pdv_bling.store.models import Sale
from tests.core.factories import seed_store

NAMES = [
    "José",
    "São João/Usuário",
    "100% vendas",
    "a%25b",  # must stay a folder named "a%25b", never decoded to "a%b"
    "loja com espaços",
    "日本語の店",
    "Магазин",
    "متجر",
    "C:\\Users\\José\\AppData\\Local",  # on Linux a single folder name with backslashes and a colon
    "it's [x] {y} #1 & ~",
]


def _record_one(ctx: AppContext) -> str:
    return record_sale(ctx.store, SaleDraft(items=(ItemDraft(sku="SKU-1"),), payments=(PaymentDraft("PIX", 1090),))).numero_loja


@pytest.mark.parametrize("name", NAMES, ids=range(len(NAMES)))
def test_a_data_folder_with_any_valid_name_opens_records_and_reopens(tmp_path: Path, name: str) -> None:
    home = tmp_path / name
    with AppContext.open(home, log=True) as ctx:
        assert ctx.paths.data == home.resolve()
        assert ctx.paths.database.exists()
        assert current_revision(ctx.store.engine) == head_revision()
        seed_store(ctx.store)
        numero = _record_one(ctx)
        backup = backup_store(ctx.store, ctx.paths.backups)
    assert backup.parent == home.resolve() / "backups" and backup.stat().st_size > 0
    with AppContext.open(home, log=False) as again, again.store.read() as session:
        assert session.scalars(select(Sale.numero_loja)).all() == [numero]
    assert not (tmp_path / "a%b").exists()  # nothing was URL-decoded into a sibling folder


def _cli(home: Path, *args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PDV_BLING_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "pdv_bling", *args], input=stdin, capture_output=True, env=env,
                          timeout=120)


@pytest.mark.parametrize("name", ["Usuário José/100% PDV", "日本語 a%C3%A9"])
def test_the_command_line_works_in_such_a_folder(tmp_path: Path, name: str) -> None:
    home = tmp_path / name
    with AppContext.open(home, log=False) as ctx:
        seed_store(ctx.store)
    status = _cli(home, "status", "--json")
    assert status.returncode == 0, status.stderr.decode()
    assert json.loads(status.stdout)["data_folder"] == str(home.resolve())
    sale = json.dumps({"itens": [{"sku": "SKU-2"}], "pagamentos": [{"forma": "PIX", "valor": "20,90"}]}).encode()
    added = _cli(home, "sale", "add", "-", stdin=sale)
    assert added.returncode == 0, added.stderr.decode()
    listed = _cli(home, "outbox", "list", "--json")
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) == 2  # order + situação Atendido
    assert b"Traceback" not in status.stderr + added.stderr + listed.stderr


def _windows_dirs(monkeypatch: pytest.MonkeyPatch, local_appdata: str) -> None:
    """platformdirs as on Windows, its known folders given by the override variables."""
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    monkeypatch.setenv("WIN_PD_OVERRIDE_LOCAL_APPDATA", local_appdata)
    monkeypatch.setenv("WIN_PD_OVERRIDE_APPDATA", local_appdata.replace("Local", "Roaming"))
    monkeypatch.delenv("PDV_BLING_HOME", raising=False)


@pytest.mark.parametrize("user", ["José", "João da Silva", "Usuário", "100%", "李小龍"])
def test_the_windows_default_profile_folder_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, user: str
) -> None:
    """The default data folder on Windows is under C:\\Users\\<name>\\AppData\\Local: the same
    path string is used here (a folder of that literal name inside a temp folder on Linux)."""
    monkeypatch.chdir(tmp_path)
    _windows_dirs(monkeypatch, f"C:\\Users\\{user}\\AppData\\Local")
    paths = app_paths()
    assert str(paths.data).startswith(f"C:\\Users\\{user}\\AppData\\Local")
    assert "PDVBling" in str(paths.data) and "pdv-bling" in str(paths.data)
    with AppContext.open(log=True) as ctx:
        seed_store(ctx.store)
        numero = _record_one(ctx)
    assert (tmp_path / paths.database).exists()
    with AppContext.open(log=False) as again, again.store.read() as session:
        assert session.scalar(select(func.count()).select_from(Sale)) == 1
        assert session.scalars(select(Sale.numero_loja)).one() == numero


def test_the_linux_default_folder_under_an_accented_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No PDV_BLING_HOME: platformdirs under a home folder named like a Brazilian user's."""
    fake_home = tmp_path / "home" / "José Conceição 100%"
    monkeypatch.setenv("HOME", str(fake_home))
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "PDV_BLING_HOME"):
        monkeypatch.delenv(var, raising=False)
    paths = app_paths()
    assert str(paths.data).startswith(str(fake_home))
    with AppContext.open(log=True) as ctx:
        seed_store(ctx.store)
        _record_one(ctx)
    assert paths.database.exists() and paths.logs.exists()


def _windows_machine(monkeypatch: pytest.MonkeyPatch, environ: dict[str, str]) -> None:
    """platformdirs as it runs on Windows: paths joined with backslashes (ntpath), and the known
    folders read from the profile's variables (what SHGetKnownFolderPath answers there)."""
    windows_os = types.ModuleType("os")
    windows_os.__dict__.update(vars(os))
    windows_os.path = ntpath  # type: ignore[attr-defined]
    monkeypatch.setattr(platformdirs.windows, "os", windows_os)
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", platformdirs.windows.get_win_folder_from_env_vars)
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    for name in ("PDV_BLING_HOME", "WIN_PD_OVERRIDE_LOCAL_APPDATA", "WIN_PD_OVERRIDE_APPDATA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)


def test_localappdata_with_an_accent_gives_the_data_folder_database_url_and_logs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """%LOCALAPPDATA% of a user named José, as Windows sets it: the folders come out as Windows
    writes them, the database URL gives back the same path (its "%C3%A9" is never read as something else),
    and the app opens, records and logs there (a folder of that literal name on Linux)."""
    monkeypatch.chdir(tmp_path)
    # the profile's literal path; on a real Windows machine (CI) the same names inside tmp_path
    profile = "C:\\Users\\José" if sys.platform != "win32" else str(tmp_path / "C" / "Users" / "José")
    local = f"{profile}\\AppData\\Local"
    _windows_machine(monkeypatch, {"LOCALAPPDATA": local, "APPDATA": f"{profile}\\AppData\\Roaming",
                                   "USERPROFILE": profile})
    paths = app_paths()
    assert str(paths.data) == f"{local}\\PDVBling\\pdv-bling"
    assert PureWindowsPath(str(paths.data)).parts[-6:] == ("Users", "José", "AppData", "Local", "PDVBling",
                                                           "pdv-bling")
    assert str(paths.logs) == str(paths.data) + "\\Logs" and str(paths.config) == str(paths.data)

    engine = make_engine(paths.database)
    try:
        assert engine.url.database == str(paths.database)  # not percent-encoded, not decoded
        migrations_url = alembic_config(engine).get_main_option("sqlalchemy.url")  # configparser reads "%"
        assert migrations_url is not None and make_url(migrations_url).database == str(paths.database)
    finally:
        engine.dispose()
    with AppContext.open(log=True) as ctx:
        seed_store(ctx.store)
        numero = _record_one(ctx)
        logging.getLogger("pdv_bling.test").warning("venda %s em %s", numero, ctx.paths.data)
    assert (tmp_path / paths.database).is_file()
    log_text = (tmp_path / paths.logs / "pdv-bling.log").read_text(encoding="utf-8")
    assert f"venda {numero} em {local}\\PDVBling" in log_text  # "José" written as UTF-8
    uri = read_only_uri(paths.database)
    assert "Jos%C3%A9" in uri
    with closing(sqlite3.connect(uri, uri=True)) as conn:  # the read-only URI (backups, checks) finds it
        assert conn.execute("SELECT count(*) FROM sales").fetchone() == (1,)

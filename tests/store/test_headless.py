"""`store init` and `store join` on a PC without a keyring (issue 26, item 2): before, `--password-stdin`
crashed with a NoKeyringError traceback after it had created the tables (init) or registered the
caixa (join). Now each checks first that the password can be kept, refuses with the way out and
writes nothing; with libpq's password file (PGPASSFILE) nothing of ours needs keeping."""

from __future__ import annotations

import io
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from pdv_bling.cli.main import main
from pdv_bling.retaguarda.localpg import LocalPostgres
from pdv_bling.retaguarda.server import open_server
from pdv_bling.store.engine import current_revision
from pdv_bling.store.models import StoreCaixa

PASSWORD = "s3nh@-da-loja"


def _cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], home: Path, *args: str,
         stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setenv("PDV_BLING_HOME", str(home))
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def pgpass(folder: Path, url: str, password: str) -> Path:
    """libpq's password file, as docs/store-mode.md has the integrador keep it (mode 0600)."""
    u = make_url(url)
    path = folder / "pgpass"
    path.write_text(f"{u.host}:{u.port}:{u.database}:{u.username}:{password}\n")
    path.chmod(0o600)
    return path


@pytest.fixture
def guarded_url(pg_server: LocalPostgres, pg_url: str) -> str:
    """The store database owned by a role that must give its password (as a real store server)."""
    database = make_url(pg_url).database
    assert database is not None
    return pg_server.add_password_login(f"loja_{database}", PASSWORD, database)


def test_init_and_join_without_a_keyring(tmp_path: Path, guarded_url: str, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    keyring.set_keyring(fail.Keyring())  # a headless PC: no Secret Service, no file store chosen
    monkeypatch.delenv("PGPASSFILE", raising=False)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    url = guarded_url.replace("postgresql+psycopg", "postgresql")
    code, _out, err = _cli(monkeypatch, capsys, tmp_path / "integrador", "store", "init", url, "--password-stdin",
                           stdin=PASSWORD + "\n")
    assert code == 18 and "PGPASSFILE" in err and "Traceback" not in err
    server = open_server(guarded_url, password=PASSWORD)
    assert current_revision(server.engine) is None  # nothing written: no tables

    monkeypatch.setenv("PGPASSFILE", str(pgpass(tmp_path, guarded_url, PASSWORD)))
    code, out, err = _cli(monkeypatch, capsys, tmp_path / "integrador", "store", "init", url, "--password-stdin",
                          "--json", stdin=PASSWORD + "\n")
    assert code == 0, err
    assert '"password_kept": "libpq"' in out  # libpq finds it: nothing of ours kept
    assert _cli(monkeypatch, capsys, tmp_path / "integrador", "store", "init", url)[0] == 0  # no password given

    monkeypatch.delenv("PGPASSFILE")
    code, _out, err = _cli(monkeypatch, capsys, tmp_path / "caixa", "store", "join", url, "--terminal", "PDV01",
                           "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 18 and "PGPASSFILE" in err and "Traceback" not in err
    with server.read() as session:
        assert session.scalar(select(func.count()).select_from(StoreCaixa)) == 0  # never half-registered
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "pgpass"))
    code, _out, err = _cli(monkeypatch, capsys, tmp_path / "caixa", "store", "join", url, "--terminal", "PDV01",
                           "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 0, err
    code, _out, err = _cli(monkeypatch, capsys, tmp_path / "caixa", "sync", "--push")
    assert code == 0, err
    with server.read() as session:
        assert session.scalars(select(StoreCaixa.terminal_id)).all() == ["PDV01"]
    server.close()


def test_a_wrong_password_is_refused_not_unreachable(tmp_path: Path, guarded_url: str,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("PGPASSFILE", raising=False)
    code, _out, err = _cli(monkeypatch, capsys, tmp_path / "integrador", "store", "init", guarded_url,
                           "--password-stdin", stdin="errada\n")
    assert code == 2 and "recusou a senha" in err

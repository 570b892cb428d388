"""The throwaway PostgreSQL of the store-mode tests (pdv_bling/retaguarda/localpg.py) on the systems
CI runs: its server binaries found where Windows' installer, Homebrew, Postgres.app and Debian put
them (fake install folders here), the Windows server started without a Unix socket, and pg_ctl's
output read from a file, so a server that keeps pg_ctl's handles (always so on Windows) cannot
hang the start."""

from __future__ import annotations

import os
import signal
import stat
import sys
import time
from pathlib import Path

import pytest

from pdv_bling.retaguarda import localpg
from pdv_bling.retaguarda.localpg import LocalPostgres, PostgresUnavailable, find_bin


def _install(folder: Path, *names: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        program = folder / name
        program.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
        program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return folder


def test_windows_finds_the_newest_complete_install_under_program_files(tmp_path: Path) -> None:
    program_files = tmp_path / "Program Files"
    _install(program_files / "PostgreSQL" / "9.6" / "bin", "pg_ctl.exe", "initdb.exe")
    newest = _install(program_files / "PostgreSQL" / "17" / "bin", "pg_ctl.exe", "initdb.exe")
    _install(program_files / "PostgreSQL" / "18" / "bin", "pg_ctl.exe")  # no initdb: client tools only
    _install(program_files / "PostgreSQL" / "19" / "bin", "pg_ctl", "initdb")  # not Windows programs
    environ = {"ProgramFiles": str(program_files), "PATH": ""}
    assert find_bin(environ=environ, platform="win32") == newest


def test_macos_finds_homebrew_then_postgres_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(localpg, "HOMEBREW", (str(tmp_path / "opt-homebrew"), str(tmp_path / "usr-local")))
    monkeypatch.setattr(localpg, "POSTGRES_APP", str(tmp_path / "Postgres.app"))
    app = _install(tmp_path / "Postgres.app" / "Contents" / "Versions" / "15" / "bin", "pg_ctl", "initdb")
    assert find_bin(environ={"PATH": ""}, platform="darwin") == app
    _install(tmp_path / "usr-local" / "opt" / "postgresql@14" / "bin", "pg_ctl", "initdb")
    brew = _install(tmp_path / "opt-homebrew" / "opt" / "postgresql@16" / "bin", "pg_ctl", "initdb")
    assert find_bin(environ={"PATH": ""}, platform="darwin") == brew


def test_debian_versions_compare_as_numbers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(localpg, "DEBIAN", str(tmp_path / "postgresql"))
    _install(tmp_path / "postgresql" / "9.6" / "bin", "pg_ctl", "initdb")
    fifteen = _install(tmp_path / "postgresql" / "15" / "bin", "pg_ctl", "initdb")
    assert find_bin(environ={"PATH": ""}, platform="linux") == fifteen


def test_path_then_a_message_that_says_how_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(localpg, "DEBIAN", str(tmp_path / "none"))
    exe = ".exe" if sys.platform == "win32" else ""  # which() on this machine
    on_path = _install(tmp_path / "bin", f"pg_ctl{exe}", f"initdb{exe}")
    assert find_bin(environ={"PATH": str(on_path)}, platform="linux") == on_path
    explicit = _install(tmp_path / "elsewhere", "pg_ctl", "initdb")
    assert find_bin(environ={"PATH": str(on_path), "PDV_BLING_PG_BIN": str(explicit)}, platform="linux") == explicit
    with pytest.raises(PostgresUnavailable) as info:
        find_bin(environ={"PATH": str(tmp_path / "empty"), "ProgramFiles": str(tmp_path)}, platform="win32")
    assert "Program Files" in str(info.value) and "brew install" in str(info.value)


def _recording_pg_ctl(folder: Path) -> Path:
    """A pg_ctl that writes the arguments it was given, one a line, to args.txt."""
    bin_folder = folder / "bin"
    bin_folder.mkdir()
    script = f"import sys; open({str(folder / 'args.txt')!r}, 'w').write(chr(10).join(sys.argv[1:]))"
    program = bin_folder / "pg_ctl"
    program.write_text(f"#!{sys.executable}\n{script}\n", encoding="utf-8")
    program.chmod(0o755)
    return bin_folder


@pytest.mark.skipif(sys.platform == "win32", reason="the fake pg_ctl is a script with a #! line")
@pytest.mark.parametrize("platform", ["win32", "linux", "darwin"])
def test_the_unix_socket_is_asked_for_only_off_windows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, platform: str
) -> None:
    server = LocalPostgres(folder=tmp_path, host="127.0.0.1", port=5999, bin=_recording_pg_ctl(tmp_path),
                           as_postgres=False)
    monkeypatch.setattr(sys, "platform", platform)
    server._start()
    args = (tmp_path / "args.txt").read_text(encoding="utf-8").splitlines()
    options = args[args.index("-o") + 1]
    assert "listen_addresses=127.0.0.1" in options and "-p 5999" in options
    assert ("-k " in options) is (platform != "win32")


def test_a_program_whose_child_keeps_its_output_open_does_not_hang(tmp_path: Path) -> None:
    """As `pg_ctl start` does on Windows: the server it starts holds pg_ctl's stdout and stderr.
    Read through a pipe, the call would last as long as that child (60 s here)."""
    server = LocalPostgres(folder=tmp_path, host="127.0.0.1", port=0, bin=tmp_path, as_postgres=False)
    child = "import time; time.sleep(60)"
    parent = ("import subprocess, sys; "
              f"p = subprocess.Popen([sys.executable, '-c', {child!r}]); print('child', p.pid, flush=True)")
    started = time.monotonic()
    result = localpg._run(server, sys.executable, "-c", parent, check=True)
    elapsed = time.monotonic() - started
    pid = int(result.stdout.split()[1])
    try:
        assert result.returncode == 0 and result.stdout.startswith("child ")
        assert elapsed < 30, f"waited {elapsed:.1f} s for the child to let go of the output"
    finally:
        os.kill(pid, signal.SIGTERM)


def test_a_failing_program_raises_with_its_own_words(tmp_path: Path) -> None:
    server = LocalPostgres(folder=tmp_path, host="127.0.0.1", port=0, bin=tmp_path, as_postgres=False)
    script = "import sys; print('FATAL: data directory has wrong ownership', file=sys.stderr); sys.exit(1)"
    with pytest.raises(RuntimeError, match="wrong ownership"):
        localpg._run(server, sys.executable, "-c", script, check=True)
    assert localpg._run(server, sys.executable, "-c", script, check=False).returncode == 1

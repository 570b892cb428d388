"""A throwaway PostgreSQL server on this machine, for the tests, the benchmarks and a demo store.

Uses the PostgreSQL server binaries of the machine, found where each system's installer puts
them (`find_bin`): Debian/Ubuntu's `postgresql` package (installed by `tools/setup.sh` when run as
root), Windows' installer under Program Files, Homebrew and Postgres.app on macOS, else `pg_ctl`
on PATH; `PDV_BLING_PG_BIN` points elsewhere. The server refuses to run as root, so as root it
runs as the `postgres` system user through `runuser`. It listens on 127.0.0.1 (or the given
address) on a free port, trusts local connections, and `stop()` removes everything it made.
Never for a real store: there, use the store's own server.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

USER = "pdv"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries here: the message says how to install them."""


DEBIAN = "/usr/lib/postgresql"
HOMEBREW = ("/opt/homebrew", "/usr/local")  # Apple silicon, Intel
POSTGRES_APP = "/Applications/Postgres.app"


def install_folders(*, environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> list[str]:
    """Where this system's PostgreSQL installers put the server binaries, newest version first."""
    if platform == "win32":  # the EDB installer (also what GitHub's Windows images carry)
        roots = [environ.get(name) for name in ("ProgramFiles", "ProgramW6432")] + ["C:\\Program Files"]
        patterns = [f"{root}/PostgreSQL/*/bin" for root in dict.fromkeys(r for r in roots if r)]
    elif platform == "darwin":
        patterns = [f"{prefix}/opt/postgresql{suffix}/bin" for prefix in HOMEBREW for suffix in ("@*", "")]
        patterns.append(f"{POSTGRES_APP}/Contents/Versions/*/bin")
    else:
        patterns = [f"{DEBIAN}/*/bin"]
    found = [path for pattern in patterns for path in glob.glob(pattern)]
    return sorted(found, key=_version_of, reverse=True)


def _version_of(folder: str) -> tuple[int, ...]:
    """The version in the name above `bin`: ".../PostgreSQL/17/bin", ".../postgresql@16/bin"."""
    above_bin = folder.replace("\\", "/").rstrip("/").rsplit("/", 2)[-2]
    return tuple(int(n) for n in re.findall(r"\d+", above_bin))


def find_bin(*, environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> Path:
    explicit = environ.get("PDV_BLING_PG_BIN")
    exe = ".exe" if platform == "win32" else ""
    for candidate in [explicit] if explicit else install_folders(environ=environ, platform=platform):
        if candidate and all((Path(candidate) / f"{name}{exe}").is_file() for name in ("pg_ctl", "initdb")):
            return Path(candidate)
    on_path = shutil.which("pg_ctl", path=environ.get("PATH"))
    if on_path and shutil.which("initdb", path=environ.get("PATH")):
        return Path(on_path).parent
    raise PostgresUnavailable(
        "PostgreSQL server binaries not found (initdb, pg_ctl). On Debian/Ubuntu run `make setup` as root "
        "(it installs the `postgresql` package) or `apt-get install -y postgresql`; on Windows install "
        "PostgreSQL (its installer puts them in Program Files\\PostgreSQL\\<version>\\bin); on macOS "
        "`brew install postgresql@16`; elsewhere set PDV_BLING_PG_BIN to the folder holding pg_ctl."
    )


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@dataclass
class LocalPostgres:
    """One running throwaway server (`start_local_postgres`)."""

    folder: Path
    host: str
    port: int
    bin: Path
    as_postgres: bool
    databases: list[str] = field(default_factory=list)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{USER}@{self.host}:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new empty database; returns its URL."""
        import psycopg

        with psycopg.connect(host=self.host, port=self.port, user=USER, dbname="postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.databases.append(name)
        return self.url(name)

    def dump(self, database: str) -> Path:
        """`pg_dump -Fc` of a database into this server's folder (a backup, or the first half of a move)."""
        target = self.folder / f"{database}-{time.monotonic_ns()}.dump"
        _run(self, str(self.bin / "pg_dump"), *self._client_args(), "-Fc", "-f", str(target), database, check=True)
        return target

    def restore(self, database: str, dump: Path, *, replace: bool = False) -> str:
        """A database made from `dump` by `pg_restore` (the second half of a move, or a store
        restored from its backup); `replace`: drop the one of that name first, closing its
        connections (the store's PCs reconnect to the restored one). Returns its URL."""
        import psycopg

        if replace:
            with psycopg.connect(host=self.host, port=self.port, user=USER, dbname="postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            if database in self.databases:
                self.databases.remove(database)
        self.create_database(database)
        _run(self, str(self.bin / "pg_restore"), *self._client_args(), "--no-owner", "-d", database, str(dump),
             check=True)
        return self.url(database)

    def _client_args(self) -> tuple[str, ...]:
        return ("-h", self.host, "-p", str(self.port), "-U", USER)

    def add_password_login(self, user: str, password: str, database: str) -> str:
        """A role that must give `password` (scram-sha-256) over TCP, owning `database` (PostgreSQL 15
        gives a database's owner its public schema: a store server as a real one is set up); returns its URL, without the password."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(host=self.host, port=self.port, user=USER, dbname="postgres", autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(user),
                                                                               sql.Literal(password)))
            conn.execute(sql.SQL("ALTER DATABASE {} OWNER TO {}").format(sql.Identifier(database),
                                                                          sql.Identifier(user)))
        hba = self.folder / "data" / "pg_hba.conf"
        hba.write_text(f"host all {user} {self.host}/32 scram-sha-256\n" + hba.read_text())
        self.pg_ctl("reload")
        return f"postgresql+psycopg://{user}@{self.host}:{self.port}/{database}"

    def pg_ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return _run(self, str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), *args, check=check)

    def restart(self) -> None:
        """Stop and start again (same data, same port): connections in use break."""
        self.pg_ctl("-m", "fast", "-w", "stop")
        self._start()

    def stop(self) -> None:
        self.pg_ctl("-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    def _start(self) -> None:
        options = f"-c listen_addresses={self.host} -p {self.port} -c fsync=off " \
                  "-c max_connections=200 -c shared_buffers=32MB"
        if sys.platform != "win32":  # its Unix socket in our own folder (Windows: TCP only)
            options = f"-k {self.folder} {options}"
        self.pg_ctl("-l", str(self.folder / "log"), "-o", options, "-w", "-t", "60", "start")


def start_local_postgres(*, host: str = "127.0.0.1", port: int | None = None) -> LocalPostgres:
    """initdb + start (about a second). Raises PostgresUnavailable without server binaries."""
    binaries = find_bin()
    as_postgres = hasattr(os, "geteuid") and os.geteuid() == 0
    folder = Path(tempfile.mkdtemp(prefix="pdv-pg-"))
    if as_postgres:
        shutil.chown(folder, user="postgres")
    server = LocalPostgres(folder=folder, host=host, port=port or free_port(host), bin=binaries, as_postgres=as_postgres)
    _run(server, str(binaries / "initdb"), "-D", str(folder / "data"), "-A", "trust", "-U", USER, "-E", "UTF8",
         "--no-sync", check=True)
    server._start()
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection((host, server.port), timeout=1):
                break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    return server


def _run(server: LocalPostgres, *command: str, check: bool) -> subprocess.CompletedProcess[str]:
    """Run a server program; its output (stdout and stderr together) comes back as `stdout`.

    The output goes to a file, not a pipe: `pg_ctl start` leaves the server it starts holding the
    handles it was given (always so on Windows), and reading a pipe would wait for that server
    to end."""
    full = ["runuser", "-u", "postgres", "--", *command] if server.as_postgres else list(command)
    with tempfile.TemporaryFile() as output:
        result = subprocess.run(full, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
                                check=False, cwd=server.folder)
        output.seek(0)
        text = output.read().decode("utf-8", errors="replace")
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:2])} failed: {text.strip()}")
    return subprocess.CompletedProcess(full, result.returncode, text, "")

"""A store LAN on one machine, for the store-mode harnesses (not a test module; needs root).

Each machine of the store is a Linux network namespace with one interface on a private /24:

    switch namespace: bridge `br0`  <-- veth -->  store (PostgreSQL), bling (the stand-in),
                                                  integ1, integ2 (integradores), caixa1..N

The bridge lives in a namespace of its own, so nothing of the LAN touches the host's network:
traffic stays between these namespaces (and each one's loopback). `Lan.cut(host)` takes a host's
cable out (its switch port down), `Lan.plug(host)` puts it back. Every namespace, process and
folder the LAN made is removed by `close()` (also on error: use it as a context manager).

    with Lan(prefix="pdvlan") as lan:
        store = lan.add("store")
        pg = lan.postgres(store)              # PostgreSQL 15 listening on store.ip
        caixa = lan.add("caixa1")
        proc = caixa.popen([sys.executable, "-m", "pdv_bling", "status"], env=...)
        lan.cut(caixa); ...; lan.plug(caixa)
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

PG_BIN = Path(os.environ.get("PDV_BLING_PG_BIN", "/usr/lib/postgresql/15/bin"))
SUBNET = "10.77.{net}.{host}"


def sh(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), check=check, capture_output=True, text=True)


@dataclass
class Host:
    lan: Lan
    name: str
    ns: str
    ip: str
    port_on_switch: str
    procs: list[subprocess.Popen[Any]] = field(default_factory=list)

    def cmd(self, args: list[str]) -> list[str]:
        return ["ip", "netns", "exec", self.ns, *args]

    def popen(self, args: list[str], *, env: dict[str, str] | None = None, **kwargs: Any) -> subprocess.Popen[Any]:
        """A process on this host (its own process group, so a kill takes its children too)."""
        proc = subprocess.Popen(self.cmd(args), env=env, start_new_session=True, **kwargs)
        self.procs.append(proc)
        return proc

    def run(self, args: list[str], *, env: dict[str, str] | None = None, timeout: float = 120,
            check: bool = False) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self.cmd(args), env=env, capture_output=True, text=True, timeout=timeout, check=check)

    def kill_all(self, sig: int = signal.SIGKILL) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, sig)
        for proc in self.procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(10)
        self.procs = [p for p in self.procs if p.poll() is None]


@dataclass
class Postgres:
    host: Host
    data: Path
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://pdv@{self.host.ip}:{self.port}/loja"

    def _ctl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.host.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                                           *args]), timeout=60)

    def start(self) -> None:
        opts = (f"-c listen_addresses={self.host.ip},127.0.0.1 -p {self.port} -k {self.data.parent} "
                "-c fsync=on -c max_connections=200")
        result = self._ctl("-w", "-o", opts, "start")
        if result.returncode != 0:
            raise RuntimeError(f"PostgreSQL did not start: {result.stderr}\n{_tail(self.log)}")

    def stop(self, mode: str = "fast") -> None:
        self._ctl("-w", "-m", mode, "stop")

    def restart(self) -> None:
        self.stop()
        self.start()


class Lan:
    def __init__(self, *, prefix: str = "pdvlan", net: int | None = None) -> None:
        tag = f"{os.getpid() % 10_000}"
        self.prefix = f"{prefix}{tag}"
        self.net = net if net is not None else 1 + os.getpid() % 250
        self.switch = f"{self.prefix}-sw"
        self.hosts: dict[str, Host] = {}
        self.tmp = Path(tempfile.mkdtemp(prefix=f"{self.prefix}-"))
        self.tmp.chmod(0o755)  # the postgres user walks through it to its cluster
        self.postgreses: list[Postgres] = []
        self._next_host = 2
        sh("ip", "netns", "add", self.switch)
        self._in_switch("ip", "link", "set", "lo", "up")
        self._in_switch("ip", "link", "add", "br0", "type", "bridge")
        self._in_switch("ip", "link", "set", "br0", "up")

    def _in_switch(self, *args: str) -> None:
        sh("ip", "netns", "exec", self.switch, *args)

    def add(self, name: str) -> Host:
        """A new machine on the LAN, with its cable plugged in."""
        ns = f"{self.prefix}-{name}"
        ip = SUBNET.format(net=self.net, host=self._next_host)
        self._next_host += 1
        port = f"p{len(self.hosts)}"  # the switch-side end (interface names are at most 15 chars)
        sh("ip", "netns", "add", ns)
        sh("ip", "link", "add", "eth0", "netns", ns, "type", "veth", "peer", "name", port, "netns", self.switch)
        sh("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up")
        sh("ip", "netns", "exec", ns, "ip", "addr", "add", f"{ip}/24", "dev", "eth0")
        sh("ip", "netns", "exec", ns, "ip", "link", "set", "eth0", "up")
        self._in_switch("ip", "link", "set", port, "master", "br0")
        self._in_switch("ip", "link", "set", port, "up")
        host = Host(self, name, ns, ip, port)
        self.hosts[name] = host
        return host

    def cut(self, host: Host) -> None:
        """Pull the host's cable: its switch port goes down (the host sees no carrier)."""
        self._in_switch("ip", "link", "set", host.port_on_switch, "down")

    def plug(self, host: Host) -> None:
        self._in_switch("ip", "link", "set", host.port_on_switch, "up")

    def postgres(self, host: Host, *, port: int = 5432, database: str = "loja") -> Postgres:
        """A fresh PostgreSQL cluster on `host` (trust auth for user `pdv` on this private LAN)."""
        folder = self.tmp / f"pg-{host.name}"
        folder.mkdir()
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
        data = folder / "data"
        init = host.run(_as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "pdv",
                                      "--no-sync"]), timeout=120)
        if init.returncode != 0:
            raise RuntimeError(f"initdb failed: {init.stderr}")
        with open(data / "pg_hba.conf", "a", encoding="utf-8") as hba:
            hba.write(f"host all all {SUBNET.format(net=self.net, host=0)}/24 trust\n")
        pg = Postgres(host, data, port, folder / "log")
        pg.start()
        created = host.run([str(PG_BIN / "psql") if (PG_BIN / "psql").exists() else "psql", "-h", host.ip, "-p", str(port), "-U", "pdv", "-d", "postgres",
                            "-c", f"CREATE DATABASE {database}"])
        if created.returncode != 0:
            raise RuntimeError(f"CREATE DATABASE failed: {created.stderr}")
        self.postgreses.append(pg)
        return pg

    def close(self) -> None:
        for host in self.hosts.values():
            host.kill_all()
        for pg in self.postgreses:
            pg.stop("immediate")
        for host in self.hosts.values():
            kill_namespace(host.ns)  # also what a helper process started there by other means
            sh("ip", "netns", "del", host.ns, check=False)
        sh("ip", "netns", "del", self.switch, check=False)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> Lan:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def kill_namespace(ns: str) -> None:
    """SIGKILL every process still in namespace `ns` (never this process, which may have entered it)."""
    for _round in range(3):
        pids = [int(p) for p in sh("ip", "netns", "pids", ns, check=False).stdout.split() if p.isdigit()]
        pids = [p for p in pids if p != os.getpid()]
        if not pids:
            return
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.2)


def _as_postgres(args: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run it as the `postgres` system user."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def wait_port(host: Host, ip: str, port: int, *, timeout: float = 30) -> None:
    """Until something on the LAN answers TCP at ip:port, seen from `host`."""
    deadline = time.monotonic() + timeout
    probe = ["python3", "-c", f"import socket; socket.create_connection(('{ip}', {port}), 1).close()"]
    while time.monotonic() < deadline:
        if host.run(probe, timeout=10).returncode == 0:
            return
        time.sleep(0.2)
    raise TimeoutError(f"{ip}:{port} not reachable from {host.name}")

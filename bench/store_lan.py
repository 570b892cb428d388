"""A whole store on the LAN of `bench/lan.py`, for the store harnesses (not a test module; root).

    with StoreLan(caixas=3, integradores=2, products=120, rate=3.0) as store:
        store.start()                  # stand-in, PostgreSQL, integradores connected + store init
        store.start_integrators()      # leader + standby (the leader pulls the catalogue)
        store.configure(stock_mode="integration")
        agents = store.join_caixas()   # `pdv-bling store join` + one `bench/store_agent.py` each
        ...

Hosts (each a network namespace on a private bridge): `store` (PostgreSQL 15), `bling` (the stand-in,
`pdv-bling sandbox --host <its LAN ip>`), `integ1..N` (`pdv-bling integrator`, each connected to
the stand-in once with the real `pdv-bling connect`), `caixa1..N`, and `admin`: the harness's own
main thread enters that namespace (setns) once the LAN is built, so it reaches PostgreSQL and the
stand-in by their LAN addresses like any machine of the store would.

Every host keeps its secrets in its own file keyring (`bench/filekeyring.py`), which survives a
SIGKILL as an OS keyring does. Everything (namespaces, processes, folders) goes away in `close()`.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace, TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.lan import Host, Lan, Postgres, wait_port  # noqa: E402
from pdv_bling.runtime.demo import map_payments_by_name  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
CLONE_NEWNET = 0x40000000
STANDIN_PORT = 8000
LOCK_KEY = 0x50445642  # pdv_bling.retaguarda.leadership.LOCK_KEY


def load() -> str:
    """The machine's load average, printed with every figure (2 cores shared by several people)."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f}/{five:.2f}/{fifteen:.2f}"


def stamp() -> str:
    return time.strftime("%H:%M:%S")


def say(text: str) -> None:
    print(f"[{stamp()} {load()}] {text}", flush=True)


def _setns(fd: int) -> None:
    """This thread (and what it starts from now on) joins the network namespace open as `fd`."""
    if ctypes.CDLL(None, use_errno=True).setns(fd, CLONE_NEWNET) != 0:
        raise OSError(ctypes.get_errno(), "setns")


def enter(host: Host) -> None:
    fd = os.open(f"/run/netns/{host.ns}", os.O_RDONLY)
    try:
        _setns(fd)
    finally:
        os.close(fd)


def host_env(home: Path, **extra: str) -> dict[str, str]:
    """Environment of a process on a host: its data folder and its own file keyring."""
    env = {**os.environ, "PDV_BLING_HOME": str(home), "PYTHONPATH": str(ROOT),
           "PYTHON_KEYRING_BACKEND": "bench.filekeyring.FileKeyring", "PDV_BENCH_KEYRING": str(home / "keyring.json")}
    env.pop("PDV_BLING_API_URL", None)
    env.pop("PDV_BLING_RATE_PER_SECOND", None)
    env.update(extra)
    return env


class StandIn:
    """The Bling stand-in as a process on the `bling` host, at Bling's rate."""

    def __init__(self, host: Host, log: Path, *, products: int, seed: int, rate: float) -> None:
        args = [PY, "-m", "pdv_bling", "sandbox", "--host", host.ip, "--port", str(STANDIN_PORT),
                "--products", str(products), "--seed", str(seed), "--rate-limit", str(rate)]
        err = open(log, "ab")  # noqa: SIM115 (lives as long as the process)
        self.proc = host.popen(args, stdout=subprocess.PIPE, stderr=err, text=True)
        values: dict[str, str] = {}
        while len(values) < 3:
            line = self.proc.stdout.readline() if self.proc.stdout else ""
            if not line:
                raise RuntimeError(f"stand-in did not start (see {log})")
            key, _, value = line.strip().partition("=")
            values[key] = value
        self.base_url, self.client_id, self.client_secret = values["base_url"], values["client_id"], values["client_secret"]
        self.root_url = self.base_url.removesuffix("/Api/v3")
        self._http: httpx.Client | None = None

    @property
    def http(self) -> httpx.Client:
        if self._http is None:  # made after the harness entered the admin namespace
            self._http = httpx.Client(timeout=60)
        return self._http

    def inspect(self) -> dict[str, Any]:
        return dict(self.http.get(f"{self.root_url}/__sandbox__/inspect").json())

    def active_contacts(self, document: str) -> int:
        """Active Bling contacts with this CPF/CNPJ (a token of the harness's own)."""
        token = self._token()
        for _attempt in range(10):
            time.sleep(0.4)  # the account's 3 requests/s hold for the harness too
            answer = self.http.get(f"{self.base_url}/contatos", params={"numeroDocumento": document, "criterio": 1},
                                   headers={"Authorization": f"Bearer {token}"})
            if answer.status_code != 429:
                break
        answer.raise_for_status()
        rows = answer.json().get("data", [])
        return sum(1 for r in rows if r.get("situacao") == "A"
                   and "".join(c for c in str(r.get("numeroDocumento", "")) if c.isdigit()) == document)

    def _token(self) -> str:
        if not hasattr(self, "_access"):
            answer = self.http.post(f"{self.base_url}/oauth/authorize",
                                    data={"response_type": "code", "client_id": self.client_id, "state": "bench"})
            code = dict(parse_qsl(urlsplit(answer.headers["Location"]).query))["code"]
            token = self.http.post(f"{self.base_url}/oauth/token", auth=(self.client_id, self.client_secret),
                                   data={"grant_type": "authorization_code", "code": code})
            token.raise_for_status()
            self._access = str(token.json()["access_token"])
        return self._access

    def stop(self) -> None:
        if self._http is not None:
            self._http.close()


APPROVE = """
import sys, httpx
from urllib.parse import parse_qsl, urlsplit
url = sys.argv[1]
answer = httpx.post(url.split("?")[0], data=dict(parse_qsl(urlsplit(url).query)), timeout=30)
httpx.get(answer.headers["location"], timeout=30)
"""


class Integrador:
    """`pdv-bling integrator` on one host; SIGKILL and restart it."""

    def __init__(self, host: Host, home: Path, url: str) -> None:
        self.host, self.home, self.url = host, home, url
        self.proc: subprocess.Popen[Any] | None = None
        self.starts = 0

    def connect(self, standin: StandIn) -> str:
        """The real `pdv-bling connect` on this host; the harness clicks "Autorizar" for it."""
        env = host_env(self.home, PDV_BLING_API_URL=standin.base_url)
        proc = self.host.popen([PY, "-m", "pdv_bling", "connect", "--no-browser", "--client-id", standin.client_id,
                                "--client-secret", standin.client_secret, "--timeout", "120"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        assert proc.stdout is not None
        lines = []
        for line in proc.stdout:
            lines.append(line.rstrip())
            if line.startswith("http"):
                approved = self.host.run([PY, "-c", APPROVE, line.strip()], env=env, timeout=60)
                if approved.returncode != 0:
                    raise RuntimeError(f"approval failed on {self.host.name}: {approved.stderr[-500:]}")
        if proc.wait(180) != 0:
            raise RuntimeError(f"pdv-bling connect failed on {self.host.name}: {lines[-5:]}")
        return next((x for x in lines if x.startswith("Conectado")), lines[-1] if lines else "")

    def cli(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return self.host.run([PY, "-m", "pdv_bling", *args], env=host_env(self.home), timeout=timeout)

    def start(self, *, with_url: bool) -> None:
        args = [PY, "-m", "pdv_bling", "integrator"] + (["--store", self.url] if with_url else [])
        log = open(self.home / "integrator.out", "ab")  # noqa: SIM115 (lives as long as the process)
        self.proc = self.host.popen(args, env=host_env(self.home), stdout=log, stderr=subprocess.STDOUT)
        log.close()
        self.starts += 1

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, sig)
            self.proc.wait(30)


class Agent:
    """A caixa process (`bench/store_agent.py`) on its host; `call()` sends one JSON command."""

    def __init__(self, host: Host, home: Path, terminal: str, *, seed: int, link: bool = True) -> None:
        self.host, self.home, self.terminal = host, home, terminal
        args = [PY, str(ROOT / "bench" / "store_agent.py"), "--seed", str(seed)] + ([] if link else ["--no-link"])
        err = open(home / "agent.err", "ab")  # noqa: SIM115
        self.proc = host.popen(args, env=host_env(home), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
                               text=True)
        err.close()
        self.lock = threading.Lock()
        ready = self._read()
        if not ready.get("ready"):
            raise RuntimeError(f"caixa {terminal} agent did not start: {ready}")

    def _read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"caixa {self.terminal} agent died (see {self.home / 'agent.err'})")
        return dict(json.loads(line))

    def call(self, op: str, **values: Any) -> dict[str, Any]:
        with self.lock:
            assert self.proc.stdin is not None
            self.proc.stdin.write(json.dumps({"op": op, **values}) + "\n")
            self.proc.stdin.flush()
            return self._read()

    def cli(self, *args: str, stdin: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """A `pdv-bling` command on this caixa's folder, as a script at the counter would run it."""
        return subprocess.run(self.host.cmd([PY, "-m", "pdv_bling", *args]), env=host_env(self.home), input=stdin,
                              capture_output=True, text=True, timeout=timeout)

    def stop(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(BrokenPipeError, OSError):
                assert self.proc.stdin is not None
                self.proc.stdin.write(json.dumps({"op": "quit"}) + "\n")
                self.proc.stdin.flush()
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)


class StoreLan:
    def __init__(self, *, caixas: int, integradores: int = 2, products: int = 120, seed: int = 1,
                 rate: float = 3.0, prefix: str = "pdvstore") -> None:
        self.n_caixas, self.n_integradores = caixas, integradores
        self.products, self.seed, self.rate = products, seed, rate
        self._root_ns = os.open("/proc/self/ns/net", os.O_RDONLY)
        self.lan = Lan(prefix=prefix)
        self.folders = self.lan.tmp / "hosts"
        self.folders.mkdir()
        self.store_host = self.lan.add("store")
        self.bling_host = self.lan.add("bling")
        self.integ_hosts = [self.lan.add(f"integ{i + 1}") for i in range(integradores)]
        self.caixa_hosts = [self.lan.add(f"caixa{i + 1}") for i in range(caixas)]
        self.admin = self.lan.add("admin")
        self.pg: Postgres | None = None
        self.standin: StandIn | None = None
        self.integradores: list[Integrador] = []
        self.agents: list[Agent] = []
        self._entered = False

    # ------------------------------------------------------------ set-up

    @property
    def url(self) -> str:
        return f"postgresql://pdv@{self.store_host.ip}:5432/loja"

    @property
    def sa_url(self) -> str:
        return f"postgresql+psycopg://pdv@{self.store_host.ip}:5432/loja"

    def folder(self, name: str) -> Path:
        path = self.folders / name
        path.mkdir(exist_ok=True)
        return path

    def start(self) -> None:
        """PostgreSQL, the stand-in, every integrador host connected once, `store init` on the first."""
        self.pg = self.lan.postgres(self.store_host)
        self.standin = StandIn(self.bling_host, self.folder("bling") / "standin.log", products=self.products,
                               seed=self.seed, rate=self.rate)
        enter(self.admin)  # from here on the harness is a machine of the LAN
        self._entered = True
        wait_port(self.admin, self.bling_host.ip, STANDIN_PORT)
        for host in self.integ_hosts:
            integ = Integrador(host, self.folder(host.name), self.url)
            say(f"{host.name}: {integ.connect(self.standin)}")
            self.integradores.append(integ)
        init = self.integradores[0].cli("store", "init", self.url, "--json")
        if init.returncode != 0:
            raise RuntimeError(f"store init failed: {init.stderr}")

    def start_integrators(self, *, wait_pull: bool = True, timeout: float = 900) -> None:
        for index, integ in enumerate(self.integradores):
            integ.start(with_url=index > 0)
            if index == 0 and wait_pull:
                self.wait_pulled(timeout=timeout)

    def wait_pulled(self, *, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            rows = self.sql("SELECT count(*) FROM sync_state WHERE last_success_at IS NOT NULL")
            if rows and rows[0][0] >= 6:
                return
            time.sleep(1)
        raise TimeoutError("the integrador did not pull the catalogue")

    def configure(self, *, stock_mode: str = "integration") -> dict[str, Any]:
        """What the store's manager sets once: the DE-PARA by name and the store-wide stock mode and
        deposit (here written to the store database; a caixa's Configurações screen does it in the app)."""
        from sqlalchemy import select

        from pdv_bling.retaguarda.server import open_server
        from pdv_bling.store.models import BlingDeposito
        from pdv_bling.store.settings import set_value

        server = open_server(self.sa_url)
        try:
            mapped = map_payments_by_name(SimpleNamespace(store=server))  # type: ignore[arg-type]  # reads .store only
            with server.transaction() as session:
                other = session.scalars(select(BlingDeposito.bling_id).where(BlingDeposito.padrao.is_(False))
                                        .order_by(BlingDeposito.bling_id)).first()
                deposit = int(other) if other is not None and stock_mode == "integration" else None
                set_value(session, "stock_mode", stock_mode)
                set_value(session, "deposit_id", deposit)
        finally:
            server.close()
        return {"mapped_payment_methods": mapped, "stock_mode": stock_mode, "deposit_id": deposit}

    def join_caixas(self, *, link: bool = True) -> list[Agent]:
        for index, host in enumerate(self.caixa_hosts):
            terminal = f"PDV{index + 1:02d}"
            home = self.folder(host.name)
            joined = subprocess.run(host.cmd([PY, "-m", "pdv_bling", "store", "join", self.url, "--terminal", terminal,
                                              "--json"]), env=host_env(home), capture_output=True, text=True,
                                    timeout=180)
            if joined.returncode != 0:
                raise RuntimeError(f"store join {terminal} failed: {joined.stderr}")
            self.agents.append(Agent(host, home, terminal, seed=self.seed * 100 + index, link=link))
        return self.agents

    # ------------------------------------------------------------ the store database, from the admin host

    def sql(self, query: str, params: tuple[Any, ...] | None = None) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.url, connect_timeout=5, autocommit=True) as conn:
            cur = conn.execute(query, params)
            return list(cur.fetchall()) if cur.description else []

    def leader(self) -> Integrador | None:
        """The integrador whose session holds the advisory lock (by its LAN address)."""
        with contextlib.suppress(psycopg.Error):
            rows = self.sql("SELECT host(a.client_addr) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                            "WHERE l.locktype = 'advisory' AND l.granted AND l.objid = %s", (LOCK_KEY,))
            for (addr,) in rows:
                for integ in self.integradores:
                    if integ.host.ip == addr:
                        return integ
        return None

    def outbox(self) -> dict[str, int]:
        return dict(self.sql("SELECT state, count(*) FROM outbox_items GROUP BY state"))

    def wait_settled(self, agents: list[Agent], *, timeout: float, every_s: float = 3.0,
                     resolve_parked: Callable[[], bool] | None = None,
                     note: Callable[[], str] = lambda: "") -> None:
        """Until every caixa handed everything over and the store's outbox has nothing pending or in
        flight; `resolve_parked` (when given) deals with parked items as a manager would, and a
        True answer means look again at once. Prints each new state."""
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            waiting = sum(int(a.call("status").get("not_handed_over", 1)) for a in agents)
            box = self.outbox()
            if resolve_parked is not None and box.get("parked") and resolve_parked():
                continue
            line = f"caixas not handed over {waiting}; store outbox {box}{note()}"
            if line != last:
                say(line)
                last = line
            if not waiting and not box.get("pending") and not box.get("in_flight"):
                return
            time.sleep(every_s)
        raise TimeoutError("the store did not settle")

    # ------------------------------------------------------------ cleanup

    def close(self) -> None:
        """Everything this LAN made goes, whatever fails on the way (Ctrl-C mid-run included): the
        namespaces, their processes, PostgreSQL and the folders are removed last, always."""
        try:
            for agent in self.agents:
                with contextlib.suppress(Exception):
                    agent.stop()
            for integ in self.integradores:
                with contextlib.suppress(Exception):
                    integ.kill(signal.SIGTERM)
            if self.standin is not None:
                with contextlib.suppress(Exception):
                    self.standin.stop()
        finally:
            if self._entered:
                with contextlib.suppress(OSError):
                    _setns(self._root_ns)
            with contextlib.suppress(OSError):
                os.close(self._root_ns)
            self.lan.close()

    def __enter__(self) -> StoreLan:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

"""The lifecycle harness's store (`bench/harness_lifecycle.py`; not a test module).

Everything on this machine, no network namespaces: the Bling stand-in in this process
(`SandboxServer`, Bling's 3 req/s unless `--rate`), a throwaway PostgreSQL (`LocalPostgres`; a
second one when the store moves), the integrador as a thread of this process (its own data folder
connected to the stand-in, `Integrator.run_forever`), and each caixa as a process
(`bench/lifecycle_agent.py`) with its own data folder and PC name (`PDV_BLING_HOST_NAME`). The
`pdv-bling` commands a person types (`store join`, `store leave`, `db restore`) run as commands.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from pdv_bling.retaguarda.integrator import INTEGRATOR_URL_KEY, Integrator
from pdv_bling.retaguarda.localpg import LocalPostgres
from pdv_bling.store.context import AppContext
from pdv_bling.store.settings import set_value

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
STARTED = time.monotonic()


def say(text: str) -> None:
    one, five, _ = os.getloadavg()
    print(f"[{time.monotonic() - STARTED:7.1f}s load {one:.1f}/{five:.1f}] {text}", flush=True)


def conninfo(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def env_for(home: Path, host: str, **extra: str) -> dict[str, str]:
    """A process on PC `host` working in `home`, with that PC's own file keyring."""
    env = {**os.environ, "PDV_BLING_HOME": str(home), "PDV_BLING_HOST_NAME": host, "PYTHONPATH": str(ROOT),
           "PYTHON_KEYRING_BACKEND": "bench.filekeyring.FileKeyring", "PDV_BENCH_KEYRING": str(home / "keyring.json")}
    env.pop("PDV_BLING_API_URL", None)
    env.update(extra)
    return env


class AgentDied(RuntimeError):
    pass


class Agent:
    """`bench/lifecycle_agent.py` on one caixa's folder; `call()` sends one JSON command."""

    def __init__(self, home: Path, host: str, seed: int) -> None:
        import json

        self._json = json
        err = open(home / "agent.err", "ab")  # noqa: SIM115 (handed to the process)
        self.proc = subprocess.Popen([PY, str(ROOT / "bench" / "lifecycle_agent.py"), str(seed)],
                                     env=env_for(home, host), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=err, text=True, start_new_session=True)
        err.close()
        self.lock = threading.Lock()
        ready = self._read()
        if not ready.get("ready"):
            raise AgentDied(f"agent in {home} did not start: {ready}")
        self.installation = str(ready.get("installation"))

    def _read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise AgentDied("agent died")
        return dict(self._json.loads(line))

    def call(self, op: str, **values: Any) -> dict[str, Any]:
        with self.lock:
            assert self.proc.stdin is not None
            try:
                self.proc.stdin.write(self._json.dumps({"op": op, **values}) + "\n")
                self.proc.stdin.flush()
            except (BrokenPipeError, OSError) as exc:
                raise AgentDied(str(exc)) from None
            return self._read()

    def stop(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(BrokenPipeError, OSError):
                assert self.proc.stdin is not None
                self.proc.stdin.write('{"op": "quit"}\n')
                self.proc.stdin.flush()
            try:
                self.proc.wait(90)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(30)


@dataclass
class Caixa:
    """One counter: a data folder on a PC, its terminal id, the agent selling on it (or None)."""

    slot: str
    terminal: str
    home: Path
    host: str
    seed: int
    agent: Agent | None = None
    busy: threading.Lock = field(default_factory=threading.Lock)  # held around each agent call
    left: bool = False

    def start(self) -> None:
        self.agent = Agent(self.home, self.host, self.seed)

    def stop(self, *, kill: bool = False) -> None:
        agent, self.agent = self.agent, None
        if agent is not None:
            agent.kill() if kill else agent.stop()

    def cli(self, *args: str, stdin: str | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run([PY, "-m", "pdv_bling", *args], env=env_for(self.home, self.host), input=stdin,
                              capture_output=True, text=True, timeout=timeout)


@dataclass
class Ledger:
    """What the harness recorded, by the record's own id, and what a scripted disaster took."""

    sales: dict[str, dict[str, Any]] = field(default_factory=dict)  # uid -> facts
    taken: dict[str, str] = field(default_factory=dict)  # uid -> the disaster that took it
    events: Counter[str] = field(default_factory=Counter)
    refusals: Counter[str] = field(default_factory=Counter)
    times: dict[str, float] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what an error the store answered with said
    touched: set[str] = field(default_factory=set)  # uids exchanged already
    lock: threading.RLock = field(default_factory=threading.RLock)

    def add(self, caixa: Caixa, answer: dict[str, Any], kind: str) -> None:
        with self.lock:
            self.sales[answer["uid"]] = {"slot": caixa.slot, "terminal": caixa.terminal, "kind": kind,
                                         "numero_loja": answer.get("numero_loja"), "coupon": answer.get("coupon"),
                                         "document": answer.get("document"), "lines": answer.get("lines"),
                                         "at": time.monotonic(), "home": str(caixa.home)}
            self.events[f"recorded_{kind}"] += 1

    def problem(self, text: str) -> None:
        with self.lock:
            self.problems.append(text)
        say(f"PROBLEM: {text}")


class IntegradorThread:
    """`pdv-bling integrator --store URL` as a thread of this process (its own folder and tokens)."""

    def __init__(self, home: Path, account: Any) -> None:
        from bench.common import attach

        self.ctx = AppContext.open(home, log=False)
        attach(self.ctx, account)  # `pdv-bling connect` on the integrador host
        self.integrator: Integrator | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, url: str) -> Integrator:
        with self.ctx.store.transaction() as session:
            set_value(session, INTEGRATOR_URL_KEY, url)  # what `--store URL` saves
        self.integrator = Integrator(self.ctx, url)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self.integrator.run_forever, name="integrador", daemon=True,
                                        kwargs={"should_stop": self._stop.is_set, "idle_s": 0.3})
        self._thread.start()
        return self.integrator

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=120)
            self._thread = None
        if self.integrator is not None:
            with contextlib.suppress(Exception):
                self.integrator.stop()
            self.integrator = None

    def close(self) -> None:
        self.stop()
        self.ctx.close()


class StoreDb:
    """The store database where it lives now (it moves once), read through psycopg."""

    def __init__(self, pg: LocalPostgres, name: str, url: str | None = None) -> None:
        self.pg, self.name = pg, name
        self.url = url or pg.create_database(name)

    @classmethod
    def existing(cls, pg: LocalPostgres, name: str, url: str) -> StoreDb:
        return cls(pg, name, url)

    def sql(self, query: str, params: tuple[Any, ...] | None = None) -> list[tuple[Any, ...]]:
        with psycopg.connect(conninfo(self.url), connect_timeout=5, autocommit=True) as conn:
            cur = conn.execute(query, params)
            return list(cur.fetchall()) if cur.description else []

    def try_sql(self, query: str, params: tuple[Any, ...] | None = None) -> list[tuple[Any, ...]] | None:
        try:
            return self.sql(query, params)
        except psycopg.Error:
            return None

    def outbox(self) -> dict[str, int]:
        return dict(self.try_sql("SELECT state, count(*) FROM outbox_items GROUP BY state") or [])

    def balances(self) -> dict[str, int]:
        """Store credit per CPF/CNPJ: the ledger less open credit claims."""
        rows = self.try_sql("SELECT c.document, sum(l.amount_cents) - coalesce((SELECT sum(k.amount_cents) FROM "
                            "store_claims k WHERE k.customer_id = c.id AND k.state = 'open' AND k.kind = 'credit'), 0) "
                            "FROM store_credit_ledger l JOIN customers c ON c.id = l.customer_id GROUP BY c.id")
        return {str(doc): int(total) for doc, total in rows or []}

    def products(self) -> list[tuple[str, int]]:
        rows = self.try_sql("SELECT barcode, price_cents FROM products WHERE barcode IS NOT NULL AND active "
                            "AND price_cents > 0 AND coalesce(formato, '') <> 'V' ORDER BY id LIMIT 12")
        return [(str(b), int(p)) for b, p in rows or []]

"""The lifecycle harness's running store: set-up, the caixas selling throughout (sales, exchanges of
any caixa's sale, store credit granted and spent), and waiting for everything to settle
(`bench/harness_lifecycle.py`; not a test module)."""

from __future__ import annotations

import argparse
import contextlib
import random
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.common import resolve_parked_in
from bench.lifecycle_world import AgentDied, Caixa, IntegradorThread, Ledger, StoreDb, say
from bench.store_workload import credit_sale, customer
from pdv_bling.retaguarda.localpg import LocalPostgres, start_local_postgres
from pdv_bling.retaguarda.server import init_store, open_server
from pdv_bling.runtime.demo import map_payments_by_name
from pdv_bling.sandbox import SandboxConfig, SandboxServer
from pdv_bling.store import outbox
from pdv_bling.store.context import AppContext


class Harness:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.tmp = Path(tempfile.mkdtemp(prefix="pdv-lifecycle-"))
        self.ledger = Ledger()
        self.rng = random.Random(args.seed)
        self.stop_selling = threading.Event()
        self.selling = threading.Event()  # set once the store is ready (DE-PARA mapped)
        self.sellers: list[threading.Thread] = []
        self.caixas: list[Caixa] = []
        self.servers: list[LocalPostgres] = []
        self.standins: list[SandboxServer] = []
        self.integrador: IntegradorThread | None = None
        self.db: StoreDb | None = None

    # ------------------------------------------------------------ set-up

    def start(self) -> None:
        args = self.args
        self.standin = SandboxServer(SandboxConfig(products=args.products, seed=args.seed, rate_limit=args.rate)).start()
        self.standins.append(self.standin)
        pg = start_local_postgres()
        self.servers.append(pg)
        self.db = StoreDb(pg, "loja")
        init_store(self.db.url)  # `pdv-bling store init URL` on the integrador host
        self.integrador = IntegradorThread(self.folder("integrador"), self.standin)
        first = self.integrador.start(self.db.url)  # it leads, and pulls the catalogue first
        deadline = time.monotonic() + 600
        while not self.db.try_sql("SELECT 1 FROM sync_state WHERE model = 'produtos' AND last_success_at IS NOT NULL"):
            if time.monotonic() > deadline:
                raise TimeoutError("the integrador did not pull the catalogue")
            time.sleep(0.5)
        say(f"store on {self.db.url}; catalogue pulled by the integrador (epoch {first.leadership.epoch})")
        for index in range(args.caixas):
            self.join_new(f"PDV{index + 1:02d}", host=f"pc-{index + 1:02d}")
        self.map_payments()
        self.selling.set()

    def folder(self, name: str) -> Path:
        path = self.tmp / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def map_payments(self) -> int:
        """The manager's DE-PARA, on the store (by name, as the demo does)."""
        assert self.db is not None and self.integrador is not None
        server = open_server(self.db.url)
        try:
            return map_payments_by_name(AppContext(self.integrador.ctx.paths, server))
        finally:
            server.close()

    def join_new(self, terminal: str, *, host: str) -> Caixa:
        caixa = Caixa(slot=terminal, terminal=terminal, home=self.folder(terminal), host=host,
                      seed=self.args.seed * 100 + len(self.caixas))
        self.join(caixa, terminal)
        caixa.start()
        return self.add(caixa)

    def add(self, caixa: Caixa) -> Caixa:
        """A caixa that sells from now on, in a thread of its own."""
        self.caixas.append(caixa)
        seller = threading.Thread(target=self.sell_loop, args=(caixa,), name=f"sell-{caixa.slot}", daemon=True)
        self.sellers.append(seller)
        seller.start()
        return caixa

    def join(self, caixa: Caixa, terminal: str, url: str | None = None) -> dict[str, Any]:
        """`pdv-bling store join URL --terminal X` on the caixa's PC (its agent stopped)."""
        import json

        assert self.db is not None
        done = caixa.cli("store", "join", url or self.db.url, "--terminal", terminal, "--json")
        if done.returncode != 0:
            raise RuntimeError(f"store join {terminal} on {caixa.host} failed: {done.stderr.strip()}")
        caixa.terminal, caixa.left = terminal, False
        return dict(json.loads(done.stdout))

    # ------------------------------------------------------------ selling throughout

    def sell_loop(self, caixa: Caixa) -> None:
        rng = random.Random(caixa.seed)
        self.selling.wait()
        while not self.stop_selling.is_set():
            if caixa.agent is None:
                time.sleep(0.2)
                continue
            with caixa.busy:
                if caixa.agent is None:
                    continue
                try:
                    roll = rng.random()
                    if roll < self.args.exchange_share:
                        self.exchange(caixa, rng)
                    elif roll < self.args.exchange_share + self.args.credit_share:
                        self.spend_credit(caixa, rng)
                    else:
                        self.sell(caixa)
                except AgentDied as exc:
                    self.ledger.problem(f"{caixa.slot} agent died while selling: {exc}")
                    caixa.agent = None
            time.sleep(rng.uniform(self.args.gap_min, self.args.gap_max))

    def sell(self, caixa: Caixa, **values: Any) -> dict[str, Any] | None:
        assert caixa.agent is not None
        answer = caixa.agent.call("sell", **values)
        if not answer.get("ok"):
            self.ledger.problem(f"{caixa.slot} sale refused: {answer}")
            return None
        self.ledger.add(caixa, answer, "sale")
        return answer

    def exchange(self, caixa: Caixa, rng: random.Random) -> None:
        """An exchange of an earlier sale of any caixa (by its coupon), settled in store credit, refunded,
        or like for like (a new sale)."""
        now = time.monotonic()
        with self.ledger.lock:
            choices = [(uid, s) for uid, s in self.ledger.sales.items() if s["document"] and s["kind"] == "sale"
                       and uid not in self.ledger.touched and uid not in self.ledger.taken and now - s["at"] > 20]
            uid, sale = rng.choice(choices) if choices else ("", {})
            if choices:
                self.ledger.touched.add(uid)
        if not choices:
            self.sell(caixa)
            return
        kind = rng.choices(["credit", "refund", "like"], weights=[5, 2, 3])[0]
        first = sale["lines"][0]
        data: dict[str, Any] = {"venda": sale["coupon"], "cliente": customer(sale["document"]),
                                "devolver": [{"item": 1, "quantidade": 1}]}
        if kind == "refund":
            data["reembolso"] = True
        elif kind == "like":
            data["novos"] = [{"codigo_barras": first["codigo_barras"], "quantidade": 1}]
        assert caixa.agent is not None
        answer = caixa.agent.call("exchange", json=data)
        if not answer.get("ok"):
            self.refused(caixa, f"exchange_{kind}", answer)
            return
        self.ledger.events[f"exchanges_{kind}" + ("_elsewhere" if sale["slot"] != caixa.slot else "")] += 1
        self.ledger.events["credit_granted_cents"] += int(answer.get("credit_granted_cents") or 0)
        if answer.get("uid"):
            self.ledger.add(caixa, {**answer, "document": sale["document"], "lines": []}, "exchange_sale")

    def spend_credit(self, caixa: Caixa, rng: random.Random) -> None:
        assert self.db is not None
        balances = {d: b for d, b in self.db.balances().items() if b >= 100}
        products = self.db.products()
        if not balances or not products:
            self.sell(caixa)
            return
        document = rng.choice(sorted(balances))
        amount = balances[document] if rng.random() < 0.4 else max(100, balances[document] // 2)
        assert caixa.agent is not None
        answer = caixa.agent.call("sale", json=credit_sale(document, amount, products))
        if not answer.get("ok"):
            self.refused(caixa, "credit_spend", answer)
            return
        self.ledger.events["credit_spent_cents"] += amount
        self.ledger.add(caixa, {**answer, "document": document}, "credit_sale")

    def refused(self, caixa: Caixa, what: str, answer: dict[str, Any]) -> None:
        codes = answer.get("codes") or ["?"]
        for code in codes:
            self.ledger.refusals[f"{what}:{code}"] += 1
        if "exception" in codes:
            self.ledger.problem(f"{caixa.slot} {what}: {answer.get('message')}")
        if "store_error" in codes:  # the store answered with an error (not offline): kept for the report
            self.ledger.notes.append(f"{caixa.slot} {what}: {str(answer.get('message'))[:240]}")

    @contextlib.contextmanager
    def paused(self, caixa: Caixa, *, kill: bool = False) -> Any:
        """The caixa's agent stopped (between two operations) while the block runs, started again after."""
        with caixa.busy:
            caixa.stop(kill=kill)
            yield caixa
            if not caixa.left:
                caixa.start()

    # ------------------------------------------------------------ settling

    def settle(self, *, timeout: float) -> float:
        """Until every caixa handed everything over and the store's outbox is delivered (items parked
        for a human check resolved as a manager would). Returns the seconds it took."""
        assert self.db is not None
        started = time.monotonic()
        shown = 0.0
        while time.monotonic() - started < timeout:
            waiting = 0
            for caixa in self.caixas:
                if caixa.agent is not None:
                    with caixa.busy:
                        if caixa.agent is not None:
                            waiting += int(caixa.agent.call("status").get("not_handed_over", 1))
            box = self.db.outbox()
            if box.get(outbox.PARKED) and self.resolve_parked():
                continue
            line = f"settling: not handed over {waiting}; store outbox {box}"
            if time.monotonic() - shown > 20:
                say(line)
                shown = time.monotonic()
            if not waiting and not box.get(outbox.PENDING) and not box.get(outbox.IN_FLIGHT):
                return time.monotonic() - started
            time.sleep(2)
        self.ledger.problem(f"the store did not settle in {timeout:g} s: {line}")  # reported, then verified
        return time.monotonic() - started

    def resolve_parked(self) -> bool:
        assert self.db is not None
        server = open_server(self.db.url)
        try:
            done = resolve_parked_in(server, self.standin.inspect())
        finally:
            server.close()
        self.ledger.events["parked_for_a_human_resolved"] += done["found"] + done["retried"]
        return bool(done["found"] or done["retried"])

    # ------------------------------------------------------------ cleanup

    def close(self) -> None:
        """Everything this run made goes, whatever failed on the way (Ctrl-C included)."""
        self.stop_selling.set()
        self.selling.set()
        for caixa in self.caixas:
            with contextlib.suppress(Exception):
                caixa.stop(kill=True)
        if self.integrador is not None:
            with contextlib.suppress(Exception):
                self.integrador.close()
        for standin in self.standins:
            with contextlib.suppress(Exception):
                standin.stop()
        if self.args.keep:  # for a look: PostgreSQL left running too (stop it with pg_ctl, remove its folder)
            say(f"kept {self.tmp} and PostgreSQL in {', '.join(str(pg.folder) for pg in self.servers)}")
            return
        for pg in self.servers:
            with contextlib.suppress(Exception):
                pg.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

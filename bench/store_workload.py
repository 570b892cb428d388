"""The store LAN harness's workload and faults (`bench/harness_store_lan.py`; not a test module).

`Harness` drives the caixa agents (`bench/store_agent.py`) and the faults: sales per caixa, the
leader's SIGKILLs with the other integrador taking over, a caixa's cable cut, PostgreSQL restarted,
and the cross-caixa work (a new CPF at two caixas at once, exchanges of another caixa's sale with
`pdv-bling troca add`, store credit granted at one caixa and spent at another, two caixas spending
the same credit or returning the same unit at the same instant, cancellations).
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import threading
import time
from collections import Counter
from typing import Any

from bench.common import resolve_parked_in
from bench.store_lan import Agent, StoreLan, say
from pdv_bling.retaguarda.server import open_server
from pdv_bling.store import outbox

ADDRESS = {"logradouro": "Rua A", "numero": "1", "bairro": "Centro", "cidade": "São Paulo", "uf": "SP",
           "cep": "01001000"}


def new_cpf(rng: random.Random) -> str:
    digits = [rng.randint(0, 9) for _ in range(9)]
    for weight in (10, 11):
        total = sum(d * w for d, w in zip(digits, range(weight, 1, -1), strict=False))
        digits.append((total * 10 % 11) % 10)
    return "".join(map(str, digits))


def money(cents: int) -> str:
    return f"{cents // 100},{cents % 100:02d}"


def customer(document: str) -> dict[str, Any]:
    return {"documento": document, "nome": f"Cliente {document[-4:]}", "endereco": ADDRESS}


class Harness:
    def __init__(self, store: StoreLan, args: argparse.Namespace) -> None:
        self.s, self.args = store, args
        self.rng = random.Random(args.seed)
        self.sales: dict[str, list[dict[str, Any]]] = {}
        self.touched: set[str] = set()  # numeroLoja of sales exchanged, returned or cancelled
        self.events: Counter[str] = Counter()
        self.problems: list[str] = []
        self.kills = self.kills_busy = 0
        self.takeovers: list[float] = []
        self.stop_killing = threading.Event()
        self.lock = threading.Lock()
        self.started = 0.0
        self.new_cpfs: list[str] = []
        self.kill_times: list[tuple[float, str]] = []
        self.pull_end = 0.0  # the stand-in's time of the store's first pull's last request
        self.credit_at: dict[str, Agent] = {}  # CPF -> the caixa that granted it store credit

    # ------------------------------------------------------------ selling (one thread per caixa)

    def sell_all(self, agent: Agent, n: int, *, early_cancels: int) -> None:
        mine = self.sales.setdefault(agent.terminal, [])
        cancel_at = set(self.rng.sample(range(5, n), k=min(early_cancels, max(0, n - 5))))
        for i in range(n):
            answer = agent.call("sell")
            if not answer.get("ok"):
                self.problems.append(f"{agent.terminal} sale refused: {answer}")
                continue
            answer["at_s"] = time.monotonic() - self.started
            mine.append(answer)
            if i in cancel_at:  # cancelled at once: still this caixa's alone (not handed over yet)
                self.cancel(agent, answer)
            time.sleep(self.rng.uniform(self.args.gap_min, self.args.gap_max))

    def cancel(self, agent: Agent, sale: dict[str, Any]) -> None:
        answer = agent.call("cancel", number=sale["number"])
        with self.lock:
            if answer.get("ok"):
                self.touched.add(sale["numero_loja"])
                self.events["cancellations"] += 1
            else:
                self.problems.append(f"{agent.terminal} cancel refused: {answer}")

    # ------------------------------------------------------------ faults

    def killer(self) -> None:
        """SIGKILL whoever leads, see the other take over, restart the killed one as standby."""
        while not self.stop_killing.wait(self.rng.uniform(*self.args.kill_every)):
            leader = self.s.leader()
            if leader is None:
                continue
            busy = sum(v for k, v in self.s.outbox().items() if k in ("pending", "in_flight")) > 0
            killed_at = time.monotonic()
            self.kill_times.append((time.time(), leader.host.name))
            leader.kill(signal.SIGKILL)
            self.kills += 1
            self.kills_busy += busy
            while time.monotonic() - killed_at < 90:
                now = self.s.leader()
                if now is not None and now is not leader:
                    self.takeovers.append(time.monotonic() - killed_at)
                    break
                time.sleep(0.1)
            time.sleep(self.rng.uniform(1, 4))
            leader.start(with_url=self.s.integradores.index(leader) > 0)

    def cut_caixa(self, agent: Agent, at_s: float) -> None:
        time.sleep(at_s)
        before = len(self.sales.get(agent.terminal, []))
        say(f"{agent.terminal}: cable cut for {self.args.cut_s:g} s (it keeps selling)")
        self.s.lan.cut(agent.host)
        time.sleep(self.args.cut_s)
        self.s.lan.plug(agent.host)
        made = [x["numero_loja"] for x in self.sales.get(agent.terminal, [])[before:]]
        self.events["sales_while_cut"] = len(made)
        plugged = time.monotonic()
        # those very sales in the store database (the caixa goes on selling: "nothing left here"
        # would only be seen once it pauses)
        while time.monotonic() - plugged < 300:
            rows = self.s.sql("SELECT count(*) FROM sales WHERE numero_loja = ANY(%s)", (made,))
            if rows and rows[0][0] >= len(made):
                break
            time.sleep(0.25)
        # the Counter also keeps the harness's few timings (s) beside its counts
        self.events["handed_over_after_plug_s"] = round(time.monotonic() - plugged, 1)  # type: ignore[assignment]
        say(f"{agent.terminal}: cable back; {self.events['sales_while_cut']} sales made while cut, "
            f"all in the store database {self.events['handed_over_after_plug_s']} s after")

    def restart_postgres(self, at_s: float) -> None:
        time.sleep(at_s)
        assert self.s.pg is not None
        started = time.monotonic()
        self.events["postgres_restart_at"] = round(time.time(), 1)  # type: ignore[assignment]  # a timing
        self.s.pg.restart()
        self.events["postgres_restart_s"] = round(time.monotonic() - started, 1)  # type: ignore[assignment]  # a timing
        say(f"PostgreSQL restarted ({self.events['postgres_restart_s']} s down)")

    # ------------------------------------------------------------ across caixas

    def candidates(self, terminal: str, *, with_customer: bool = True) -> list[dict[str, Any]]:
        return [x for x in self.sales[terminal] if x["numero_loja"] not in self.touched
                and (x["document"] is not None or not with_customer)]

    def take(self, terminal: str, *, with_customer: bool = True) -> dict[str, Any]:
        sale = self.rng.choice(self.candidates(terminal, with_customer=with_customer))
        self.touched.add(sale["numero_loja"])
        return sale

    def same_new_cpf(self, agents: list[Agent], times: int) -> None:
        for _ in range(times):
            doc, at = new_cpf(self.rng), time.time() + 1.0
            results = run_at_once([(a, "sell", {"document": doc, "at": at}) for a in agents[:2]])
            for answer in results:
                if answer.get("ok"):
                    self.sales[answer["terminal"]].append(answer)
            self.events["same_new_cpf_pairs"] += 1
            self.new_cpfs.append(doc)

    def exchanges(self, agents: list[Agent], n: int) -> None:
        kinds = ["refund"] * (n // 5) + ["credit"] * (3 * n // 10)
        kinds += ["like"] * (n - len(kinds))
        for index, kind in enumerate(kinds):
            owner = agents[index % len(agents)]
            other = agents[(index + 1 + index // len(agents)) % len(agents)]
            if other is owner:
                other = agents[(index + 1) % len(agents)]
            sale = self.take(owner.terminal)
            reference = sale["coupon"] if index % 2 else f"{owner.terminal} {sale['number']}"
            first = sale["lines"][0]
            data: dict[str, Any] = {"venda": reference, "cliente": customer(sale["document"])}
            if kind == "refund":
                data["devolver"] = [{"item": x["item"], "quantidade": x["quantidade"]} for x in sale["lines"]]
                data["reembolso"] = True
            elif kind == "credit":
                data["devolver"] = [{"item": 1, "quantidade": 1}]
            else:
                data["devolver"] = [{"item": 1, "quantidade": 1}]
                data["novos"] = [{"codigo_barras": first["codigo_barras"], "quantidade": 1}]
            done = other.cli("troca", "add", "-", "--json", stdin=json.dumps(data))
            if done.returncode != 0:
                self.problems.append(f"troca add at {other.terminal} of {reference} ({kind}): {done.stderr.strip()}")
                continue
            self.events[f"exchanges_{kind}"] += 1
            self.events["exchanges_by_" + ("coupon" if index % 2 else "caixa_and_number")] += 1
            if kind == "credit":
                self.credit_at[sale["document"]] = other

    def credit_across(self, agents: list[Agent], products: list[tuple[str, int]]) -> None:
        """Credit granted at one caixa spent at another; then two caixas try the rest at once."""
        balances = self.store_balances()
        doc = max((d for d in self.credit_at if balances.get(d, 0) > 0), key=lambda d: balances[d], default=None)
        if doc is None:
            self.problems.append("no store credit was granted by the exchanges")
            return
        granted_at = self.credit_at[doc]
        spenders = [a for a in agents if a is not granted_at]
        half = balances[doc] // 2
        answer = spenders[0].call("sale", json=credit_sale(doc, half, products))
        self.events["credit_spent_elsewhere"] += bool(answer.get("ok"))
        if not answer.get("ok"):
            self.problems.append(f"credit spend at {spenders[0].terminal} refused: {answer}")
        rest = self.store_balances().get(doc, 0)
        at = time.time() + 1.5
        both = run_at_once([(a, "sale", {"json": credit_sale(doc, rest, products), "at": at}) for a in spenders])
        ok = [x for x in both if x.get("ok")]
        refused = [x for x in both if "store_credit_insufficient" in x.get("codes", [])]
        self.events["double_spend_attempts"] += 1
        self.events["double_spend_accepted"] += len(ok)
        self.events["double_spend_refused"] += len(refused)
        if len(ok) != 1 or len(refused) != 1:
            self.problems.append(f"credit spent at once by two caixas: {both}")

    def same_unit(self, agents: list[Agent], times: int) -> None:
        for index in range(times):
            owner = agents[index % len(agents)]
            others = [a for a in agents if a is not owner]
            sale = self.take(owner.terminal)
            first = sale["lines"][0]
            data = {"venda": sale["coupon"], "devolver": [{"item": 1, "quantidade": first["quantidade"]}],
                    "reembolso": True, "cliente": customer(sale["document"])}
            at = time.time() + 1.5
            both = run_at_once([(a, "exchange", {"json": data, "at": at}) for a in others])
            ok = [x for x in both if x.get("ok")]
            refused = [x for x in both if "over_return" in x.get("codes", [])]
            self.events["same_unit_attempts"] += 1
            self.events["same_unit_accepted"] += len(ok)
            self.events["same_unit_refused"] += len(refused)
            if len(ok) != 1 or len(refused) != 1:
                self.problems.append(f"same unit returned at once by two caixas: {both}")

    def store_balances(self) -> dict[str, int]:
        rows = self.s.sql("SELECT c.document, sum(l.amount_cents) FROM store_credit_ledger l JOIN customers c "
                          "ON c.id = l.customer_id GROUP BY c.document")
        claims = dict(self.s.sql("SELECT c.document, sum(k.amount_cents) FROM store_claims k JOIN customers c "
                                 "ON c.id = k.customer_id WHERE k.state = 'open' AND k.kind = 'credit' "
                                 "GROUP BY c.document"))
        return {doc: int(total) - int(claims.get(doc) or 0) for doc, total in rows}

    # ------------------------------------------------------------ waiting for the store to settle

    def settle(self, agents: list[Agent], *, timeout: float) -> None:
        """Until every caixa handed everything over and the store's outbox is delivered (parked
        stock entries resolved as a manager would)."""
        self.s.wait_settled(agents, timeout=timeout, resolve_parked=self.resolve_parked,
                            note=lambda: f"; kills {self.kills}")

    def resolve_parked(self) -> bool:
        """Items parked for a human check ("confirmar_estoque", "confirmar_lancamento": a posting
        whose answer was lost, e.g. to a SIGKILL): resolved as a manager would, by looking in Bling.
        Anything else parked is a finding: printed with its error, and the harness stops waiting
        for it (False)."""
        assert self.s.standin is not None
        others = self.s.sql("SELECT o.id, o.kind, s.numero_loja, o.error_code, o.last_error, o.payload "
                            "FROM outbox_items o LEFT JOIN sales s ON s.id = o.sale_id "
                            "WHERE o.state = 'parked' AND NOT (o.error_code = ANY(%s))", (list(outbox.CONFIRMABLE),))
        for row in others:
            problem = f"parked for a human: {row}"
            if problem not in self.problems:
                self.problems.append(problem)
                say(problem)
        server = open_server(self.s.sa_url)
        try:
            resolved = resolve_parked_in(server, self.s.standin.inspect())
        finally:
            server.close()
        self.events["parked_stock_entries"] += resolved["found"] + resolved["retried"]
        self.events["parked_found_in_bling"] += resolved["found"]
        return not others


def run_at_once(calls: list[tuple[Agent, str, dict[str, Any]]]) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = [{} for _ in calls]

    def one(index: int, agent: Agent, op: str, values: dict[str, Any]) -> None:
        results[index] = {**agent.call(op, **values), "terminal": agent.terminal}

    threads = [threading.Thread(target=one, args=(i, *call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def credit_sale(document: str, credit_cents: int, products: list[tuple[str, int]]) -> dict[str, Any]:
    barcode, price = max(products, key=lambda p: p[1])
    quantity = max(1, -(-credit_cents // price))
    total = quantity * price
    payments = [{"forma": "Crédito em Loja", "valor": money(credit_cents)}]
    if total > credit_cents:
        payments.append({"forma": "PIX", "valor": money(total - credit_cents)})
    return {"itens": [{"codigo_barras": barcode, "quantidade": quantity}], "pagamentos": payments,
            "cliente": customer(document)}



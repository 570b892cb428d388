"""Store LAN harness (issue 17, "Must show" 1): a whole store on network namespaces, with faults.

    .venv/bin/python bench/harness_store_lan.py                 # 3 x 100 sales, >= 20 kills: ~15-20 min
    .venv/bin/python bench/harness_store_lan.py --sales 30 --exchanges 6 --min-kills 5   # ~6 min

Needs root (network namespaces, PostgreSQL run as `postgres`). Hosts, each in its own namespace on
a private bridge (`bench/store_lan.py`): the store server (PostgreSQL 15), the Bling stand-in
(`pdv-bling sandbox --host <its LAN ip> --rate-limit 3`, Bling's real 3 req/s), two integradores
(`pdv-bling integrator`, each connected once with the real `pdv-bling connect`, tokens in the host's
file keyring), three caixas (`pdv-bling store join`, then `bench/store_agent.py`: the app's
recording and background handover), and the harness itself. Stock mode "Lançar pela integração"
to a deposit that is not Bling's padrão (every sale posts stock and receivables explicitly).

Workload: 3 x `--sales` mixed sales (40% with one of five shared CPFs); a new CPF registered at two
caixas at the same instant; `--exchanges` exchanges of a sale made at ANOTHER caixa with the CLI
(`pdv-bling troca add`, by exchange coupon or "PDV0x N": full refunds, partial returns to store
credit, like-for-like exchanges); store credit granted at one caixa spent at another, then two
caixas spending the same remaining credit at the same instant; two caixas returning the same unit
at the same instant; cancellations (just recorded, and handed over long ago).
Faults: caixa 3's cable cut for `--cut-s` while it keeps selling; the leading integrador SIGKILLed
every `--kill-every` seconds (at least `--min-kills` times) and restarted as the standby; PostgreSQL
restarted once.

Prints, compared against every caixa's LOCAL records (`bench/store_check.py`): every numeroLoja
exactly once with its situação and receivables; stock per deposit; partial-return entries; twin
contacts; units returned twice; credit spent twice; 429s; the catalogue pull's request count
against a single caixa's pull. Exit 0 when everything holds. Cleans up all it made (Ctrl-C too).
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import all_clean, resolve_parked_in, setup_terminal  # noqa: E402
from bench.store_check import check_store, store_expected  # noqa: E402
from bench.store_lan import Agent, StoreLan, load, say  # noqa: E402
from pdv_bling.retaguarda.server import open_server  # noqa: E402
from pdv_bling.sandbox import SandboxConfig, SandboxServer  # noqa: E402

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


def requests_of(log: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in log if "/oauth/" not in e["path"]]


def reference_pull(products: int, seed: int, home: Path) -> tuple[int, set[str]]:
    """A single caixa's first catalogue pull against the same stand-in data: its request count."""
    server = SandboxServer(SandboxConfig(products=products, seed=seed, rate_limit=1000.0)).start()
    try:
        terminal = setup_terminal(home, server)
        terminal.close()
        log = requests_of(server.inspect()["requests"]["log"])
        return len(log), {e["endpoint"] for e in log}
    finally:
        server.stop()


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
        self.events["sales_while_cut"] = len(self.sales.get(agent.terminal, [])) - before
        plugged = time.monotonic()
        while agent.call("status").get("not_handed_over", 1) and time.monotonic() - plugged < 300:
            time.sleep(0.5)
        self.events["handed_over_after_plug_s"] = round(time.monotonic() - plugged)
        say(f"{agent.terminal}: cable back; {self.events['sales_while_cut']} sales made while cut, "
            f"all handed over {self.events['handed_over_after_plug_s']} s after")

    def restart_postgres(self, at_s: float) -> None:
        time.sleep(at_s)
        assert self.s.pg is not None
        started = time.monotonic()
        self.events["postgres_restart_at"] = round(time.time(), 1)
        self.s.pg.restart()
        self.events["postgres_restart_s"] = round(time.monotonic() - started, 1)
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
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            waiting = sum(int(a.call("status").get("not_handed_over", 1)) for a in agents)
            box = self.s.outbox()
            if box.get("parked") and self.resolve_parked():
                continue
            line = f"caixas not handed over {waiting}; store outbox {box}; kills {self.kills}"
            if line != last:
                say(line)
                last = line
            if not waiting and not box.get("pending") and not box.get("in_flight"):
                return
            time.sleep(3)
        raise TimeoutError("the store did not settle")

    def resolve_parked(self) -> bool:
        """Parked "confirmar_estoque" items: resolved as a manager would. Anything else parked is a
        finding: printed with its error, and the harness stops waiting for it (False)."""
        assert self.s.standin is not None
        others = self.s.sql("SELECT o.id, o.kind, s.numero_loja, o.error_code, o.last_error, o.payload "
                            "FROM outbox_items o LEFT JOIN sales s ON s.id = o.sale_id "
                            "WHERE o.state = 'parked' AND o.error_code <> 'confirmar_estoque'")
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


def late_cancellations(h: Harness, agents: list[Agent], per_caixa: int) -> None:
    """Cancel sales the store has owned for a while (cancelled on the store server)."""
    for agent in agents:
        for _ in range(per_caixa):
            h.cancel(agent, h.take(agent.terminal, with_customer=False))


def workload(h: Harness, agents: list[Agent]) -> None:
    args = h.args
    h.started = time.monotonic()
    sellers = [threading.Thread(target=h.sell_all, args=(a, args.sales), kwargs={"early_cancels": args.cancels // 2},
                                daemon=True) for a in agents]
    faults = [threading.Thread(target=h.cut_caixa, args=(agents[-1], args.cut_at), daemon=True),
              threading.Thread(target=h.restart_postgres, args=(args.pg_restart_at,), daemon=True)]
    for thread in sellers + faults:
        thread.start()
    for thread in sellers + faults:
        thread.join()
    say(f"{sum(len(v) for v in h.sales.values())} sales recorded; handing over before the cross-caixa work")
    for agent in agents:
        agent.call("push")
    products = [(str(b), int(p)) for b, p in h.s.sql(
        "SELECT barcode, price_cents FROM products WHERE active AND barcode IS NOT NULL ORDER BY id LIMIT 12")]
    h.same_new_cpf(agents, args.same_cpf)
    h.exchanges(agents, args.exchanges)
    for agent in agents:
        agent.call("push")
    h.credit_across(agents, products)
    h.same_unit(agents, args.same_unit)
    late_cancellations(h, agents, args.cancels - args.cancels // 2)
    say(f"workload done: {dict(h.events)}")


def verdict(h: Harness, agents: list[Agent], *, pull: int, reference: int, endpoints: set[str]) -> bool:
    s = h.s
    assert s.standin is not None
    inspect = s.standin.inspect()
    facts = store_expected([a.home for a in agents])
    result = check_store(facts, inspect, store_balances=h.store_balances())
    log = inspect["requests"]["log"]
    too_many = [e for e in log if e["status"] == 429]
    catalogue = Counter(e["endpoint"] for e in requests_of(log)
                        if e["endpoint"] in endpoints and e["method"] == "GET" and e["t"] > h.pull_end)
    documents = {x["document"] for sales in h.sales.values() for x in sales if x["document"]}
    contacts = {d: s.standin.active_contacts(d) for d in sorted(documents)}
    twins = sorted(d for d, n in contacts.items() if n != 1)
    if twins:
        diagnose_twins(h, log)
    epoch = s.sql("SELECT epoch FROM integrator_lease WHERE id = 1")[0][0]
    print(f"== store LAN harness: 3 caixas x {h.args.sales} sales, 2 integradores, stand-in at "
          f"{h.args.rate:g} req/s ({load()}) ==")
    for agent in agents:
        ms = sorted(x["ms"] for x in h.sales[agent.terminal])
        print(f"{agent.terminal}: {len(ms)} sales recorded (record_sale p50 {ms[len(ms) // 2]:.1f} ms, "
              f"p99 {ms[int(len(ms) * 0.99) - 1]:.1f} ms on this loaded LAN; bench/bench_store_local.py measures it)")
    print(f"faults: {h.kills} SIGKILLs of the leading integrador ({h.kills_busy} with the store's outbox not "
          f"empty), epoch now {epoch}; takeover after a kill: median {sorted(h.takeovers)[len(h.takeovers) // 2]:.1f} s, "
          f"max {max(h.takeovers):.1f} s; PostgreSQL restarted once ({h.events['postgres_restart_s']} s); "
          f"caixa cut {h.args.cut_s:g} s with {h.events['sales_while_cut']} sales made meanwhile")
    print(f"workload: {dict(sorted(h.events.items()))}")
    print(f"compared with every caixa's local records: {result}")
    print(f"contacts: {len(documents)} CPFs used, active Bling contacts per CPF {contacts}; twins {twins}")
    print(f"requests {len(requests_of(log))} (+{len(log) - len(requests_of(log))} OAuth), 429s {len(too_many)}")
    print(f"catalogue: the store's pull took {pull} requests; a single caixa's pull takes {reference}; "
          f"GETs of the pull's endpoints after it, by any leader: {sum(catalogue.values())} {dict(catalogue)} "
          f"(situação lookups are the drainer's, before a cancellation; a later pull would show produtos)")
    ok = (all_clean(result) and not twins and not too_many and pull == reference and h.kills >= h.args.min_kills
          and not h.problems)
    for problem in h.problems:
        print(f"PROBLEM: {problem}")
    print("EVERY RECORD IN BLING EXACTLY ONCE, STORE INVARIANTS HOLD" if ok else "MISMATCH")
    return ok


def diagnose_twins(h: Harness, log: list[dict[str, Any]]) -> None:
    """When to look: every contact creation and lookup around the kills and the restart."""
    marks = [(t, f"KILL {host}") for t, host in h.kill_times]
    marks += [(float(h.events["postgres_restart_at"]), "POSTGRES RESTART")] if h.events.get("postgres_restart_at") else []
    marks += [(e["t"], f"{e['method']} {e['path'][:70]} {e['status']}") for e in log if "/contatos" in e["path"]]
    for t, what in sorted(marks):
        print(f"  {time.strftime('%H:%M:%S', time.localtime(t))}.{int(t * 1000) % 1000:03d} {what}")
    for row in h.s.sql("SELECT o.id, o.kind, o.state, o.attempts, o.result, o.customer_id, c.document FROM outbox_items o "
                       "JOIN customers c ON c.id = o.customer_id WHERE o.kind = 'customer_upsert' ORDER BY o.id"):
        print(f"  {row}")


def run(s: StoreLan, args: argparse.Namespace) -> int:
    h = Harness(s, args)
    reference, endpoints = reference_pull(args.products, args.seed, s.folder("reference"))
    say(f"reference: a single caixa's first pull takes {reference} requests")
    s.start()
    assert s.standin is not None
    mark = len(s.standin.inspect()["requests"]["log"])
    s.start_integrators()
    pulled = requests_of(s.standin.inspect()["requests"]["log"][mark:])
    pull, h.pull_end = len(pulled), max(e["t"] for e in pulled)
    say(f"integ1 leads and pulled the catalogue into the store: {pull} requests; integ2 stands by")
    say(f"store settings: {s.configure(stock_mode='integration')}")
    agents = s.join_caixas()
    say(f"caixas joined: {[a.terminal for a in agents]}")
    killer = threading.Thread(target=h.killer, daemon=True)
    killer.start()
    workload(h, agents)
    while h.kills < args.min_kills:  # the kills go on during delivery
        time.sleep(1)
    h.stop_killing.set()
    killer.join()
    say(f"{h.kills} kills; now the store settles (an item a killed leader left in flight waits for the "
        f"next leader's grace)")
    h.settle(agents, timeout=args.timeout)
    for agent in agents:
        agent.stop()
    for integ in s.integradores:
        integ.kill(signal.SIGTERM)
    return 0 if verdict(h, agents, pull=pull, reference=reference, endpoints=endpoints) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sales", type=int, default=100, help="per caixa")
    parser.add_argument("--exchanges", type=int, default=20, help="of a sale made at another caixa")
    parser.add_argument("--cancels", type=int, default=6, help="per caixa (half just recorded, half old)")
    parser.add_argument("--same-unit", type=int, default=5, help="two caixas returning the same unit at once")
    parser.add_argument("--same-cpf", type=int, default=3, help="a new CPF at two caixas at once")
    parser.add_argument("--min-kills", type=int, default=20)
    parser.add_argument("--kill-every", type=float, nargs=2, default=(6.0, 14.0), metavar=("MIN", "MAX"))
    parser.add_argument("--cut-at", type=float, default=20.0, help="seconds into the workload")
    parser.add_argument("--cut-s", type=float, default=60.0)
    parser.add_argument("--pg-restart-at", type=float, default=50.0, help="seconds into the workload")
    parser.add_argument("--gap-min", type=float, default=0.5, help="seconds between a caixa's sales")
    parser.add_argument("--gap-max", type=float, default=2.0)
    parser.add_argument("--products", type=int, default=120)
    parser.add_argument("--rate", type=float, default=3.0, help="the stand-in's requests per second")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--timeout", type=float, default=3600)
    args = parser.parse_args()
    with StoreLan(caixas=3, integradores=2, products=args.products, seed=args.seed, rate=args.rate,
                  prefix="pdvlan") as store:
        return run(store, args)


if __name__ == "__main__":
    sys.exit(main())

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
import signal
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import all_clean, setup_terminal  # noqa: E402
from bench.store_check import check_store, store_expected  # noqa: E402
from bench.store_lan import Agent, StoreLan, load, say  # noqa: E402
from bench.store_workload import Harness  # noqa: E402
from pdv_bling.sandbox import SandboxConfig, SandboxServer  # noqa: E402


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
        "SELECT barcode, price_cents FROM products WHERE active AND barcode IS NOT NULL "
        "AND (formato IS NULL OR formato <> 'V') ORDER BY id LIMIT 12")]  # lookups.sellable_products: no parents
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
    # the pull ends with its last model's last request (situações: the Vendas module's list); the
    # leader's daily account check may start right after it, in the same pass: not the pull's
    window = requests_of(s.standin.inspect()["requests"]["log"][mark:])
    last = next(i for i, e in enumerate(window) if e["endpoint"] == "/situacoes/modulos/{idModuloSistema}")
    pulled = window[:last + 1]
    after = Counter(e["endpoint"] for e in window[last + 1:])
    pull, h.pull_end = len(pulled), pulled[-1]["t"]
    say(f"integ1 leads and pulled the catalogue into the store: {pull} requests (then, not the pull's: "
        f"{dict(after)}); integ2 stands by")
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

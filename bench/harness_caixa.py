"""Harness: turno postings to Caixa e Bancos through a hostile network (issue 24).

    .venv/bin/python bench/harness_caixa.py --postings 80          # ~8 min
    .venv/bin/python bench/harness_caixa.py --postings 40 --trap-date-format br

The stand-in (a separate process) answers 10% 500 + 10% 503, 20% 429, and commits 20% of
`POST /caixas` then drops the connection without answering, with 20 ms of latency: harness 2's
faults. It never refuses a duplicate (none is documented for lançamentos), so exactly once rests on
the lookup by day, value and the uid's marker. A third of the postings share one day and value;
a turno's chain holds ten. With 20% 429s the client's AIMD pacer sits near its floor (1/60 of the
20 req/s it is given), so a run takes minutes for a few hundred requests.
Prints what the stand-in holds against what was queued, the faults that fired, and the requests.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import StandIn, drain_until_done, outbox_states, setup_terminal, stamp  # noqa: E402
from pdv_bling.domain.ids import new_uid  # noqa: E402
from pdv_bling.store import outbox  # noqa: E402
from pdv_bling.store.caixa_mapping import CaixaMapping, load_categorias, load_contas, save_mapping  # noqa: E402
from pdv_bling.store.engine import Store  # noqa: E402
from pdv_bling.sync.caixa_lancamento import has_marker  # noqa: E402

FAULTS = {"p500": 0.1, "p503": 0.1, "p429": 0.2, "p_commit_drop": 0.2, "latency_ms": 20, "seed": 7}


def map_by_name(store: Store) -> CaixaMapping:
    with store.transaction() as session:
        contas = {c.descricao: c.id for c in load_contas(session)}
        cats = {c.descricao: c.id for c in load_categorias(session)}
        mapping = CaixaMapping(contas["Caixa"], cats["Suprimento de caixa"], cats["Sangria de caixa"],
                               cats["Quebra de caixa"], cats["Quebra de caixa"])
        save_mapping(session, mapping)
    return mapping


def queue(store: Store, rng: random.Random, n: int) -> list[dict[str, Any]]:
    payloads = []
    with store.transaction() as session:
        for i in range(n):
            papel = rng.choice(["suprimento", "sangria", "diferenca"])
            tipo = {"suprimento": "E", "sangria": "S"}.get(papel) or rng.choice(["E", "S"])
            payload = {"uid": new_uid(), "data": "2026-11-26", "valor_cents": 5000 if i % 3 == 0 else
                       rng.randrange(100, 90000), "tipo": tipo, "papel": papel, "forma": "Dinheiro",
                       "historico": f"Movimento {i}"}
            outbox.enqueue(session, chain=f"turno:{i // 10}", kind=outbox.CAIXA_LANCAMENTO, payload=payload)
            payloads.append(payload)
    return payloads


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postings", type=int, default=80)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--trap-date-format", choices=["iso", "br", "both"], default="both")
    parser.add_argument("--limit-s", type=float, default=1800.0, help="give up after this many seconds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="harness-caixa-") as name:
        tmp = Path(name)
        standin = StandIn(tmp / "standin.sqlite", products=20, extra=["--trap-caixas-date-format", args.trap_date_format])
        try:
            os.environ["PDV_BLING_RATE_PER_SECOND"] = "20"
            home = tmp / "store"
            terminal = setup_terminal(home, standin, pull=False)
            terminal.service.pull_now(["caixa_bancos"])
            map_by_name(terminal.ctx.store)
            payloads = queue(terminal.ctx.store, random.Random(args.seed), args.postings)
            mark = len(standin.inspect()["requests"]["log"])
            standin.set_faults(**FAULTS)
            print(f"[{stamp()}] {len(payloads)} postings queued; hostile delivery starts", flush=True)
            started = time.monotonic()
            stats = drain_until_done(terminal, home=home, standin=None, limit_s=args.limit_s)
            wall = time.monotonic() - started
            standin.set_faults(p500=0, p503=0, p429=0, p_commit_drop=0, latency_ms=0)
            inspect = standin.inspect()
            terminal.close()
            states = outbox_states(home)
        finally:
            standin.stop()
    held = inspect["caixas"]
    per_uid = [sum(has_marker(e["observacoes"], p["uid"]) for e in held) for p in payloads]
    wrong = sum(1 for p in payloads for e in held if has_marker(e["observacoes"], p["uid"])
                and round(e["valor"] * 100) != p["valor_cents"])
    log = inspect["requests"]["log"][mark:]
    by_status = Counter(str(entry["status"]) for entry in log)
    by_call = Counter(f"{entry['method']} {entry['endpoint']}" for entry in log)
    print("== harness: Caixa e Bancos through a hostile network ==")
    print(f"faults={FAULTS} date_format={args.trap_date_format}")
    print(f"postings queued={len(payloads)} lançamentos held={len(held)} exactly once={per_uid.count(1)} "
          f"missing={per_uid.count(0)} duplicated={sum(1 for n in per_uid if n > 1)} wrong value={wrong}")
    print(f"outbox states={dict(states)} drain passes={stats['passes']} wall={wall:.1f}s")
    print(f"requests={len(log)} ({len(log) / max(1, len(payloads)):.2f} per posting) by status={dict(by_status)}")
    print(f"POST /caixas={by_call['POST /caixas']} GET /caixas (lookups)={by_call['GET /caixas']}")
    clean = per_uid.count(1) == len(payloads) == len(held) and wrong == 0 and states.get("done") == len(payloads)
    print("RESULT:", "exactly once" if clean else "NOT exactly once")
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())

"""Turno postings in Bling's Caixa e Bancos end to end over real HTTP: the real client and drainer
against the stand-in, which (like Bling, as far as anyone documented) never refuses a duplicate.
Exactly once rests on our lookup by day, value and the uid's marker in `observacoes`."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from pdv_bling.sandbox import SandboxServer
from pdv_bling.store import outbox
from pdv_bling.store.backups import manual_backup
from pdv_bling.store.models import OutboxItem
from pdv_bling.sync.caixa_lancamento import has_marker
from tests.caixa_support import enqueue_posting, map_by_name, posting
from tests.e2e.helpers import Terminal, drain_all, open_terminal

pytestmark = pytest.mark.e2e


@pytest.fixture
def terminal(tmp_path: Path, sandbox: SandboxServer) -> Iterator[Terminal]:
    t = open_terminal(tmp_path / "t1", sandbox, pull=False)
    t.service.pull_now(["caixa_bancos"])
    yield t
    t.close()


def entries(server: SandboxServer) -> list[dict[str, Any]]:
    return list(server.inspect()["caixas"])


def with_marker(server: SandboxServer, uid: str) -> list[dict[str, Any]]:
    return [e for e in entries(server) if has_marker(e["observacoes"], uid)]


def requests(server: SandboxServer, key: str) -> int:
    return int(server.inspect()["requests"]["by_endpoint"].get(key, 0))


def items(t: Terminal) -> list[OutboxItem]:
    with t.ctx.store.read() as session:
        return list(session.scalars(select(OutboxItem).where(OutboxItem.kind == outbox.CAIXA_LANCAMENTO)
                                    .order_by(OutboxItem.id)))


def hostile_workload(rng: random.Random, n: int) -> list[dict[str, Any]]:
    """Suprimentos, sangrias and differences; a third share one day and value (only the marker
    tells them apart)."""
    out = []
    for i in range(n):
        papel = rng.choice(["suprimento", "sangria", "diferenca"])
        tipo = rng.choice(["E", "S"]) if papel == "diferenca" else None
        valor = 5000 if i % 3 == 0 else rng.randrange(100, 90000)
        out.append(posting(valor, papel=papel, tipo=tipo, historico=f"Movimento {i}"))
    return out


def test_every_posting_exactly_once_under_lost_answers_5xx_and_429(terminal: Terminal,
                                                                    sandbox: SandboxServer) -> None:
    mapping = map_by_name(terminal.ctx.store)
    payloads = hostile_workload(random.Random(11), 30)
    for payload in payloads:
        enqueue_posting(terminal.ctx.store, payload)
    sandbox.set_faults(p500=0.1, p503=0.1, p429=0.15, p_commit_drop=0.25, seed=4)
    counts = drain_all(terminal, rounds=400)
    sandbox.set_faults(p500=0.0, p503=0.0, p429=0.0, p_commit_drop=0.0)
    assert counts[outbox.PARKED] == 0 and counts[outbox.PENDING] == 0
    held = entries(sandbox)
    assert len(held) == len(payloads)
    for payload in payloads:
        found = with_marker(sandbox, payload["uid"])
        assert len(found) == 1, payload
        entry = found[0]
        assert round(entry["valor"] * 100) == payload["valor_cents"]
        assert entry["debCred"] == ("C" if payload["tipo"] == "E" else "D")
        assert entry["data"] == payload["data"] and entry["contaFinanceira"]["id"] == mapping.conta_id
        role = payload["papel"] if payload["papel"] != "diferenca" else ("sobra" if payload["tipo"] == "E" else "falta")
        assert entry["categoria"]["id"] == mapping.categoria(role)
    by_uid = {p["uid"]: p for p in payloads}
    for item in items(terminal):  # each item keeps the id of the lançamento it delivered
        assert item.state == outbox.DONE
        assert with_marker(sandbox, by_uid[item.payload["uid"]]["uid"])[0]["id"] == item.result["lancamento_id"]
    statuses = sandbox.inspect()["requests"]["by_status"]
    assert statuses.get("dropped", 0) > 0 and statuses.get("500", 0) + statuses.get("503", 0) > 0
    assert statuses.get("429", 0) > 0, "every fault must actually have fired"
    assert any(i.result.get("found") for i in items(terminal)), "a lost answer was adopted, not re-posted"


def test_a_lost_answer_is_looked_up_and_adopted(terminal: Terminal, sandbox: SandboxServer) -> None:
    map_by_name(terminal.ctx.store)
    payload = posting(12345, papel="sangria", historico="Depósito no banco")
    enqueue_posting(terminal.ctx.store, payload)
    sandbox.set_faults(p_commit_drop=1.0)
    report = terminal.service.drain_now()
    sandbox.set_faults(p_commit_drop=0.0)
    assert report.retried == 1 and len(with_marker(sandbox, payload["uid"])) == 1
    drain_all(terminal)
    assert len(with_marker(sandbox, payload["uid"])) == 1
    assert requests(sandbox, "POST /caixas") == 1 and requests(sandbox, "GET /caixas") >= 1
    (item,) = items(terminal)
    assert item.result["found"] is True and item.result["lancamento_id"] == with_marker(sandbox, payload["uid"])[0]["id"]


def test_unmapped_parks_with_the_fix_and_posts_once_mapped(terminal: Terminal, sandbox: SandboxServer) -> None:
    payload = posting(2500, papel="diferenca", tipo="S", historico="Falta no fechamento")
    item_id = enqueue_posting(terminal.ctx.store, payload)
    report = terminal.service.drain_now()
    assert report.parked == 1 and requests(sandbox, "POST /caixas") == 0
    with terminal.ctx.store.read() as session:
        item = session.get(OutboxItem, item_id)
        assert item is not None and item.state == outbox.PARKED
        assert item.error_code == "caixa_nao_mapeado"
    fix = item.suggested_fix or ""
    assert "a conta financeira" in fix and "a categoria da falta de caixa" in fix and "Integração Bling > Caixa e Bancos" in fix
    assert "conta_id=NOME_OU_ID falta=NOME_OU_ID" in fix and "R$ 25,00" in fix and "26/11/2026" in fix
    map_by_name(terminal.ctx.store, falta="Despesas administrativas")
    with terminal.ctx.store.transaction() as session:
        assert outbox.retry(session, item_id)
    drain_all(terminal)
    (entry,) = with_marker(sandbox, payload["uid"])
    assert entry["debCred"] == "D" and entry["categoria"]["descricao"] == "Despesas administrativas"
    assert requests(sandbox, "POST /caixas") == 1


def test_only_the_missing_categoria_is_named(terminal: Terminal, sandbox: SandboxServer) -> None:
    mapping = map_by_name(terminal.ctx.store)
    from pdv_bling.store.caixa_mapping import save_mapping

    with terminal.ctx.store.transaction() as session:
        save_mapping(session, mapping.with_values(sobra=None))
    enqueue_posting(terminal.ctx.store, posting(700, papel="diferenca", tipo="E"))
    ok = posting(800, papel="suprimento")
    enqueue_posting(terminal.ctx.store, ok)  # another turno's chain: delivered
    drain_all(terminal)
    (parked,) = [i for i in items(terminal) if i.state == outbox.PARKED]
    assert "a categoria da sobra de caixa" in (parked.suggested_fix or "") and "conta financeira" not in (parked.suggested_fix or "")
    assert len(with_marker(sandbox, ok["uid"])) == 1


@pytest.mark.parametrize("traps", [
    {"caixas_conta_field": "contaFinanceira", "caixas_date_format": "br", "caixas_data_wrapped": True},
    {"caixas_conta_field": "idContaContabil", "caixas_date_format": "iso", "caixas_data_wrapped": False},
    {"caixas_conta_field": "either", "caixas_date_format": "both", "caixas_data_wrapped": True},
])
def test_the_unconfirmed_spec_quirks_all_deliver_once(terminal: Terminal, sandbox: SandboxServer,
                                                      traps: dict[str, Any]) -> None:
    """Whichever conta field the server reads, date form it accepts and answer shape it sends."""
    sandbox.set_traps(**traps)
    map_by_name(terminal.ctx.store)
    payloads = [posting(990, papel="suprimento"), posting(990, papel="suprimento"), posting(4100, papel="sangria")]
    for payload in payloads:
        enqueue_posting(terminal.ctx.store, payload)
    sandbox.set_faults(p_commit_drop=1.0)
    terminal.service.drain_now()  # the first POST is made and its answer lost
    sandbox.set_faults(p_commit_drop=0.0)
    drain_all(terminal)
    assert [len(with_marker(sandbox, p["uid"])) for p in payloads] == [1, 1, 1]
    assert len(entries(sandbox)) == 3
    assert all(i.state == outbox.DONE and i.result["lancamento_id"] for i in items(terminal))


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PDV_BLING_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "pdv_bling", *args], env=env, capture_output=True, text=True,
                          timeout=120)


def test_after_a_restore_maybe_sent_postings_are_looked_up_not_reposted(tmp_path: Path,
                                                                       sandbox: SandboxServer) -> None:
    """A backup taken before delivery is restored: the three postings come back undelivered and
    "maybe sent". Two reached Bling before the restore: adopted. The third never left: posted once."""
    home = tmp_path / "caixa"
    t = open_terminal(home, sandbox, pull=False)
    t.service.pull_now(["caixa_bancos"])
    map_by_name(t.ctx.store)
    payloads = [posting(3000, papel="suprimento"), posting(3000, papel="sangria"), posting(4550, papel="sangria")]
    for payload in payloads:
        enqueue_posting(t.ctx.store, payload)
    manual_backup(t.ctx.store, t.ctx.paths.backups)
    assert t.service.drain_now(max_items=2).delivered == 2
    t.close()
    assert [len(with_marker(sandbox, p["uid"])) for p in payloads] == [1, 1, 0]

    t.ctx.paths.database.write_bytes(b"\x00" * 100 + b"danificado" * 1000)  # the database is damaged
    done = _cli(home, "db", "restore")
    assert done.returncode == 0, done.stderr
    t = open_terminal(home, sandbox, pull=False)
    try:
        assert all(i.state == outbox.PENDING and i.result.get("maybe_sent") for i in items(t))
        posts, lookups = requests(sandbox, "POST /caixas"), requests(sandbox, "GET /caixas")
        drain_all(t)
        assert [len(with_marker(sandbox, p["uid"])) for p in payloads] == [1, 1, 1]
        assert requests(sandbox, "POST /caixas") == posts + 1  # only the one Bling did not have
        assert requests(sandbox, "GET /caixas") >= lookups + 3  # each was looked up first
        results = [i.result for i in items(t)]
        assert [r.get("found", False) for r in results] == [True, True, False]
        assert all(i.state == outbox.DONE for i in items(t))
    finally:
        t.close()

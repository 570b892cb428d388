"""Store mode: a caixa's turno postings are handed over like sales and the integrador posts them to
Caixa e Bancos with the store-wide mapping (set from any caixa, replicated to all), exactly once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, update

from pdv_bling.management.caixa_bancos import set_mapping
from pdv_bling.retaguarda.scope import acting_on
from pdv_bling.retaguarda.server import init_store, open_server
from pdv_bling.sandbox import SandboxServer
from pdv_bling.store import outbox
from pdv_bling.store.caixa_mapping import load_contas, load_mapping
from pdv_bling.store.models import OutboxItem
from pdv_bling.sync.caixa_bancos import ask_pull
from pdv_bling.sync.caixa_lancamento import has_marker
from tests.caixa_support import enqueue_posting, posting
from tests.store.helpers import integrador, join

pytestmark = [pytest.mark.postgres, pytest.mark.e2e]


def _items(server: object) -> list[OutboxItem]:
    with server.read() as session:  # type: ignore[attr-defined]
        return list(session.scalars(select(OutboxItem).where(OutboxItem.kind == outbox.CAIXA_LANCAMENTO)
                                    .order_by(OutboxItem.id)))


def test_postings_handed_over_park_until_the_store_maps_then_go_once(tmp_path: Path, pg_url: str,
                                                                      bling: SandboxServer) -> None:
    init_store(pg_url)
    boss = integrador(tmp_path, "int-a", pg_url, bling)
    assert boss.run_once(pull=True).role == "leader"
    server = open_server(pg_url)
    with server.read() as session:
        assert load_contas(session) == []  # the store does not use Caixa e Bancos yet: lists not pulled
    caixa, link = join(tmp_path, pg_url, "PDV01")
    first = posting(4000, papel="sangria", historico="Depósito")
    enqueue_posting(caixa.store, first)
    assert link.sync_once().online  # handed over like a sale
    boss.run_once()
    (item,) = _items(server)
    assert item.state == outbox.PARKED and item.error_code == "caixa_nao_mapeado"
    assert not bling.state.lancamentos

    with acting_on(caixa, writes=True) as scope, scope.store.transaction() as session:
        ask_pull(session)  # Atualizar do Bling on the caixa: the integrador's next pull brings the lists
    boss.run_once(pull=True)
    link.sync_once()
    with caixa.store.read() as session:
        assert "Caixa" in {c.descricao for c in load_contas(session)}  # replicated to the caixa
    home = tmp_path / "PDV01"
    env = {**os.environ, "PDV_BLING_HOME": str(home)}
    done = subprocess.run([sys.executable, "-m", "pdv_bling", "caixa-bancos", "set", "conta_id=Caixa",
                           "sangria=Sangria de caixa"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "vale para todos os caixas" in done.stdout, done.stderr
    with server.read() as session:
        mapping = load_mapping(session)
    assert mapping.conta_id == 14_000_000_001 and mapping.sangria == 15_000_000_002
    link.sync_once()
    with caixa.store.read() as session:
        assert load_mapping(session) == mapping  # the caixa's copy follows the store's

    with server.transaction() as session:
        assert outbox.retry(session, item.id)
    boss.run_once()
    second = posting(4000, papel="sangria", historico="Outro depósito")  # same day and value: the marker tells
    enqueue_posting(caixa.store, second)
    link.sync_once()
    bling.set_faults(p_commit_drop=1.0)
    boss.run_once()  # posted, the answer lost
    bling.set_faults(p_commit_drop=0.0)
    with server.transaction() as session:
        session.execute(update(OutboxItem).where(OutboxItem.state != outbox.DONE).values(next_attempt_at=None))
    boss.run_once()
    held = list(bling.state.lancamentos.values())
    assert len(held) == 2
    assert [sum(has_marker(e["observacoes"], p["uid"]) for e in held) for p in (first, second)] == [1, 1]
    assert all(i.state == outbox.DONE for i in _items(server))
    assert _items(server)[1].result["found"] is True
    with server.transaction() as session:  # every caixa sees the same store-wide mapping
        set_mapping(session, {"falta": "Quebra de caixa"})
    listed = subprocess.run([sys.executable, "-m", "pdv_bling", "caixa-bancos", "list", "--json"], env=env,
                            capture_output=True, text=True, timeout=120)
    view = json.loads(listed.stdout)
    assert {line["key"]: line["bling_id"] for line in view["mapping"]}["falta"] == 15_000_000_004
    boss.stop()

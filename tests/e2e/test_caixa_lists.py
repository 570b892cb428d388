"""The Caixa e Bancos lists are pulled like the formas de pagamento, but only by a store that posts
turnos to Bling: the scopes of those modules must never break another store's catalogue pull."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from pdv_bling.bling.errors import BlingForbidden
from pdv_bling.runtime.demo import start_demo
from pdv_bling.sandbox import SandboxServer
from pdv_bling.store.caixa_mapping import load_categorias, load_contas, load_mapping
from pdv_bling.store.models import SyncState
from tests.caixa_support import enqueue_posting, posting
from tests.e2e.helpers import open_terminal

pytestmark = pytest.mark.e2e


def asked(server: SandboxServer, path: str) -> int:
    return int(server.inspect()["requests"]["by_endpoint"].get(f"GET {path}", 0))


def test_the_lists_come_with_sincronizar_tudo_only_once_turnos_post(tmp_path: Path, sandbox: SandboxServer) -> None:
    t = open_terminal(tmp_path / "t", sandbox, pull=False)
    try:
        report = t.service.pull_now()  # Sincronizar tudo
        assert "caixa_bancos" not in report.models and asked(sandbox, "/contas-contabeis") == 0
        enqueue_posting(t.ctx.store, posting(500))  # the first turno posting
        report = t.service.pull_now()
        assert report.models["caixa_bancos"] == 4 + 8  # active contas and categorias
        with t.ctx.store.read() as session:
            assert {c.descricao for c in load_contas(session)} == {"Caixa", "Banco do Brasil", "Conta PIX", "Bling Conta"}
            assert "Categoria antiga" not in {c.descricao for c in load_categorias(session)}
    finally:
        t.close()


def test_a_missing_scope_never_breaks_the_catalogue_pull(tmp_path: Path, sandbox: SandboxServer) -> None:
    answer = httpx.post(f"{sandbox.control_url}/account", json={"missing_scopes": ["contas_contabeis"]}, timeout=5)
    assert answer.status_code == 200
    t = open_terminal(tmp_path / "t", sandbox, pull=False)
    try:
        enqueue_posting(t.ctx.store, posting(500))
        report = t.service.pull_now()
        assert report.models["produtos"] > 0 and "caixa_bancos" not in report.models
        with t.ctx.store.read() as session:
            state = session.get(SyncState, "caixa_bancos")
            assert state is not None and state.last_error == "forbidden" and state.last_success_at is None
        with pytest.raises(BlingForbidden):  # asked for by name (Atualizar do Bling): the refusal is said
            t.service.pull_now(["caixa_bancos"])
    finally:
        t.close()


def test_the_demo_chooses_caixa_e_bancos_by_name_and_posts(tmp_path: Path) -> None:
    demo = start_demo(tmp_path / "demo", products=20)
    try:
        with demo.ctx.store.read() as session:
            assert load_mapping(session).missing == ()
        payload = posting(1500, papel="sangria")
        enqueue_posting(demo.ctx.store, payload)
        assert demo.service.drain_now().delivered == 1
        (entry,) = demo.server.inspect()["caixas"]
        assert payload["uid"] in entry["observacoes"] and entry["categoria"]["descricao"] == "Sangria de caixa"
    finally:
        demo.stop()

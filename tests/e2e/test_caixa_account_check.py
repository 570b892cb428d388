"""Verificar conta and the Caixa e Bancos mapping: checked only once turnos post to Bling; then the
conta and every role's categoria must exist, be active and point the right way."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from pdv_bling.account_check import MAX_REQUESTS, CheckReport, run_check
from pdv_bling.sandbox import SandboxServer
from pdv_bling.store.caixa_mapping import load_mapping, save_mapping
from tests.caixa_support import enqueue_posting, map_by_name, posting
from tests.e2e.helpers import Terminal, open_terminal

pytestmark = pytest.mark.e2e
Rig = tuple[SandboxServer, Terminal]


@pytest.fixture
def rig(tmp_path: Path, make_sandbox: Callable[..., SandboxServer]) -> Iterator[Rig]:
    server = make_sandbox(products=40, seed=3)
    terminal = open_terminal(tmp_path / "pdv", server)
    yield server, terminal
    terminal.close()


def check(terminal: Terminal) -> CheckReport:
    return run_check(terminal.ctx.store, terminal.service.client)


def caixa_results(report: CheckReport) -> dict[str, str]:
    return {r.code: r.status for r in report.results if r.topic == "caixa_bancos"}


def asked(server: SandboxServer, prefix: str) -> int:
    return sum(n for key, n in server.inspect()["requests"]["by_endpoint"].items() if key.startswith(f"GET {prefix}"))


def test_a_store_without_turnos_in_bling_is_not_asked_about_them(rig: Rig) -> None:
    server, terminal = rig
    report = check(terminal)
    assert caixa_results(report) == {}
    assert asked(server, "/contas-contabeis") == asked(server, "/caixas") == 0
    assert not any(r.code == "escopos_parcial" for r in report.results)  # their scopes are optional


def test_queued_postings_without_a_mapping_are_errors_with_the_fix(rig: Rig) -> None:
    server, terminal = rig
    enqueue_posting(terminal.ctx.store, posting(1000, papel="sangria"))
    report = check(terminal)
    found = {r.code: r for r in report.results if r.topic == "caixa_bancos"}
    assert set(found) == {"caixa_bancos_sem_conta", "caixa_bancos_sem_categoria"}
    assert all(r.status == "erro" for r in found.values())
    assert "Integração Bling > Caixa e Bancos" in found["caixa_bancos_sem_conta"].fix
    assert "\"Suprimento\", \"Sangria\", \"Sobra de caixa\" e \"Falta de caixa\"" in found[
        "caixa_bancos_sem_categoria"].explanation
    assert asked(server, "/contas-contabeis") == 1 and asked(server, "/categorias/receitas-despesas") == 1
    assert report.requests <= MAX_REQUESTS


def test_a_good_mapping_is_ok_and_a_gone_or_wrong_one_is_found(rig: Rig) -> None:
    server, terminal = rig
    terminal.service.pull_now(["caixa_bancos"])
    mapping = map_by_name(terminal.ctx.store)
    report = check(terminal)
    assert caixa_results(report) == {"caixa_bancos_ok": "ok"}, [r.explanation for r in report.results]
    assert any(r.code == "escopos_ok" for r in report.results) and report.requests <= MAX_REQUESTS

    server.state.contas_financeiras[int(mapping.conta_id or 0)]["situacao"] = 2  # inactivated in Bling
    server.state.categorias_financeiras[int(mapping.sangria or 0)]["situacao"] = 0
    with terminal.ctx.store.transaction() as session:  # a despesa for the sobra (set around the CLI's check)
        save_mapping(session, load_mapping(session).with_values(sobra=15_000_000_006))
    found = {r.code: r for r in check(terminal).results if r.topic == "caixa_bancos"}
    assert set(found) == {"caixa_bancos_conta_inexistente", "caixa_bancos_categoria_inexistente",
                          "caixa_bancos_categoria_sentido"}
    assert "\"Sangria\"" in found["caixa_bancos_categoria_inexistente"].explanation
    assert found["caixa_bancos_categoria_sentido"].status == "atencao"
    assert "\"Sobra de caixa\"" in found["caixa_bancos_categoria_sentido"].explanation


def test_a_missing_caixas_scope_is_named(rig: Rig) -> None:
    server, terminal = rig
    terminal.service.pull_now(["caixa_bancos"])
    map_by_name(terminal.ctx.store)
    answer = httpx.post(f"{server.control_url}/account", json={"missing_scopes": ["caixas"]}, timeout=5)
    assert answer.status_code == 200
    scopes = next(r for r in check(terminal).results if r.code == "escopos_faltando")
    assert "Caixas e Bancos" in scopes.explanation and scopes.params["missing"] == ["caixas"]

"""`pdv-bling caixa-bancos`: the lists pulled from the stand-in, the mapping set by name or id,
refusals in Portuguese, and the postings it unblocks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pdv_bling.sandbox import SandboxServer
from tests.caixa_support import enqueue_posting, posting
from tests.e2e.helpers import open_terminal

pytestmark = pytest.mark.e2e


def cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PDV_BLING_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "pdv_bling", "caixa-bancos", *args], env=env, capture_output=True,
                          text=True, timeout=120)


def test_pull_set_by_name_and_id_and_refusals(tmp_path: Path, sandbox: SandboxServer) -> None:
    home = tmp_path / "caixa"
    open_terminal(home, sandbox, pull=False).close()
    shown = cli(home, "list")
    assert shown.returncode == 0 and shown.stdout.count("Não informado") == 5 and "atualizadas: nunca" in shown.stdout

    early = cli(home, "set", "conta_id=Caixa")
    assert early.returncode == 2 and "Atualizar do Bling" in early.stderr and "pdv-bling caixa-bancos atualizar" in early.stderr

    pulled = cli(home, "atualizar")
    assert pulled.returncode == 0, pulled.stderr
    assert "Contas financeiras e categorias atualizadas do Bling" in pulled.stdout
    listed = cli(home, "list", "--listas")
    assert "conta 14000000001: Caixa (caixa)" in listed.stdout and "Caixa antigo" not in listed.stdout
    assert "categoria 15000000002: Sangria de caixa (despesa)" in listed.stdout and "Categoria antiga" not in listed.stdout

    done = cli(home, "set", "conta_id=caixa", "suprimento=Suprimento de caixa", "sangria=15000000002",
               "sobra=Sobra de caixa", "falta=Quebra de caixa")
    assert done.returncode == 0, done.stderr
    view = json.loads(cli(home, "list", "--json").stdout)
    assert {line["key"]: line["bling_id"] for line in view["mapping"]} == {
        "conta_id": 14_000_000_001, "suprimento": 15_000_000_001, "sangria": 15_000_000_002,
        "sobra": 15_000_000_003, "falta": 15_000_000_004}

    wrong = cli(home, "set", "sangria=Suprimento de caixa", "conta_id=Caixa antigo", "troco=1")
    assert wrong.returncode == 2
    assert "A categoria Suprimento de caixa é de receita, mas a sangria é uma saída" in wrong.stderr
    assert "Conta financeira não encontrada entre as ativas do Bling: Caixa antigo" in wrong.stderr
    assert "Chave desconhecida: troco" in wrong.stderr
    assert json.loads(cli(home, "list", "--json").stdout)["mapping"][2]["bling_id"] == 15_000_000_002  # unchanged

    cleared = cli(home, "set", "falta=")
    assert cleared.returncode == 0 and "Falta de caixa: Não informado" in cleared.stdout


def test_a_parked_posting_goes_once_the_cli_maps_it(tmp_path: Path, sandbox: SandboxServer) -> None:
    home = tmp_path / "caixa"
    t = open_terminal(home, sandbox, pull=False)
    payload = posting(1990, papel="sangria")
    enqueue_posting(t.ctx.store, payload)
    assert t.service.drain_now().parked == 1
    t.close()
    assert cli(home, "atualizar").returncode == 0
    assert cli(home, "set", "conta_id=Caixa", "sangria=Sangria de caixa").returncode == 0
    env = {**os.environ, "PDV_BLING_HOME": str(home)}
    retry = subprocess.run([sys.executable, "-m", "pdv_bling", "outbox", "retry", "--all-parked"], env=env,
                           capture_output=True, text=True, timeout=120)
    assert retry.returncode == 0, retry.stderr
    sent = subprocess.run([sys.executable, "-m", "pdv_bling", "sync"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert sent.returncode == 0, sent.stdout + sent.stderr
    entries = sandbox.inspect()["caixas"]
    assert len(entries) == 1 and payload["uid"] in entries[0]["observacoes"] and entries[0]["debCred"] == "D"

"""Catalogue behaviour as measured on live Bling (field guide 5, 6.1-6.6), the seed, and the CLI."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import httpx
import pytest

from pdv_bling.sandbox import SandboxServer
from pdv_bling.sandbox.seed import build_seed

pytestmark = pytest.mark.e2e


def _ean13_ok(code: str) -> bool:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(code[:12]))
    return len(code) == 13 and (10 - total % 10) % 10 == int(code[12])


def test_seed_is_deterministic_and_complete() -> None:
    a, b = build_seed(products=200, seed=5), build_seed(products=200, seed=5)
    assert a.produtos == b.produtos and a.produtos != build_seed(products=200, seed=6).produtos
    assert all(_ean13_ok(p["gtin"]) for p in a.produtos.values())
    assert any(p["formato"] == "V" for p in a.produtos.values())
    assert {f["descricao"] for f in a.formas} >= {"Dinheiro", "Crédito em Loja", "Pontos de Fidelidade", "Boleto",
                                                  "Vale Presente", "Cheque", "Cartão de Crédito", "Cartão de Débito", "PIX"}
    assert [d["padrao"] for d in a.depositos] == [True, False]
    assert any(c["categoriaPai"]["id"] for c in a.categorias)


def test_list_lacks_gtin_and_detail_has_tributacao(api: httpx.Client) -> None:
    item = api.get("/produtos", params={"limite": 1}).json()["data"][0]
    assert "gtin" not in item and "tributacao" not in item and "saldoVirtualTotal" in item["estoque"]
    detail = api.get(f"/produtos/{item['id']}").json()["data"]
    assert detail["gtin"] and detail["tributacao"]["ncm"].count(".") == 2 and "categoria" in detail


def test_single_ended_date_filter_is_ignored_and_deleted_need_criterio(api: httpx.Client,
                                                                      sandbox: SandboxServer) -> None:
    everything = api.get("/produtos", params={"limite": 100}).json()["data"]
    changed = everything[5]["id"]
    sandbox.advance_clock(3600)
    sandbox.state.touch_products([changed])
    deleted = everything[6]["id"]
    httpx.post(f"{sandbox.control_url}/products/touch", json={"ids": [deleted], "delete": True})
    future = sandbox.clock.now().strftime("%Y-%m-%d %H:%M:%S")
    since = (sandbox.clock.now().replace(minute=0, second=0)).strftime("%Y-%m-%d %H:%M:%S")
    one_end = api.get("/produtos", params={"dataAlteracaoInicial": future}).json()["data"]
    assert len(one_end) == 100 and deleted not in {p["id"] for p in one_end}  # ignored: a full page
    both = api.get("/produtos", params={"dataAlteracaoInicial": since, "dataAlteracaoFinal": future}).json()["data"]
    assert [p["id"] for p in both] == [changed]
    gone = api.get("/produtos", params={"criterio": 4}).json()["data"]
    assert [(p["id"], p["situacao"]) for p in gone] == [(deleted, "E")]


def test_variations_and_tipo_filter(api: httpx.Client, sandbox: SandboxServer) -> None:
    children = api.get("/produtos", params={"tipo": "V"}).json()["data"]
    assert children and all("idProdutoPai" in c for c in children)
    parent = api.get(f"/produtos/variacoes/{children[0]['idProdutoPai']}").json()["data"]
    assert all(v["variacao"]["nome"].startswith("Tamanho:") for v in parent["variacoes"])


def test_contato_document_search_is_digits_only(api: httpx.Client, sandbox: SandboxServer) -> None:
    doc = sandbox.state.seed.contatos[1]["numeroDocumento"]
    formatted = f"{doc[:3]}.{doc[3:6]}.{doc[6:9]}-{doc[9:]}"
    assert len(api.get("/contatos", params={"numeroDocumento": doc, "criterio": 1}).json()["data"]) == 1
    assert api.get("/contatos", params={"numeroDocumento": formatted}).json()["data"] == []


def test_estoques_movements_and_balances(api: httpx.Client, sandbox: SandboxServer) -> None:
    pid = api.get("/produtos", params={"tipo": "PS", "limite": 1}).json()["data"][0]["id"]
    dep = sandbox.state.deposito_padrao
    for op, qty in (("B", 10), ("E", 5), ("S", 2)):
        resp = api.post("/estoques", json={"produto": {"id": pid}, "deposito": {"id": dep}, "operacao": op,
                                           "quantidade": qty, "observacoes": f"ajuste {op}"})
        assert resp.status_code == 201
    row = api.get("/estoques/saldos", params={"idsProdutos[]": pid}).json()["data"][0]
    assert next(d for d in row["depositos"] if d["id"] == dep)["saldoFisico"] == 13
    assert api.get("/estoques/saldos", params={"codigos[]": "NOPE"}).status_code == 400
    assert api.get("/formas-pagamento").status_code == 404  # singular path does not exist


def test_cli_prints_credentials_and_stops_on_sigterm() -> None:
    proc = subprocess.Popen([sys.executable, "-m", "pdv_bling", "sandbox", "--products", "20"],
                            stdout=subprocess.PIPE, text=True, env={**os.environ})
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline().strip() for _ in range(3)]
        assert lines[0].startswith("base_url=http://127.0.0.1:") and lines[1].startswith("client_id=")
        base = lines[0].split("=", 1)[1]
        assert httpx.get(f"{base}/produtos").status_code == 401
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0

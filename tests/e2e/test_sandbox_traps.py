"""The real account's traps (field guide sections 7 and 8.5), each on by default and switchable."""

from __future__ import annotations

import httpx
import pytest

from pdv_bling.sandbox import SandboxServer
from tests.e2e.sandbox_support import fields_of, first_ids, order_body

pytestmark = pytest.mark.e2e


def _control(sb: SandboxServer) -> httpx.Client:
    return httpx.Client(base_url=sb.control_url)


def test_editar_numero_pedido_requires_numero(api: httpx.Client, sandbox: SandboxServer) -> None:
    ids = first_ids(api)
    assert _control(sandbox).post("/traps", json={"editar_numero_pedido": True}).json()["editar_numero_pedido"]
    refused = api.post("/pedidos/vendas", json=order_body(ids))
    assert refused.status_code == 400 and fields_of(refused)[0]["msg"] == "Informe o número do pedido"
    ok = api.post("/pedidos/vendas", json=order_body(ids, numero=777))
    assert ok.status_code == 201
    assert api.get(f"/pedidos/vendas/{ok.json()['data']['id']}").json()["data"]["numero"] == 777


def test_duplicate_sale_guard_and_its_switch(api: httpx.Client, sandbox: SandboxServer) -> None:
    ids = first_ids(api)
    body = order_body(ids, marker="same")
    assert api.post("/pedidos/vendas", json=body).status_code == 201
    body["numeroLoja"] = "other-uuid"  # numeroLoja alone does not make it different
    dup = api.post("/pedidos/vendas", json=body)
    assert dup.status_code == 400 and fields_of(dup)[0]["code"] == 3
    assert "Informações idênticas a última venda salva" in fields_of(dup)[0]["msg"]
    body["observacoesInternas"] = "Venda PDV unique-2"
    assert api.post("/pedidos/vendas", json=body).status_code == 201
    sandbox.set_traps(duplicate_guard=False)
    assert api.post("/pedidos/vendas", json=body).status_code == 201


def test_identical_put_is_refused_with_code_3(api: httpx.Client) -> None:
    ids = first_ids(api)
    body = order_body(ids)
    oid = api.post("/pedidos/vendas", json=body).json()["data"]["id"]
    same = api.put(f"/pedidos/vendas/{oid}", json=body)
    assert same.status_code == 400 and fields_of(same)[0]["code"] == 3


def test_parcelas_must_sum_to_total(api: httpx.Client, sandbox: SandboxServer) -> None:
    ids = first_ids(api)
    body = order_body(ids)
    body["parcelas"][0]["valor"] = 19.99
    resp = api.post("/pedidos/vendas", json=body)
    assert resp.status_code == 400
    assert fields_of(resp)[0] == {"code": 22, "msg": "O somatório do valor das parcelas difere do total da venda",
                                  "element": "parcelas", "namespace": "VENDAS"}
    sandbox.set_traps(parcelas_sum=False)
    assert api.post("/pedidos/vendas", json=body).status_code == 201


def test_discounts_enter_the_total(api: httpx.Client) -> None:
    ids = first_ids(api)
    body = order_body(ids, desconto={"valor": 5.0, "unidade": "REAL"})
    body["parcelas"][0]["valor"] = 15.0
    oid = api.post("/pedidos/vendas", json=body).json()["data"]["id"]
    order = api.get(f"/pedidos/vendas/{oid}").json()["data"]
    assert (order["totalProdutos"], order["total"]) == (20.0, 15.0)


def test_unknown_forma_de_pagamento_is_code_49_with_collection_12(api: httpx.Client) -> None:
    body = order_body(first_ids(api))
    body["parcelas"][0]["formaPagamento"]["id"] = 123
    resp = api.post("/pedidos/vendas", json=body)
    field = fields_of(resp)[0]
    assert resp.status_code == 400 and field["code"] == 49 and field["element"] == "parcelas"
    assert field["collection"][0]["code"] == 12
    assert field["collection"][0]["msg"] == "Id da forma de pagamento inválido."


def test_setting_the_current_situacao_is_code_50(api: httpx.Client, sandbox: SandboxServer) -> None:
    oid = api.post("/pedidos/vendas", json=order_body(first_ids(api))).json()["data"]["id"]
    resp = api.patch(f"/pedidos/vendas/{oid}/situacoes/6")
    assert resp.status_code == 400 and fields_of(resp)[0]["code"] == 50
    sandbox.set_traps(same_situacao=False)
    assert api.patch(f"/pedidos/vendas/{oid}/situacoes/6").status_code == 204


def test_date_windows_over_one_year_are_400(api: httpx.Client, sandbox: SandboxServer) -> None:
    params = {"dataAlteracaoInicial": "2024-01-01 00:00:00", "dataAlteracaoFinal": "2025-06-01 00:00:00"}
    assert api.get("/produtos", params=params).status_code == 400
    assert api.get("/pedidos/vendas", params={"dataInicial": "2024-01-01", "dataFinal": "2026-01-01"}).status_code == 400
    sandbox.set_traps(date_window=False)
    assert api.get("/produtos", params=params).status_code == 200


def test_transition_manager_posts_and_reverses_stock_and_contas(api: httpx.Client, sandbox: SandboxServer) -> None:
    ids = first_ids(api)
    pid, dep = ids["produto"]["id"], sandbox.state.deposito_padrao
    before = sandbox.state.balances[(pid, dep)]
    oid = api.post("/pedidos/vendas", json=order_body(ids, qty=3)).json()["data"]["id"]
    assert api.get(f"/pedidos/vendas/{oid}").json()["data"]["situacao"] == {"id": 6, "valor": 0}
    assert api.patch(f"/pedidos/vendas/{oid}/situacoes/9").status_code == 204
    seen = httpx.get(f"{sandbox.control_url}/inspect").json()
    assert seen["balances"][str(pid)][str(dep)] == before - 3
    assert len(seen["contas_receber"]["open"]) == 1
    assert "pedido de venda" in seen["stock_movements"][str(dep)][0]["observacoes"]
    assert api.patch(f"/pedidos/vendas/{oid}/situacoes/12").status_code == 204
    seen = httpx.get(f"{sandbox.control_url}/inspect").json()
    assert seen["balances"][str(pid)][str(dep)] == before
    assert seen["contas_receber"] == {"open": [], "reversed": seen["contas_receber"]["reversed"]}
    assert len(seen["contas_receber"]["reversed"]) == 1
    sandbox.set_traps(transition_manager=False)
    other = api.post("/pedidos/vendas", json=order_body(ids)).json()["data"]["id"]
    api.patch(f"/pedidos/vendas/{other}/situacoes/9")
    assert sandbox.state.balances[(pid, dep)] == before


def test_explicit_posting_never_double_posts(api: httpx.Client, sandbox: SandboxServer) -> None:
    ids = first_ids(api)
    pid = ids["produto"]["id"]
    other_dep = next(d for d in sandbox.state.depositos if d != sandbox.state.deposito_padrao)
    before = sandbox.state.balances[(pid, other_dep)]
    oid = api.post("/pedidos/vendas", json=order_body(ids, qty=2)).json()["data"]["id"]
    assert api.post(f"/pedidos/vendas/{oid}/lancar-estoque/{other_dep}").status_code == 204
    twice = api.post(f"/pedidos/vendas/{oid}/lancar-estoque")
    assert twice.status_code == 400 and twice.json()["error"]["type"] == "VALIDATION_ERROR"
    api.patch(f"/pedidos/vendas/{oid}/situacoes/9")  # the manager skips what is already posted
    assert sandbox.state.balances[(pid, other_dep)] == before - 2
    assert api.post(f"/pedidos/vendas/{oid}/estornar-estoque").status_code == 204
    assert api.post(f"/pedidos/vendas/{oid}/estornar-estoque").status_code == 400
    assert sandbox.state.balances[(pid, other_dep)] == before
    assert api.post(f"/pedidos/vendas/{oid}/lancar-contas").status_code == 400  # the manager posted them

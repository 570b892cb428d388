"""Contract: every operation the stand-in implements answers with bodies that validate against the
response schemas of Bling's official OpenAPI document (with the documented spec quirks relaxed),
and request bodies that violate the request schema are refused with Bling's 400 shape."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from openapi_core import Config, OpenAPI
from openapi_core.testing import MockRequest, MockResponse

from pdv_bling.sandbox import SandboxServer
from pdv_bling.sandbox.prune_spec import IMPLEMENTED
from pdv_bling.sandbox.spec import relax
from tests.core.spec_path import load_spec
from tests.e2e.sandbox_support import fields_of, first_ids, order_body

pytestmark = pytest.mark.e2e
HOST = "https://api.bling.com.br"


@pytest.fixture(scope="module")
def openapi() -> OpenAPI:
    # Quirk 6: openapi-core's own spec validation fails on the document; operations still validate.
    return OpenAPI.from_dict(relax(load_spec()), config=Config(spec_validator_cls=None))


class Checker:
    def __init__(self, openapi: OpenAPI, api: httpx.Client) -> None:
        self.openapi, self.api, self.seen = openapi, api, set[tuple[str, str]]()

    def call(self, method: str, path: str, template: str, **kwargs: Any) -> httpx.Response:
        resp = self.api.request(method, path, **kwargs)
        url = resp.request.url
        request = MockRequest(HOST, method.lower(), url.path, path_pattern=f"/Api/v3{template}",
                              args=dict(httpx.QueryParams(url.query)))
        ctype = resp.headers.get("content-type", "application/json").split(";")[0]
        response = MockResponse(resp.content, status_code=resp.status_code, content_type=ctype)
        if resp.status_code != 204:
            self.openapi.validate_response(request, response)
        self.seen.add((template, method.lower()))
        return resp


def test_every_implemented_operation_validates(openapi: OpenAPI, api: httpx.Client, sandbox: SandboxServer) -> None:
    c = Checker(openapi, api)
    ids = first_ids(api)
    pid = ids["produto"]["id"]
    parent = next(p for p in sandbox.state.produtos.values() if p["formato"] == "V")
    dep = sandbox.state.deposito_padrao
    gets = [
        ("/produtos", "/produtos"), (f"/produtos/{pid}", "/produtos/{idProduto}"),
        (f"/produtos/{parent['id']}", "/produtos/{idProduto}"),
        (f"/produtos/variacoes/{parent['id']}", "/produtos/variacoes/{idProdutoPai}"),
        ("/categorias/produtos", "/categorias/produtos"),
        (f"/categorias/produtos/{sandbox.state.seed.categorias[1]['id']}", "/categorias/produtos/{idCategoriaProduto}"),
        ("/contatos", "/contatos"), ("/contatos/consumidor-final", "/contatos/consumidor-final"),
        (f"/contatos/{ids['contato']}", "/contatos/{idContato}"), ("/vendedores", "/vendedores"),
        (f"/vendedores/{sandbox.state.seed.vendedores[0]['id']}", "/vendedores/{idVendedor}"),
        ("/formas-pagamentos", "/formas-pagamentos"),
        (f"/formas-pagamentos/{ids['forma']}", "/formas-pagamentos/{idFormaPagamento}"),
        ("/depositos", "/depositos"), (f"/depositos/{dep}", "/depositos/{idDeposito}"),
        ("/situacoes/modulos", "/situacoes/modulos"),
        ("/situacoes/modulos/98310", "/situacoes/modulos/{idModuloSistema}"),
        ("/situacoes/modulos/98310/transicoes", "/situacoes/modulos/{idModuloSistema}/transicoes"),
        (f"/estoques/saldos?idsProdutos[]={pid}", "/estoques/saldos"),
        (f"/estoques/saldos/{dep}?idsProdutos[]={pid}", "/estoques/saldos/{idDeposito}"),
        ("/empresas/me/dados-basicos", "/empresas/me/dados-basicos"),
    ]
    for path, template in gets:
        assert c.call("GET", path, template).status_code == 200, path
    created = c.call("POST", "/contatos", "/contatos",
                     json={"nome": "Cliente Novo", "situacao": "A", "tipo": "F", "numeroDocumento": "52998224725"})
    assert created.status_code == 201
    contato = f"/contatos/{created.json()['data']['id']}/situacoes"
    assert c.call("PATCH", contato, "/contatos/{idContato}/situacoes", json={"situacao": "I"}).status_code == 204
    order = c.call("POST", "/pedidos/vendas", "/pedidos/vendas", json=order_body(ids))
    assert order.status_code == 201
    oid = order.json()["data"]["id"]
    base = "/pedidos/vendas/{idPedidoVenda}"
    assert c.call("GET", f"/pedidos/vendas/{oid}", base).status_code == 200
    assert c.call("GET", "/pedidos/vendas", "/pedidos/vendas").status_code == 200
    assert c.call("PUT", f"/pedidos/vendas/{oid}", base, json=order_body(ids, qty=3)).status_code == 200
    for action in ("lancar-estoque", "estornar-estoque", "lancar-contas", "estornar-contas"):
        assert c.call("POST", f"/pedidos/vendas/{oid}/{action}", f"{base}/{action}").status_code == 204
    assert c.call("POST", f"/pedidos/vendas/{oid}/lancar-estoque/{dep}",
                  f"{base}/lancar-estoque/{{idDeposito}}").status_code == 204
    assert c.call("PATCH", f"/pedidos/vendas/{oid}/situacoes/15",
                  f"{base}/situacoes/{{idSituacao}}").status_code == 204
    sandbox.set_nfce(sefaz_latency_s=0.0, slow_share=0.0)
    nota = c.call("POST", f"/pedidos/vendas/{oid}/gerar-nfce", f"{base}/gerar-nfce").json()["idNotaFiscal"]
    nfce = "/nfce/{idNotaFiscalConsumidor}"
    assert c.call("POST", f"/nfce/{nota}/enviar", f"{nfce}/enviar").status_code == 200
    assert c.call("GET", f"/nfce/{nota}", nfce).json()["data"]["situacao"] == 5
    assert c.call("GET", "/nfce?dataEmissaoInicial=2020-01-01 00:00:00&dataEmissaoFinal=2020-01-31 23:59:59",
                  "/nfce").json()["data"] == []
    assert c.call("GET", "/nfce?situacao=5", "/nfce").json()["data"][0]["id"] == nota
    assert c.call("GET", "/naturezas-operacoes?situacao=1", "/naturezas-operacoes").status_code == 200
    conta = c.call("GET", "/contas-contabeis?situacoes[]=1", "/contas-contabeis").json()["data"][0]["id"]
    categoria = c.call("GET", "/categorias/receitas-despesas?situacao=1",
                       "/categorias/receitas-despesas").json()["data"][0]["id"]
    lancamento = {"data": "2026-08-21", "competencia": "2026-08-21", "valor": 10.0, "debCred": "C",
                  "observacoes": "suprimento", "contaFinanceira": {"id": conta}, "idContaContabil": conta,
                  "categoria": {"id": categoria}}
    assert c.call("POST", "/caixas", "/caixas", json=lancamento).status_code == 201
    assert c.call("GET", "/caixas?dataInicial=2026-08-21&dataFinal=2026-08-21", "/caixas").status_code == 200
    mov = {"produto": {"id": pid}, "deposito": {"id": dep}, "operacao": "E", "quantidade": 5}
    assert c.call("POST", "/estoques", "/estoques", json=mov).status_code == 201
    caixa = {"data": "2026-11-26", "competencia": "2026-11-26", "valor": 10.5, "debCred": "C", "observacoes": "PDV",
             "idContaContabil": 14_000_000_001, "contaFinanceira": {"id": 14_000_000_001},
             "categoria": {"id": 15_000_000_002}}
    lanc = c.call("POST", "/caixas", "/caixas", json=caixa)
    assert lanc.status_code == 201
    assert c.call("GET", "/caixas?dataInicial=2026-11-26&dataFinal=2026-11-26", "/caixas").json()["data"]
    assert c.call("GET", f"/caixas/{lanc.json()['id']}", "/caixas/{idCaixa}").status_code == 200
    for path, template in (("/contas-contabeis?situacoes[]=1", "/contas-contabeis"),
                           ("/contas-contabeis/14000000001", "/contas-contabeis/{idContaContabil}"),
                           ("/categorias/receitas-despesas?situacao=1", "/categorias/receitas-despesas"),
                           ("/categorias/receitas-despesas/15000000002",
                            "/categorias/receitas-despesas/{idCategoria}")):
        assert c.call("GET", path, template).status_code == 200, path
    assert c.call("POST", "/caixas", "/caixas", json={**caixa, "valor": 0}).status_code == 400
    # Error bodies validate too (ErrorResponse, quirk 2).
    assert c.call("GET", "/produtos/1", "/produtos/{idProduto}").status_code == 404
    assert c.call("POST", "/pedidos/vendas", "/pedidos/vendas", json={"data": "2026-08-21"}).status_code == 400
    implemented = {(p, m) for p, methods in IMPLEMENTED.items() for m in methods}
    assert implemented <= c.seen


def test_deleted_products_and_empty_dates_validate_with_quirks(openapi: OpenAPI, api: httpx.Client,
                                                                sandbox: SandboxServer) -> None:
    pid = first_ids(api)["produto"]["id"]
    sandbox.state.touch_products([pid], delete=True)
    c = Checker(openapi, api)
    listed = c.call("GET", "/produtos?criterio=5", "/produtos").json()["data"]
    assert any(p["id"] == pid and p["situacao"] == "E" for p in listed)
    order = api.get("/pedidos/vendas").json()["data"]
    assert order == []


@pytest.mark.parametrize(
    ("mutate", "element"),
    [
        (lambda b: b.pop("itens"), "itens"),
        (lambda b: b["contato"].pop("id"), "contato"),
        (lambda b: b["itens"][0].update(quantidade="dois"), "itens.0.quantidade"),
        (lambda b: b.update(data="21/08/2026"), "data"),
        (lambda b: b["parcelas"][0].pop("formaPagamento"), "parcelas.0"),
    ],
)
def test_request_schema_violations_are_refused_with_bling_400(api: httpx.Client, mutate: Any, element: str) -> None:
    body = order_body(first_ids(api))
    mutate(body)
    resp = api.post("/pedidos/vendas", json=body)
    assert resp.status_code == 400
    error = resp.json()["error"]
    assert error["type"] == "VALIDATION_ERROR" and error["message"] and error["description"]
    assert any(f["element"].startswith(element.split(".")[0]) for f in fields_of(resp))
    assert api.get("/pedidos/vendas").json()["data"] == []


def test_minimal_body_accepted_and_empty_or_broken_bodies_refused(api: httpx.Client) -> None:
    ids = first_ids(api)
    assert api.post("/pedidos/vendas", json=order_body(ids)).status_code == 201
    empty = api.post("/pedidos/vendas", content=b"", headers={"Content-Type": "application/json"})
    assert empty.status_code == 400 and empty.json()["error"]["type"] == "MISSING_REQUIRED_FIELD_ERROR"
    broken = api.post("/pedidos/vendas", content=b"{nope", headers={"Content-Type": "application/json"})
    assert broken.status_code == 400 and broken.json()["error"]["type"] == "INVALID_REQUEST_BODY"
    bad_mov = api.post("/estoques", json={"produto": {"id": 1}, "deposito": {"id": 1}, "operacao": "X", "quantidade": 1})
    assert bad_mov.status_code == 400 and fields_of(bad_mov)[0]["element"] == "operacao"

"""Every request the client builds, checked against Bling's OpenAPI document with openapi-core:
path and method exist, every query parameter is declared, every JSON body validates against the
operation's request schema. Only the quirks in pdv_bling/bling/spec_quirks.py are relaxed."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import cache
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import respx
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

from pdv_bling.bling.caixas import LancamentoIn
from pdv_bling.bling.contatos import ContatoIn, Endereco
from pdv_bling.bling.pedidos_vendas import ItemIn, ParcelaIn, PedidoVendaIn
from pdv_bling.bling.spec_quirks import relaxed_spec
from tests.core.bling_support import API, make_harness
from tests.core.spec_path import load_spec

# openapi-core cannot check the OAuth2 security scheme ("Unsupported scheme type"); auth is tested elsewhere.
pytestmark = pytest.mark.filterwarnings("ignore:Unsupported scheme type:UserWarning")


class HttpxOpenAPIRequest:
    """openapi-core's Request protocol over an httpx.Request (what the client really sent)."""

    def __init__(self, request: httpx.Request) -> None:
        self._url = urlsplit(str(request.url))
        self.method = request.method.lower()
        self.body: bytes | None = request.content or None
        self.content_type = request.headers.get("content-type", "").lower()
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(parse_qs(self._url.query, keep_blank_values=True)),
            header=Headers(dict(request.headers)),
            cookie=ImmutableMultiDict(),
        )

    @property
    def host_url(self) -> str:
        return f"{self._url.scheme}://{self._url.netloc}"

    @property
    def path(self) -> str:
        return self._url.path


@cache
def openapi(relaxed: bool = True) -> OpenAPI:
    spec = relaxed_spec(load_spec()) if relaxed else load_spec()
    return OpenAPI.from_dict(spec, config=Config(spec_validator_cls=None))  # quirk 6


def declared_query_names(method: str, path: str) -> set[str]:
    spec = load_spec()
    base = API.split("api.bling.com.br")[1]
    template = next(t for t in spec["paths"] if re.fullmatch(
        re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(base + t)), path))
    params = spec["paths"][template][method].get("parameters", [])
    names = set()
    for p in params:
        if "$ref" in p:
            p = spec["components"]["parameters"][p["$ref"].rsplit("/", 1)[1]]
        if p.get("in") == "query":
            names.add(p["name"])
            if p.get("schema", {}).get("type") == "array" and not p["name"].endswith("[]"):
                names.add(p["name"] + "[]")  # arrays go as repeated `name[]=` keys (field guide §1)
    return names


PEDIDO = PedidoVendaIn(
    contato_id=1, data=date(2026, 11, 26), numero_loja="PDV01-000042",
    observacoes="Venda no balcão", observacoes_internas="PDV Bling 7f3c", loja_id=3, vendedor_id=4,
    situacao_id=6, desconto_centavos=150, outras_despesas_centavos=0,
    itens=(ItemIn(descricao="Café", quantidade=2, valor_centavos=1050, produto_id=99, codigo="CAF", unidade="UN",
                  desconto_percent=1.5),
           ItemIn(descricao="Pão", quantidade=0.255, valor_centavos=1999)),
    parcelas=(ParcelaIn(date(2026, 11, 26), 1000, 11), ParcelaIn(date(2026, 12, 26), 960, 12, "1x", "NSU123")),
)


def answer(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if request.method == "GET":
        if path.endswith("/dados-basicos"):
            return httpx.Response(200, json={"data": {"id": "h", "nome": "Loja", "cnpj": "1"}})
        if path.endswith("/consumidor-final"):
            return httpx.Response(200, json={"data": {"id": 1, "nome": "Consumidor Final", "situacao": "A"}})
        if path.endswith("/situacoes/modulos"):
            return httpx.Response(200, json={"data": [{"id": 98310, "nome": "Vendas"}]})
        if re.search(r"/caixas/\d+$", path):
            return httpx.Response(200, json={"id": 5, "data": "2026-11-26", "valor": 12.5})
        if re.search(r"/(pedidos/vendas|produtos)/\d+$", path):
            return httpx.Response(200, json={"data": {"id": 1, "total": 1}})
        return httpx.Response(200, json={"data": []})
    if request.method == "POST" and path.endswith(("/pedidos/vendas", "/contatos", "/estoques", "/caixas")):
        return httpx.Response(201, json={"data": {"id": 1}})
    if request.method == "PUT":
        return httpx.Response(200, json={"data": {"id": 1}})
    return httpx.Response(204)


def exercise_every_request() -> list[httpx.Request]:
    h = make_harness()
    c = h.client
    with respx.mock() as mock:
        route = mock.route(host="api.bling.com.br").mock(side_effect=answer)
        c.pedidos_vendas.create(PEDIDO)
        c.pedidos_vendas.find_by_numeros_loja(["PDV01-1", "PDV01-2"])
        c.pedidos_vendas.get(5)
        c.pedidos_vendas.update(5, PEDIDO)
        c.pedidos_vendas.set_situacao(5, 9)
        c.pedidos_vendas.lancar_estoque(5, None)
        c.pedidos_vendas.lancar_estoque(5, 77)
        c.pedidos_vendas.estornar_estoque(5)
        c.pedidos_vendas.lancar_contas(5)
        c.pedidos_vendas.estornar_contas(5)
        c.contatos.find_by_documento("52998224725")
        c.contatos.create(ContatoIn(nome="Maria", tipo="F", numeroDocumento="52998224725", email="m@x.com",
                                    telefone="1133334444", endereco=Endereco(endereco="Rua A", numero="1", uf="SP")))
        c.contatos.create(ContatoIn(nome="Empresa", tipo="J", numeroDocumento="11222333000181"))
        c.contatos.consumidor_final()
        list(c.produtos.iter_pages(criterio=2, tipo="T",
                                   alteracao=(datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC))))
        c.produtos.get(10)
        c.categorias.list_all()
        c.vendedores.list_all()
        c.formas_pagamentos.list_all()
        c.depositos.list_all()
        c.situacoes.vendas()
        c.estoques.create_movement(8, 5, "S", 1.5, "Venda PDV")
        c.empresas.dados_basicos()
        c.caixas.create(LancamentoIn(data=date(2026, 11, 26), valor_centavos=1250, deb_cred="D", observacoes="Sangria",
                                     conta_id=7, categoria_id=8))
        c.caixas.create(LancamentoIn(data=date(2026, 11, 26), valor_centavos=99, deb_cred="C", observacoes="x", conta_id=7))
        c.caixas.find(day=date(2026, 11, 26), valor_centavos=1250)
        c.caixas.find(day=date(2026, 11, 26), valor_centavos=1250, conta_id=7)
        c.caixas.get(5)
        c.contas_contabeis.list_all()
        c.categorias_financeiras.list_all()
        return [call.request for call in route.calls]


REQUESTS = exercise_every_request()


def test_every_resource_request_was_exercised() -> None:
    seen = {(r.method, re.sub(r"/\d+", "/{id}", r.url.path)) for r in REQUESTS}
    assert len(seen) >= 20


@pytest.mark.parametrize("request_", REQUESTS, ids=lambda r: f"{r.method} {r.url.path}")
def test_request_conforms_to_openapi(request_: httpx.Request) -> None:
    openapi().validate_request(HttpxOpenAPIRequest(request_))  # path, method, parameters, body
    sent = set(parse_qs(request_.url.query.decode(), keep_blank_values=True))
    assert sent <= declared_query_names(request_.method.lower(), request_.url.path)


def test_the_validator_catches_a_broken_body() -> None:
    bad = httpx.Request("POST", f"{API}/pedidos/vendas", json={"data": "2026-11-26", "itens": [], "parcelas": []})
    with pytest.raises(Exception, match="(?i)contato|required|validat"):
        openapi().validate_request(HttpxOpenAPIRequest(bad))


def test_unknown_path_is_rejected() -> None:
    bad = httpx.Request("GET", f"{API}/formas-pagamento")  # singular: a real 404 on Bling
    with pytest.raises(Exception, match="(?i)path"):
        openapi().validate_request(HttpxOpenAPIRequest(bad))


def test_without_the_quirks_the_minimal_order_fails() -> None:
    """The relaxation is needed (and only it): the raw document rejects what Bling accepts."""
    create = next(r for r in REQUESTS if r.method == "POST" and r.url.path.endswith("/pedidos/vendas"))
    with pytest.raises(Exception, match="(?i)validat|required"):
        openapi(relaxed=False).validate_request(HttpxOpenAPIRequest(create))


def test_quirks_relax_only_what_section_10_lists() -> None:
    raw, relaxed = load_spec(), relaxed_spec(load_spec())
    changed = {name for name, schema in raw["components"]["schemas"].items()
               if relaxed["components"]["schemas"][name] != schema}
    with_dates = {name for name, schema in raw["components"]["schemas"].items() if _has_date_format(schema)}
    assert changed == {"VendasDadosBaseDTO", "VendasDadosBaseDTO_PUT", "VendasItemDTO", "VendasParcelaDTO",
                       "ErrorResponse", "ProdutosVariacaoDTO", "ProdutosDadosBaseDTO",
                       "ProdutosDadosBaseDTO_GetByID", "CaixasBancosSalvarLancamentoDTO", "NotasFiscaisDadosGetDTO"} | with_dates
    assert relaxed["components"]["schemas"]["VendasItemDTO"]["required"] == ["quantidade", "valor", "descricao"]
    assert relaxed["paths"]["/vendedores"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"]["properties"]["data"]["type"] == "array"
    changed_paths = {p for p in raw["paths"] if relaxed["paths"][p] != raw["paths"][p]}
    assert changed_paths == {"/vendedores"} | {p for p in raw["paths"] if _has_date_format(raw["paths"][p])}


def _has_date_format(node: object) -> bool:
    """Quirk 4 turns `format: date` into a YYYY-MM-DD pattern (Bling sends "0000-00-00")."""
    if isinstance(node, dict):
        if node.get("format") == "date" and node.get("type") == "string":
            return True
        return any(_has_date_format(v) for v in node.values())
    if isinstance(node, list):
        return any(_has_date_format(v) for v in node)
    return False

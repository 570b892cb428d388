"""Resource modules: pagination, repeated [] keys, date windows, bodies and parsing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
import respx

from pdv_bling.bling.contatos import ContatoIn
from pdv_bling.bling.errors import BlingValidationError
from pdv_bling.bling.pedidos_vendas import ItemIn, ParcelaIn, PedidoVendaIn
from tests.core.bling_support import API, error_body, make_harness


def produto(i: int) -> dict[str, object]:
    return {"id": i, "nome": f"P{i}", "codigo": f"SKU{i}", "preco": 9.9000015259, "tipo": "P",
            "situacao": "A", "formato": "S", "estoque": {"saldoVirtualTotal": 3}}


@respx.mock
def test_pagination_across_three_pages_stops_on_short_page() -> None:
    h = make_harness()
    pages = {1: [produto(i) for i in range(100)], 2: [produto(i) for i in range(100, 200)],
             3: [produto(i) for i in range(200, 220)]}

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"data": pages[int(request.url.params["pagina"])]})

    route = respx.get(f"{API}/produtos").mock(side_effect=answer)
    got = list(h.client.produtos.iter_pages(criterio=2, tipo="T"))
    assert [(page, len(items)) for page, items in got] == [(1, 100), (2, 100), (3, 20)]
    assert route.call_count == 3
    assert all(c.request.url.params["limite"] == "100" for c in route.calls)
    assert got[0][1][0].preco == 9.9 and got[2][1][-1].id == 219


@respx.mock
def test_pagination_resumes_at_start_page() -> None:
    h = make_harness()
    route = respx.get(f"{API}/produtos").respond(200, json={"data": [produto(1)]})
    assert [p for p, _ in h.client.produtos.iter_pages(start_page=7)] == [7]
    assert route.calls.last.request.url.params["pagina"] == "7"


@respx.mock
def test_numeros_lojas_sent_as_repeated_bracket_keys_and_matched_exactly() -> None:
    h = make_harness()
    rows = [{"id": 1, "numero": 10, "numeroLoja": "PDV01-1", "total": 21.0, "situacao": {"id": 6, "valor": 0}},
            {"id": 2, "numero": 11, "numeroLoja": "PDV01-2", "total": 5.5, "situacao": {"id": 9, "valor": 1}},
            {"id": 3, "numero": 12, "numeroLoja": "OTHER", "total": 1.0, "situacao": {"id": 6, "valor": 0}}]
    route = respx.get(f"{API}/pedidos/vendas").respond(200, json={"data": rows})
    found = h.client.pedidos_vendas.find_by_numeros_loja(["PDV01-1", "PDV01-2"])
    params = route.calls.last.request.url.params
    assert params.get_list("numerosLojas[]") == ["PDV01-1", "PDV01-2"]
    assert "numerosLojas%5B%5D=PDV01-1&numerosLojas%5B%5D=PDV01-2" in str(route.calls.last.request.url)
    assert [(r.id, r.numeroLoja, r.situacao_id, r.situacao_valor, r.total_centavos) for r in found] == [
        (1, "PDV01-1", 6, 0, 2100), (2, "PDV01-2", 9, 1, 550)]


@respx.mock
def test_date_window_always_sends_both_ends_in_bling_format() -> None:
    h = make_harness()
    route = respx.get(f"{API}/produtos").respond(200, json={"data": []})
    start = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
    end = datetime(2026, 11, 26, 15, 30, 5, tzinfo=UTC)
    list(h.client.produtos.iter_pages(alteracao=(start, end)))
    params = route.calls.last.request.url.params
    assert params["dataAlteracaoInicial"] == "2026-11-01 09:00:00"  # Brasília time
    assert params["dataAlteracaoFinal"] == "2026-11-26 12:30:05"


@respx.mock
def test_date_window_longer_than_a_year_is_split() -> None:
    h = make_harness()
    route = respx.get(f"{API}/produtos").respond(200, json={"data": []})
    start = datetime(2024, 1, 1, tzinfo=UTC)
    end = start + timedelta(days=500)
    list(h.client.produtos.iter_pages(alteracao=(start, end)))
    windows = [(c.request.url.params["dataAlteracaoInicial"], c.request.url.params["dataAlteracaoFinal"])
               for c in route.calls]
    assert len(windows) == 2
    for first, last in windows:
        span = datetime.fromisoformat(last) - datetime.fromisoformat(first)
        assert timedelta(0) < span <= timedelta(days=365)
    assert windows[0][0] == "2023-12-31 21:00:00" and windows[-1][1] == "2025-05-14 21:00:00"


def test_naive_datetimes_are_refused() -> None:
    h = make_harness()
    with pytest.raises(ValueError):
        list(h.client.produtos.iter_pages(alteracao=(datetime(2026, 1, 1), datetime(2026, 2, 1))))


def test_pedido_body_money_in_two_decimals_and_no_ids() -> None:
    body = PedidoVendaIn(
        contato_id=5, data=date(2026, 11, 26), numero_loja="PDV01-9", observacoes_internas="marker",
        loja_id=3, vendedor_id=4, desconto_centavos=333,
        itens=(ItemIn(descricao="A", quantidade=1.255, valor_centavos=1999, produto_id=8, codigo="SKU", unidade="KG"),),
        parcelas=(ParcelaIn(date(2026, 12, 26), 2175, 11, caut="123"),),
    ).to_json()
    assert body == {
        "contato": {"id": 5}, "data": "2026-11-26", "numeroLoja": "PDV01-9", "observacoesInternas": "marker",
        "loja": {"id": 3}, "vendedor": {"id": 4}, "desconto": {"valor": 3.33, "unidade": "REAL"},
        "itens": [{"quantidade": 1.255, "valor": 19.99, "descricao": "A", "produto": {"id": 8},
                   "codigo": "SKU", "unidade": "KG"}],
        "parcelas": [{"dataVencimento": "2026-12-26", "valor": 21.75, "formaPagamento": {"id": 11}, "caut": "123"}],
    }


@respx.mock
def test_create_returns_id_and_alertas() -> None:
    h = make_harness()
    respx.post(f"{API}/pedidos/vendas").respond(201, json={"data": {"id": 12345, "alertas": [
        {"code": 7, "msg": "Estoque insuficiente", "element": "itens"}], "rastreamento": {}}})
    created = h.client.pedidos_vendas.create(PedidoVendaIn(
        contato_id=1, data=date(2026, 1, 2),
        itens=(ItemIn(descricao="X", quantidade=1, valor_centavos=100),),
        parcelas=(ParcelaIn(date(2026, 1, 2), 100, 1),)))
    assert created.id == 12345 and created.alertas[0].code == 7


@respx.mock
def test_set_situacao_same_situacao_code_50_is_success() -> None:
    h = make_harness()
    respx.patch(f"{API}/pedidos/vendas/1/situacoes/9").respond(400, json=error_body(
        "VALIDATION_ERROR", "Não foi possível alterar", fields=[{"code": 50, "msg": "A venda possui a mesma situação"}]))
    respx.patch(f"{API}/pedidos/vendas/2/situacoes/9").respond(400, json=error_body(
        "VALIDATION_ERROR", "Transição não permitida", fields=[{"code": 51, "msg": "não pode"}]))
    respx.patch(f"{API}/pedidos/vendas/3/situacoes/9").respond(204)
    h.client.pedidos_vendas.set_situacao(1, 9)
    h.client.pedidos_vendas.set_situacao(3, 9)
    with pytest.raises(BlingValidationError):
        h.client.pedidos_vendas.set_situacao(2, 9)


@respx.mock
def test_stock_and_contas_actions_hit_their_paths() -> None:
    h = make_harness()
    routes = [respx.post(f"{API}/pedidos/vendas/5/{p}").respond(204) for p in
              ("lancar-estoque", "lancar-estoque/77", "estornar-estoque", "lancar-contas", "estornar-contas")]
    pv = h.client.pedidos_vendas
    pv.lancar_estoque(5, None)
    pv.lancar_estoque(5, 77)
    pv.estornar_estoque(5)
    pv.lancar_contas(5)
    pv.estornar_contas(5)
    assert [r.call_count for r in routes] == [1, 1, 1, 1, 1]


@respx.mock
def test_contatos_search_digits_only_criterio_1_and_create_with_situacao_a() -> None:
    h = make_harness()
    search = respx.get(f"{API}/contatos").respond(200, json={"data": [
        {"id": 4, "nome": "Maria", "situacao": "A", "numeroDocumento": "52998224725"}]})
    create = respx.post(f"{API}/contatos").respond(201, json={"data": {"id": 99}})
    found = h.client.contatos.find_by_documento("529.982.247-25")
    params = search.calls.last.request.url.params
    assert (params["numeroDocumento"], params["criterio"]) == ("52998224725", "1")
    assert [c.id for c in found] == [4]
    new_id = h.client.contatos.create(ContatoIn(nome="João", tipo="F", numeroDocumento="529.982.247-25"))
    assert new_id == 99
    import json
    assert json.loads(create.calls.last.request.content) == {
        "nome": "João", "tipo": "F", "situacao": "A", "numeroDocumento": "52998224725"}


@respx.mock
def test_consumidor_final_and_situacoes_are_cached() -> None:
    h = make_harness()
    cf = respx.get(f"{API}/contatos/consumidor-final").respond(200, json={"data": {
        "id": 1, "nome": "Consumidor Final", "situacao": "A", "numeroDocumento": ""}})
    modulos = respx.get(f"{API}/situacoes/modulos").respond(200, json={"data": [
        {"id": 1, "nome": "Compras"}, {"id": 98310, "nome": "Vendas", "descricao": "Pedidos de Venda"}]})
    vendas = respx.get(f"{API}/situacoes/modulos/98310").respond(200, json={"data": [
        {"id": 6, "nome": "Em aberto", "idHerdado": 0}, {"id": 9, "nome": "Atendido"}, {"id": 12, "nome": "Cancelado"}]})
    assert h.client.contatos.consumidor_final().nome == h.client.contatos.consumidor_final().nome
    assert h.client.situacoes.vendas() == {"Em aberto": 6, "Atendido": 9, "Cancelado": 12}
    assert h.client.situacoes.vendas()["Cancelado"] == 12
    assert (cf.call_count, modulos.call_count, vendas.call_count) == (1, 1, 1)


@respx.mock
def test_produto_detail_with_tributacao_and_variacoes() -> None:
    h = make_harness()
    respx.get(f"{API}/produtos/10").respond(200, json={"data": {
        "id": 10, "nome": "Camiseta", "codigo": "CAM", "preco": 50, "tipo": "P", "situacao": "A", "formato": "V",
        "gtin": "7891234567895", "unidade": "UN", "categoria": {"id": 3},
        "tributacao": {"origem": 0, "ncm": "6109.10.00", "cest": "28.063.00"},
        "variacoes": [{"id": 11, "nome": "Camiseta G Verde", "codigo": "CAM-G-VD", "gtin": "7890000000017",
                       "preco": 55.0, "situacao": "A",
                       "variacao": {"nome": "Tamanho:G;Cor:Verde", "ordem": 1, "produtoPai": {"id": 10}}}]}})
    p = h.client.produtos.get(10)
    assert (p.gtin, p.categoria_id, p.tributacao.ncm, p.tributacao.cest, p.tributacao.origem) == (
        "7891234567895", 3, "6109.10.00", "28.063.00", 0)
    (v,) = p.variacoes
    assert (v.id, v.codigo, v.gtin, v.preco, v.nome) == (11, "CAM-G-VD", "7890000000017", 55.0, "Tamanho:G;Cor:Verde")
    assert v.atributos == {"Tamanho": "G", "Cor": "Verde"}


@respx.mock
def test_small_tables_and_stock_movement() -> None:
    h = make_harness()
    respx.get(f"{API}/categorias/produtos").respond(200, json={"data": [
        {"id": 1, "descricao": "Bebidas", "categoriaPai": {"id": 0}}]})
    respx.get(f"{API}/vendedores").respond(200, json={"data": [
        {"id": 7, "descontoLimite": 10, "loja": {"id": 0}, "contato": {"id": 70, "nome": "Ana", "situacao": "A"}}]})
    respx.get(f"{API}/formas-pagamentos").respond(200, json={"data": [
        {"id": 11, "descricao": "Dinheiro", "tipoPagamento": 1, "situacao": 1, "fixa": True, "padrao": 1}]})
    respx.get(f"{API}/depositos").respond(200, json={"data": [
        {"id": 5, "descricao": "Geral", "situacao": 1, "padrao": True, "desconsiderarSaldo": False}]})
    movement = respx.post(f"{API}/estoques").respond(201, json={"data": {"id": 321}})
    assert h.client.categorias.list_all()[0].categoriaPai_id is None
    assert h.client.vendedores.list_all()[0].contato_id == 70
    assert h.client.formas_pagamentos.list_all()[0].tipoPagamento == 1
    assert h.client.depositos.list_all()[0].padrao is True
    assert h.client.estoques.create_movement(8, 5, "E", 2, "Devolução PDV") == 321
    import json
    assert json.loads(movement.calls.last.request.content) == {
        "produto": {"id": 8}, "deposito": {"id": 5}, "operacao": "E", "quantidade": 2, "observacoes": "Devolução PDV"}

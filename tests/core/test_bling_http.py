"""Transport behaviour: 429 per second vs per day, 5xx retries, lost POSTs, typed errors, observer."""

from __future__ import annotations

from datetime import date

import httpx
import pytest
import respx

from pdv_bling.base.events import DailyLimitReached
from pdv_bling.bling.errors import (
    BlingDailyLimit,
    BlingForbidden,
    BlingNotFound,
    BlingServerError,
    BlingTransportError,
    BlingValidationError,
    OutcomeUnknown,
)
from pdv_bling.bling.pedidos_vendas import ItemIn, ParcelaIn, PedidoVendaIn
from tests.core.bling_support import API, error_body, make_harness

EMPRESA = f"{API}/empresas/me/dados-basicos"
OK_EMPRESA = {"data": {"id": "h", "nome": "Loja", "cnpj": "11222333000181"}}
PEDIDO = PedidoVendaIn(
    contato_id=1, data=date(2026, 11, 26), numero_loja="PDV01-000042",
    observacoes_internas="PDV Bling venda 7f3c",
    itens=(ItemIn(descricao="Café", quantidade=2, valor_centavos=1050, produto_id=99),),
    parcelas=(ParcelaIn(date(2026, 11, 26), 2100, 11),),
)
RATE_SECOND = error_body("TOO_MANY_REQUESTS", "Limite de requisições atingido.", limit=3, period="second")
RATE_DAY = error_body("TOO_MANY_REQUESTS", "Limite de requisições atingido.", limit=120000, period="day")


@respx.mock
def test_429_per_second_slows_down_and_retries() -> None:
    h = make_harness()
    route = respx.get(EMPRESA).mock(side_effect=[
        httpx.Response(429, json=RATE_SECOND, headers={"Retry-After": "2"}),
        httpx.Response(429, json=RATE_SECOND),
        httpx.Response(200, json=OK_EMPRESA),
    ])
    start = h.clock.now
    assert h.client.empresas.dados_basicos().nome == "Loja"
    assert route.call_count == 3
    # Retry-After honoured (2 s), then at least 1 s of backoff when Bling gives no header.
    assert h.clock.now - start >= 3.0
    assert not [e for e in h.events if isinstance(e, DailyLimitReached)]


@respx.mock
def test_429_per_second_on_post_is_retried_because_it_was_not_processed() -> None:
    h = make_harness()
    route = respx.post(f"{API}/pedidos/vendas").mock(side_effect=[
        httpx.Response(429, json=RATE_SECOND),
        httpx.Response(201, json={"data": {"id": 555, "alertas": []}}),
    ])
    assert h.client.pedidos_vendas.create(PEDIDO).id == 555
    assert route.call_count == 2


@respx.mock
def test_429_per_day_pauses_all_traffic_until_tomorrow() -> None:
    h = make_harness()
    route = respx.get(EMPRESA).respond(429, json=RATE_DAY)
    other = respx.get(f"{API}/depositos").respond(200, json={"data": []})
    with pytest.raises(BlingDailyLimit) as caught:
        h.client.empresas.dados_basicos()
    assert route.call_count == 1  # not retried
    assert caught.value.resume_at is not None
    events = [e for e in h.events if isinstance(e, DailyLimitReached)]
    assert len(events) == 1 and events[0].resume_at_iso == caught.value.resume_at.isoformat()
    with pytest.raises(BlingDailyLimit):
        h.client.depositos.list_all()
    assert other.call_count == 0  # nothing leaves the process until the next day


@respx.mock
def test_5xx_is_retried_with_bounded_attempts() -> None:
    h = make_harness(max_attempts=3)
    route = respx.get(EMPRESA).respond(503, json=error_body("SERVER_ERROR", "Um erro interno ocorreu."))
    with pytest.raises(BlingServerError) as caught:
        h.client.empresas.dados_basicos()
    assert route.call_count == 3
    assert caught.value.status == 503 and caught.value.code == "server"
    assert len(h.clock.sleeps) >= 2 and all(s <= 30 for s in h.clock.sleeps)
    assert [x.attempt for x in h.exchanges] == [1, 2, 3] and not any(x.ok for x in h.exchanges)


@respx.mock
def test_5xx_then_success() -> None:
    h = make_harness()
    respx.get(EMPRESA).mock(side_effect=[httpx.Response(500), httpx.Response(200, json=OK_EMPRESA)])
    assert h.client.empresas.dados_basicos().cnpj == "11222333000181"


@respx.mock
def test_lost_post_response_is_outcome_unknown_and_never_resent() -> None:
    h = make_harness()
    route = respx.post(f"{API}/pedidos/vendas").mock(side_effect=httpx.ReadTimeout("lost"))
    with pytest.raises(OutcomeUnknown) as caught:
        h.client.pedidos_vendas.create(PEDIDO)
    assert route.call_count == 1
    assert caught.value.code == "outcome_unknown"
    assert h.exchanges[-1].error is caught.value and h.exchanges[-1].status is None


@respx.mock
def test_dropped_connection_on_action_post_is_outcome_unknown() -> None:
    h = make_harness()
    route = respx.post(f"{API}/pedidos/vendas/9/lancar-estoque").mock(
        side_effect=httpx.RemoteProtocolError("server disconnected"))
    with pytest.raises(OutcomeUnknown):
        h.client.pedidos_vendas.lancar_estoque(9)
    assert route.call_count == 1


@respx.mock
def test_post_5xx_is_outcome_unknown_not_resent() -> None:
    h = make_harness()
    route = respx.post(f"{API}/pedidos/vendas").respond(500, json=error_body("SERVER_ERROR", "Um erro interno ocorreu."))
    with pytest.raises(OutcomeUnknown) as caught:
        h.client.pedidos_vendas.create(PEDIDO)
    assert route.call_count == 1 and caught.value.status == 500


@respx.mock
def test_connection_refused_before_sending_a_post_is_retried() -> None:
    h = make_harness()
    route = respx.post(f"{API}/pedidos/vendas").mock(side_effect=[
        httpx.ConnectError("refused"), httpx.Response(201, json={"data": {"id": 7}})])
    assert h.client.pedidos_vendas.create(PEDIDO).id == 7
    assert route.call_count == 2


@respx.mock
def test_get_timeouts_are_retried_then_reported_as_transport() -> None:
    h = make_harness(max_attempts=2)
    route = respx.get(EMPRESA).mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(BlingTransportError):
        h.client.empresas.dados_basicos()
    assert route.call_count == 2


@respx.mock
def test_validation_error_is_typed_with_fields_and_not_retried() -> None:
    h = make_harness()
    body = error_body("VALIDATION_ERROR", "Não foi possível salvar a venda", fields=[
        {"code": 49, "msg": "Uma ou mais parcelas da venda possuem erros de validação", "element": "parcelas",
         "namespace": "VENDAS", "collection": [
             {"index": 1, "code": 12, "msg": "Id da forma de pagamento inválido.", "element": "formaPagamento",
              "namespace": "VENDAS"}]},
        {"code": 22, "msg": "O somatório do valor das parcelas difere do total da venda", "element": "parcelas"},
    ])
    route = respx.post(f"{API}/pedidos/vendas").respond(400, json=body)
    with pytest.raises(BlingValidationError) as caught:
        h.client.pedidos_vendas.create(PEDIDO)
    err = caught.value
    assert route.call_count == 1
    assert (err.status, err.error_type, err.code) == (400, "VALIDATION_ERROR", "validation")
    assert err.message == "Não foi possível salvar a venda"
    assert err.code_list() == [49, 12, 22]
    assert err.fields[0].collection[0].index == 1 and err.fields[0].collection[0].element == "formaPagamento"


@respx.mock
def test_not_found_and_forbidden_map_to_their_families() -> None:
    h = make_harness()
    respx.get(f"{API}/pedidos/vendas/1").respond(404, json=error_body("RESOURCE_NOT_FOUND", "Recurso não encontrado"))
    respx.get(f"{API}/pedidos/vendas/2").respond(403, json=error_body("insufficient_scope", "no scope"))
    with pytest.raises(BlingNotFound):
        h.client.pedidos_vendas.get(1)
    with pytest.raises(BlingForbidden):
        h.client.pedidos_vendas.get(2)


@respx.mock
def test_every_call_sends_bearer_and_enable_jwt_and_is_observed() -> None:
    h = make_harness()
    route = respx.get(EMPRESA).respond(200, json=OK_EMPRESA)
    h.client.empresas.dados_basicos()
    request = route.calls.last.request
    assert request.headers["Authorization"] == "Bearer access-1"
    assert request.headers["enable-jwt"] == "1"
    (exchange,) = h.exchanges
    assert (exchange.method, exchange.path, exchange.status, exchange.ok) == ("GET", "/empresas/me/dados-basicos", 200, True)
    assert "access-1" not in exchange.request_summary


@respx.mock
def test_own_daily_counter_stops_before_bling_does_and_announces_it() -> None:
    h = make_harness(daily_limit=2)
    route = respx.get(EMPRESA).respond(200, json=OK_EMPRESA)
    h.client.empresas.dados_basicos()
    h.client.empresas.dados_basicos()
    for _ in range(2):
        with pytest.raises(BlingDailyLimit):
            h.client.empresas.dados_basicos()
    assert route.call_count == 2
    assert len([e for e in h.events if isinstance(e, DailyLimitReached)]) == 1

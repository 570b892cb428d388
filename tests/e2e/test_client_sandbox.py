"""The real client end to end against the Bling stand-in over HTTP on 127.0.0.1: OAuth round
trip through the loopback listener, then the calls the sync engine makes."""

from __future__ import annotations

import threading
import urllib.request
from collections.abc import Callable
from datetime import date

import pytest

from pdv_bling.bling import BlingClient, BlingConfig
from pdv_bling.bling.loopback import run_authorization
from pdv_bling.bling.pacer import Pacer
from pdv_bling.bling.pedidos_vendas import ItemIn, ParcelaIn, PedidoVendaIn
from pdv_bling.bling.tokens import Credentials, MemoryTokenStore
from pdv_bling.sandbox import SandboxServer
from tests.core.test_bling_oauth import free_port

pytestmark = pytest.mark.e2e


def browser(url: str) -> None:
    threading.Thread(target=lambda: urllib.request.urlopen(url, timeout=5).read(), daemon=True).start()


def test_connect_then_sell_through_the_stand_in(make_sandbox: Callable[..., SandboxServer]) -> None:
    redirect = f"http://127.0.0.1:{free_port()}/callback"
    server = make_sandbox(redirect_uri=redirect, demo_auto_approve=True)
    config = BlingConfig.for_url(server.base_url, redirect_uri=redirect, rate_per_second=200)
    store = MemoryTokenStore()
    with BlingClient(config=config, tokens=store, pacer=Pacer(rate_per_second=200)) as client:
        assert client.connection_state() == "not_connected"
        run_authorization(config, credentials=Credentials(server.client_id, server.client_secret),
                          manager=client.tokens, endpoint=client.token_endpoint, show_url=browser, timeout=10)
        assert client.connection_state() == "connected"
        assert client.empresas.dados_basicos().nome

        pages = list(client.produtos.iter_pages(criterio=2))
        simples = next(p for _n, rows in pages for p in rows if p.formato == "S")
        detalhe = client.produtos.get(simples.id)
        dinheiro = next(f for f in client.formas_pagamentos.list_all() if f.tipoPagamento == 1)
        cf = client.contatos.consumidor_final()
        pedido = PedidoVendaIn(
            contato_id=cf.id, data=date(2026, 11, 26), numero_loja="PDV01-E2E-1",
            observacoes_internas="PDV Bling e2e-1",
            itens=(ItemIn(descricao=detalhe.nome, quantidade=2, valor_centavos=1050, produto_id=detalhe.id),),
            parcelas=(ParcelaIn(date(2026, 11, 26), 2100, dinheiro.id),),
        )
        created = client.pedidos_vendas.create(pedido)
        (found,) = client.pedidos_vendas.find_by_numeros_loja(["PDV01-E2E-1"])
        assert found.id == created.id and found.total_centavos == 2100
        situacoes = client.situacoes.vendas()
        client.pedidos_vendas.set_situacao(created.id, situacoes["Atendido"])
        client.pedidos_vendas.set_situacao(created.id, situacoes["Atendido"])  # code 50 = success
        assert client.pedidos_vendas.get(created.id).situacao_id == situacoes["Atendido"]
        assert client.depositos.list_all()

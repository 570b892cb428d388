"""`BlingClient`: the resources of the Bling v3 API the product uses, over one `BlingHttp`."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

import httpx

from pdv_bling.base.events import EventBus
from pdv_bling.bling.caixas import Caixas, CategoriasReceitasDespesas, ContasContabeis
from pdv_bling.bling.catalogo import (
    Categorias,
    Depositos,
    Empresas,
    Estoques,
    FormasPagamentos,
    Situacoes,
    Vendedores,
)
from pdv_bling.bling.config import BlingConfig
from pdv_bling.bling.contatos import Contatos
from pdv_bling.bling.deadline import deadline_client
from pdv_bling.bling.http import BlingHttp, Observer
from pdv_bling.bling.nfce import NotasConsumidor
from pdv_bling.bling.oauth import ConnectionState, TokenEndpoint, TokenManager
from pdv_bling.bling.pacer import Pacer, shared_pacer
from pdv_bling.bling.pedidos_vendas import PedidosVendas
from pdv_bling.bling.produtos import Produtos
from pdv_bling.bling.tokens import KeyringTokenStore, SandboxFileTokenStore, TokenStore

if TYPE_CHECKING:
    from pdv_bling.store.context import AppContext

API_URL_SETTING = "bling_api_url"


class BlingClient:
    def __init__(
        self,
        *,
        config: BlingConfig,
        tokens: TokenStore,
        bus: EventBus | None = None,
        observer: Observer | None = None,
        pacer: Pacer | None = None,
        http: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.config = config
        self.store = tokens
        self.bus = bus
        self._own_http = http is None
        self._http = http or deadline_client(timeout=config.timeout)
        self.pacer = pacer or shared_pacer(
            config.api_url, rate_per_second=config.rate_per_second, daily_limit=config.daily_limit
        )
        self.token_endpoint = TokenEndpoint(config, http=self._http)
        self.tokens = TokenManager(config, store=tokens, endpoint=self.token_endpoint, bus=bus)
        self.http = BlingHttp(
            config, tokens=self.tokens, pacer=self.pacer, http=self._http, bus=bus,
            observer=observer, sleep=sleep, rng=rng,
        )
        self.pedidos_vendas = PedidosVendas(self.http)
        self.contatos = Contatos(self.http)
        self.produtos = Produtos(self.http)
        self.categorias = Categorias(self.http)
        self.vendedores = Vendedores(self.http)
        self.formas_pagamentos = FormasPagamentos(self.http)
        self.depositos = Depositos(self.http)
        self.situacoes = Situacoes(self.http)
        self.estoques = Estoques(self.http)
        self.empresas = Empresas(self.http)
        self.nfce = NotasConsumidor(self.http)
        self.caixas = Caixas(self.http)  # Caixa e Bancos: lançamentos of a turno
        self.contas_contabeis = ContasContabeis(self.http)
        self.categorias_financeiras = CategoriasReceitasDespesas(self.http)

    def connection_state(self) -> ConnectionState:
        return self.tokens.state()

    def close(self) -> None:
        if self._own_http:
            self._http.close()

    def __enter__(self) -> BlingClient:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def token_store_for(config: BlingConfig, ctx: AppContext) -> TokenStore:
    """Loopback stand-in: a file in the data folder; anything else: the OS keyring."""
    if config.is_local:
        return SandboxFileTokenStore(ctx.paths.data, api_url=config.api_url)
    return KeyringTokenStore()


def config_for(ctx: AppContext) -> BlingConfig:
    """PDV_BLING_API_URL, else the URL saved by `pdv-bling connect`, else Bling's own."""
    from pdv_bling.store.settings import get_value

    with ctx.store.read() as session:
        saved = get_value(session, API_URL_SETTING)
    return BlingConfig.from_env(api_url=str(saved) if saved else None)


def open_client(ctx: AppContext, *, bus: EventBus | None = None, observer: Observer | None = None) -> BlingClient:
    config = config_for(ctx)
    return BlingClient(config=config, tokens=token_store_for(config, ctx), bus=bus, observer=observer)

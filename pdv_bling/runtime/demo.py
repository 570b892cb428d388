"""Demo/training mode and test wiring: a data folder connected to a local Bling stand-in.

`attach_to_sandbox` points a data folder at a running stand-in (API URL saved in settings,
credentials and a fresh token pair in the stand-in token file: loopback tokens are no secrets).
`start_demo` runs the stand-in in-process with a seeded catalogue, connects, maps payment
methods by name (a demo convenience: real stores fill the DE-PARA themselves) and pulls the
catalogue. Nothing here can reach real Bling: the stand-in binds 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from pdv_bling.base.events import EventBus
from pdv_bling.base.paths import demo_folder
from pdv_bling.bling.client import API_URL_SETTING
from pdv_bling.bling.oauth import pair_from_token_response
from pdv_bling.bling.tokens import Credentials, SandboxFileTokenStore
from pdv_bling.domain.errors import DomainErrors
from pdv_bling.management.caixa_bancos import set_mapping
from pdv_bling.runtime.service import SyncService
from pdv_bling.sandbox import SandboxConfig, SandboxServer
from pdv_bling.store.caixa_mapping import load_mapping
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import BlingFormaPagamento, PaymentMethod, Seller
from pdv_bling.store.settings import Settings, get_value, load_settings, save_settings, set_value
from pdv_bling.sync import caixa_bancos

# Training needs no real pace: the demo account answers 20 requests/s (Bling: 3), so the first
# catalogue pull of the seeded 200 products takes seconds, not a minute.
DEMO_RATE = 20.0


def attach_to_sandbox(ctx: AppContext, server: SandboxServer) -> None:
    with ctx.store.transaction() as session:
        set_value(session, API_URL_SETTING, server.base_url)
    store = SandboxFileTokenStore(ctx.paths.data, api_url=server.base_url)
    store.save_credentials(Credentials(server.client_id, server.client_secret))
    store.save_tokens(pair_from_token_response(server.issue_tokens(), now=dt.datetime.now(dt.UTC)))


def map_payments_by_name(ctx: AppContext) -> int:
    """Fill the DE-PARA where a Bling forma has the local method's name (demo convenience)."""
    mapped = 0
    with ctx.store.transaction() as session:
        formas = {f.descricao.lower(): f.bling_id for f in session.scalars(select(BlingFormaPagamento))}
        for method in session.scalars(select(PaymentMethod)):
            if method.bling_forma_pagamento_id is None and method.name.lower() in formas:
                method.bling_forma_pagamento_id = formas[method.name.lower()]
                mapped += 1
    return mapped


DEMO_CAIXA_BANCOS = {"conta_id": "Caixa", "suprimento": "Suprimento de caixa", "sangria": "Sangria de caixa",
                     "sobra": "Sobra de caixa", "falta": "Quebra de caixa"}  # the stand-in's names


def map_caixa_bancos_by_name(ctx: AppContext) -> bool:
    """Choose the Caixa e Bancos conta and categorias by the stand-in's names (demo convenience),
    where nothing is chosen yet; False when the lists lack them."""
    with ctx.store.transaction() as session:
        if load_mapping(session).any_set:
            return False
        try:
            set_mapping(session, DEMO_CAIXA_BANCOS)
        except DomainErrors:
            return False
    return True


@dataclass
class DemoSession:
    ctx: AppContext
    server: SandboxServer
    service: SyncService
    bus: EventBus

    def stop(self) -> None:
        self.service.stop()
        self.server.stop()
        self.ctx.close()

    def prepare_catalogue(self) -> None:
        """The demo's catalogue from the stand-in (SyncProgress on the bus while it comes), the
        DE-PARA by name and the demo operator linked: blocking, run it on a worker thread (the app
        shows its window first and this progress inside it)."""
        self.service.pull_now()
        map_payments_by_name(self.ctx)
        self.service.pull_now([caixa_bancos.MODEL])
        map_caixa_bancos_by_name(self.ctx)
        _link_demo_seller(self.ctx)


def demo_home() -> Path:
    """Demo data never mixes with a store's real data: its own folder."""
    return demo_folder()


def start_demo(home: str | os.PathLike[str] | None = None, *, products: int = 200, seed: int = 7,
               bus: EventBus | None = None, pull: bool = True) -> DemoSession:
    ctx = AppContext.open(home if home is not None else demo_home())
    server = SandboxServer(SandboxConfig(products=products, seed=seed, demo_auto_approve=True,
                                         rate_limit=DEMO_RATE)).start()
    attach_to_sandbox(ctx, server)
    with ctx.store.transaction() as session:
        settings = load_settings(session)
        first_start = get_value(session, "nfce_source") is None  # the demo issues NFC-e through Bling, until changed
        values = {**settings.__dict__, "demo_mode": True, **({"nfce_source": "bling"} if first_start else {})}
        save_settings(session, Settings(**values), previous=settings)
        if session.scalars(select(Seller.id)).first() is None:
            session.add(Seller(name="Caixa Demonstração"))
    bus = bus or EventBus()
    service = SyncService(ctx, bus=bus, rate_per_second=DEMO_RATE)
    demo = DemoSession(ctx=ctx, server=server, service=service, bus=bus)
    if pull:
        demo.prepare_catalogue()
    return demo


def demo_nfce_test(ctx: AppContext) -> int:
    """NFC-e just turned on in demo mode: one test sale (the cheapest product, in cash), whose note
    the demo's Bling issues in seconds (never done on a real account: a real note is a fiscal
    document). Returns the sale's number."""
    from pdv_bling.counter.sales import record_sale
    from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft
    from pdv_bling.store.models import Product

    with ctx.store.read() as session:
        product = session.scalars(select(Product).where(Product.active.is_(True), Product.barcode.is_not(None),
                                                        Product.price_cents > 0).order_by(Product.price_cents)).first()
    if product is None:
        raise LookupError("no product to sell in the demo catalogue")
    draft = SaleDraft(items=(ItemDraft(barcode=product.barcode, quantity=1),),
                      payments=(PaymentDraft("Dinheiro", product.price_cents),))
    return record_sale(ctx.store, draft).number


def _link_demo_seller(ctx: AppContext) -> None:
    from pdv_bling.store.models import BlingVendedor

    with ctx.store.transaction() as session:
        vendedor = session.scalars(select(BlingVendedor.bling_id)).first()
        seller = session.scalars(select(Seller).where(Seller.name == "Caixa Demonstração")).first()
        if vendedor is not None and seller is not None and seller.bling_vendedor_id is None:
            seller.bling_vendedor_id = vendedor

"""Store-mode test helpers: a store server on the session's PostgreSQL and caixas joined to it."""

from __future__ import annotations

from pathlib import Path

from pdv_bling.app_context import AppContext
from pdv_bling.domain.sale import AddressDraft, CustomerDraft, ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.retaguarda.caixa import StoreLink
from pdv_bling.retaguarda.membership import join_store
from pdv_bling.retaguarda.server import init_store, open_server
from pdv_bling.sales import RecordedSale, record_sale
from pdv_bling.store.engine import Store
from tests.core.factories import seed_store

ADDRESS = AddressDraft(street="Rua das Flores", number="10", district="Centro", city="Campinas", uf="SP",
                       cep="13010-000")
MARIA = CustomerDraft(document="529.982.247-25", name="Maria Souza", address=ADDRESS)


def make_store(url: str) -> Store:
    """`store init` plus the catalogue an integrador's pull would have put there."""
    init_store(url)
    server = open_server(url)
    seed_store(server)
    return server


def join(tmp_path: Path, url: str, terminal: str) -> tuple[AppContext, StoreLink]:
    ctx = AppContext.open(tmp_path / terminal, log=False)
    join_store(ctx, url, terminal=terminal)
    link = StoreLink.attach(ctx)
    assert link is not None
    report = link.sync_once()
    assert report.online, report.error
    return ctx, link


def sell(ctx: AppContext, *lines: tuple[str, int], customer: CustomerDraft | None = MARIA,
         method: str = "PIX", price: int | None = None) -> RecordedSale:
    items = tuple(ItemDraft(sku=sku, quantity=q) for sku, q in lines)
    total = price if price is not None else sum((1000 * int(sku.split("-")[1]) + 90) * q for sku, q in lines)
    return record_sale(ctx.store, SaleDraft(items=items, payments=(PaymentDraft(method, total),), customer=customer))

"""Screenshots of a caixa of a store (store mode), at a 1024x600 counter screen (tools/screenshots.py).

Everything is real: a throwaway PostgreSQL is the store server, an integrador connected to the
Bling stand-in on 127.0.0.1 pulls the catalogue into it and delivers the sales handed over by two
caixas, and the account check is the one the integrador ran for the store. The app of caixa PDV02
reads the store like `pdv-bling` does; only its background link is not started, so that the
pictures hold still (its status reaches the window as the link would report it).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select, update

from pdv_bling.base.events import ConnectivityChanged, EventBus
from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.sale import AddressDraft, CustomerDraft, ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.retaguarda import asks
from pdv_bling.retaguarda.caixa import StoreLink
from pdv_bling.retaguarda.caixa_service import CaixaService, StoreLinkChanged
from pdv_bling.retaguarda.integrator import Integrator
from pdv_bling.retaguarda.localpg import PostgresUnavailable, start_local_postgres
from pdv_bling.retaguarda.membership import join_store
from pdv_bling.retaguarda.server import init_store, open_server
from pdv_bling.runtime.demo import attach_to_sandbox, map_payments_by_name
from pdv_bling.sandbox import SandboxConfig, SandboxServer
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import PaymentMethod, Product, utcnow
from ui.exchange_pages import FindSalePage
from ui.exchange_wizard import ExchangeWizard
from ui.hub import Hub
from ui.integration_window import AUTH, CHECK, LOGS, PAYMENTS, SYNC
from ui.main_window import MainWindow

Save = Callable[[QApplication, Hub, QWidget, Path], None]
SCREEN = QSize(1024, 600)
MARIA = CustomerDraft(document="529.982.247-25", name="Maria Oliveira", address=AddressDraft(
    street="Rua das Flores", number="120", district="Centro", city="Campinas", uf="SP", cep="13010-100"))


def fit(widget: QWidget) -> QWidget:
    """As the window would be on a 1024x600 counter screen."""
    widget.resize(min(widget.width(), SCREEN.width()), min(widget.height(), SCREEN.height()))
    return widget


class PictureStore:
    """The store server, its integrador and two caixas, built for the pictures."""

    def __init__(self, folder: Path) -> None:
        os.environ.setdefault("PDV_BLING_RATE_PER_SECOND", "500")
        self.folder = folder
        self.pg = start_local_postgres()
        self.url = self.pg.create_database("loja")
        self.bling = SandboxServer(SandboxConfig(products=40, rate_limit=1000)).start()
        init_store(self.url)
        self.int_ctx = AppContext.open(folder / "integrador", log=False)
        attach_to_sandbox(self.int_ctx, self.bling)
        self.integrator = Integrator(self.int_ctx, self.url)
        self.integrator.run_once(pull=True)
        self.server = open_server(self.url)
        map_payments_by_name(AppContext(self.int_ctx.paths, self.server))
        self.caixas: dict[str, tuple[AppContext, StoreLink]] = {}

    def caixa(self, terminal: str) -> tuple[AppContext, StoreLink]:
        ctx = AppContext.open(self.folder / terminal, log=False)
        join_store(ctx, self.url, terminal=terminal)
        link = StoreLink.attach(ctx)
        assert link is not None
        link.sync_once()
        self.caixas[terminal] = (ctx, link)
        return ctx, link

    def sell(self, ctx: AppContext, *, index: int, method: str = "Dinheiro", customer: bool = False) -> None:
        with ctx.store.read() as session:
            products = list(session.scalars(select(Product).where(Product.barcode.is_not(None)).order_by(Product.id)))
        product = products[index % len(products)]
        record_sale(ctx.store, SaleDraft(items=(ItemDraft(product_id=product.id),),
                                         payments=(PaymentDraft(method, product.price_cents),),
                                         customer=MARIA if customer else None))

    def sync(self) -> None:
        for _ctx, link in self.caixas.values():
            link.sync_once()

    def close(self) -> None:
        for ctx, link in self.caixas.values():
            link.stop()
            ctx.close()
        self.integrator.stop()
        self.server.close()
        self.int_ctx.close()
        self.bling.stop()
        self.pg.stop()


def build(store: PictureStore) -> AppContext:
    """A day at the store; returns caixa PDV02's folder (the one on the screen)."""
    c1, _l1 = store.caixa("PDV01")
    c2, _l2 = store.caixa("PDV02")
    for index in range(3):
        store.sell(c1, index=index, customer=index == 0)
        store.sell(c2, index=index + 5, method="PIX")
    store.sync()
    store.integrator.run_once()  # delivered to Bling
    with store.server.transaction() as session:  # a method the store never related to a Bling forma
        session.execute(update(PaymentMethod).where(PaymentMethod.name == "Vale Presente")
                        .values(bling_forma_pagamento_id=None))
    store.sync()
    store.sell(c1, index=9, method="Vale Presente")  # no DE-PARA: parks in the store's queue
    store.sync()
    store.integrator.run_once()
    asks.ask(store.server, "check")
    store.integrator.run_once()  # Verificar conta Bling, for the store
    store.sync()  # the caixas learn their sales' Bling ids
    store.sell(c2, index=12, method="PIX")
    store.sync()  # handed over, not yet delivered: "Na retaguarda"
    store.sell(c2, index=14)  # still only on this caixa: "Neste caixa"
    return c2


def shots(app: QApplication, save: Save, out: Path) -> None:
    try:
        with tempfile.TemporaryDirectory() as folder:
            store = PictureStore(Path(folder))
            try:
                _take(app, save, out, store, build(store))
            finally:
                store.close()
    except PostgresUnavailable as exc:
        print(f"store-mode screenshots skipped: {exc}")


def _take(app: QApplication, save: Save, out: Path, store: PictureStore, ctx: AppContext) -> None:
    link = ctx.store.coordinator
    assert isinstance(link, StoreLink)
    bus = EventBus()
    service = CaixaService(ctx, link, bus=bus)  # not started: the pictures hold still
    hub = Hub(ctx, service, bus)
    window = MainWindow(hub)
    window.resize(SCREEN)
    window.show()
    hub.refresh()
    hub.refresh_connection()
    window.sales.reload()
    now = utcnow()
    bus.publish(ConnectivityChanged(online=True))
    bus.publish(StoreLinkChanged(online=True, last_contact_at=now, moved=0, replicated=0, not_handed_over=1))
    save(app, hub, window, out / "loja-caixa-main-window.png")
    names = ((AUTH, "autenticacao"), (PAYMENTS, "metodos-pagamento"), (SYNC, "sincronizar"), (LOGS, "logs"),
             (CHECK, "verificar-conta"))
    for tab, name in names:
        dialog = fit(window.open_integration(tab))
        save(app, hub, dialog, out / f"loja-caixa-integracao-{name}.png")
        dialog.close()
    settings = fit(window.open_settings())  # the store-wide settings, saved on the retaguarda
    save(app, hub, settings, out / "loja-caixa-configuracoes.png")
    settings.close()
    outbox = fit(window.open_outbox())
    _select_parked(app, hub, outbox)
    save(app, hub, outbox, out / "loja-caixa-fila-de-envio.png")
    outbox.close()
    _wizard(app, hub, window, save, out)
    bus.publish(ConnectivityChanged(online=False, reason="store"))
    bus.publish(StoreLinkChanged(online=False, last_contact_at=now, moved=0, replicated=0, not_handed_over=3,
                                 error="Retaguarda sem conexão"))
    save(app, hub, window, out / "loja-caixa-sem-retaguarda.png")
    window.quitting = True
    window.close()
    hub.shutdown()


def _select_parked(app: QApplication, hub: Hub, dialog: Any) -> None:
    for _ in range(200):
        app.processEvents()
        if dialog.model.rows:
            break
        hub.runner.wait(20)
    dialog.table.selectRow(0)  # parked first


def _wizard(app: QApplication, hub: Hub, window: MainWindow, save: Save, out: Path) -> None:
    """Troca/Devolução on caixa PDV02 finding a sale of caixa PDV01 by caixa and number."""
    wizard = window.open_exchange()
    assert isinstance(wizard, ExchangeWizard)
    fit(wizard)
    page = wizard.currentPage()
    assert isinstance(page, FindSalePage) and page.store_lookup is not None  # a caixa finds any caixa's sale
    page.reference.setText("PDV01 1")
    save(app, hub, wizard, out / "loja-caixa-troca-localizar.png")
    wizard.next()
    for _ in range(300):
        app.processEvents()
        if wizard.currentPage() is not page:
            break
        page.store_lookup.runner.wait(20)
    save(app, hub, wizard, out / "loja-caixa-troca-outro-caixa.png")
    wizard.close()
    link = hub.ctx.store.coordinator
    assert isinstance(link, StoreLink)
    url, link.url, link._server = link.url, "postgresql+psycopg://pdv@127.0.0.1:1/loja", None  # cable pulled
    wizard = window.open_exchange()
    assert isinstance(wizard, ExchangeWizard)
    fit(wizard)
    page = wizard.currentPage()
    assert isinstance(page, FindSalePage) and page.store_lookup is not None  # a caixa finds any caixa's sale
    page.reference.setText("PDV01 2")
    wizard.next()
    for _ in range(500):
        app.processEvents()
        if "sem conexão" in page.message.text():
            break
        page.store_lookup.runner.wait(20)
    save(app, hub, wizard, out / "loja-caixa-troca-sem-retaguarda.png")
    wizard.close()
    link.url, link._server = url, None

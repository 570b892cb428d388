"""Store-mode test helpers: a store server on the session's PostgreSQL and caixas joined to it."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from pdv_bling.counter.sales import RecordedSale, record_sale
from pdv_bling.domain.sale import AddressDraft, CustomerDraft, ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.retaguarda.caixa import StoreLink
from pdv_bling.retaguarda.integrator import Integrator
from pdv_bling.retaguarda.membership import join_store
from pdv_bling.retaguarda.server import init_store, open_server
from pdv_bling.runtime.demo import attach_to_sandbox, map_payments_by_name
from pdv_bling.sandbox import SandboxServer
from pdv_bling.store.context import AppContext
from pdv_bling.store.engine import Store
from pdv_bling.store.models import utcnow
from tests.core.factories import seed_store

ADDRESS = AddressDraft(street="Rua das Flores", number="10", district="Centro", city="Campinas", uf="SP",
                       cep="13010-000")
MARIA = CustomerDraft(document="529.982.247-25", name="Maria Souza", address=ADDRESS)


def integrador(tmp_path: Path, name: str, url: str, bling: SandboxServer, *, ahead: dt.timedelta | None = None
               ) -> Integrator:
    """An integrador host `name` connected once to `bling` (its tokens are its own); `ahead`: its
    clock runs that far ahead (a pull or reconciliation falls due)."""
    ctx = AppContext.open(tmp_path / name, log=False)
    attach_to_sandbox(ctx, bling)
    clock = (lambda: utcnow() + ahead) if ahead is not None else utcnow
    return Integrator(ctx, url, clock=clock)


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


def sell_one_unit(ctx: AppContext, *, method: str = "PIX") -> RecordedSale:
    """One unit of the first product with a barcode in this caixa's copy of the catalogue, paid in full."""
    from sqlalchemy import select

    from pdv_bling.store.models import Product

    with ctx.store.read() as session:
        product = session.scalars(select(Product).where(Product.barcode.is_not(None))).first()
    assert product is not None
    return record_sale(ctx.store, SaleDraft(items=(ItemDraft(barcode=product.barcode, quantity=1),),
                                            payments=(PaymentDraft(method, product.price_cents),)))


class RunningIntegrador:
    """`pdv-bling integrator` in a thread: connected once to the stand-in, it pulls the
    catalogue into the store (after `store init`), then delivers the store's outbox until stopped."""

    def __init__(self, tmp_path: Path, url: str, bling: SandboxServer) -> None:
        init_store(url)  # `pdv-bling store init URL`
        self.ctx = AppContext.open(tmp_path / "integrador", log=False)
        attach_to_sandbox(self.ctx, bling)
        self.integrator = Integrator(self.ctx, url)
        report = self.integrator.run_once(pull=True)
        assert report.role == "leader" and report.pulled.get("produtos"), report
        self.server: Store = open_server(url)
        map_payments_by_name(AppContext(self.ctx.paths, self.server))  # the store's DE-PARA
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> RunningIntegrador:
        self._thread = threading.Thread(target=self.integrator.run_forever,
                                        kwargs={"should_stop": self._stop.is_set, "idle_s": 0.2}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        self.integrator.stop()
        self.server.close()
        self.ctx.close()

"""The desktop app on a caixa of a store (issue 17): it runs the caixa's link to the store server
in the background, never a Bling drainer or puller; a sale finished at the counter reaches the
store database and, through the store's integrador, Bling, with nobody syncing by hand."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.retaguarda import caixa as caixa_module
from pdv_bling.retaguarda.caixa_service import CaixaService
from pdv_bling.retaguarda.server import open_server
from pdv_bling.runtime import service as sync_service
from pdv_bling.sandbox import SandboxConfig, SandboxServer
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import Product, Sale
from tests.store.helpers import make_store
from tests.ui.store_support import RunningIntegrador, caixa_app, joined_folder
from ui.new_sale import NewSaleDialog

pytestmark = pytest.mark.postgres


@pytest.fixture(autouse=True)
def fast_client(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PDV_BLING_RATE_PER_SECOND", "500")


@pytest.fixture
def bling() -> Iterator[SandboxServer]:
    server = SandboxServer(SandboxConfig(products=12, seed=3, rate_limit=1000.0)).start()
    yield server
    server.stop()


def _store_sales(url: str) -> set[str]:
    server = open_server(url)
    try:
        with server.read() as session:
            return set(session.scalars(select(Sale.numero_loja)))
    finally:
        server.close()


def test_a_sale_finished_in_the_app_of_a_caixa_reaches_the_store_and_bling_by_itself(
        qtbot: QtBot, tmp_path: Path, pg_url: str, bling: SandboxServer, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_bling_here(*_a: object, **_k: object) -> None:
        raise AssertionError("a caixa of a store must not start a Bling drainer or puller")

    monkeypatch.setattr(sync_service.SyncService, "__init__", no_bling_here)
    integrador = RunningIntegrador(tmp_path, pg_url, bling).start()
    try:
        home = joined_folder(tmp_path, pg_url, "PDV02")
        with caixa_app(qtbot, home) as (hub, window, session):
            assert isinstance(session.service, CaixaService)
            qtbot.waitUntil(lambda: session.service.online is True, timeout=20_000)  # first pass: replica
            with hub.ctx.store.read() as db:
                product = db.scalars(select(Product).where(Product.barcode.is_not(None)).order_by(Product.id)).first()
                assert product is not None
            dialog = window.open_new_sale()
            assert isinstance(dialog, NewSaleDialog)
            qtbot.waitUntil(lambda: hub.runner.busy == 0, timeout=10_000)
            qtbot.keyClicks(dialog.barcode, str(product.barcode))
            qtbot.keyClick(dialog.barcode, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: len(dialog.lines) == 1, timeout=10_000)
            qtbot.keyClick(dialog, Qt.Key.Key_F4)  # Dinheiro, the amount due
            qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
            qtbot.keyClick(dialog, Qt.Key.Key_F10)
            qtbot.waitUntil(lambda: dialog.result is not None, timeout=10_000)
            numero_loja = dialog.result.numero_loja
            assert numero_loja == "PDV02-0000001"
            qtbot.waitUntil(lambda: numero_loja in _store_sales(pg_url), timeout=15_000)
            qtbot.waitUntil(lambda: Counter(o["numeroLoja"] for o in bling.state.orders.values())[numero_loja] == 1,
                            timeout=30_000)
            with hub.ctx.store.read() as db:
                assert db.scalar(select(func.count()).select_from(Sale)) == 1
    finally:
        integrador.stop()
    assert Counter(o["numeroLoja"] for o in bling.state.orders.values())[numero_loja] == 1


def test_the_nudge_after_a_local_write_reaches_the_link(qtbot: QtBot, tmp_path: Path, pg_url: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """With the link's timer far away, only Hub.after_local_write()'s nudge can hand a record over
    within seconds (here one recorded by another process on the same folder, `pdv-bling sale add`)."""
    make_store(pg_url)
    home = joined_folder(tmp_path, pg_url, "PDV01")
    monkeypatch.setattr(caixa_module, "INTERVAL_S", 600.0)
    with caixa_app(qtbot, home) as (hub, _window, session):
        qtbot.waitUntil(lambda: session.service.online is True, timeout=20_000)
        qtbot.wait(300)  # the first pass is over: the link now sleeps for its (long) interval
        with AppContext.open(home, log=False) as other:  # another process: its own link is not running
            recorded = record_sale(other.store, SaleDraft(items=(ItemDraft(sku="SKU-1", quantity=1),),
                                                          payments=(PaymentDraft("PIX", 1090),)))
        qtbot.wait(500)
        assert recorded.numero_loja not in _store_sales(pg_url)
        hub.after_local_write()
        qtbot.waitUntil(lambda: recorded.numero_loja in _store_sales(pg_url), timeout=10_000)

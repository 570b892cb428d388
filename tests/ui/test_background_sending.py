"""The app delivers in the background, in demo mode as in a store: a sale recorded at the counter
reaches the Bling stand-in with nobody pressing F5 or calling a sync (issue 14, item 1).

The stand-in is asked from outside, over HTTP (`/__sandbox__/inspect`), as a manager would look
at Bling: the order is there, once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from pdv_bling.bling.client import API_URL_SETTING
from pdv_bling.counter.lookups import sellable_products
from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.runtime.demo import attach_to_sandbox, map_payments_by_name
from pdv_bling.sandbox import SandboxConfig, SandboxServer
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import PaymentMethod, Product
from pdv_bling.store.settings import get_value
from ui.app import Session, open_session
from ui.hub import Hub
from ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def fast_client(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PDV_BLING_RATE_PER_SECOND", "500")


def _cash_sale(ctx: AppContext) -> str:
    with ctx.store.read() as session:
        product = session.scalars(select(Product).where(sellable_products()).order_by(Product.id)).first()
        cash = session.scalars(select(PaymentMethod).where(PaymentMethod.kind == "cash")).first()
        assert product is not None and cash is not None
        draft = SaleDraft(items=(ItemDraft(product_id=product.id),), payments=(PaymentDraft(cash.id, product.price_cents),))
    return record_sale(ctx.store, draft).numero_loja


def _orders_in_bling(ctx: AppContext) -> dict[str, int]:
    """numeroLoja -> how many orders carry it, read from the stand-in the folder is connected to."""
    with ctx.store.read() as session:
        api_url = str(get_value(session, API_URL_SETTING))
    control = api_url.split("/Api/v3")[0] + "/__sandbox__/inspect"
    orders = httpx.get(control, timeout=5).json()["orders"]
    return {loja: entry["count"] for loja, entry in orders.items()}


def _running(qtbot: QtBot, session: Session) -> Iterator[Hub]:
    hub = Hub(session.ctx, session.service, session.bus, demo=session.demo)
    window = MainWindow(hub)
    qtbot.addWidget(window)
    window.show()
    try:
        yield hub
    finally:
        window.quitting = True
        window.close()
        hub.shutdown()
        session.close()


@pytest.fixture
def demo_app(qtbot: QtBot, tmp_path: Path) -> Iterator[Hub]:
    """`pdv-bling --demo`: the in-process stand-in, connected and pulled by start_demo."""
    yield from _running(qtbot, open_session(demo=True, home=tmp_path / "demo", demo_products=12))


@pytest.fixture
def store_app(qtbot: QtBot, tmp_path: Path) -> Iterator[Hub]:
    """`pdv-bling` of a connected store (its Bling being a stand-in on loopback)."""
    server = SandboxServer(SandboxConfig(products=12, seed=3, rate_limit=1000.0)).start()
    home = tmp_path / "loja"
    try:
        with AppContext.open(home, log=False) as ctx:
            attach_to_sandbox(ctx, server)
        session = open_session(demo=False, home=home)
        session.service.pull_now()
        map_payments_by_name(session.ctx)
        yield from _running(qtbot, session)
    finally:
        server.stop()


@pytest.mark.parametrize("app", ["demo_app", "store_app"])
def test_a_sale_finished_at_the_counter_reaches_bling_by_itself(app: str, request: pytest.FixtureRequest,
                                                                 qtbot: QtBot) -> None:
    hub: Hub = request.getfixturevalue(app)
    numero_loja = _cash_sale(hub.ctx)
    hub.after_local_write()  # what Nova venda does after F10
    qtbot.waitUntil(lambda: _orders_in_bling(hub.ctx).get(numero_loja) == 1, timeout=20_000)


@pytest.mark.parametrize("app", ["demo_app", "store_app"])
def test_a_sale_recorded_by_another_process_goes_out_on_the_schedulers_tick(
    app: str, request: pytest.FixtureRequest, qtbot: QtBot
) -> None:
    """`pdv-bling sale add` into the folder of a running app: nobody nudges; the 5 s drain job sends it."""
    hub: Hub = request.getfixturevalue(app)
    qtbot.wait(500)  # past the drain job's first run at start-up
    numero_loja = _cash_sale(hub.ctx)
    qtbot.waitUntil(lambda: _orders_in_bling(hub.ctx).get(numero_loja) == 1, timeout=20_000)

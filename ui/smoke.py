"""`pdv-bling --demo --smoke`: the main window up (offscreen in CI), one demo sale recorded and
delivered to the Bling stand-in by the app's own scheduler (nothing here calls a sync), exit 0
only if it was delivered within a minute."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from pdv_bling.counter.lookups import sellable_products
from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.store import outbox
from pdv_bling.store.engine import Store
from pdv_bling.store.models import PaymentMethod, Product
from ui.hub import Hub
from ui.main_window import MainWindow


def _wait(app: QApplication, hub: Hub, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while hub.runner.busy and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()


def _wait_delivered(app: QApplication, store: Store, sale_id: int, *, timeout_s: float) -> str:
    deadline = time.monotonic() + timeout_s
    while True:
        with store.read() as session:
            state = outbox.sale_delivery_state(session, sale_id)
        if state == outbox.DONE or time.monotonic() > deadline:
            return state
        app.processEvents()
        time.sleep(0.05)


def smoke_run(app: QApplication, hub: Hub, window: MainWindow) -> int:
    _wait(app, hub)
    store = hub.ctx.store
    with store.read() as session:
        product = session.scalars(select(Product).where(sellable_products()).order_by(Product.id)).first()
        cash = session.scalars(select(PaymentMethod).where(PaymentMethod.kind == "cash")).first()
        if product is None or cash is None:
            print("smoke: no product or cash method in the demo catalogue")
            return 1
        draft = SaleDraft(items=(ItemDraft(product_id=product.id),), payments=(PaymentDraft(cash.id, product.price_cents),))
    sale = record_sale(store, draft)
    hub.after_local_write()
    state = _wait_delivered(app, store, sale.sale_id, timeout_s=60.0)
    window.grab()  # the window really rendered
    window.quitting = True
    window.close()
    if state != outbox.DONE:
        print(f"smoke: sale {sale.number} delivery state {state} after 60 s of background sending")
        return 1
    print(f"smoke: sale {sale.number} ({sale.numero_loja}) recorded and delivered to the Bling stand-in")
    return 0

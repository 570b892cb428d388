"""A caixa's main window in store mode: the status bar's "Retaguarda" (connected or not, last
contact, records still only here) and where each sale of Últimas vendas is."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.retaguarda.caixa_service import CaixaService
from pdv_bling.retaguarda.server import open_server
from pdv_bling.store.models import Sale
from tests.store.helpers import make_store
from tests.ui.store_support import UNREACHABLE, caixa_app, joined_folder
from ui.hub import Hub
from ui.main_window import MainWindow
from ui.sale_location import location_words

pytestmark = pytest.mark.postgres


def _where(window: MainWindow, numero_loja: str) -> str | None:
    """The "Onde está" cell of the sale in Últimas vendas."""
    model = window.sales.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    column = headers.index("Onde está a venda")
    for index, row in enumerate(model.rows):
        if row.numero_loja == numero_loja:
            item = model.item(index, column)
            return item.text() if item is not None else None
    return None


def test_the_status_bar_and_each_sale_follow_the_retaguarda(qtbot: QtBot, tmp_path: Path, pg_url: str) -> None:
    make_store(pg_url)
    home = joined_folder(tmp_path, pg_url, "PDV01")
    with caixa_app(qtbot, home) as (hub, window, session):
        service = session.service
        assert isinstance(service, CaixaService)
        indicator = window.retaguarda
        assert indicator.isVisible()
        qtbot.waitUntil(lambda: indicator.text().startswith("Retaguarda: conectada · "), timeout=15_000)
        assert window.status.connection.text() == "● Online"

        service.link.url, service.link._server = UNREACHABLE, None  # the cable is pulled
        sold = record_sale(hub.ctx.store, SaleDraft(items=(ItemDraft(sku="SKU-1", quantity=1),),
                                                    payments=(PaymentDraft("PIX", 1090),)))
        hub.after_local_write()
        qtbot.waitUntil(lambda: indicator.text().startswith("Retaguarda: sem conexão desde "), timeout=15_000)
        qtbot.waitUntil(lambda: indicator.waiting == 1, timeout=5_000)
        assert "Retaguarda sem conexão" in indicator.toolTip()
        assert "Neste caixa: 1 registro ainda não repassado" in indicator.toolTip()
        assert window.status.connection.text() == "● Offline (vendas guardadas)"
        qtbot.waitUntil(lambda: _where(window, sold.numero_loja) == "Neste caixa", timeout=5_000)

        service.link.url, service.link._server = pg_url, None  # the cable is back
        service.nudge()
        qtbot.waitUntil(lambda: indicator.text().startswith("Retaguarda: conectada · "), timeout=15_000)
        qtbot.waitUntil(lambda: indicator.waiting == 0, timeout=5_000)
        qtbot.waitUntil(lambda: _where(window, sold.numero_loja) == "Na retaguarda", timeout=10_000)

        server = open_server(pg_url)  # the integrador created the order in Bling
        with server.transaction() as db:
            db.execute(update(Sale).where(Sale.numero_loja == sold.numero_loja).values(bling_id=9_000_001))
        server.close()
        service.nudge()
        qtbot.waitUntil(lambda: _where(window, sold.numero_loja) == "No Bling", timeout=10_000)


def test_single_mode_keeps_its_delivery_column_and_no_retaguarda(qtbot: QtBot, hub: Hub) -> None:
    window = MainWindow(hub)
    qtbot.addWidget(window)
    model = window.sales.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "Envio ao Bling" in headers and "Onde está a venda" not in headers
    assert not window.retaguarda.isVisible() and window.retaguarda.isHidden()
    assert location_words("retaguarda") == "Na retaguarda"

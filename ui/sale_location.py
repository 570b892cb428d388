"""Últimas vendas in store mode: where each sale is, instead of this PC's delivery state (a caixa
never sends to Bling; its queue items are done once the store database owns them).

    neste caixa -> na retaguarda (the store owns it) -> no Bling (the integrador created it there)
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from pdv_bling.counter import queries
from ui import words
from ui.hub import Hub
from ui.store_mode import is_caixa


def location_words(location: str) -> str:
    if location == "bling":
        return QCoreApplication.translate("SaleLocation", "No Bling")
    if location == "retaguarda":
        return QCoreApplication.translate("SaleLocation", "Na retaguarda")
    return QCoreApplication.translate("SaleLocation", "Neste caixa")


def delivery_column(hub: Hub) -> tuple[str, Callable[[queries.SaleRow], str]]:
    """(header, cell) of the sales list's delivery column: where the sale is, on a caixa of a
    store; its delivery to Bling otherwise."""
    if is_caixa(hub):
        return QCoreApplication.translate("SaleLocation", "Onde está a venda"), lambda r: location_words(r.location)
    return QCoreApplication.translate("SalesPanel", "Envio ao Bling"), lambda r: words.delivery_state(r.delivery)

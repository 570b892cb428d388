"""The status bar's "Retaguarda" on a caixa of a store: whether the store server answers, when it
last did, and how many of this caixa's records are still only here. Hidden in single mode.

    Retaguarda: conectada · 14:32          Retaguarda: sem conexão desde 14:20
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget

from pdv_bling.retaguarda.caixa_service import StoreLinkChanged
from ui import fmt, words
from ui.hub import Hub
from ui.store_mode import is_caixa, link_relay

GREEN, AMBER, RED, GREY = "#1e7d32", "#b26a00", "#b3261e", "#6b6b6b"


def contact_time(when: dt.datetime | None) -> str:
    """HH:mm today, dd/MM HH:mm before (the store's time zone)."""
    if when is None:
        return QCoreApplication.translate("RetaguardaIndicator", "nunca")
    return fmt.LOCALE.toString(fmt.local_qdatetime(when), "HH:mm" if fmt.is_today(when) else "dd/MM HH:mm")


class RetaguardaIndicator(QLabel):
    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.waiting = 0  # this caixa's records not handed over yet (in the tooltip)
        self.setVisible(is_caixa(hub))
        if not self.isVisible():
            return
        relay = link_relay(hub)
        relay.changed.connect(self.show_state)
        self.show_state(relay.last)

    def show_state(self, event: StoreLinkChanged | None) -> None:
        """Short enough for a 1024x600 status bar; the details (what is still here, why offline)
        are in the tooltip."""
        if event is None:
            text, colour = self.tr("Retaguarda: conectando…"), GREY
            tip = self.tr("Este caixa repassa as vendas à retaguarda da loja, que as envia ao Bling.")
        elif event.online and event.error:  # the store answered, and refused: never "check the cable"
            text, colour = self.tr("Retaguarda: recusou os registros deste caixa"), RED
            tip = event.error
        elif event.online:
            text = self.tr("Retaguarda: conectada · %1").replace("%1", contact_time(event.last_contact_at))
            colour, tip = GREEN, self.tr("Último contato com a retaguarda: %1.").replace(
                "%1", contact_time(event.last_contact_at))
        else:
            text = self.tr("Retaguarda: sem conexão desde %1").replace("%1", contact_time(event.last_contact_at))
            colour = AMBER
            tip = (event.error or "") + "\n" + self.tr(
                "As vendas continuam sendo registradas neste caixa e vão para a retaguarda sozinhas quando a conexão voltar.")
        waiting = event.not_handed_over if event is not None else 0
        if waiting:
            tip += "\n" + self.tr("Neste caixa: %1.").replace("%1", words.records_not_handed_over(waiting))
        self.waiting = waiting
        self.setText(text)
        self.setToolTip(tip.strip())
        sheet = f"color: {colour}; font-weight: bold; padding: 0 8px;"
        if self.styleSheet() != sheet:
            self.setStyleSheet(sheet)

"""Status bar: connection, sales pending and sales needing attention (counted by sale, not by
queue item), last successful sync. Always visible, so it carries the tray's information where no
tray exists."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QStatusBar, QWidget

from pdv_bling.counter import queries
from pdv_bling.counter.nfce_status import NfceOverview
from ui import fmt, words
from ui.hub import Hub
from ui.service import CONNECTED, RECONNECTION_NEEDED


class StatusBar(QStatusBar):
    parked_clicked = Signal()

    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.connection = QLabel()
        self.pending = QLabel()
        self.parked = QPushButton()
        self.parked.setFlat(True)
        self.parked.clicked.connect(self.parked_clicked.emit)
        self.last_sync = QLabel()
        self.turno = QLabel()  # the turno de caixa: who opened it and since when
        self.nfce = QPushButton()  # NFC-e pendente / atrasada / a cancelar (issued through Bling)
        self.nfce.setFlat(True)
        self.nfce.clicked.connect(self.parked_clicked.emit)
        for widget in (self.turno, self.connection, self.pending, self.parked, self.nfce, self.last_sync):
            self.addPermanentWidget(widget)
        hub.overview_changed.connect(self.show_overview)
        hub.nfce_changed.connect(self.show_nfce)
        self.show_nfce(hub.nfce)
        hub.connection_changed.connect(lambda _s: self.show_connection())
        hub.online_changed.connect(lambda _o: self.show_connection())
        self.show_overview(hub.overview)
        self.show_connection()

    def show_connection(self) -> None:
        state, online = self.hub.connection, self.hub.online
        if state == RECONNECTION_NEEDED:
            text, color = self.tr("● Reconexão necessária"), "#b3261e"
        elif state != CONNECTED:
            text, color = self.tr("● Bling não conectado"), "#6b6b6b"
        elif online is False:
            text, color = self.tr("● Offline (vendas guardadas)"), "#b26a00"
        else:
            text, color = self.tr("● Online"), "#1e7d32"
        self.connection.setText(text)
        _style(self.connection, f"color: {color}; font-weight: bold; padding: 0 8px;")

    def show_overview(self, value: queries.Overview) -> None:
        self.pending.setText(words.pending_sales(value.pending) if value.pending else self.tr("Nenhuma venda pendente"))
        self.parked.setText(words.parked_sales(value.parked) if value.parked else self.tr("Nenhuma venda requer atenção"))
        self.parked.setToolTip(self.tr("Abrir a Fila de envio (F6)"))
        _style(self.parked, "color: #b3261e; font-weight: bold;" if value.parked else "color: #444;")
        if value.turno_operator is not None and value.turno_since is not None:
            self.turno.setText(self.tr("Caixa aberto por %1 desde %2").replace("%1", value.turno_operator).replace(
                "%2", fmt.clock_time(value.turno_since)))
            _style(self.turno, "color: #1e7d32; padding: 0 6px;")
        else:
            self.turno.setText(self.tr("Caixa fechado (F4)"))
            _style(self.turno, "color: #6b6b6b; padding: 0 6px;")
        if value.turno_parked:
            self.turno.setText(self.turno.text() + " · " + self.tr("lançamento do caixa requer atenção (F6)"))
            _style(self.turno, "color: #b3261e; font-weight: bold; padding: 0 6px;")
        self.last_sync.setText(
            self.tr("Última sincronização: %1").replace("%1", fmt.short_datetime(value.last_sync_at, never=self.tr("nunca")))
        )


    def show_nfce(self, value: NfceOverview) -> None:
        """Red past the store's wait limit; orange while within it or while a note waits to be cancelled."""
        text = words.nfce_figures(value.pending, value.overdue, value.to_cancel)
        self.nfce.setVisible(bool(text))
        self.nfce.setText(text)
        self.nfce.setToolTip(self.tr("Vendas cuja NFC-e ainda não saiu do Bling (Configurações › NFC-e: prazo). "
                                     "Abrir a Fila de envio (F6)"))
        color = "#b3261e" if value.overdue else "#b26a00"
        _style(self.nfce, f"color: {color}; font-weight: bold;")


def _style(widget: QWidget, sheet: str) -> None:
    """Set a style sheet only when it changes (each call re-polishes the widget)."""
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)

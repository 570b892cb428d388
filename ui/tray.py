"""Tray icon: the count of sales not yet in Bling on the icon and in the tooltip ("3 vendas
pendentes"), a menu
(Abrir, Sincronizar agora, Sair), and notifications when an item becomes parked or the
connection needs renewal. Where no tray exists (isSystemTrayAvailable() is false, e.g.
offscreen) nothing is shown and the status bar carries the same figures."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from pdv_bling.base.events import ItemParked
from pdv_bling.counter import queries
from ui import icons, words
from ui.hub import Hub


class Tray(QObject):
    open_requested = Signal()
    sync_requested = Signal()
    quit_requested = Signal()

    def __init__(self, hub: Hub, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.available = QSystemTrayIcon.isSystemTrayAvailable()
        self.count = 0
        self.tooltip = ""
        self.icon = QIcon()
        self.notifications: list[tuple[str, str]] = []
        self.check_line = ""  # the last account check's erros (show_account_check)
        self.tray: QSystemTrayIcon | None = None
        if self.available:
            self.tray = QSystemTrayIcon(icons.app_icon(), self)
            self.tray.setContextMenu(self._menu())
            self.tray.activated.connect(self._activated)
            self.tray.show()
        hub.overview_changed.connect(self.show_overview)
        hub.nfce_changed.connect(lambda _v: self.show_overview(self.hub.overview))
        hub.bridge.item_parked.connect(self._parked)
        hub.bridge.reconnection_needed.connect(self._reconnect)
        self.show_overview(hub.overview)

    def _menu(self) -> QMenu:
        menu = QMenu()
        for text, signal in (
            (self.tr("Abrir"), self.open_requested),
            (self.tr("Sincronizar agora"), self.sync_requested),
            (self.tr("Sair"), self.quit_requested),
        ):
            action = QAction(text, menu)
            action.triggered.connect(signal.emit)
            menu.addAction(action)
        self._menu_ref = menu
        return menu

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.open_requested.emit()

    def show_overview(self, value: queries.Overview) -> None:
        waiting = value.pending + value.parked
        self.count = waiting
        lines = ["PDV Bling"]
        if value.pending:
            lines.append(words.pending_sales(value.pending))
        if value.parked:
            lines.append(words.parked_sales(value.parked))
        nfce = self.hub.nfce
        nfce_line = words.nfce_figures(nfce.pending, nfce.overdue, nfce.to_cancel)
        if nfce_line:
            lines.append(nfce_line)
        if self.check_line:
            lines.append(self.check_line)
        if not waiting:
            lines.append(self.tr("Tudo enviado ao Bling"))
        self.tooltip = "\n".join(lines)
        self.icon = QIcon(icons.badge_pixmap(waiting, attention=value.parked > 0 or nfce.overdue > 0))
        if self.tray is not None:
            self.tray.setIcon(self.icon)
            self.tray.setToolTip(self.tooltip)

    def notify(self, title: str, text: str, *, warning: bool = True) -> None:
        self.notifications.append((title, text))
        if self.tray is not None and QSystemTrayIcon.supportsMessages():
            icon = QSystemTrayIcon.MessageIcon.Warning if warning else QSystemTrayIcon.MessageIcon.Information
            self.tray.showMessage(title, text, icon, 10_000)

    def _parked(self, event: ItemParked) -> None:
        sale = str(event.sale_number) if event.sale_number is not None else "—"
        self.notify(
            self.tr("Envio requer atenção"),
            self.tr("%1 da venda %2 não foi aceito pelo Bling. Veja a Fila de envio.")
            .replace("%1", words.outbox_kind(event.kind))
            .replace("%2", sale),
        )

    def _reconnect(self, _reason: str) -> None:
        self.notify(
            self.tr("Reconexão necessária"),
            self.tr("A autorização do Bling expirou. Abra Integração Bling (F7) > Autenticação e clique em Iniciar integração."),
        )

    def show_account_check(self, erros: int) -> None:
        """The last account check found `erros` erros: a tooltip line, and a notification when new."""
        line = self.tr("Conta Bling com %1: veja Verificar conta").replace("%1", words.errors_count(erros)) if erros else ""
        if line and not self.check_line:
            self.notify(self.tr("Verificar conta Bling"),
                        self.tr("A verificação da conta Bling encontrou %1. Abra Integração Bling > Verificar conta.").replace(
                            "%1", words.errors_count(erros)))
        self.check_line = line
        self.show_overview(self.hub.overview)

    def hide(self) -> None:
        if self.tray is not None:
            self.tray.hide()

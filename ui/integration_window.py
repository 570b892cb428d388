"""Integração Bling window with the manual's four tabs, plus Vendedores (operators linked to
Bling vendedores) and Verificar conta (the account check)."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QLabel, QTabWidget, QVBoxLayout, QWidget

from ui import guards, screen
from ui.account_check_tab import AccountCheckTab
from ui.auth_tab import AuthTab
from ui.hub import Hub
from ui.logs_tab import LogsTab
from ui.payments_tab import PaymentsTab
from ui.sellers_tab import SellersTab
from ui.store_auth_tab import StoreAuthTab
from ui.store_mode import is_caixa, store_banner
from ui.sync_tab import SyncTab

AUTH, PAYMENTS, SYNC, LOGS, SELLERS, CHECK = range(6)


class IntegrationWindow(QDialog):
    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Integração Bling"))
        title = QLabel(self.tr("Integração Bling"))
        title.setStyleSheet("font-size: 20px; font-weight: bold;")
        subtitle = QLabel(self.tr("Bling + Ponto de Venda"))
        subtitle.setStyleSheet("color: #2e7d32; font-weight: bold;")
        self.tabs = QTabWidget()
        self.auth: QWidget = StoreAuthTab(hub) if is_caixa(hub) else AuthTab(hub)  # a caixa: Bling is the integrador's
        self.payments = PaymentsTab(hub)
        self.sync = SyncTab(hub)
        self.logs = LogsTab(hub)
        self.tabs.addTab(self.auth, self.tr("Autenticação"))
        self.tabs.addTab(self.payments, self.tr("Métodos de Pagamento"))
        self.tabs.addTab(self.sync, self.tr("Sincronizar Dados"))
        self.tabs.addTab(self.logs, self.tr("Logs de API"))
        self.sellers = SellersTab(hub)
        self.check = AccountCheckTab(hub)
        self.tabs.addTab(self.sellers, self.tr("Vendedores"))
        self.tabs.addTab(self.check, self.tr("Verificar conta"))
        self.tabs.currentChanged.connect(self._tab_shown)
        # Ctrl+Tab / Ctrl+Shift+Tab change tabs wherever the focus is (a table once kept them).
        for keys, step in ((QKeySequence.StandardKey.NextChild, 1), (QKeySequence.StandardKey.PreviousChild, -1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(lambda step=step: self._step_tab(step))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addWidget(store_banner(hub))
        layout.addWidget(self.tabs)
        screen.fit_to_screen(self, 860, 560)

    def unsaved_places(self) -> list[str]:
        """The tabs with a choice changed and not saved (their "● Não salvo" mark is shown)."""
        return [self.tabs.tabText(self.tabs.indexOf(tab)) for tab in (self.payments, self.sellers) if tab.has_unsaved()]

    def _may_close(self) -> bool:
        places = self.unsaved_places()
        return not places or guards.confirm_discard(self, places)

    def reject(self) -> None:  # Esc, and the window's X (QDialog closes through reject)
        if self._may_close():
            super().reject()

    def _step_tab(self, step: int) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    def _tab_shown(self, index: int) -> None:
        page = self.tabs.widget(index)
        reload = getattr(page, "reload", None)
        if callable(reload):
            reload()

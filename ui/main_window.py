"""Main window: assembles the toolbar, the "Modo demonstração" banner, Últimas vendas, the
status bar and the tray. It holds no logic: actions open screens or hand work to the hub."""

from __future__ import annotations

import importlib
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QToolBar, QVBoxLayout, QWidget

from pdv_bling import queries
from ui import guards, icons, words
from ui.check_status import CheckIndicator
from ui.hub import Hub
from ui.integration_window import CHECK, IntegrationWindow
from ui.new_sale import NewSaleDialog
from ui.nfce_dialog import NfceDialog
from ui.outbox_window import OutboxWindow
from ui.retaguarda_indicator import RetaguardaIndicator
from ui.sales_panel import SalesPanel
from ui.settings_dialog import SettingsDialog
from ui.status_bar import StatusBar
from ui.tray import Tray

EXCHANGE_MODULE = "ui.exchange_wizard"


def exchange_wizard_factory() -> Any:
    """`ui/exchange_wizard.py` (another task) exposes ExchangeWizard(hub, parent); None until it lands."""
    try:
        module = importlib.import_module(EXCHANGE_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name != EXCHANGE_MODULE:
            raise
        return None
    return getattr(module, "ExchangeWizard", None)


class MainWindow(QMainWindow):
    def __init__(self, hub: Hub) -> None:
        super().__init__()
        self.hub = hub
        self.quitting = False
        self.dialogs: dict[str, QDialog] = {}
        self.setWindowTitle(self.tr("PDV Bling"))
        self.setWindowIcon(icons.app_icon())
        self.resize(1100, 680)
        self.sales = SalesPanel(hub)
        self.sales.nfce_requested.connect(self.open_nfce)
        self.banner = QLabel(
            self.tr("MODO DEMONSTRAÇÃO — treinamento: as vendas vão para um Bling simulado neste computador, nunca para o Bling real.")
        )
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #ffd54f; color: #3e2723; font-weight: bold; padding: 6px;")
        self.banner.setVisible(hub.demo)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.sales)
        self.setCentralWidget(central)
        self.status = StatusBar(hub)
        self.status.parked_clicked.connect(self.open_outbox)
        self.setStatusBar(self.status)
        self.check_indicator = CheckIndicator(hub)
        self.check_indicator.clicked.connect(lambda: self.open_integration(CHECK))
        self.status.addPermanentWidget(self.check_indicator)
        self.retaguarda = RetaguardaIndicator(hub)  # a caixa of a store: its link to the retaguarda
        self.status.insertPermanentWidget(0, self.retaguarda)
        self.actions_by_name = self._toolbar()
        self.tray = Tray(hub, self)
        self.tray.open_requested.connect(self.bring_to_front)
        self.tray.sync_requested.connect(self.sync_now)
        self.tray.quit_requested.connect(self.request_quit)
        self.check_indicator.report_shown.connect(lambda: self.tray.show_account_check(self.check_indicator.erros))

    def _toolbar(self) -> dict[str, QAction]:
        bar = QToolBar(self.tr("Ações"))
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.setStyleSheet("QToolButton { padding: 6px 10px; font-weight: bold; }")
        self.addToolBar(bar)
        entries = (
            ("new_sale", self.tr("Nova venda (F2)"), "F2", self.open_new_sale),
            ("exchange", self.tr("Troca/Devolução (F3)"), "F3", self.open_exchange),
            ("sync", self.tr("Sincronizar agora (F5)"), "F5", self.sync_now),
            ("outbox", self.tr("Fila de envio"), None, self.open_outbox),
            ("integration", self.tr("Integração Bling"), None, self.open_integration),
            ("settings", self.tr("Configurações"), None, self.open_settings),
            ("first_run", self.tr("Primeiros passos"), None, self.open_first_run),
        )
        actions: dict[str, QAction] = {}
        for name, text, key, slot in entries:
            action = QAction(text, self)
            if key:
                action.setShortcut(QKeySequence(key))
            action.triggered.connect(slot)
            bar.addAction(action)
            actions[name] = action
        if exchange_wizard_factory() is None:
            actions["exchange"].setEnabled(False)
            actions["exchange"].setToolTip(self.tr("Troca/Devolução ainda não está disponível nesta versão."))
        return actions

    # ------------------------------------------------------------ screens

    def _show(self, name: str, dialog: QDialog) -> QDialog:
        old = self.dialogs.get(name)
        if old is not None:
            old.close()
        self.dialogs[name] = dialog
        dialog.setWindowIcon(icons.app_icon())
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def open_new_sale(self) -> QDialog:
        return self._show("new_sale", NewSaleDialog(self.hub, self))

    def open_exchange(self) -> QDialog | None:
        factory = exchange_wizard_factory()
        return None if factory is None else self._show("exchange", factory(self.hub, self))

    def open_outbox(self) -> QDialog:
        return self._show("outbox", OutboxWindow(self.hub, self))

    def open_integration(self, tab: int = 0) -> QDialog:
        window = IntegrationWindow(self.hub, self)
        window.tabs.setCurrentIndex(tab)
        return self._show("integration", window)

    def open_settings(self) -> QDialog:
        return self._show("settings", SettingsDialog(self.hub, self))

    def open_first_run(self, resume: bool = False) -> QDialog:
        """Primeiros passos: from the menu it starts over (a replay); at start-up it resumes."""
        from ui.first_run import FirstRunWizard

        return self._show("first_run", FirstRunWizard(self.hub, self, resume=resume))

    def open_nfce(self, sale: queries.SaleRow) -> QDialog:
        return self._show("nfce", NfceDialog(self.hub, sale, self))

    def sync_now(self) -> None:
        """Managers' "Sincronizar agora": send what is queued, then fetch catalogue changes."""
        self.actions_by_name["sync"].setEnabled(False)
        self.status.showMessage(self.tr("Sincronizando com o Bling…"))
        service = self.hub.service

        def job() -> None:
            service.drain_now()
            service.pull_now(None)

        self.hub.runner.submit(job, on_done=lambda _r: self._synced(None), on_error=self._synced)

    def _synced(self, exc: BaseException | None) -> None:
        self.actions_by_name["sync"].setEnabled(True)
        if exc is None:
            self.status.showMessage(self.tr("Sincronização concluída."), 8000)
        else:
            self.status.showMessage(words.error_text(exc), 15000)
        self.hub.changed()

    # ------------------------------------------------------------ window life

    def bring_to_front(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def request_quit(self) -> bool:
        waiting = self.hub.overview.pending + self.hub.overview.parked
        if not guards.confirm_quit(self, waiting):
            return False
        self.quitting = True
        self.close()
        app = QApplication.instance()
        if app is not None:
            app.quit()
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.quitting:
            self.tray.hide()
            event.accept()
            return
        if self.tray.available:  # keep delivering in the background; the tray stays
            self.hide()
            self.tray.notify(self.tr("PDV Bling continua aberto"), self.tr("Os envios seguem em segundo plano."), warning=False)
            event.ignore()
            return
        waiting = self.hub.overview.pending + self.hub.overview.parked
        if guards.confirm_quit(self, waiting):
            self.quitting = True
            event.accept()
        else:
            event.ignore()

"""Main window: assembles the toolbar, the "Modo demonstração" banner, Últimas vendas, the
status bar and the tray. It holds no logic: actions open screens or hand work to the hub."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QToolBar, QVBoxLayout, QWidget

from pdv_bling.counter import queries
from pdv_bling.runtime import manual_sync
from ui import fmt, guards, icons, screen, words
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


def exchange_wizard_factory() -> Callable[[Hub, QWidget], QDialog] | None:
    """`ui/exchange_wizard.py` (another task) exposes ExchangeWizard(hub, parent); None until it lands."""
    try:
        module = importlib.import_module(EXCHANGE_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name != EXCHANGE_MODULE:
            raise
        return None
    factory: Callable[[Hub, QWidget], QDialog] | None = getattr(module, "ExchangeWizard", None)
    return factory


class MainWindow(QMainWindow):
    def __init__(self, hub: Hub) -> None:
        super().__init__()
        self.hub = hub
        self.quitting = False
        self.dialogs: dict[str, QDialog] = {}
        self.setWindowTitle(self.tr("PDV Bling"))
        self.setWindowIcon(icons.app_icon())
        self.sales = SalesPanel(hub)
        self.sales.nfce_requested.connect(self.open_nfce)
        self.sales.print_requested.connect(self.print_slip)
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
        self.memory = screen.remember(self, "principal", hub.ctx.paths.config, width=1100, height=680)

    def _toolbar(self) -> dict[str, QAction]:
        bar = QToolBar(self.tr("Ações"))
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.setStyleSheet("QToolButton { padding: 3px 8px; font-weight: bold; } QToolButton:focus { border: 2px solid #1565c0; }")
        self.addToolBar(bar)
        entries = (
            ("new_sale", self.tr("Nova venda"), "F2", self.tr("Registrar uma venda no caixa"), self.open_new_sale),
            ("exchange", self.tr("Troca/Devolução"), "F3", self.tr("Trocar ou devolver itens de uma venda"), self.open_exchange),
            ("caixa", self.tr("Caixa"), "F4", self.tr("Abrir e fechar o caixa, suprimento, sangria, relatórios X e Z"), self.open_turno),
            ("sync", self.tr("Sincronizar agora"), "F5", self.tr("Enviar as vendas e buscar o catálogo do Bling agora"), self.sync_now),
            ("outbox", self.tr("Fila de envio"), "F6", self.tr("O que falta enviar ao Bling e o que requer atenção"), self.open_outbox),
            ("integration", self.tr("Integração Bling"), "F7", self.tr("Autenticação, DE-PARA, sincronização e logs"), self.open_integration),
            ("settings", self.tr("Configurações"), "F9", self.tr("Loja, estoque, impressora e intervalos"), self.open_settings),
            ("first_run", self.tr("Primeiros passos"), "F1", self.tr("O guia de configuração da loja, passo a passo"), self.open_first_run),
        )
        actions: dict[str, QAction] = {}
        for name, text, key, tip, slot in entries:
            action = QAction(f"{text}\n{key}", self)  # the key under the name: eight fit a 1024 px screen
            action.setShortcut(QKeySequence(key))
            action.setToolTip(f"{tip} ({key})")
            action.triggered.connect(slot)
            bar.addAction(action)
            bar.widgetForAction(action).setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # reachable by Tab
            actions[name] = action
        if exchange_wizard_factory() is None:
            actions["exchange"].setEnabled(False)
            actions["exchange"].setToolTip(self.tr("Troca/Devolução ainda não está disponível nesta versão."))
        return actions

    # ------------------------------------------------------------ screens

    def _show(self, name: str, dialog: QDialog, *, keep_open: bool = False) -> QDialog:
        """Show `dialog`, replacing the one of that name; with `keep_open` an open one is brought
        to the front instead (F2 during a sale never throws the sale away)."""
        old = self.dialogs.get(name)
        if old is not None and keep_open and old.isVisible():
            dialog.deleteLater()
            old.raise_()
            old.activateWindow()
            return old
        if old is not None:
            old.close()
        self.dialogs[name] = dialog
        dialog.setWindowIcon(icons.app_icon())
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def open_new_sale(self) -> QDialog:
        return self._show("new_sale", NewSaleDialog(self.hub, self), keep_open=True)

    def open_exchange(self) -> QDialog | None:
        factory = exchange_wizard_factory()
        return None if factory is None else self._show("exchange", factory(self.hub, self), keep_open=True)

    def open_turno(self) -> QDialog:
        from ui.turno_window import TurnoWindow

        return self._show("caixa", TurnoWindow(self.hub, self), keep_open=True)

    def open_outbox(self) -> OutboxWindow:
        window = OutboxWindow(self.hub, self)
        self._show("outbox", window)  # without keep_open, the window shown is this one
        return window

    def open_integration(self, tab: int = 0) -> IntegrationWindow:
        window = IntegrationWindow(self.hub, self)
        window.tabs.setCurrentIndex(tab)
        self._show("integration", window)
        return window

    def open_settings(self) -> QDialog:
        return self._show("settings", SettingsDialog(self.hub, self))

    def open_first_run(self, resume: bool = False) -> QDialog:
        """Primeiros passos: from the menu it starts over (a replay); at start-up it resumes."""
        from ui.first_run import FirstRunWizard

        return self._show("first_run", FirstRunWizard(self.hub, self, resume=resume))

    def open_nfce(self, sale: queries.SaleRow) -> QDialog:
        return self._show("nfce", NfceDialog(self.hub, sale, self, status=self.sales.nfce_of(sale)))

    def print_slip(self, kind: str, ref: int) -> None:
        """A slip of Últimas vendas: the sale's ("sale", number) or an exchange's ("exchange", id)."""
        from ui.slip_print import open_slip

        open_slip(self, self.hub, kind, ref)

    def sync_now(self) -> None:
        """Managers' "Sincronizar agora": send what is queued, then fetch catalogue changes."""
        self.actions_by_name["sync"].setEnabled(False)
        self.status.showMessage(self.tr("Sincronizando com o Bling…"))
        service, store = self.hub.service, self.hub.ctx.store
        self.hub.runner.submit(lambda: manual_sync.sync_now(service, store), on_done=self._synced,
                               on_error=self._sync_failed)

    def _synced(self, outcome: manual_sync.SyncOutcome) -> None:
        """Says what is true after the run: done only when Bling was reached and nothing waits."""
        self.actions_by_name["sync"].setEnabled(True)
        pending, parked = outcome.pending, outcome.parked
        if outcome.trouble is not None:
            text = (self.tr("Sem conexão com o Bling — nada foi perdido; tentaremos de novo às %1.")
                    if outcome.trouble == manual_sync.OFFLINE else
                    self.tr("O Bling não está respondendo (falha do lado do Bling) — nada foi perdido; "
                            "tentaremos de novo às %1.")).replace("%1", fmt.clock_time(outcome.retry_at))
            if pending + parked:
                text += " " + words.pending_sales(pending + parked)
        elif parked:
            text = self.tr("Sincronização feita, mas %1: veja a Fila de envio (F6).").replace("%1", words.parked_sales(parked))
        elif pending:
            text = self.tr("Sincronização feita; %1 ainda na fila (aguardando nova tentativa).").replace(
                "%1", words.pending_sales(pending))
        else:
            text = self.tr("Sincronização concluída: tudo enviado ao Bling.")
        self.status.showMessage(text, 30000)
        self.hub.changed()

    def _sync_failed(self, exc: BaseException) -> None:
        self.actions_by_name["sync"].setEnabled(True)
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

"""Autenticação: status of the integration, "Iniciar integração" (Bling's login and permission in
the browser), the connected company, "Desconectar", and the reconnection-needed state."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pdv_bling.counter import queries
from ui import guards, words
from ui.hub import Hub
from ui.service import CONNECTED, RECONNECTION_NEEDED


class _BrowserRelay(QObject):
    """The OAuth flow runs on a worker thread; the browser is opened from the GUI thread."""

    open_url = Signal(str)


class AuthTab(QWidget):
    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.relay = _BrowserRelay(self)
        self.relay.open_url.connect(self._open_url)
        self.opener: Callable[[str], object] = lambda url: QDesktopServices.openUrl(QUrl(url))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet("font-size: 15px;")
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setOpenExternalLinks(False)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.start_button = QPushButton(self.tr("Iniciar integração"))
        self.start_button.setStyleSheet("font-weight: bold; padding: 6px 14px;")
        self.disconnect_button = QPushButton(self.tr("Desconectar"))
        self.start_button.clicked.connect(self.start_integration)
        self.disconnect_button.clicked.connect(self.ask_disconnect)
        self.steps = steps = QLabel()
        steps.setWordWrap(True)
        steps.setStyleSheet("color: #444;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.disconnect_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Status da integração.")))
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        layout.addWidget(self.detail)
        layout.addWidget(steps)
        layout.addStretch(1)
        hub.connection_changed.connect(lambda _s: self.show_state())
        self.show_state()

    def show_state(self) -> None:
        state = self.hub.connection
        if state == CONNECTED:
            company = self.hub.company_name or self.tr("(nome não informado)")
            self.status.setText(self.tr("✔ Conectado ao Bling: %1").replace("%1", company))
            self.status.setStyleSheet("font-size: 15px; color: #1e7d32; font-weight: bold;")
            self.start_button.setText(self.tr("Reconectar"))
        elif state == RECONNECTION_NEEDED:
            self.status.setText(
                self.tr("⚠ Reconexão necessária: a autorização do Bling expirou ou foi revogada. As vendas continuam guardadas; clique em Iniciar integração.")
            )
            self.status.setStyleSheet("font-size: 15px; color: #b3261e; font-weight: bold;")
            self.start_button.setText(self.tr("Iniciar integração"))
        elif state == "keyring_unavailable":
            self.status.setText(
                self.tr("⚠ Nenhum cofre de senhas do sistema disponível: instale e inicie o GNOME Keyring ou o KWallet para guardar a autorização do Bling com segurança. As vendas continuam guardadas.")
            )
            self.status.setStyleSheet("font-size: 15px; color: #b3261e; font-weight: bold;")
            self.start_button.setText(self.tr("Iniciar integração"))
        else:
            self.status.setText(self.tr("Não conectado. As vendas ficam guardadas até a integração ser feita."))
            self.status.setStyleSheet("font-size: 15px; color: #444;")
            self.start_button.setText(self.tr("Iniciar integração"))
        self.disconnect_button.setEnabled(state != "not_connected")
        self.steps.setText(
            self.tr(
                "1. Clique em %1: o navegador abre o login do Bling.\n"
                "2. Entre com o usuário administrador principal da conta Bling.\n"
                "3. Clique em Permitir. O PDV Bling recebe a autorização e mostra o nome da empresa.\n"
                "4. Em seguida, abra a aba Sincronizar Dados (a primeira sincronização é mais demorada)."
            ).replace("%1", self.start_button.text())
        )

    def _open_url(self, url: str) -> None:
        self.detail.setText(self.tr("Se o navegador não abrir, copie este endereço:\n%1").replace("%1", url))
        self.opener(url)

    def start_integration(self) -> None:
        self.start_button.setEnabled(False)
        self.detail.setText(self.tr("Aguardando a permissão no navegador…"))
        service, relay = self.hub.service, self.relay
        self.hub.runner.submit(
            lambda: service.connect_interactive(relay.open_url.emit), on_done=self._connected, on_error=self._failed
        )

    def _connected(self, company: str | None) -> None:
        self.start_button.setEnabled(True)
        self.hub.company_name = company or self.hub.company_name
        self.detail.setText("")
        self.hub.refresh_connection()
        self.hub._set_connection(CONNECTED)

    def _failed(self, exc: BaseException) -> None:
        self.start_button.setEnabled(True)
        self.detail.setText(words.error_text(exc))

    def ask_disconnect(self) -> None:
        def count() -> int:
            with self.hub.ctx.store.read() as session:
                return sum(queries.open_sales(session))

        self.hub.runner.submit(count, on_done=self._disconnect_confirmed)

    def _disconnect_confirmed(self, pending: int) -> None:
        if not guards.confirm_disconnect(self, pending):
            return
        self.hub.runner.submit(self.hub.service.disconnect, on_done=lambda _r: self.hub.refresh_connection())

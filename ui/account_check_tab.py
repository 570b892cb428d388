"""Integração Bling > Verificar conta: the "Verificar conta Bling" button and the last check's
findings with their fixes. The check is read-only and runs on a worker thread; checks the app
runs by itself (after a connect, after a pull, daily) show up here as they finish."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pdv_bling.account_check import CheckReport, load_last
from ui import words
from ui.check_panel import CheckPanel
from ui.check_status import relay_for
from ui.hub import Hub


class AccountCheckTab(QWidget):
    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.running = False
        self.button = QPushButton(self.tr("Verificar conta Bling"))
        self.button.setStyleSheet("font-weight: bold; padding: 6px 14px;")
        self.button.clicked.connect(self.run_check)
        intro = QLabel(
            self.tr("Confere a conta Bling antes das vendas: escopos do aplicativo, situações, depósito, DE-PARA, vendedores, Consumidor Final, códigos de barras, relógio e a fila. Só lê: nada é criado ou alterado no Bling.")
        )
        intro.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.panel = CheckPanel()
        top = QHBoxLayout()
        top.addWidget(intro, 1)
        top.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.panel, 1)
        relay_for(hub).checked.connect(lambda _event: self.reload())
        self.reload()

    def reload(self) -> None:
        self.hub.read_latest("account_check", load_last, self.panel.show_report)

    def run_check(self) -> None:
        check = getattr(self.hub.service, "check_account", None)
        if check is None:
            return
        self.running = True
        self.button.setEnabled(False)
        self.message.setStyleSheet("color: #444;")
        self.message.setText(self.tr("Verificando a conta Bling…"))
        self.hub.runner.submit(check, on_done=self._done, on_error=self._failed)

    def _done(self, report: CheckReport) -> None:
        self.running = False
        self.button.setEnabled(True)
        self.message.setText("")
        self.panel.show_report(report)
        self.hub.changed()  # a fixed scope may have put parked sends back in the queue

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.button.setEnabled(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.message.setText(words.error_text(exc))

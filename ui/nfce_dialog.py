"""Record (or view) the NFC-e reference of a sale: its 44-digit access key, validated by the
core and queued to be noted on the Bling order."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from pdv_bling.counter import queries
from pdv_bling.counter.fiscal import record_fiscal_document
from ui import words
from ui.hub import Hub


def group_key(key: str) -> str:
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


class NfceDialog(QDialog):
    def __init__(self, hub: Hub, sale: queries.SaleRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.sale = sale
        self.setWindowTitle(self.tr("NFC-e da venda %1").replace("%1", str(sale.number)))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        self.key = QLineEdit()
        self.key.setPlaceholderText(self.tr("Chave de acesso (44 dígitos)"))
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox()
        if sale.nfce_key:
            layout.addWidget(QLabel(self.tr("Chave de acesso informada:")))
            self.key.setText(group_key(sale.nfce_key))
            self.key.setReadOnly(True)
            buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
            buttons.rejected.connect(self.reject)
        else:
            layout.addWidget(
                QLabel(self.tr("Informe a chave de acesso da NFC-e emitida para esta venda. Ela será anotada no pedido do Bling."))
            )
            buttons.setStandardButtons(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
            buttons.accepted.connect(self.save)
            buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout.addWidget(self.key)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        text = self.key.text()
        number = self.sale.number
        self.buttons.setEnabled(False)
        self.hub.runner.submit(
            lambda: record_fiscal_document(self.hub.ctx.store, sale_number=number, access_key=text),
            on_done=self._saved,
            on_error=self._failed,
        )

    def _saved(self, _doc: object) -> None:
        self.hub.after_local_write()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(words.error_text(exc))

"""Record (or view) the NFC-e reference of a sale: its 44-digit access key, validated by the
core and queued to be noted on the Bling order. A note issued through Bling is only viewed: where
it stands (pendente, rejeitada with SEFAZ's reason, a cancelar no Bling...), its key and its DANFE link."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from pdv_bling.counter import queries
from pdv_bling.counter.fiscal import record_fiscal_document
from pdv_bling.counter.nfce_status import NfceStatus
from ui import words
from ui.hub import Hub


def group_key(key: str) -> str:
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


class NfceDialog(QDialog):
    def __init__(self, hub: Hub, sale: queries.SaleRow, parent: QWidget | None = None, *,
                 status: NfceStatus | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.sale = sale
        self.status = status
        self.setWindowTitle(self.tr("NFC-e da venda %1").replace("%1", str(sale.number)))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        self.key = QLineEdit()
        self.key.setPlaceholderText(self.tr("Chave de acesso (44 dígitos)"))
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox()
        if status is not None:
            layout.addWidget(self._status_label(status))
        if status is not None and not sale.nfce_key:
            self.key.setText(self.tr("(a chave vem do Bling quando a nota for autorizada)"))
            self.key.setReadOnly(True)
            buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
            buttons.rejected.connect(self.reject)
        elif sale.nfce_key:
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

    def _status_label(self, status: NfceStatus) -> QLabel:
        lines = [words.nfce_status(status.status) + (self.tr(" (atrasada)") if status.overdue else "")]
        if status.numero:
            lines.append(self.tr("Número: %1").replace("%1", status.numero))
        if status.reason:
            lines.append(self.tr("Motivo da SEFAZ: %1").replace("%1", status.reason))
        if status.status == "a_cancelar":
            lines.append(self.tr("Cancele a nota no Bling em Vendas › Notas Fiscais de Consumidor (NFC-e) › a nota › "
                                 "Cancelar (até 30 minutos depois da autorização na maioria dos estados; confira o "
                                 "prazo do seu estado)."))
        if status.link_danfe:
            lines.append(self.tr("DANFE para o cliente: %1").replace("%1", status.link_danfe))
        label = QLabel("\n".join(lines))
        label.setWordWrap(True)
        label.setTextInteractionFlags(label.textInteractionFlags() | Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

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

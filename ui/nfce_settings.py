"""Configurações › NFC-e: who issues each sale's NFC-e (another emitter, whose key is typed in
"Informar NFC-e", or Bling itself, through the send queue), and how long a sale may wait for its
note before the status bar, the tray and Verificar conta turn red. In a store it is store-wide."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QFormLayout, QGroupBox, QLabel, QRadioButton, QSpinBox, QWidget

from pdv_bling.store.settings import Settings


class NfceBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("NFC-e"), parent)
        self.other = QRadioButton(self.tr("Outro emissor (informe a chave de acesso de cada venda em Últimas vendas)"))
        self.bling = QRadioButton(self.tr("Emitir pelo Bling (cada venda: gerar, enviar à SEFAZ e ler a autorização)"))
        group = QButtonGroup(self)
        group.addButton(self.other)
        group.addButton(self.bling)
        self.limit = QSpinBox(minimum=0, maximum=1440, suffix=self.tr(" min"))
        self.limit.setSpecialValueText(self.tr("até o fim do dia da venda"))
        note = QLabel(self.tr("Pelo Bling, a natureza de operação, o NCM e a tributação ficam no Bling, onde o contador "
                              "trabalha. Sem internet a venda é registrada e a nota sai quando a conexão voltar; "
                              "passado o prazo, a barra de status fica vermelha."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        form = QFormLayout(self)
        form.addRow(self.tr("Quem emite"), self.other)
        form.addRow("", self.bling)
        form.addRow(self.tr("Prazo para a NFC-e sair"), self.limit)
        form.addRow(note)
        self.bling.toggled.connect(self.limit.setEnabled)

    def show_settings(self, settings: Settings) -> None:
        (self.bling if settings.nfce_source == "bling" else self.other).setChecked(True)
        self.limit.setValue(settings.nfce_wait_limit_min)
        self.limit.setEnabled(settings.nfce_source == "bling")

    def edited(self) -> dict[str, object]:
        return {"nfce_source": "bling" if self.bling.isChecked() else "outro",
                "nfce_wait_limit_min": self.limit.value()}

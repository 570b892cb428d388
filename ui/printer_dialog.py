"""Configurações › Impressora de comprovantes: the system's printers (Qt: any printer the OS has,
preview, PDF) or an ESC/POS thermal printer of 80 or 58 mm over USB, a serial port or the
network, the slips' header (store name, address), and "Imprimir teste"."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pdv_bling.slips.printer import KINDS, PrinterConfig, load_printer, parse_printer, save_printer
from ui import screen, words
from ui.hub import Hub


def describe(config: PrinterConfig) -> str:
    from PySide6.QtCore import QCoreApplication

    def tr(text: str) -> str:
        return QCoreApplication.translate("PrinterDialog", text)

    paper = tr("%1 mm").replace("%1", str(config.paper_mm))
    if config.kind == "usb":
        ids = f"{config.usb_vendor or 0:04x}:{config.usb_product or 0:04x}"
        return tr("Térmica USB (%1), papel %2").replace("%1", ids).replace("%2", paper)
    if config.kind == "serial":
        return tr("Térmica na porta %1, papel %2").replace("%1", config.serial_port).replace("%2", paper)
    if config.kind == "network":
        return tr("Térmica em rede %1, papel %2").replace("%1", f"{config.host}:{config.port}").replace("%2", paper)
    return tr("Impressoras do sistema (escolhida ao imprimir), largura do comprovante %1").replace("%1", paper)


class PrinterDialog(QDialog):
    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.setWindowTitle(self.tr("Impressora de comprovantes"))
        self.kind = QComboBox()
        for kind, label in zip(KINDS, (self.tr("Impressoras do sistema (visualizar, qualquer impressora, PDF)"),
                                       self.tr("Térmica ESC/POS na USB"), self.tr("Térmica ESC/POS na porta serial"),
                                       self.tr("Térmica ESC/POS em rede")), strict=True):
            self.kind.addItem(label, kind)
        for combo in (self.kind,):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(24)  # a long choice never widens the window past the screen
        self.paper = QComboBox()
        self.paper.addItem(self.tr("80 mm (48 colunas)"), 80)
        self.paper.addItem(self.tr("58 mm (32 colunas)"), 58)
        self.fields: dict[str, QLineEdit] = {name: QLineEdit() for name in
                                             ("usb_vendor", "usb_product", "serial_port", "baudrate", "host", "port")}
        self.fields["usb_vendor"].setPlaceholderText(self.tr("ex.: 0483"))
        self.fields["usb_product"].setPlaceholderText(self.tr("ex.: 5743"))
        self.fields["serial_port"].setPlaceholderText(self.tr("ex.: COM3 ou /dev/ttyUSB0"))
        self.fields["host"].setPlaceholderText(self.tr("ex.: 192.168.0.50"))
        self.pages = QStackedWidget()
        for rows in ((), ((self.tr("Id do fabricante"), "usb_vendor"), (self.tr("Id do produto"), "usb_product")),
                     ((self.tr("Porta"), "serial_port"), (self.tr("Velocidade (baud)"), "baudrate")),
                     ((self.tr("Endereço (IP)"), "host"), (self.tr("Porta"), "port"))):
            page = QWidget()
            form = QFormLayout(page)
            form.setContentsMargins(0, 0, 0, 0)
            for label, name in rows:
                form.addRow(label, self.fields[name])
            self.pages.addWidget(page)
        self.kind.currentIndexChanged.connect(self.pages.setCurrentIndex)
        self.header = QPlainTextEdit()
        self.header.setTabChangesFocus(True)  # Tab moves on, never stays in the text
        self.header.setPlaceholderText(self.tr("Nome da loja\nEndereço\nTelefone"))
        self.header.setMaximumHeight(80)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self._layout()
        screen.fit_to_screen(self, 560, 460)
        hub.read(load_printer, self.show_config)

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Imprimir em"), self.kind)
        form.addRow(self.tr("Papel"), self.paper)
        form.addRow("", self.pages)
        form.addRow(self.tr("Cabeçalho (até 3 linhas)"), self.header)
        self.test_button = QPushButton(self.tr("Imprimir teste"))
        self.test_button.clicked.connect(self.print_test)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.test_button)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        note = QLabel(self.tr("Os comprovantes não são documento fiscal: a NFC-e continua sendo emitida pelo PDV."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.addLayout(form)
        inner.addWidget(note)
        inner.addWidget(self.message)
        inner.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(screen.scrolling(content), 1)
        layout.addLayout(bottom)

    def show_config(self, config: PrinterConfig) -> None:
        self.kind.setCurrentIndex(KINDS.index(config.kind))
        self.paper.setCurrentIndex(max(0, self.paper.findData(config.paper_mm)))
        values = {"usb_vendor": f"{config.usb_vendor:04x}" if config.usb_vendor is not None else "",
                  "usb_product": f"{config.usb_product:04x}" if config.usb_product is not None else "",
                  "serial_port": config.serial_port, "baudrate": str(config.baudrate), "host": config.host,
                  "port": str(config.port)}
        for name, value in values.items():
            self.fields[name].setText(value)
        self.header.setPlainText("\n".join(config.header))

    def form(self) -> dict[str, str]:
        values = {name: edit.text() for name, edit in self.fields.items()}
        return {**values, "kind": str(self.kind.currentData()), "paper_mm": str(self.paper.currentData()),
                "header": self.header.toPlainText()}

    def edited(self) -> PrinterConfig | None:
        try:
            return parse_printer(self.form())
        except Exception as exc:  # noqa: BLE001 - DomainErrors, shown in words
            self._say(words.error_text(exc), error=True)
            return None

    def save(self) -> None:
        config = self.edited()
        if config is None:
            return
        store = self.hub.ctx.store

        def job() -> None:
            with store.transaction() as session:
                save_printer(session, config)

        self.buttons.setEnabled(False)
        self.hub.runner.submit(job, on_done=lambda _r: self.accept(), on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self._say(words.error_text(exc), error=True)

    def print_test(self) -> None:
        config = self.edited()
        if config is None:
            return
        from pdv_bling.slips.build import test_slip
        from pdv_bling.slips.identity import store_identity
        from ui.slip_print import SlipDialog

        def show(lines: tuple[str, ...]) -> None:  # the store's name and CNPJ (Bling's), this header's address
            SlipDialog(self.hub, test_slip(header=lines), config, self).show()

        self.hub.read(lambda session: store_identity(session, config.header), show)

    def _say(self, text: str, *, error: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b3261e;" if error else "color: #1e7d32;")


class PrinterBox(QGroupBox):
    """The Configurações section: what prints the slips now, and a button to change it."""

    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Impressora de comprovantes"), parent)
        self.hub = hub
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.button = QPushButton(self.tr("Configurar impressora…"))
        self.button.clicked.connect(self.open_dialog)
        row = QHBoxLayout(self)
        row.addWidget(self.summary, 1)
        row.addWidget(self.button)
        self.reload()

    def reload(self) -> None:
        self.hub.read(load_printer, lambda config: self.summary.setText(describe(config)))

    def open_dialog(self) -> PrinterDialog:
        dialog = PrinterDialog(self.hub, self)
        dialog.accepted.connect(self.reload)
        dialog.show()
        return dialog

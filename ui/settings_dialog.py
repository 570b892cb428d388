"""Configurações: terminal, Bling deposit and sales channel, stock mode, "SKU como código de
barras" (locked after the first product sync), customer sending, exchange prerequisites, sync
intervals, the time zone (this PC's own unless chosen), and "Nova integração do zero"."""

from __future__ import annotations

from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from pdv_bling.base import zone
from pdv_bling.counter import queries
from pdv_bling.management.local_admin import ResetReport, reset_integration
from pdv_bling.management.settings_input import apply_settings_input
from pdv_bling.store.settings import Settings, load_settings
from ui import guards, screen, words
from ui.hub import Hub
from ui.nfce_settings import NfceBox
from ui.operators_box import OperatorsBox
from ui.printer_dialog import PrinterBox
from ui.store_mode import change_store, is_caixa

# Brazil's zones (IANA), offered in the list; any other IANA name can be typed.
BRAZIL_ZONES = ("America/Sao_Paulo", "America/Bahia", "America/Fortaleza", "America/Recife", "America/Belem",
                "America/Manaus", "America/Cuiaba", "America/Campo_Grande", "America/Porto_Velho",
                "America/Boa_Vista", "America/Rio_Branco", "America/Noronha")


class SettingsDialog(QDialog):
    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.settings = Settings()
        self.setWindowTitle(self.tr("Configurações"))
        self.terminal = QLineEdit()
        self.terminal.setMaxLength(20)
        self.deposit = QComboBox()
        self.loja = QLineEdit()
        self.loja.setValidator(QIntValidator(0, 2_000_000_000, self))
        self.loja.setPlaceholderText(self.tr("id do canal de venda (loja) no Bling; vazio = nenhum"))
        self.transitions = QRadioButton(self.tr("Transições do Bling (Em aberto → Atendido lança estoque e contas)"))
        self.integration = QRadioButton(self.tr("Lançar estoque e contas pela integração"))
        group = QButtonGroup(self)
        group.addButton(self.transitions)
        group.addButton(self.integration)
        self.sku_barcode = QCheckBox(self.tr("Usar o SKU como código de barras"))
        self.sku_note = QLabel()
        self.sku_note.setWordWrap(True)
        self.sku_note.setStyleSheet("color: #666;")
        self.real_customer = QCheckBox(self.tr("Enviar o cliente da venda ao Bling (desmarcado: Consumidor Final)"))
        self.return_invoice = QCheckBox(self.tr("Emitir nota fiscal de devolução automaticamente"))
        self.positive_credit = QCheckBox(self.tr("Crédito de clientes positivo"))
        self.drain_interval = QSpinBox(minimum=2, maximum=3600, suffix=self.tr(" s"))
        self.pull_interval = QSpinBox(minimum=1, maximum=1440, suffix=self.tr(" min"))
        self.time_zone = QComboBox()  # typed or picked; the core checks the name (pt_BR message)
        self.time_zone.setEditable(True)
        self.time_zone.addItems(["", *BRAZIL_ZONES])
        line = self.time_zone.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("o deste computador (%1)").replace("%1", zone.zone_label(zone.pc_zone())))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.caixa = is_caixa(hub)  # a caixa of a store: the store-wide settings live on the retaguarda
        # the sections scroll on a short screen; the message and Salvar/Cancelar stay in sight
        content = QWidget()
        sections = QVBoxLayout(content)
        if self.caixa:
            note = QLabel(self.tr("Loja com vários caixas: depósito, canal de venda, estoque e contas, código de barras, "
                                  "cliente e troca valem para a loja inteira e são salvos na retaguarda. O terminal é "
                                  "definido pela retaguarda; os intervalos de envio e de catálogo são os do integrador."))
            note.setWordWrap(True)
            note.setStyleSheet("background: #e8f0fb; color: #1e3a6e; padding: 4px 8px;")
            sections.addWidget(note)
        sections.addWidget(self._general())
        self.nfce = NfceBox()
        sections.addWidget(self.nfce)
        sections.addWidget(self._exchange())
        self.operators = OperatorsBox(hub)  # local operators and their Bling vendedor (issue 13)
        sections.addWidget(self.operators)
        self.printer = PrinterBox(hub)
        sections.addWidget(self.printer)
        sections.addWidget(self._reset_box())
        sections.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(screen.scrolling(content), 1)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        self.loaded: dict[str, object] | None = None  # the values as read: anything else is "não salvo"
        self.unsaved = QLabel(self.tr("● Não salvo"))
        self.unsaved.setStyleSheet("color: #b26a00; font-weight: bold;")
        self.unsaved.setVisible(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.unsaved)
        bottom.addWidget(buttons, 1)
        layout.addLayout(bottom)
        self._watch_edits()
        screen.fit_to_screen(self, 680, 720)
        if self.caixa:
            for widget in (self.drain_interval, self.pull_interval, self.reset_button):
                widget.setEnabled(False)
            self.terminal.setReadOnly(True)
            self.terminal.setToolTip(self.tr("Definido pela retaguarda ao entrar na loja (pdv-bling store join)."))
        self.reload()

    def _general(self) -> QGroupBox:
        box = QGroupBox(self.tr("Loja e integração"))
        form = QFormLayout(box)
        form.addRow(self.tr("Terminal (PDV)"), self.terminal)
        form.addRow(self.tr("Depósito do Bling"), self.deposit)
        form.addRow(self.tr("Canal de venda (loja)"), self.loja)
        form.addRow(self.tr("Estoque e contas"), self.transitions)
        form.addRow("", self.integration)
        form.addRow(self.sku_barcode)
        form.addRow(self.sku_note)
        form.addRow(self.real_customer)
        form.addRow(self.tr("Enviar vendas a cada"), self.drain_interval)
        form.addRow(self.tr("Buscar catálogo a cada"), self.pull_interval)
        form.addRow(self.tr("Fuso horário"), self.time_zone)
        return box

    def _exchange(self) -> QGroupBox:
        box = QGroupBox(self.tr("Troca/Devolução (pré-requisitos)"))
        layout = QVBoxLayout(box)
        layout.addWidget(self.return_invoice)
        layout.addWidget(self.positive_credit)
        return box

    def _reset_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Nova integração do zero"))
        layout = QVBoxLayout(box)
        text = QLabel(
            self.tr("Para migrar para outra conta ou integração do Bling: faz uma cópia de segurança e apaga produtos, categorias e clientes locais trazidos da integração anterior. Recusado enquanto houver envios pendentes.")
        )
        text.setWordWrap(True)
        self.reset_button = QPushButton(self.tr("Nova integração do zero…"))
        self.reset_button.setStyleSheet("color: #b3261e;")
        self.reset_button.clicked.connect(self.start_reset)
        layout.addWidget(text)
        layout.addWidget(self.reset_button)
        return box

    def _watch_edits(self) -> None:
        for line in (self.terminal, self.loja):
            line.textChanged.connect(self._edited)
        self.deposit.currentIndexChanged.connect(self._edited)
        for box in (self.transitions, self.integration, self.sku_barcode, self.real_customer, self.return_invoice,
                    self.positive_credit):
            box.toggled.connect(self._edited)
        for spin in (self.drain_interval, self.pull_interval):
            spin.valueChanged.connect(self._edited)

    def _edited(self, *_args: object) -> None:
        self.unsaved.setVisible(self.has_unsaved())

    def has_unsaved(self) -> bool:
        return self.loaded is not None and self.edited() != self.loaded

    def reject(self) -> None:  # Esc, Cancelar and the window's X
        if self.has_unsaved() and not guards.confirm_discard(self, [self.windowTitle()]):
            return
        super().reject()

    # ------------------------------------------------------------ load and save

    def reload(self) -> None:
        def read(session: Session) -> tuple[Settings, list[queries.Choice], bool]:
            return load_settings(session), queries.bling_depositos(session), queries.products_synced(session)

        self.hub.read(read, self._show)

    def _show(self, data: tuple[Settings, list[queries.Choice], bool]) -> None:
        settings, deposits, synced = data
        self.settings = settings
        self.terminal.setText(settings.terminal_id)
        self.deposit.clear()
        self.deposit.addItem(self.tr("Padrão da conta Bling"), None)
        for choice in deposits:
            self.deposit.addItem(choice.label, choice.bling_id)
        found = self.deposit.findData(settings.deposit_id) if settings.deposit_id is not None else 0
        if found < 0:
            self.deposit.addItem(self.tr("Depósito %1").replace("%1", str(settings.deposit_id)), settings.deposit_id)
            found = self.deposit.count() - 1
        self.deposit.setCurrentIndex(found)
        self.loja.setText("" if settings.loja_id is None else str(settings.loja_id))
        (self.transitions if settings.stock_mode == "transitions" else self.integration).setChecked(True)
        self.sku_barcode.setChecked(settings.sku_as_barcode)
        self.sku_barcode.setEnabled(not synced)
        self.sku_note.setText(
            self.tr("Bloqueado: os produtos já foram sincronizados. Para mudar, use Nova integração do zero.")
            if synced
            else self.tr("Escolha antes da primeira sincronização de produtos; depois ela fica bloqueada.")
        )
        self.real_customer.setChecked(settings.send_real_customer)
        self.return_invoice.setChecked(settings.auto_return_invoice)
        self.positive_credit.setChecked(settings.positive_customer_credit)
        self.drain_interval.setValue(settings.drain_interval_s)
        self.pull_interval.setValue(settings.pull_interval_min)
        self.nfce.show_settings(settings)
        self.time_zone.setCurrentText(settings.time_zone)
        self.loaded = self.edited()
        self.unsaved.setVisible(False)

    def edited(self) -> dict[str, object]:
        """The values as typed: the core validates them (pt_BR message naming each bad one)."""
        return {
            "terminal_id": self.terminal.text().strip() or self.settings.terminal_id,
            "deposit_id": self.deposit.currentData(),
            "loja_id": self.loja.text().strip(),
            "stock_mode": "transitions" if self.transitions.isChecked() else "integration",
            "sku_as_barcode": self.sku_barcode.isChecked(),
            "send_real_customer": self.real_customer.isChecked(),
            "auto_return_invoice": self.return_invoice.isChecked(),
            "positive_customer_credit": self.positive_credit.isChecked(),
            "drain_interval_s": self.drain_interval.value(),
            "pull_interval_min": self.pull_interval.value(),
            **self.nfce.edited(),
            "time_zone": self.time_zone.currentText().strip(),
        }

    def save(self) -> None:
        """Validated and saved in one transaction; a new terminal id also renumbers the sales that
        never left for Bling (pdv_bling/counter/terminal.py)."""
        values, store = self.edited(), self.hub.ctx.store
        self.buttons.setEnabled(False)
        if self.caixa:  # written on the store database; the replica brings it back to every caixa
            from pdv_bling.retaguarda.store_settings import apply_store_wide_input

            def store_wide(_local: object) -> None:
                change_store(self.hub, lambda session: apply_store_wide_input(session, values),
                             on_done=lambda _r: self.accept(), on_error=self._failed)

            here = {"time_zone": values["time_zone"]}  # this PC's own, never the store's
            self.hub.runner.submit(lambda: apply_settings_input(store, here), on_done=store_wide, on_error=self._failed)
            return
        self.hub.runner.submit(lambda: apply_settings_input(store, values), on_done=self._saved, on_error=self._failed)

    def _saved(self, saved: Settings) -> None:
        """Turning NFC-e through Bling on in demo mode issues one test note (never on a real account)."""
        if self.hub.demo and saved.nfce_source == "bling" and self.settings.nfce_source != "bling":
            from pdv_bling.runtime.demo import demo_nfce_test

            self.hub.runner.submit(lambda: demo_nfce_test(self.hub.ctx), on_done=lambda _n: self.hub.after_local_write())
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(words.error_text(exc))

    # ------------------------------------------------------------ Nova integração do zero

    def start_reset(self) -> None:
        def count(session: Session) -> int:
            return sum(queries.open_sales(session))

        self.hub.read(count, self._reset_counted)

    def _reset_counted(self, sales: int) -> None:
        if sales:
            guards.tell(
                self,
                self.tr("Nova integração do zero"),
                self.tr("Não é possível agora: há %1, da integração atual. Aguarde o envio (veja Fila de envio, F6) e tente de novo.").replace(
                    "%1", words.unsent_sales(sales)
                ),
                warning=True,
            )
            return
        if not guards.confirm_reset(self):
            return
        ctx = self.hub.ctx
        self.reset_button.setEnabled(False)
        self.hub.runner.submit(
            lambda: reset_integration(ctx.store, ctx.paths.backups), on_done=self._reset_done, on_error=self._reset_failed
        )

    def _reset_done(self, report: ResetReport) -> None:
        self.reset_button.setEnabled(True)
        self.message.setText(
            self.tr("Pronto. Cópia de segurança: %1. Excluídos %2 produtos e %3 categorias. Agora faça a nova integração e sincronize.")
            .replace("%1", str(report.backup))
            .replace("%2", str(report.products))
            .replace("%3", str(report.categories))
        )
        self.hub.changed()
        self.reload()

    def _reset_failed(self, exc: BaseException) -> None:
        self.reset_button.setEnabled(True)
        self.message.setText(words.error_text(exc))

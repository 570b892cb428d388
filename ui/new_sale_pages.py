"""Nova venda's two pages as widgets only (no behaviour): the sale being typed, and the
"registrada" page with the exchange coupon. Laid out to fit a 1024x600 counter screen; the
dialog wraps the sale page in a scroll area for anything smaller."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pdv_bling.counter.basket import Line
from ui import fmt
from ui.sale_widgets import ItemsView, PaymentsList, ScanField
from ui.table import RowsModel, rows_view

ERROR_STYLE = "color: #b3261e; font-size: 17px; font-weight: bold;"
INFO_STYLE = "color: #37474f; font-size: 15px;"


class SalePage(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.barcode = ScanField()
        self.barcode.setPlaceholderText(self.tr("Código de barras, SKU ou nome do produto (3*código multiplica)"))
        self.barcode.setStyleSheet("font-size: 18px; padding: 6px;")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(24)
        self.hits = QListWidget()
        self.hits.setMaximumHeight(120)
        self.hits.hide()
        self.items_model: RowsModel[Line] = RowsModel(
            [self.tr("Produto"), self.tr("SKU"), self.tr("Qtd"), self.tr("Unitário"), self.tr("Total")],
            [
                lambda ln: ln.product.name,
                lambda ln: ln.product.sku or "",
                lambda ln: str(ln.quantity),
                lambda ln: fmt.money(ln.product.price_cents),
                lambda ln: fmt.money(ln.total_cents),
            ],
        )
        self.items = ItemsView()
        rows_view(self.items_model, stretch=0, view=self.items)
        self.items.setToolTip(self.tr("Enter ou F2 muda a quantidade · Del remove o item"))
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Produto (F1)")))
        left.addWidget(self.barcode)
        left.addWidget(self.message)
        left.addWidget(self.hits)
        left.addWidget(self.items, 1)
        row = QHBoxLayout(self)
        row.addLayout(left, 3)
        row.addWidget(self._build_side(), 2)
        QWidget.setTabOrder(self.barcode, self.items)
        QWidget.setTabOrder(self.items, self.seller)

    def _build_side(self) -> QWidget:
        side = QWidget()
        form = QFormLayout()
        self.seller = QComboBox()
        self.document = QLineEdit()
        self.document.setPlaceholderText(self.tr("CPF ou CNPJ (opcional)"))
        self.document.setMaxLength(18)
        self.customer_name = QLineEdit()
        self.customer_name.setPlaceholderText(self.tr("Nome do cliente"))
        self.credit_label = QLabel()
        form.addRow(self.tr("Vendedor"), self.seller)
        form.addRow(self.tr("Cliente (F3)"), self.document)
        form.addRow("", self.customer_name)
        form.addRow("", self.credit_label)
        self.method = QComboBox()
        self.amount = ScanField()
        self.amount.setPlaceholderText(self.tr("Valor (Enter adiciona)"))
        form.addRow(self.tr("Pagamento (F4)"), self.method)
        form.addRow(self.tr("Valor"), self.amount)
        self.payment_list = PaymentsList()
        self.payment_list.setMaximumHeight(90)
        self.payment_list.setToolTip(self.tr("Del remove o pagamento escolhido"))
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.payment_list)
        layout.addLayout(self._totals())
        layout.addStretch(1)
        self.finalize_button = QPushButton(self.tr("Finalizar venda (F10)"))
        self.finalize_button.setStyleSheet("font-size: 16px; padding: 8px; font-weight: bold;")
        self.finalize_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.finalize_button.setAutoDefault(False)
        hint = QLabel(self.tr("↑↓ escolhe o item · *N muda a quantidade · Del remove · Esc cancela · F10 finaliza"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        layout.addWidget(self.finalize_button)
        layout.addWidget(hint)
        return side

    def _totals(self) -> QGridLayout:
        totals = QGridLayout()
        self.total_label, self.paid_label, self.change_label = QLabel(), QLabel(), QLabel()
        for i, (caption, label) in enumerate(
            ((self.tr("Total"), self.total_label), (self.tr("Pago"), self.paid_label), ("", self.change_label))
        ):
            totals.addWidget(QLabel(caption), i, 0)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            totals.addWidget(label, i, 1)
        totals.setColumnStretch(1, 1)
        self.total_label.setStyleSheet("font-size: 22px; font-weight: bold;")
        self.change_label.setWordWrap(True)
        return totals

    @staticmethod
    def message_style(*, error: bool) -> str:
        return ERROR_STYLE if error else INFO_STYLE


class DonePage(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 20px; font-weight: bold; color: #1e7d32;")
        self.coupon = QLabel()
        self.coupon.setStyleSheet("font-size: 40px; font-weight: bold; font-family: monospace;")
        self.coupon.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.change = QLabel()
        self.change.setStyleSheet("font-size: 26px;")
        note = QLabel(self.tr("A venda foi guardada neste computador e será enviada ao Bling automaticamente."))
        note.setWordWrap(True)
        note.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.next_button = QPushButton(self.tr("Próxima venda (Enter)"))
        self.print_button = QPushButton(self.tr("Imprimir comprovante (F8)"))
        self.close_button = QPushButton(self.tr("Fechar (Esc)"))
        for button in (self.next_button, self.print_button, self.close_button):
            button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (self.title, QLabel(self.tr("Cupom de troca")), self.coupon, self.change):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(note)  # the full width: a wrapped label given only its hint was cut to half-lines
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.next_button, self.print_button, self.close_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)


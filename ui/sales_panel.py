"""Últimas vendas: recent sales with their delivery state and kind (a sale, an exchange's new
sale, a sale given back in part or whole), search by number, coupon or customer, the slips
(F8: the DANFE NFC-e of a sale whose note is authorized, else the sale's slip; a menu when there
are more: exchanges' slips, the sale's own slip beside its DANFE) and the NFC-e reference action."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from pdv_bling.counter import queries
from pdv_bling.counter.nfce_status import NfceStatus, nfce_states
from pdv_bling.domain.coupon import format_coupon
from pdv_bling.slips.danfe import has_danfe
from pdv_bling.store.settings import load_settings
from ui import fmt, words
from ui.hub import Hub
from ui.sale_location import delivery_column
from ui.table import ATTENTION, WAITING, RowsModel, rows_view

KIND = 2  # the Tipo column


def _background(row: queries.SaleRow) -> QColor | None:
    if row.delivery == "parked":
        return ATTENTION
    if row.delivery == "pending":
        return WAITING
    return None


def load_sales(session: Session, search: str) -> tuple[list[queries.SaleRow], dict[int, NfceStatus]]:
    """The rows and, for those issued through Bling, where each one's NFC-e stands."""
    rows = queries.recent_sales(session, search=search)
    limit = load_settings(session).nfce_wait_limit_min
    return rows, nfce_states(session, [r.sale_id for r in rows], limit_min=limit)


class SalesPanel(QWidget):
    nfce_requested = Signal(object)  # queries.SaleRow
    print_requested = Signal(str, int)  # ("sale" | "danfe", number) or ("exchange", return id)
    loaded = Signal()

    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        title = QLabel(self.tr("Últimas vendas"))
        title.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Buscar por número, cupom de troca ou cliente"))
        self.search.setClearButtonEnabled(True)
        self.nfce_button = QPushButton(self.tr("NFC-e da venda…"))
        self.nfce_button.setEnabled(False)
        self.print_button = QPushButton(self.tr("Imprimir comprovante (F8)"))
        self.print_button.setEnabled(False)
        self.print_menu = QMenu(self)
        where_header, where = delivery_column(hub)  # store mode: where the sale is
        self.model: RowsModel[queries.SaleRow] = RowsModel(
            [
                self.tr("Nº"),
                self.tr("Data/Hora"),
                self.tr("Tipo"),
                self.tr("Cliente"),
                self.tr("Total"),
                self.tr("Cupom de troca"),
                where_header,
                self.tr("NFC-e"),
            ],
            [
                lambda r: str(r.number),
                lambda r: fmt.short_datetime(r.created_at),
                words.sale_kind,
                lambda r: r.customer_name or self.tr("Consumidor final"),
                lambda r: fmt.money(r.total_cents),
                lambda r: format_coupon(r.coupon),
                where,
                self._nfce_text,
            ],
            background=self._background,
        )
        self.nfce: dict[int, NfceStatus] = {}
        self.table = rows_view(self.model, stretch=3, fit_once=True)
        self.table.setAlternatingRowColors(True)
        self._layout(title)
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.table.doubleClicked.connect(lambda _i: self._request_nfce())
        self.nfce_button.clicked.connect(self._request_nfce)
        self.print_button.clicked.connect(self.request_print)
        QShortcut(QKeySequence(Qt.Key.Key_F8), self).activated.connect(self.request_print)
        hub.data_changed.connect(self.reload)

    def _layout(self, title: QLabel) -> None:
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.search, 2)
        top.addWidget(self.print_button)
        top.addWidget(self.nfce_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)

    def reload(self) -> None:
        text = self.search.text()
        self.hub.read_latest("sales", lambda s: load_sales(s, text), self._show)

    def _nfce_text(self, row: queries.SaleRow) -> str:
        status = self.nfce.get(row.sale_id)
        if status is not None:
            text = words.nfce_status(status.status)
            return text + self.tr(" (atrasada)") if status.overdue else text
        return self.tr("Informada") if row.nfce_key else "—"

    def _background(self, row: queries.SaleRow) -> QColor | None:
        status = self.nfce.get(row.sale_id)
        if status is not None and (status.overdue or status.status in ("rejeitada", "denegada", "bloqueada")):
            return ATTENTION
        if status is not None and status.status in ("pendente", "a_cancelar"):
            return WAITING
        return _background(row)

    def nfce_of(self, row: queries.SaleRow) -> NfceStatus | None:
        return self.nfce.get(row.sale_id)

    def _show(self, loaded: tuple[list[queries.SaleRow], dict[int, NfceStatus]]) -> None:
        rows, self.nfce = loaded
        self.model.set_rows(rows)
        self._fit_kind(rows)
        self._selection_changed()
        self.loaded.emit()

    def _fit_kind(self, rows: list[queries.SaleRow]) -> None:
        """Tipo grows to its longest text: the columns are fitted once, to the first rows, and an
        exchange shown later ("Troca (da venda 12) · troca parcial") was cut."""
        texts = {words.sale_kind(row) for row in rows}
        if not texts:
            return
        margin = 2 * (self.table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.table) + 1)
        needed = max(self.table.fontMetrics().horizontalAdvance(text) for text in texts) + margin + 2
        if needed > self.table.columnWidth(KIND):
            self.table.horizontalHeader().resizeSection(KIND, needed)

    def selected(self) -> queries.SaleRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _selection_changed(self) -> None:
        row = self.selected()
        self.nfce_button.setEnabled(row is not None and row.status != "cancelled")
        self.print_button.setEnabled(row is not None)
        if row is not None:
            self.nfce_button.setText(self.tr("Ver NFC-e") if row.nfce_key else self.tr("Informar NFC-e…"))

    def _request_nfce(self) -> None:
        row = self.selected()
        if row is not None and row.status != "cancelled":
            self.nfce_requested.emit(row)

    def request_print(self) -> None:
        """The sale's DANFE when its NFC-e is authorized, else its slip; a sale with exchanges or
        returns offers their slips too (a menu, the DANFE first)."""
        row = self.selected()
        if row is None:
            return
        self.hub.read(lambda s: (queries.sale_returns(s, row.sale_id), has_danfe(s, row.sale_id)),
                      lambda found: self._print_choices(row, *found))

    def _print_choices(self, row: queries.SaleRow, found: list[tuple[int, bool]], danfe: bool) -> None:
        first = "danfe" if danfe else "sale"
        if not found:
            self.print_requested.emit(first, row.number)
            return
        self.print_menu.clear()
        if danfe:
            note = self.print_menu.addAction(self.tr("DANFE NFC-e da venda %1").replace("%1", str(row.number)))
            note.triggered.connect(lambda: self.print_requested.emit("danfe", row.number))
            self.print_menu.setActiveAction(note)
        sale = self.print_menu.addAction(self.tr("Comprovante da venda %1").replace("%1", str(row.number)))
        sale.triggered.connect(lambda: self.print_requested.emit("sale", row.number))
        for return_id, exchange in found:
            text = self.tr("Comprovante da troca nº %1") if exchange else self.tr("Comprovante da devolução nº %1")
            action = self.print_menu.addAction(text.replace("%1", str(return_id)))
            action.triggered.connect(lambda _c=False, r=return_id: self.print_requested.emit("exchange", r))
        self.print_menu.popup(self.print_button.mapToGlobal(self.print_button.rect().bottomLeft()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.search.text():
            self.search.clear()
            return
        super().keyPressEvent(event)

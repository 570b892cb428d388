"""Troca/Devolução wizard, step 3 of the manual: "Devolvidos" on the left (what the customer
brings back, units per sold line, never more than still returnable) and "Novos" on the right
(barcode/SKU/name, Enter adds), usable from the keyboard alone."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from pdv_bling.counter import queries
from pdv_bling.domain.errors import DomainError, DomainErrors
from ui import fmt, words
from ui.exchange_pages import HINT_STYLE, focus_later, message_label
from ui.exchange_state import ExchangeState, SoldRow
from ui.new_sale import Line, split_quantity
from ui.product_hits import show_hits
from ui.table import RowsModel, rows_view

# ---------------------------------------------------------------- small widgets


class ScanLineEdit(QLineEdit):
    """Enter with text adds the product and stays here; Enter on an empty field goes on (Avançar)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        had_text = bool(self.text().strip())
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and had_text:
            event.accept()


class ReturnTable(QTableWidget):
    """The "Devolvidos" panel. Keys: Espaço marks/unmarks all units, + and - adjust, a digit sets."""

    changed = Signal()

    def __init__(self, headers: list[str]) -> None:
        super().__init__(0, len(headers))
        self.setHorizontalHeaderLabels(headers)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)  # Tab goes on to "Novos"
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.rows: tuple[SoldRow, ...] = ()
        self.quantities: dict[int, int] = {}

    def set_rows(self, rows: tuple[SoldRow, ...], quantities: dict[int, int]) -> None:
        self.rows, self.quantities = rows, dict(quantities)
        self.setRowCount(len(rows))
        for index, row in enumerate(rows):
            cells = (row.description, str(row.sold), str(row.available), "", fmt.money(row.unit_cents))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(index, column, item)
            self._show(index)
        if rows:
            self.selectRow(0)

    def set_quantity(self, index: int, quantity: int) -> None:
        row = self.rows[index]
        self.quantities[row.item_id] = max(0, min(quantity, row.available))
        self._show(index)
        self.changed.emit()

    def _show(self, index: int) -> None:
        row = self.rows[index]
        qty = self.quantities.get(row.item_id, 0)
        cell = self.item(index, 3)
        assert cell is not None  # set_rows put an item in every cell
        cell.setText(str(qty) if qty else "—")
        font = cell.font()
        font.setBold(bool(qty))
        cell.setFont(font)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index, key = self.currentRow(), event.key()
        if 0 <= index < len(self.rows):
            current = self.quantities.get(self.rows[index].item_id, 0)
            if key == Qt.Key.Key_Space:
                self.set_quantity(index, 0 if current else self.rows[index].available)
                return
            if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
                self.set_quantity(index, current + 1)
                return
            if key == Qt.Key.Key_Minus:
                self.set_quantity(index, current - 1)
                return
            if Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
                self.set_quantity(index, int(key) - int(Qt.Key.Key_0))
                return
        super().keyPressEvent(event)


# ---------------------------------------------------------------- 3. items


class ItemsPage(QWizardPage):
    def __init__(self, state: ExchangeState) -> None:
        super().__init__()
        self.state = state
        self.setTitle(self.tr("Itens da troca"))
        self.setSubTitle(self.tr("À esquerda, o que o cliente devolve; à direita, o que ele leva (vazio = devolução)."))
        self.returned = ReturnTable([self.tr("Produto"), self.tr("Vendido"), self.tr("Disponível"),
                                     self.tr("Devolver"), self.tr("Valor un.")])
        self.returned.changed.connect(self._update)
        left = QGroupBox(self.tr("Devolvidos (F6)"))
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.returned)
        tip = QLabel(self.tr("Espaço marca/desmarca · + e − ajustam · número define a quantidade"))
        tip.setStyleSheet(HINT_STYLE)
        left_layout.addWidget(tip)
        row = QHBoxLayout()
        row.addWidget(left, 1)
        row.addWidget(self._build_new_panel(), 1)
        self.totals = QLabel()
        self.totals.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.message = message_label()
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(self.totals)
        layout.addWidget(self.message)
        QWidget.setTabOrder(self.returned, self.barcode)
        QWidget.setTabOrder(self.barcode, self.new_table)
        QShortcut(QKeySequence(Qt.Key.Key_F6), self).activated.connect(self.returned.setFocus)
        QShortcut(QKeySequence(Qt.Key.Key_F7), self).activated.connect(self.barcode.setFocus)

    def _build_new_panel(self) -> QWidget:
        box = QGroupBox(self.tr("Novos (F7)"))
        self.barcode = ScanLineEdit()
        self.barcode.setPlaceholderText(self.tr("Código de barras, SKU ou nome (3*código multiplica)"))
        self.barcode.returnPressed.connect(self.add_from_barcode)
        self.hits = QListWidget()
        self.hits.setMaximumHeight(110)
        self.hits.hide()
        self.hits.itemActivated.connect(lambda item: self.add_line(*item.data(Qt.ItemDataRole.UserRole)))
        self.new_model: RowsModel[Line] = RowsModel(
            [self.tr("Produto"), self.tr("Qtd"), self.tr("Total")],
            [lambda ln: ln.product.name, lambda ln: str(ln.quantity), lambda ln: fmt.money(ln.total_cents)],
        )
        self.new_table = rows_view(self.new_model, stretch=0, single=False, sized_to_contents=True)
        self.new_table.setTabKeyNavigation(False)
        remove = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.new_table)
        remove.activated.connect(self.remove_selected)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        tip = QLabel(self.tr("Enter adiciona · Delete na lista remove · Enter vazio avança"))
        tip.setStyleSheet(HINT_STYLE)
        layout = QVBoxLayout(box)
        for widget in (self.barcode, self.hits, self.new_table, tip):
            layout.addWidget(widget)
        return box

    def initializePage(self) -> None:
        sale = self.state.sale
        assert sale is not None
        self.returned.set_rows(sale.rows, self.state.returned)
        self.new_model.set_rows(self.state.new_lines)
        self._update()
        focus_later(self.returned)

    def add_from_barcode(self) -> None:
        quantity, code = split_quantity(self.barcode.text())
        self.barcode.clear()
        if not code:
            return
        if quantity <= 0:
            self.message.setText(self.tr("Quantidade inválida antes do *."))
            return
        with self.state.ctx.store.read() as session:
            hits = queries.search_products(session, code)
        exact = [h for h in hits if code in (h.barcode, h.sku)]
        if exact or len(hits) == 1:
            self.add_line((exact or hits)[0], quantity)
        elif not hits:
            self.message.setText(self.tr("Produto não encontrado: %1").replace("%1", code))
        else:
            show_hits(self.hits, hits, quantity)
            self.message.setText(self.tr("Escolha o produto com as setas e tecle Enter."))

    def add_line(self, product: queries.ProductHit, quantity: int) -> None:
        lines = self.state.new_lines
        for index, line in enumerate(lines):
            if line.product.product_id == product.product_id:
                lines[index] = Line(product, line.quantity + quantity)
                break
        else:
            lines.append(Line(product, quantity))
        self.new_model.set_rows(lines)
        self.hits.hide()
        self.message.clear()
        self._update()
        self.barcode.setFocus()

    def remove_selected(self) -> None:
        selected = self.new_table.selectionModel().selectedRows()
        index = selected[0].row() if selected else len(self.state.new_lines) - 1
        if 0 <= index < len(self.state.new_lines):
            del self.state.new_lines[index]
            self.new_model.set_rows(self.state.new_lines)
            self._update()

    def _update(self) -> None:
        self.state.returned = {k: v for k, v in self.returned.quantities.items() if v}
        self.completeChanged.emit()
        if not self.state.returned:
            self.totals.setText(self.tr("Marque ao menos um item devolvido."))
            return
        try:
            s = self.state.settlement()
        except (DomainError, DomainErrors) as exc:
            self.totals.setText(words.error_text(exc))
            return
        text = self.tr("Devolvido %1 · Novos %2").replace("%1", fmt.money(s.returned_cents))
        text = text.replace("%2", fmt.money(s.new_total_cents))
        if s.kind == "pay":
            text += " · " + self.tr("A pagar %1").replace("%1", fmt.money(s.difference_cents))
        elif s.kind == "credit":
            text += " · " + self.tr("Crédito %1").replace("%1", fmt.money(s.difference_cents))
        self.totals.setText(text)

    def isComplete(self) -> bool:
        return bool(self.state.returned)

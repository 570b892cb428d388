"""Keyboard pieces of Nova venda: the scan field (arrows choose a line, Del on an empty field
removes it), the items list with an editable Qtd column, and the payments list (Del removes)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QListWidget,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from pdv_bling.domain.sale import MAX_QUANTITY

QTY_COLUMN = 2
Index = QModelIndex | QPersistentModelIndex


class ScanField(QLineEdit):
    """A line edit that also steers a list: ↑/↓ move the list's choice, Del on an empty field
    asks to remove the chosen entry (the cursor never has to leave the field)."""

    steer = Signal(int)  # -1 up, +1 down (not `move`: that is QWidget.move(x, y))
    remove = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.steer.emit(-1 if key == Qt.Key.Key_Up else 1)
            return
        if key == Qt.Key.Key_Delete and not self.text():
            self.remove.emit()
            return
        super().keyPressEvent(event)


class QuantityDelegate(QStyledItemDelegate):
    """Only the Qtd column edits (a spin box); the new value goes to `changed`, never straight into
    the model, so the basket stays the one source of the lines."""

    def __init__(self, view: ItemsView) -> None:
        super().__init__(view)
        self.view = view

    # Qt takes a null editor as "not editable"; PySide6's stub leaves out the `| None`
    def createEditor(  # type: ignore[override]
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget | None:
        if index.column() != QTY_COLUMN:
            return None
        editor = QSpinBox(parent)
        editor.setRange(1, MAX_QUANTITY)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QSpinBox):
            editor.setValue(int(index.data() or 1))
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QSpinBox):
            editor.interpretText()
            self.view.quantity_edited.emit(index.row(), editor.value())


class ItemsView(QTableView):
    """Nova venda's items. Del removes the chosen line; Enter, F2 or a double click edit its Qtd."""

    quantity_edited = Signal(int, int)  # row, new quantity
    remove = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setItemDelegate(QuantityDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setTabKeyNavigation(False)

    def edit_quantity(self, row: int) -> None:
        index = self.model().index(row, QTY_COLUMN)
        self.setCurrentIndex(index)
        self.setFocus()
        self.edit(index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        row = self.currentIndex().row()
        if event.key() == Qt.Key.Key_Delete:
            self.remove.emit()
            return
        editing = self.state() == QAbstractItemView.State.EditingState
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2) and row >= 0 and not editing:
            self.edit_quantity(row)
            return
        super().keyPressEvent(event)


class PaymentsList(QListWidget):
    """The payments typed so far; Del removes the chosen one."""

    remove = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete:
            self.remove.emit()
            return
        super().keyPressEvent(event)

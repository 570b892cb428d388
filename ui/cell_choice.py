"""A choice inside a table cell (DE-PARA, Vendedores) that changes only when someone means it.

The combo box never takes the keyboard focus: Tab passes the table on, arrows move between rows
and the wheel scrolls the list. F2, Enter or Space on a row opens that row's choice; in the open
list the arrows pick and Enter confirms (Esc keeps what it was). A click opens it too."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QTableWidget, QTableWidgetItem, QWidget

OPEN_KEYS = (Qt.Key.Key_F2, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)


class CellChoice(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()  # the wheel scrolls the table; it never changes a choice in passing


class _OpenKeys(QObject):
    def __init__(self, table: QTableWidget, column: int) -> None:
        super().__init__(table)
        self.table = table
        self.column = column

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.key() not in OPEN_KEYS or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        combo = self.table.cellWidget(self.table.currentRow(), self.column)
        if not isinstance(combo, QComboBox) or not combo.isEnabled():
            return False
        combo.showPopup()
        return True


def choice_table(headers: list[str], *, column: int) -> QTableWidget:
    """A table whose `column` holds CellChoice widgets: whole rows selected, Tab leaves it."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)
    table.installEventFilter(_OpenKeys(table, column))
    return table


def fixed_item(text: str) -> QTableWidgetItem:
    """A cell that reads, never edits."""
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    return item

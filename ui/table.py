"""A small read-only table model over a list of frozen rows (one column function per column)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex

ATTENTION = QColor("#fde2e1")
WAITING = QColor("#fff4d6")


class RowsModel(QAbstractTableModel, Generic[R]):
    def __init__(
        self,
        headers: Sequence[str],
        columns: Sequence[Callable[[R], str]],
        *,
        background: Callable[[R], QColor | None] | None = None,
        tooltip: Callable[[R], str | None] | None = None,
    ) -> None:
        super().__init__()
        self._headers = list(headers)
        self._columns = list(columns)
        self._background = background
        self._tooltip = tooltip
        self.rows: list[R] = []

    def set_rows(self, rows: Sequence[R]) -> None:
        """Replace the rows. Unchanged lists cost nothing; same-length lists (a state changed)
        repaint in place, keeping selection and scroll; only other changes reset the view."""
        new = list(rows)
        if new == self.rows:
            return
        if len(new) == len(self.rows) and new:
            self.rows = new
            self.dataChanged.emit(self.index(0, 0), self.index(len(new) - 1, len(self._columns) - 1))
            return
        self.beginResetModel()
        self.rows = new
        self.endResetModel()

    def row_at(self, row: int) -> R | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns[index.column()](row)
        if role == Qt.ItemDataRole.BackgroundRole and self._background is not None:
            color = self._background(row)
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.ToolTipRole and self._tooltip is not None:
            return self._tooltip(row)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

"""A small read-only table model over a list of frozen rows (one column function per column).

The cells live in Qt (a QStandardItemModel), not in Python: a view painting itself never calls
back into Python. A Python `data()` was called for every role of every visible cell on each
repaint (about 1,200 calls per list refresh), and each of those calls had to take the GIL from
the drainer thread; during a long drain those waits added up to stalls of 50-100 ms.
`set_rows` writes only the rows that changed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from typing import Generic, TypeVar

from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView

R = TypeVar("R")

ATTENTION = QColor("#fde2e1")
WAITING = QColor("#fff4d6")
_NO_BRUSH = QBrush()


class RowsModel(QStandardItemModel, Generic[R]):
    def __init__(
        self,
        headers: Sequence[str],
        columns: Sequence[Callable[[R], str]],
        *,
        background: Callable[[R], QColor | None] | None = None,
        tooltip: Callable[[R], str | None] | None = None,
    ) -> None:
        super().__init__(0, len(columns))
        self.setHorizontalHeaderLabels(list(headers))
        self._columns = list(columns)
        self._background = background
        self._tooltip = tooltip
        self.rows: list[R] = []

    def set_rows(self, rows: Sequence[R]) -> None:
        """Replace the rows, touching only what changed: rows gone are removed, new rows
        inserted, changed rows rewritten in place (selection and scroll are kept)."""
        new = list(rows)
        if new == self.rows:
            return
        old = self.rows
        self.rows = new
        try:
            matcher = SequenceMatcher(None, old, new, autojunk=False)
            opcodes = matcher.get_opcodes()
        except TypeError:  # rows that cannot be hashed: rewrite every row
            opcodes = [("replace", 0, len(old), 0, len(new))]
        resized = False
        for tag, i1, i2, j1, j2 in reversed(opcodes):  # from the end, so earlier indexes hold
            if tag == "equal":
                continue
            common = min(i2 - i1, j2 - j1)
            for k in range(common):
                self._write(i1 + k, new[j1 + k])
            if i2 - i1 > common:
                self.removeRows(i1 + common, i2 - i1 - common)
            for k in range(common, j2 - j1):
                self.insertRow(i1 + k, self._items(new[j1 + k]))
            resized = resized or i2 - i1 != j2 - j1
        if resized:
            # Rows inserted into a view not yet laid out leave ResizeToContents columns at their
            # header's width (seen in the Logs de API tab); a layout notice makes them measure.
            self.layoutAboutToBeChanged.emit()
            self.layoutChanged.emit()

    def _items(self, row: R) -> list[QStandardItem]:
        """New cells for `row`. Views over this model are read-only (`read_only`), so no per-cell
        flags; a background or tooltip is set only when there is one (a new cell has none)."""
        items = [QStandardItem(column(row)) for column in self._columns]
        brush, tip = self._extras(row)
        if brush is not None or tip:
            for item in items:
                if brush is not None:
                    item.setBackground(brush)
                if tip:
                    item.setToolTip(tip)
        return items

    def _write(self, index: int, row: R) -> None:
        brush, tip = self._extras(row)
        for c, column in enumerate(self._columns):
            item = self.item(index, c)
            text = column(row)
            if item.text() != text:
                item.setText(text)
            if self._background is not None:
                item.setBackground(brush if brush is not None else _NO_BRUSH)
            if self._tooltip is not None:
                item.setToolTip(tip)

    def _extras(self, row: R) -> tuple[QBrush | None, str]:
        color = self._background(row) if self._background is not None else None
        tip = (self._tooltip(row) or "") if self._tooltip is not None else ""
        return (QBrush(color) if color is not None else None), tip

    def row_at(self, row: int) -> R | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None


def read_only(view: QAbstractItemView) -> QAbstractItemView:
    """Lists show records; nothing in them is edited in place."""
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return view

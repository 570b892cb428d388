"""A small read-only table model over a list of frozen rows (one column function per column).

The cells live in Qt (a QStandardItemModel), not in Python: a view painting itself never calls
back into Python. A Python `data()` was called for every role of every visible cell on each
repaint (about 1,200 calls per list refresh), and each of those calls had to take the GIL from
the drainer thread; during a long drain those waits added up to stalls of 50-100 ms.
`set_rows` writes only the rows that changed."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

R = TypeVar("R")

ATTENTION = QColor("#fde2e1")
WAITING = QColor("#fff4d6")
_NO_BRUSH = QBrush()


class RowsModel(QStandardItemModel, Generic[R]):
    TURN_SECONDS = 0.006  # time spent building rows per event-loop turn; the rest waits for the next

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
        self._target: list[R] = []
        self._more = QTimer(self, singleShot=True, interval=0)
        self._more.timeout.connect(self._apply)

    def set_rows(self, rows: Sequence[R]) -> None:
        """Show `rows`, touching only what changed: rows gone are removed, new rows inserted,
        changed rows rewritten in place (selection and scroll are kept). Each event-loop turn
        spends at most about `TURN_SECONDS` building rows; a bigger change (a backlog of 500
        items on opening the Fila de envio) finishes over the next turns, so the window never
        freezes for it. `rows` always holds exactly what the view shows."""
        self._target = list(rows)
        self._apply()

    @property
    def settled(self) -> bool:
        """True once the view shows the last rows given."""
        return self.rows == self._target

    def _apply(self) -> None:
        old, new = self.rows, self._target
        if new == old:
            return
        try:
            opcodes = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
        except TypeError:  # rows that cannot be hashed: rewrite every row
            opcodes = [("replace", 0, len(old), 0, len(new))]
        deadline = time.perf_counter() + self.TURN_SECONDS
        shown: list[R] = []  # the model's rows before the point reached (equal to the head of `new`)
        offset = 0  # where old[i] sits in the model now: i + offset
        structural = worked = finished = False
        for tag, i1, i2, j1, j2 in opcodes:  # from the top, so the first rows are right first
            if tag == "equal":
                shown += new[j1:j2]
                continue
            # From model row i1+offset: new[j1:j1+done], then the old rows not yet used.
            base, used, done = i1 + offset, 0, 0
            while used < i2 - i1 or done < j2 - j1:
                if done == j2 - j1:  # the new rows are all there: drop the old ones left
                    self.removeRows(base + done, i2 - i1 - used)
                    used, structural = i2 - i1, True
                elif worked and time.perf_counter() > deadline:  # at least one row per turn
                    break
                elif used < i2 - i1:
                    self._write(base + done, new[j1 + done])
                    used, done = used + 1, done + 1
                else:
                    self.insertRow(base + done, self._items(new[j1 + done]))
                    done, structural = done + 1, True
                worked = True
            shown += new[j1 : j1 + done]
            offset += done - used
            if used < i2 - i1 or done < j2 - j1:
                self.rows = shown + old[i1 + used :]
                break
        else:
            self.rows, finished = new, True
        if structural:
            # Rows inserted into a view not yet laid out leave ResizeToContents columns at their
            # header's width (seen in the Logs de API tab); a layout notice makes them measure.
            self.layoutAboutToBeChanged.emit()
            self.layoutChanged.emit()
        if not finished:
            self._more.start()

    def _items(self, row: R) -> list[QStandardItem]:
        """New cells for `row`. Views over this model are read-only (`rows_view`), so no per-cell
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


def rows_view(
    model: RowsModel[Any],
    *,
    stretch: int,
    single: bool = True,
    sized_to_contents: bool = False,
    fit_once: bool = False,
    view: QTableView | None = None,
) -> QTableView:
    """A read-only list over `model`: whole rows selected (one at a time when `single`), no row
    numbers, column `stretch` taking the spare width. `sized_to_contents` keeps the other columns
    fitted to their text; `fit_once` fits them once, to the first rows shown (lists of hundreds of
    rows, where re-measuring on every change would cost). `view`: a QTableView subclass to set up
    instead of a plain one."""
    view = view if view is not None else QTableView()
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)  # Tab leaves the list (arrows move in it); Ctrl+Tab reaches the tabs
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    if sized_to_contents:
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    if fit_once:

        def fit() -> None:  # after the first rows land (a layout notice of RowsModel)
            if model.rowCount():
                model.layoutChanged.disconnect(fit)
                header.setResizeContentsPrecision(12)  # a dozen rows, not every row (text layout per cell)
                view.resizeColumnsToContents()

        model.layoutChanged.connect(fit)
    return view

"""RowsModel: the cells a view shows always match the rows given, and a refresh touches only the
rows that changed (selection of an unchanged row survives; nothing is reset)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView
from pytestqt.qtbot import QtBot

from ui.table import ATTENTION, RowsModel, rows_view


@dataclass(frozen=True)
class Row:
    id: int
    state: str


def make_model() -> RowsModel[Row]:
    return RowsModel(
        ["Nº", "Situação"],
        [lambda r: str(r.id), lambda r: r.state],
        background=lambda r: ATTENTION if r.state == "parked" else None,
        tooltip=lambda r: "conferir" if r.state == "parked" else None,
    )


def cells(model: RowsModel[Row]) -> list[tuple[str, str]]:
    return [(model.item(r, 0).text(), model.item(r, 1).text()) for r in range(model.rowCount())]


def expected(rows: list[Row]) -> list[tuple[str, str]]:
    return [(str(r.id), r.state) for r in rows]


@pytest.mark.parametrize(
    "before, after",
    [
        ([], [1, 2, 3]),
        ([1, 2, 3], []),
        ([1, 2, 3, 4, 5], [3, 4, 5, 6, 7]),  # delivered at the top, more at the bottom
        ([1, 2, 3, 4], [1, 3, 4]),  # one gone from the middle
        ([5, 6], [1, 2, 5, 6]),  # new ones first
        ([1, 2, 3], [3, 2, 1]),  # reordered
        ([1, 2, 3], [7, 8]),  # nothing in common
    ],
)
def test_cells_follow_any_change_of_rows(qtbot: QtBot, before: list[int], after: list[int]) -> None:
    model = make_model()
    model.set_rows([Row(i, "pending") for i in before])
    new = [Row(i, "pending") for i in after]
    model.set_rows(new)
    assert cells(model) == expected(new)
    assert model.rows == new


def test_a_changed_row_is_rewritten_in_place_with_its_colour_and_tooltip(qtbot: QtBot) -> None:
    model = make_model()
    view = rows_view(model, stretch=1)
    qtbot.addWidget(view)
    model.set_rows([Row(1, "pending"), Row(2, "pending"), Row(3, "pending")])
    view.selectRow(2)
    resets: list[int] = []
    removed: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.rowsRemoved.connect(lambda *_a: removed.append(1))

    model.set_rows([Row(1, "pending"), Row(2, "parked"), Row(3, "pending")])

    assert cells(model) == [("1", "pending"), ("2", "parked"), ("3", "pending")]
    assert model.data(model.index(1, 0), Qt.ItemDataRole.BackgroundRole).color() == ATTENTION
    assert model.data(model.index(1, 1), Qt.ItemDataRole.ToolTipRole) == "conferir"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole) is None
    assert not resets and not removed
    assert [i.row() for i in view.selectionModel().selectedRows()] == [2]  # the unchanged row stays selected

    model.set_rows([Row(1, "pending"), Row(2, "pending"), Row(3, "pending")])  # back to normal
    assert model.data(model.index(1, 0), Qt.ItemDataRole.ToolTipRole) in (None, "")
    brush = model.data(model.index(1, 0), Qt.ItemDataRole.BackgroundRole)
    assert brush is None or brush.style() == Qt.BrushStyle.NoBrush


def test_rows_gone_from_the_top_keep_the_selection_on_the_same_record(qtbot: QtBot) -> None:
    model = make_model()
    view = QTableView()
    view.setModel(model)
    qtbot.addWidget(view)
    model.set_rows([Row(i, "pending") for i in range(1, 6)])
    view.selectRow(3)  # record 4
    model.set_rows([Row(i, "pending") for i in range(3, 8)])
    selected = view.selectionModel().selectedRows()
    assert [model.row_at(i.row()) for i in selected] == [Row(4, "pending")]


def test_unchanged_rows_cost_nothing_and_views_are_read_only(qtbot: QtBot) -> None:
    model = make_model()
    rows = [Row(1, "pending")]
    model.set_rows(rows)
    changed: list[int] = []
    model.dataChanged.connect(lambda *_a: changed.append(1))
    model.set_rows(list(rows))
    assert not changed
    view = rows_view(model, stretch=1)
    qtbot.addWidget(view)
    assert view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert model.row_at(0) == rows[0] and model.row_at(5) is None


def test_a_big_change_is_shown_over_several_turns_and_always_matches_rows(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(RowsModel, "TURN_SECONDS", 0.0)  # a slow machine: one row per turn
    model = make_model()
    first = [Row(i, "pending") for i in range(250)]
    model.set_rows(first)
    assert model.rowCount() == 1 and not model.settled  # the rest comes on the next turns
    assert cells(model) == expected(model.rows)
    qtbot.waitUntil(lambda: model.settled)
    assert cells(model) == expected(first)

    changed = [Row(i, "parked" if i % 2 else "pending") for i in range(100, 400)]  # half rewritten, 100 new
    model.set_rows(changed)
    assert cells(model) == expected(model.rows)
    latest = [Row(i, "pending") for i in range(390, 420)]  # asked again before the last one finished
    model.set_rows(latest)
    qtbot.waitUntil(lambda: model.settled)
    assert cells(model) == expected(latest) and model.rows == latest


def test_random_changes_applied_a_row_per_turn_always_match(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """Any mix of removed, inserted, changed and moved rows, applied one row per turn, and a
    new list asked for halfway: after every turn the cells are exactly `rows`."""
    import random

    monkeypatch.setattr(RowsModel, "TURN_SECONDS", 0.0)
    rng = random.Random(7)
    model = make_model()
    for _ in range(30):
        ids = sorted(rng.sample(range(60), rng.randint(0, 40)))
        if rng.random() < 0.3:
            rng.shuffle(ids)
        target = [Row(i, rng.choice(["pending", "parked"])) for i in ids]
        model.set_rows(target)
        for _turn in range(rng.randint(0, 5)):  # sometimes interrupted by the next list
            assert cells(model) == expected(model.rows)
            QCoreApplication.processEvents()
        assert cells(model) == expected(model.rows)
    qtbot.waitUntil(lambda: model.settled)
    assert cells(model) == expected(target) and model.rows == target

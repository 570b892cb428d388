"""Starting the desktop app on a data folder whose database lost its records: a pt_BR message,
exit 2, nothing written (issue 13, item 1)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from pdv_bling.base.paths import app_paths
from ui import app


def test_an_emptied_database_is_explained_not_recreated(home: Path, qtbot: QtBot, no_modal_questions: list[str]) -> None:
    database = app_paths(home).ensure().database
    database.write_bytes(b"")
    assert app.run() == 2
    assert any("vazio" in text and "cópia automática" in text for text in no_modal_questions)
    assert database.stat().st_size == 0

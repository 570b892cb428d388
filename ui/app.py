"""Application entry for the desktop UI (`pdv-bling` with no sub-command)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


def run(*, demo: bool = False, smoke: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("PDV Bling")
    window.setCentralWidget(QLabel("PDV Bling"))
    window.show()
    if smoke:
        app.processEvents()
        window.close()
        return 0
    return int(app.exec())

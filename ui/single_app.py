"""One app per data folder, the Qt side (the claim itself is pdv_bling/runtime/app_instance.py).

The running app looks for a wake request four times a second and brings its window (or, while
it starts, the start-up screen) to the front. A second start hands over and exits: the person
sees the window they already had, never a second copy with its own sender."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from pdv_bling.runtime.app_instance import AppInstance, ask_to_show
from ui import guards

log = logging.getLogger(__name__)


class WakeWatcher(QObject):
    """Calls `show` whenever another start on the same folder asks for this app's window."""

    def __init__(self, instance: AppInstance, parent: QObject | None = None, *, interval_ms: int = 250) -> None:
        super().__init__(parent)
        self.instance = instance
        self.show: Callable[[], None] = lambda: None
        self.woken = 0
        self._timer = QTimer(self, interval=interval_ms)
        self._timer.timeout.connect(self._look)
        self._timer.start()

    def _look(self) -> None:
        if self.instance.take_wake_request():
            self.woken += 1
            self.show()


def bring_to_front(window: QWidget) -> None:
    """Shown, restored from minimised or the tray, raised and asking for the focus."""
    window.showNormal()
    window.raise_()
    window.activateWindow()
    QApplication.alert(window)


def hand_over(folder: Path) -> int:
    """A second start on `folder`: the running app shows its window, this one exits (0). When
    the running app does not take the request, say where it is (3: the folder is busy)."""
    if ask_to_show(folder):
        log.info("the app already runs on this data folder: its window was brought to the front")
        print(QCoreApplication.translate(
            "SingleApp", "O PDV Bling já está aberto nesta pasta de dados: a janela dele foi trazida para a frente."))
        return 0
    guards.tell(None, QCoreApplication.translate("SingleApp", "PDV Bling já está aberto"), QCoreApplication.translate(
        "SingleApp", "O PDV Bling já está aberto nesta pasta de dados (%1), mas não respondeu. Procure a janela dele "
        "ou o ícone na bandeja do sistema; se ele travou, feche-o e abra de novo. Um segundo PDV Bling na mesma "
        "pasta não é aberto: as vendas seriam enviadas por dois programas.").replace("%1", str(folder)), warning=True)
    return 3

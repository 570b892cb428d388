"""The last account check where the manager always sees it: a small status-bar button that
appears when the last check found an erro (click: Integração Bling > Verificar conta), and the
tray's line. Background checks arrive from the core bus through a queued signal."""

from __future__ import annotations

import weakref
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from pdv_bling.account_check import AccountChecked, CheckReport, load_last
from ui.hub import Hub


class CheckRelay(QObject):
    """Re-emits the core's AccountChecked on the GUI thread."""

    checked = Signal(object)

    def __init__(self, hub: Hub) -> None:
        super().__init__(hub)
        unsubscribe = hub.bus.subscribe(AccountChecked, self._on_event)
        self._unsubscribe: Callable[[], None] | None = unsubscribe
        self.destroyed.connect(lambda *_a: unsubscribe())

    def _on_event(self, event: AccountChecked) -> None:
        self.checked.emit(event)


_RELAYS: weakref.WeakKeyDictionary[Hub, CheckRelay] = weakref.WeakKeyDictionary()


def relay_for(hub: Hub) -> CheckRelay:
    relay = _RELAYS.get(hub)
    if relay is None:
        relay = _RELAYS[hub] = CheckRelay(hub)
    return relay


class CheckIndicator(QPushButton):
    """Hidden while the last check found no erro."""

    report_shown = Signal()  # after each report: the tray follows

    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.erros = 0
        self.setFlat(True)
        self.setStyleSheet("color: #b3261e; font-weight: bold; padding: 0 6px;")
        self.setToolTip(self.tr("A última verificação da conta Bling encontrou erros. Clique para ver como corrigir."))
        self.hide()
        relay_for(hub).checked.connect(lambda _event: self.reload())
        self.reload()

    def reload(self) -> None:
        self.hub.read(load_last, self.show_report)

    def show_report(self, report: CheckReport | None) -> None:
        self.erros = report.count("erro") if report is not None and report.problem is None else 0
        if self.erros:
            self.setText(self.tr("⚠ Conta Bling: %1").replace("%1", _erros(self.erros)))
        self.setVisible(self.erros > 0)
        self.report_shown.emit()


def _erros(count: int) -> str:
    if count == 1:
        return QCoreApplication.translate("CheckStatus", "1 erro")
    return QCoreApplication.translate("CheckStatus", "%1 erros").replace("%1", str(count))

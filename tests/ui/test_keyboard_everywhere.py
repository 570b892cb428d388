"""The keyboard everywhere (issue 23, item 3): Tab goes through every window and reaches every
control (no table keeps it), Ctrl+Tab changes tabs from inside a table, every scroll area scrolls by
keyboard, a combo box in a table changes only on an explicit key, and unsaved changes are marked
and Esc asks before throwing them away."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QRadioButton,
    QScrollArea,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from pdv_bling.account_check import CheckReport, CheckResult
from pdv_bling.account_check.model import save_last
from tests.ui.conftest import wait_idle
from tests.ui.fakes import FakeService
from tests.ui.helpers import add_formas, add_log, sell
from ui.exchange_wizard import ExchangeWizard
from ui.first_run import FirstRunWizard
from ui.hub import Hub
from ui.integration_window import CHECK, LOGS, PAYMENTS, IntegrationWindow
from ui.main_window import MainWindow
from ui.new_sale import NewSaleDialog
from ui.outbox_window import OutboxWindow
from ui.printer_dialog import PrinterDialog
from ui.settings_dialog import SettingsDialog

SMALL = (1024 - 16, 600 - 40)


def _seed(hub: Hub) -> None:
    """Rows in every list, a long account check: something to tab into and to scroll."""
    add_formas(hub.ctx.store)
    for _ in range(3):
        sell(hub.ctx.store)
    add_log(hub.ctx.store, model="pedidos_vendas", action="Venda 1: criar pedido", ok=False, check="Verifique.")
    now = dt.datetime.now(dt.UTC)
    results = tuple(CheckResult(f"c{i}", f"k{i}", "atencao", f"Verificação {i}", "Explicação longa. " * 6,
                                "Como corrigir: faça isto e aquilo. " * 3) for i in range(14))
    with hub.ctx.store.transaction() as session:
        save_last(session, CheckReport(results, 12, now, now))


def _inner(widget: QWidget) -> bool:
    """Part of a composite control (a spin box's or an editable combo's line edit, a viewport)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractSpinBox | QComboBox):
            return True
        parent = parent.parentWidget()
    return False


def controls(window: QWidget) -> list[QWidget]:
    """What a person can reach with Tab: visible, enabled, taking focus by Tab."""
    found = []
    for widget in window.findChildren(QWidget):
        if not (widget.isVisibleTo(window) and widget.isEnabled()) or _inner(widget):
            continue
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None:
            found.append(widget)
    return found


def _reached_by(focused: QWidget | None, window: QWidget) -> set[int]:
    reached: set[int] = set()
    while focused is not None and focused is not window:
        reached.add(id(focused))
        focused = focused.parentWidget()
    return reached


def tab_through(qtbot: QtBot, window: QWidget) -> tuple[list[QWidget], list[QWidget]]:
    """Press Tab as many times as the window has controls (twice over); (all, never reached)."""
    targets = controls(window)
    reached: set[int] = set()
    for _ in range(2 * len(targets) + 4):
        focused = QApplication.focusWidget()
        assert focused is not None and window.isAncestorOf(focused) or focused is window, "the focus left the window"
        reached |= _reached_by(focused, window)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    return targets, [w for w in targets if id(w) not in reached and not _group_reached(w, reached)]


def _group_reached(widget: QWidget, reached: set[int]) -> bool:
    """Exclusive radio buttons are one Tab stop (arrows move between them): reached as a group."""
    if not isinstance(widget, QRadioButton):
        return False
    group = widget.group()
    members = group.buttons() if group is not None else [
        w for w in (widget.parentWidget() or widget).findChildren(QRadioButton) if w.autoExclusive()]
    return any(id(member) in reached for member in members)


def _name(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    label = text() if callable(text) else ""
    return f"{type(widget).__name__}({label!r}, {widget.objectName()!r})"


def _shown(qtbot: QtBot, hub: Hub, window: QWidget) -> QWidget:
    qtbot.addWidget(window)
    window.show()
    window.resize(*SMALL)
    window.activateWindow()
    qtbot.waitActive(window)
    wait_idle(qtbot, hub)
    qtbot.wait(50)
    wait_idle(qtbot, hub)
    return window


WINDOWS: dict[str, Callable[[Hub], QWidget]] = {
    "principal": MainWindow,
    "nova venda": NewSaleDialog,
    "troca/devolução": ExchangeWizard,
    "fila de envio": OutboxWindow,
    "configurações": SettingsDialog,
    "impressora": PrinterDialog,
    "primeiros passos": FirstRunWizard,
}


@pytest.fixture
def seeded(hub: Hub) -> Iterator[Hub]:
    _seed(hub)
    yield hub


@pytest.mark.parametrize("name", list(WINDOWS))
def test_tab_reaches_every_control_of_every_window(qtbot: QtBot, seeded: Hub, name: str) -> None:
    window = _shown(qtbot, seeded, WINDOWS[name](seeded))
    targets, missed = tab_through(qtbot, window)
    assert targets, name
    assert missed == [], f"{name}: Tab never reaches {[_name(w) for w in missed]}"
    if isinstance(window, MainWindow):
        window.quitting = True
    wait_idle(qtbot, seeded)


@pytest.mark.parametrize("tab", range(6))
def test_tab_reaches_every_control_of_every_integration_tab(qtbot: QtBot, seeded: Hub, tab: int) -> None:
    window = IntegrationWindow(seeded)
    window.tabs.setCurrentIndex(tab)
    _shown(qtbot, seeded, window)
    targets, missed = tab_through(qtbot, window)
    assert missed == [], f"tab {window.tabs.tabText(tab)}: Tab never reaches {[_name(w) for w in missed]}"
    wait_idle(qtbot, seeded)


def test_ctrl_tab_changes_tabs_from_inside_the_logs_table(qtbot: QtBot, seeded: Hub) -> None:
    window = IntegrationWindow(seeded)
    window.tabs.setCurrentIndex(LOGS)
    _shown(qtbot, seeded, window)
    table = window.logs.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == LOGS + 1


def _check_tab(hub: Hub) -> QWidget:
    window = IntegrationWindow(hub)
    window.tabs.setCurrentIndex(CHECK)
    return window


SCROLLING: dict[str, Callable[[Hub], QWidget]] = {"verificar conta": _check_tab, "configurações": SettingsDialog}


@pytest.mark.parametrize("name", list(SCROLLING))
def test_every_scroll_area_scrolls_by_keyboard(qtbot: QtBot, seeded: Hub, name: str) -> None:
    """At 1024x600 what is further down (Verificar conta's findings) is reached with the keyboard alone."""
    window = _shown(qtbot, seeded, SCROLLING[name](seeded))
    if isinstance(window, IntegrationWindow):
        qtbot.waitUntil(lambda: len(window.check.panel.cards) == 14)
    QApplication.processEvents()
    areas = [a for a in window.findChildren(QScrollArea)
             if a.isVisibleTo(window) and a.verticalScrollBar().maximum() > 0]
    assert areas, f"{name}: nothing to scroll"
    for area in areas:
        bar = area.verticalScrollBar()
        for _ in range(80):  # Tab until the area itself has the focus
            if QApplication.focusWidget() is area:
                break
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        else:
            pytest.fail(f"{name}: Tab never reaches {_name(area)}")
        assert "focus" in area.styleSheet()  # the person sees where the keys go
        for _ in range(40):
            qtbot.keyClick(area, Qt.Key.Key_PageDown)
        assert bar.value() == bar.maximum(), f"{name}: {_name(area)} did not scroll to its end by keyboard"
        qtbot.keyClick(area, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
        for _ in range(40):
            qtbot.keyClick(area, Qt.Key.Key_PageUp)
        assert bar.value() == 0
    wait_idle(qtbot, seeded)


def _payments(qtbot: QtBot, hub: Hub) -> IntegrationWindow:
    add_formas(hub.ctx.store)
    window = IntegrationWindow(hub)
    window.tabs.setCurrentIndex(PAYMENTS)
    _shown(qtbot, hub, window)
    qtbot.waitUntil(lambda: bool(window.payments.rows))
    return window


def test_arrows_move_between_de_para_rows_and_never_change_a_mapping(qtbot: QtBot, hub: Hub) -> None:
    window = _payments(qtbot, hub)
    tab = window.payments
    before = tab.mapping()
    for _ in range(12):  # the manager's Tab, Tab, then Down x8 of the issue, and more
        focused = QApplication.focusWidget()
        if focused is tab.table:
            break
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is tab.table, "Tab does not reach the DE-PARA table"
    for _ in range(8):
        qtbot.keyClick(tab.table, Qt.Key.Key_Down)
    assert tab.mapping() == before  # Dinheiro is still what it was
    assert tab.table.currentRow() == 8
    assert not tab.unsaved.isVisible()
    # An explicit key opens the choice: F2, then a choice and Enter.
    qtbot.keyClick(tab.table, Qt.Key.Key_F2)
    combo = tab.combos[8]
    qtbot.waitUntil(lambda: combo.view().isVisible())
    qtbot.keyClick(combo.view(), Qt.Key.Key_Down)
    qtbot.keyClick(combo.view(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not combo.view().isVisible())
    assert tab.mapping()[tab.rows[8].method_id] != before[tab.rows[8].method_id]
    assert tab.unsaved.isVisible() and "não salv" in tab.unsaved.text().lower()
    assert QApplication.focusWidget() is tab.table  # back in the table, arrows move rows again


def test_esc_asks_before_discarding_unsaved_de_para(qtbot: QtBot, hub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import guards

    window = _payments(qtbot, hub)
    tab = window.payments
    tab.combos[0].setCurrentIndex(1)
    assert tab.unsaved.isVisible()
    asked: list[str] = []
    monkeypatch.setattr(guards, "ask", lambda _p, _t, text: asked.append(text) or False)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert asked and "não salv" in asked[0].lower() and window.isVisible()  # "Não": the changes stay
    monkeypatch.setattr(guards, "ask", lambda _p, _t, text: asked.append(text) or True)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_saved_de_para_closes_without_a_question(qtbot: QtBot, hub: Hub, service: FakeService,
                                                 no_modal_questions: list[str]) -> None:
    window = _payments(qtbot, hub)
    tab = window.payments
    tab.combos[0].setCurrentIndex(1)
    tab.save()
    wait_idle(qtbot, hub)
    qtbot.waitUntil(lambda: not tab.unsaved.isVisible())
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible() and no_modal_questions == []


def test_tab_widget_pages_are_all_reachable(qtbot: QtBot, seeded: Hub) -> None:
    """Ctrl+Tab walks the Integração Bling tabs from wherever the focus is."""
    window = IntegrationWindow(seeded)
    _shown(qtbot, seeded, window)
    tabs = window.findChild(QTabWidget)
    assert tabs is not None
    seen = {tabs.currentIndex()}
    for _ in range(tabs.count()):
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
        seen.add(tabs.currentIndex())
    assert seen == set(range(tabs.count()))


def test_configuracoes_marks_unsaved_changes_and_esc_asks(qtbot: QtBot, hub: Hub,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import guards

    dialog = SettingsDialog(hub)
    _shown(qtbot, hub, dialog)
    qtbot.waitUntil(lambda: dialog.loaded is not None)
    assert QApplication.focusWidget() is dialog.terminal  # the first field, not the frame around the fields
    assert not dialog.unsaved.isVisible()
    dialog.pull_interval.setValue(dialog.pull_interval.value() + 5)
    assert dialog.unsaved.isVisible()
    asked: list[str] = []
    monkeypatch.setattr(guards, "ask", lambda _p, _t, text: asked.append(text) or False)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked and "Configurações" in asked[0] and dialog.isVisible()
    dialog.pull_interval.setValue(dialog.pull_interval.value() - 5)  # back as it was: nothing to lose
    assert not dialog.unsaved.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert len(asked) == 1 and not dialog.isVisible()

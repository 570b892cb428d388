"""Small screens and a cashier's words: every window fits 1024x600 (or scrolls) with its buttons
in sight, windows remember size and maximised state, shortcuts and Tab reach every window, the
status texts say what is true, messages name fields in words, returns and exchanges show as such
in Últimas vendas, the start-up screen follows the catalogue's progress."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QScrollArea, QToolBar, QWidget
from pytestqt.qtbot import QtBot

from pdv_bling.base.events import EventBus, SyncProgress
from pdv_bling.counter.returns import record_exchange
from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.errors import DomainError, DomainErrors
from pdv_bling.domain.exchange import ExchangeDraft
from pdv_bling.domain.sale import AddressDraft, CustomerDraft, ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.store.models import Sale
from tests.ui.conftest import wait_idle
from tests.ui.fakes import FakeService
from tests.ui.helpers import add_formas, park_first_item, sell
from ui import startup, words
from ui.exchange_wizard import ExchangeWizard
from ui.hub import Hub
from ui.integration_window import IntegrationWindow
from ui.main_window import MainWindow
from ui.new_sale import NewSaleDialog
from ui.outbox_window import OutboxWindow
from ui.printer_dialog import PrinterDialog
from ui.settings_dialog import SettingsDialog

SMALL = (1024 - 16, 600 - 40)  # what a 1024x600 screen leaves a window (frame and panel aside)


@pytest.fixture
def window(qtbot: QtBot, hub: Hub) -> Iterator[MainWindow]:
    w = MainWindow(hub)
    qtbot.addWidget(w)
    w.show()
    wait_idle(qtbot, hub)
    yield w
    w.quitting = True


def _inside_scroll(widget: QWidget, top: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


SCREENS: dict[str, Callable[[Hub], QWidget]] = {
    "nova venda": NewSaleDialog,
    "troca/devolução": ExchangeWizard,
    "configurações": SettingsDialog,
    "integração": IntegrationWindow,
    "fila de envio": OutboxWindow,
    "impressora": PrinterDialog,
    "principal": MainWindow,
}


@pytest.mark.parametrize("name", list(SCREENS))
def test_every_window_fits_1024x600_with_its_buttons_in_sight(qtbot: QtBot, hub: Hub, name: str) -> None:
    widget = SCREENS[name](hub)
    qtbot.addWidget(widget)
    widget.show()
    wait_idle(qtbot, hub)
    widget.resize(*SMALL)
    QApplication.processEvents()
    hint = widget.minimumSizeHint()
    assert hint.width() <= SMALL[0] and hint.height() <= SMALL[1], f"{name} needs {hint.width()}x{hint.height()}"
    assert widget.width() <= SMALL[0] and widget.height() <= SMALL[1]
    buttons = [b for b in widget.findChildren(QAbstractButton) if b.isVisibleTo(widget)]
    assert buttons, name
    for button in buttons:
        area = _inside_scroll(button, widget)
        if area is not None:  # reachable by scrolling: brought into view, then seen
            area.ensureWidgetVisible(button)
            QApplication.processEvents()
            assert not button.visibleRegion().isEmpty(), f"{name}: {button.text()!r} cannot be scrolled to"
            continue
        corner = button.mapTo(widget, QPoint(button.width(), button.height()))
        assert widget.rect().contains(corner - QPoint(1, 1)), f"{name}: {button.text()!r} is off the window"
    if isinstance(widget, NewSaleDialog):  # the counter's page needs no scrolling at all at 1024x600
        assert widget.finalize_button.visibleRegion().boundingRect() == widget.finalize_button.rect()
    if isinstance(widget, MainWindow):  # every toolbar button in sight, none behind the overflow arrow
        for action_name, action in widget.actions_by_name.items():
            tool = widget.findChild(QToolBar).widgetForAction(action)
            assert tool.isVisibleTo(widget), f"toolbar: {action_name} is hidden in the overflow"
            corner = tool.mapTo(widget, QPoint(tool.width(), tool.height()))
            assert widget.rect().contains(corner - QPoint(1, 1)), f"toolbar: {action_name} is off the window"
        widget.quitting = True
    wait_idle(qtbot, hub)


def test_windows_open_no_bigger_than_the_screen(qtbot: QtBot, hub: Hub) -> None:
    available = QApplication.primaryScreen().availableGeometry()
    alive: list[QWidget] = []  # qtbot keeps weak references only: a window collected mid-loop crashes Qt
    for make in SCREENS.values():
        widget = make(hub)
        alive.append(widget)
        qtbot.addWidget(widget)
        assert widget.width() <= available.width() and widget.height() <= available.height()
        if isinstance(widget, MainWindow):
            widget.quitting = True
        wait_idle(qtbot, hub)


def test_nova_venda_remembers_its_size_and_maximised_state(qtbot: QtBot, hub: Hub) -> None:
    first = NewSaleDialog(hub)
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 480)
    QApplication.processEvents()
    first.close()
    second = NewSaleDialog(hub)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (700, 480)
    second.show()
    second.showMaximized()
    QApplication.processEvents()
    second.close()
    third = NewSaleDialog(hub)
    qtbot.addWidget(third)
    third.show()
    QApplication.processEvents()
    assert third.windowState() & Qt.WindowState.WindowMaximized
    assert (hub.ctx.paths.config / "janelas.ini").exists()
    wait_idle(qtbot, hub)


def test_shortcuts_open_every_window_and_tab_reaches_them(qtbot: QtBot, hub: Hub, window: MainWindow) -> None:
    for key, name in ((Qt.Key.Key_F6, "outbox"), (Qt.Key.Key_F7, "integration"), (Qt.Key.Key_F9, "settings")):
        action = window.actions_by_name[name]
        assert action.shortcut().toString() in action.text().split("\n") and action.shortcut().toString() in action.toolTip()
        qtbot.keyClick(window, key)
        qtbot.waitUntil(lambda n=name: n in window.dialogs and window.dialogs[n].isVisible())
        window.dialogs[name].close()
    bar = window.findChild(type(window.addToolBar("x")))  # the actions' tool bar
    assert bar is not None
    for name in ("outbox", "integration", "settings"):
        button = bar.widgetForAction(window.actions_by_name[name])
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
    wait_idle(qtbot, hub)


def test_sync_never_says_done_while_a_sale_is_blocked(qtbot: QtBot, hub: Hub, window: MainWindow, service: FakeService) -> None:
    sale = sell(hub.ctx.store)
    park_first_item(hub.ctx.store, sale.sale_id)
    window.sync_now()
    wait_idle(qtbot, hub)
    qtbot.waitUntil(lambda: service.drains == 1)
    qtbot.waitUntil(lambda: bool(window.status.currentMessage()))
    message = window.status.currentMessage()
    assert "concluída" not in message and "1 venda requer atenção" in message and "F6" in message
    qtbot.waitUntil(lambda: not hub._coalesce.isActive())  # the lists' coalesced reload, then its reads
    wait_idle(qtbot, hub)


def test_a_blocked_item_never_says_next_attempt_now(qtbot: QtBot, hub: Hub) -> None:
    sale = sell(hub.ctx.store)
    park_first_item(hub.ctx.store, sale.sale_id)  # the sale's create; its transition waits behind it
    dialog = OutboxWindow(hub)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, hub)
    qtbot.waitUntil(lambda: len(dialog.model.rows) == 2)
    shown = [dialog.model.data(dialog.model.index(i, 4)) for i in range(2)]
    assert shown == ["—", "após o item que requer atenção"]
    assert dialog.summary.text() == "1 venda requer atenção"
    wait_idle(qtbot, hub)


def test_messages_name_fields_in_words() -> None:
    assert words.error_text(DomainErrors([DomainError("text_required", "cliente.nome")])) == "Informe o nome do cliente."
    money = words.error_text(DomainError("money_invalid", "valor", {"value": "abc"}))
    assert money.startswith("O valor") and "valor:" not in money
    quantity = words.error_text(DomainError("quantity_invalid", "itens[1].quantidade", {"value": "0"}))
    assert quantity == "A quantidade do item 2 deve ser um número inteiro maior que zero."
    for code in ("over_return", "setting_range", "cpf_invalid", "uf_invalid", "payments_short"):
        text = words.error_text(DomainError(code, "devolvidos[0]", {"requested": 2, "available": 1, "min": 1,
                                                                     "max": 9, "value": 0, "paid": 1, "total": 2,
                                                                     "missing": 1}))
        assert "[" not in text and "." not in text.split(" ")[0] and "(s)" not in text, text


def test_de_para_save_says_saved_and_auth_text_matches_its_button(qtbot: QtBot, hub: Hub) -> None:
    add_formas(hub.ctx.store)
    window = IntegrationWindow(hub)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, hub)
    tab = window.payments
    qtbot.waitUntil(lambda: bool(tab.combos))
    tab.combos[0].setCurrentIndex(1)
    tab.save_button.click()
    wait_idle(qtbot, hub)
    qtbot.waitUntil(lambda: tab.saved.text() == "✔ Salvo")
    assert "métodos sem forma de pagamento" in tab.summary.text()  # plural written out, no "(s)"
    tab.combos[1].setCurrentIndex(1)
    assert tab.saved.text() == ""  # an edit after saving: not saved any more
    hub.refresh_connection()
    wait_idle(qtbot, hub)
    auth = window.auth
    assert auth.start_button.text() == "Reconectar" and "Clique em Reconectar" in auth.steps.text()
    wait_idle(qtbot, hub)


def test_returns_and_exchanges_show_as_such_in_recent_sales(
    qtbot: QtBot, hub: Hub, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    customer = CustomerDraft(document="529.982.247-25", name="Maria Souza",
                             address=AddressDraft(street="Rua A", number="1", district="Centro", city="Campinas",
                                                  uf="SP", cep="13010-100"))
    first = record_sale(hub.ctx.store, SaleDraft(items=(ItemDraft(sku="SKU-1", quantity=2),),
                                                 payments=(PaymentDraft("Dinheiro", 5000),), customer=customer))
    with hub.ctx.store.read() as session:
        item_id = session.get(Sale, first.sale_id).items[0].id  # type: ignore[union-attr]
    result = record_exchange(hub.ctx.store, ExchangeDraft(original_sale_id=first.sale_id, returned={item_id: 1},
                                                          new_items=(ItemDraft(sku="SKU-2"),),
                                                          payments=(PaymentDraft("Dinheiro", 1000),)))
    assert result.new_sale is not None
    window.sales.reload()
    wait_idle(qtbot, hub)
    model = window.sales.model
    kinds = {r.number: model.data(model.index(i, 2)) for i, r in enumerate(model.rows)}
    assert kinds == {first.number: "Venda · troca parcial", result.new_sale.number: f"Troca (da venda {first.number})"}
    printed: list[tuple[str, int]] = []
    window.sales.print_requested.connect(lambda kind, ref: printed.append((kind, ref)))
    window.sales.table.selectRow([r.number for r in model.rows].index(first.number))
    qtbot.keyClick(window.sales.table, Qt.Key.Key_F8)
    wait_idle(qtbot, hub)
    actions = window.sales.print_menu.actions()
    assert [a.text() for a in actions] == [f"Comprovante da venda {first.number}", f"Comprovante da troca nº {result.return_id}"]
    actions[1].trigger()
    assert printed == [("exchange", result.return_id)]
    window.sales.print_menu.hide()
    wait_idle(qtbot, hub)


def test_start_up_screen_follows_the_catalogue_progress(qtbot: QtBot) -> None:
    screens: list[startup.StartupScreen] = []
    original = startup.StartupScreen.show_progress

    def opener(bus: EventBus) -> str:
        for done in (0, 100, 200):
            bus.publish(SyncProgress(model="produtos", done=done, total=200))
            time.sleep(0.05)  # the worker is busy; the screen keeps turning its event loop
        return "session"

    def record(self: startup.StartupScreen, event: SyncProgress) -> None:
        original(self, event)
        if self not in screens:
            screens.append(self)

    startup.StartupScreen.show_progress = record  # type: ignore[method-assign]
    try:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        assert startup.open_with_screen(app, opener, demo=True) == "session"
    finally:
        startup.StartupScreen.show_progress = original  # type: ignore[method-assign]
    assert screens and screens[0].seen == [("produtos", 0, 200), ("produtos", 100, 200), ("produtos", 200, 200)]
    assert screens[0].message.text() == "Preparando o catálogo: Produto 200 de 200"
    with pytest.raises(RuntimeError, match="boom"):
        startup.open_with_screen(app, lambda _bus: (_ for _ in ()).throw(RuntimeError("boom")), demo=False)


def test_no_window_writes_a_plural_as_parenthesised_s() -> None:
    """ "1 erro" / "3 erros", never "erro(s)": every source string of ui/ that lupdate extracts."""
    import re
    from pathlib import Path

    offenders = []
    for path in sorted(Path(words.__file__).parent.glob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for literal in re.findall(r'(?:\btr|translate)\((?:"\w+",\s*)?"([^"]*)"', line):
                if re.search(r"\w\((s|es)\)", literal):
                    offenders.append(f"{path.name}:{number}: {literal}")
    assert not offenders, offenders
    assert (words.errors_count(1), words.errors_count(3)) == ("1 erro", "3 erros")
    assert (words.warnings_count(1), words.warnings_count(2)) == ("1 ponto de atenção", "2 pontos de atenção")

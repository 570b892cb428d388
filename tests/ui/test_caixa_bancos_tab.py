"""Integração Bling › Caixa e Bancos: chosen with the keyboard like the DE-PARA (arrows move rows,
F2/Enter/Space open a choice), categorias offered only in the role's direction, saved to the
mapping the postings use, Atualizar do Bling pulls the lists, unsaved changes are guarded."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pdv_bling.store.caixa_mapping import CaixaMapping, Choice, load_mapping, save_lists, save_mapping
from tests.ui.conftest import wait_idle
from tests.ui.fakes import FakeService
from ui.hub import Hub
from ui.integration_window import CAIXA_BANCOS, IntegrationWindow

CONTAS = [Choice(14_001, "Caixa", "caixa"), Choice(14_002, "Banco do Brasil", "banco")]
CATEGORIAS = [Choice(15_001, "Suprimento de caixa", "2"), Choice(15_002, "Sangria de caixa", "1"),
              Choice(15_003, "Quebra de caixa", "3"), Choice(15_004, "Aluguel", "1", 15_009)]


def _lists(hub: Hub, mapping: CaixaMapping | None = None) -> None:
    with hub.ctx.store.transaction() as session:
        save_lists(session, contas=CONTAS, categorias=CATEGORIAS)
        if mapping is not None:
            save_mapping(session, mapping)


def _window(qtbot: QtBot, hub: Hub) -> IntegrationWindow:
    window = IntegrationWindow(hub)
    qtbot.addWidget(window)
    window.resize(1024, 600)
    window.tabs.setCurrentIndex(CAIXA_BANCOS)
    window.show()
    wait_idle(qtbot, hub)
    qtbot.waitUntil(lambda: bool(window.caixa_bancos.combos))
    return window


def texts(combo: object) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]  # type: ignore[attr-defined]


def test_rows_choices_by_direction_and_unset_highlighted(qtbot: QtBot, hub: Hub) -> None:
    _lists(hub, CaixaMapping(conta_id=14_001, sangria=15_002))
    tab = _window(qtbot, hub).caixa_bancos
    assert [tab.table.item(r, 0).text() for r in range(5)] == [
        "Conta financeira", "Suprimento", "Sangria", "Sobra de caixa (fechamento)", "Falta de caixa (fechamento)"]
    assert tab.mapping() == {"conta_id": 14_001, "suprimento": None, "sangria": 15_002, "sobra": None, "falta": None}
    assert texts(tab.combos["conta_id"]) == ["Não informado", "Caixa", "Banco do Brasil"]
    assert texts(tab.combos["suprimento"]) == ["Não informado", "Suprimento de caixa", "Quebra de caixa"]
    assert texts(tab.combos["falta"]) == ["Não informado", "Sangria de caixa", "Quebra de caixa", "Aluguel"]
    assert "fff4d6" in tab.combos["sobra"].styleSheet() and tab.combos["sangria"].styleSheet() == ""
    assert "3 itens sem escolha" in tab.summary.text()


def test_keyboard_only_choice_and_save(qtbot: QtBot, hub: Hub) -> None:
    _lists(hub)
    window = _window(qtbot, hub)
    tab = window.caixa_bancos
    for _ in range(12):
        focused = QApplication.focusWidget()
        if focused is tab.table:
            break
        qtbot.keyClick(focused or window, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is tab.table, "Tab does not reach the Caixa e Bancos table"
    before = tab.mapping()
    for _ in range(4):
        qtbot.keyClick(tab.table, Qt.Key.Key_Down)
    qtbot.keyClick(tab.table, Qt.Key.Key_Up)
    assert tab.mapping() == before and tab.table.currentRow() == 3 and not tab.unsaved.isVisible()
    for row, key in ((0, "conta_id"), (3, "sobra")):
        tab.table.setCurrentCell(row, 0)
        qtbot.keyClick(tab.table, Qt.Key.Key_Space if row else Qt.Key.Key_F2)
        combo = tab.combos[key]
        qtbot.waitUntil(lambda c=combo: c.view().isVisible())
        qtbot.keyClick(combo.view(), Qt.Key.Key_Down)
        qtbot.keyClick(combo.view(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda c=combo: not c.view().isVisible())
    assert tab.mapping()["conta_id"] == 14_001 and tab.mapping()["sobra"] == 15_001
    assert tab.unsaved.isVisible() and window.unsaved_places() == ["Caixa e Bancos"]
    tab.save_button.click()
    wait_idle(qtbot, hub)
    qtbot.waitUntil(lambda: tab.saved.text() == "✔ Salvo")
    with hub.ctx.store.read() as session:
        assert load_mapping(session) == CaixaMapping(conta_id=14_001, sobra=15_001)
    assert not tab.unsaved.isVisible() and window.unsaved_places() == []


def test_esc_asks_before_discarding_an_unsaved_choice(qtbot: QtBot, hub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import guards

    _lists(hub)
    window = _window(qtbot, hub)
    window.caixa_bancos.combos["falta"].setCurrentIndex(2)
    asked: list[str] = []
    monkeypatch.setattr(guards, "ask", lambda _p, _t, text: asked.append(text) or False)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert asked and "Caixa e Bancos" in asked[0] and window.isVisible()


def test_atualizar_do_bling_pulls_the_lists(qtbot: QtBot, hub: Hub, service: FakeService) -> None:
    tab = _window(qtbot, hub).caixa_bancos
    assert "ainda não foram baixadas" in tab.lists.text()
    assert texts(tab.combos["conta_id"]) == ["Não informado"]
    _lists(hub)  # what the pull brings (the fake service only records the call and its date)
    tab.pull_button.click()
    wait_idle(qtbot, hub)
    qtbot.waitUntil(lambda: "Contas e categorias do Bling de" in tab.lists.text())
    assert service.pulls[-1] == ["caixa_bancos"]
    assert texts(tab.combos["conta_id"]) == ["Não informado", "Caixa", "Banco do Brasil"]
    assert tab.pull_button.isEnabled()


def test_a_choice_gone_from_bling_stays_visible(qtbot: QtBot, hub: Hub) -> None:
    _lists(hub, CaixaMapping(conta_id=99_999))
    tab = _window(qtbot, hub).caixa_bancos
    assert tab.combos["conta_id"].currentText() == "Id 99999 (não está entre as ativas do Bling)"
    assert tab.mapping()["conta_id"] == 99_999

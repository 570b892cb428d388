from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from pdv_bling.counter import queries
from pdv_bling.store.models import PaymentMethod
from tests.ui.conftest import wait_idle
from tests.ui.fakes import FakeService
from tests.ui.helpers import add_formas, add_log
from ui.hub import Hub
from ui.integration_window import IntegrationWindow


def _window(qtbot: QtBot, hub: Hub) -> IntegrationWindow:
    window = IntegrationWindow(hub)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, hub)
    return window


def test_de_para_saving(qtbot: QtBot, hub: Hub) -> None:
    add_formas(hub.ctx.store)
    window = _window(qtbot, hub)
    tab = window.payments
    tab.reload()
    wait_idle(qtbot, hub)
    assert [r.name for r in tab.rows][:3] == ["Dinheiro", "Crédito em Loja", "Pontos de Fidelidade"]
    assert all(c.currentData() is None for c in tab.combos)
    assert tab.combos[0].currentText() == "Não informado"
    assert "fff4d6" in tab.combos[0].styleSheet()  # highlighted as incomplete
    tab.combos[0].setCurrentIndex(tab.combos[0].findData(7001))
    tab.combos[-1].setCurrentIndex(tab.combos[-1].findData(7003))  # PIX -> PIX
    assert tab.combos[0].styleSheet() == ""
    tab.save_button.click()
    wait_idle(qtbot, hub)
    with hub.ctx.store.read() as session:
        mapped = {m.name: m.bling_forma_pagamento_id for m in session.query(PaymentMethod)}
    assert mapped["Dinheiro"] == 7001 and mapped["PIX"] == 7003 and mapped["Boleto"] is None
    wait_idle(qtbot, hub)
    assert tab.combos[0].currentData() == 7001  # reloaded from the store


def test_per_model_sync_updates_its_date(qtbot: QtBot, hub: Hub, service: FakeService) -> None:
    window = _window(qtbot, hub)
    tab = window.sync
    assert tab.rows["produtos"].date.text() == "Nunca sincronizado"
    service.gate = threading.Event()
    tab.rows["produtos"].button.click()
    assert not tab.rows["produtos"].button.isEnabled()
    qtbot.waitUntil(lambda: tab.rows["produtos"].progress.value() == 50, timeout=5000)
    assert "faltam ~12 s" in tab.rows["produtos"].eta.text()
    assert threading.get_ident() not in service.threads  # pull_now ran on a worker thread
    service.gate.set()
    wait_idle(qtbot, hub)
    qtbot.waitUntil(lambda: tab.rows["produtos"].date.text() != "Nunca sincronizado", timeout=5000)
    wait_idle(qtbot, hub)
    assert service.pulls == [["produtos"]]
    date_text = tab.rows["produtos"].date.text()
    assert len(date_text) == len("03/02/24, 14:24") and date_text[2] == "/" and ", " in date_text
    assert tab.rows["categorias"].date.text() == "Nunca sincronizado"
    assert tab.rows["produtos"].button.isEnabled()
    assert "Recomenda-se conferir essa data" in " ".join(
        w.text() for w in tab.findChildren(type(tab.message)) if hasattr(w, "text")
    )


def test_log_filter_and_details(qtbot: QtBot, hub: Hub) -> None:
    store = hub.ctx.store
    add_log(store, model="produtos", action="GET /produtos página 1", ok=True, minutes_ago=5)
    add_log(
        store,
        model="vendas",
        action="POST /pedidos/vendas 12",
        ok=False,
        check="Desabilite 'Editar número do pedido de venda' em Configurações > Vendas no Bling.",
        minutes_ago=1,
    )
    add_log(store, model="produtos", action="GET /produtos página 2", ok=False, check="Produto sem SKU", minutes_ago=2)
    window = _window(qtbot, hub)
    tab = window.logs
    tab.reload()
    wait_idle(qtbot, hub)
    assert len(tab.model.rows) == 3
    assert tab.model.rows[0].action.startswith("POST")  # newest first
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(tab.table.isVisible)
    header = tab.table.horizontalHeader()
    for column in (0, 2, 3):  # sized to their contents, not left at the header's width
        assert header.sectionSize(column) >= tab.table.sizeHintForColumn(column)
    tab.errors_only.setChecked(True)
    wait_idle(qtbot, hub)
    assert {r.action for r in tab.model.rows} == {"POST /pedidos/vendas 12", "GET /produtos página 2"}
    tab.model_filter.setCurrentIndex(tab.model_filter.findData("produtos"))
    wait_idle(qtbot, hub)
    assert [r.action for r in tab.model.rows] == ["GET /produtos página 2"]
    tab.errors_only.setChecked(False)
    wait_idle(qtbot, hub)
    assert len(tab.model.rows) == 2
    tab.model_filter.setCurrentIndex(tab.model_filter.findData("vendas"))
    wait_idle(qtbot, hub)
    tab.table.selectRow(0)
    assert "Editar número do pedido de venda" in tab.details.toPlainText()
    assert not tab.empty.isVisible()


def test_auth_tab_connects_through_the_browser(qtbot: QtBot, hub: Hub, service: FakeService) -> None:
    service.state = "not_connected"
    window = _window(qtbot, hub)
    tab = window.auth
    opened: list[str] = []
    tab.opener = opened.append
    assert "Não conectado" in tab.status.text()
    tab.start_button.click()
    wait_idle(qtbot, hub)
    qtbot.waitUntil(lambda: "Loja Demonstração" in tab.status.text(), timeout=5000)
    assert opened and opened[0].startswith("http://127.0.0.1")
    assert hub.connection == "connected"


def test_queries_last_sync_lists_every_model(hub: Hub) -> None:
    with hub.ctx.store.read() as session:
        assert set(queries.last_sync(session)) == set(queries.SYNC_MODELS)

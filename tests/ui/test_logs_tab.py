"""Logs de API in words (issues 13 item 4 and 14): a repeated failure is one row with its count and
first → last time; the raw request shows only behind "Detalhes técnicos"."""

from __future__ import annotations

import httpx
from pytestqt.qtbot import QtBot

from pdv_bling.bling.http import BlingHttp, Exchange
from pdv_bling.sync.apilog import ApiLog
from pdv_bling.sync.apiwords import activity
from tests.ui.conftest import wait_idle
from ui.hub import Hub
from ui.logs_tab import LogsTab


def test_a_repeated_network_failure_is_one_row_in_words_with_the_request_behind_details(
    qtbot: QtBot, hub: Hub
) -> None:
    log = ApiLog(hub.ctx.store)
    offline = BlingHttp._transport_error(httpx.ConnectError("[Errno 111] Connection refused"), "POST")
    for _ in range(12):
        with activity(sale_number=5, kind="sale_create"):
            log(Exchange("POST", "/pedidos/vendas", None, False, 3.0, offline, "POST /pedidos/vendas body=812B"))
    with activity(sale_number=4, kind="sale_cancel", to="Cancelado"):
        log(Exchange("PATCH", "/pedidos/vendas/77/situacoes/12", 204, True, 3.0, None,
                     "PATCH /pedidos/vendas/77/situacoes/12"))
    tab = LogsTab(hub)
    qtbot.addWidget(tab)
    tab.show()
    wait_idle(qtbot, hub)
    assert [(r.action, r.count) for r in tab.model.rows] == [
        ("Venda 4: situação → Cancelado", 1), ("Venda 5: criar pedido", 12)]
    cells = [tab.model.index(1, c).data() for c in range(5)]
    assert cells[0] == "Venda 5: criar pedido" and cells[4] == "12" and "→" in cells[3]
    assert cells[1].startswith("Não foi possível conectar ao Bling")
    tab.table.selectRow(1)
    text = tab.details.toPlainText()
    assert "12 tentativas seguidas" in text and "Nada foi perdido" in text
    assert "/pedidos/vendas" not in text  # the raw request only behind the technical details
    tab.technical.setChecked(True)
    text = tab.details.toPlainText()
    assert "Requisição: POST /pedidos/vendas body=812B → sem resposta" in text
    assert "não foi possível conectar (conexão recusada)" in text  # the reason in words, never a repr
    assert all("/pedidos" not in r.action for r in tab.model.rows)

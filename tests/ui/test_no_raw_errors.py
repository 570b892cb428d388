"""No exception name or repr reaches a person (issue 23, item 2): every user-visible string path is
scanned for `Error(`, `Exception` and class names — the app's own strings (every tr() source),
the core's message tables and fixes, `error_text` for every exception class, and what the Fila de
envio and the Logs de API render, technical details included, for every Bling error class."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from pdv_bling.bling import errors as be
from pdv_bling.bling.http import BlingHttp, Exchange
from pdv_bling.domain.errors import DomainError
from pdv_bling.runtime.service import DrainerBusy
from pdv_bling.store import outbox
from pdv_bling.store.models import OutboxItem
from pdv_bling.store.problems import StoreProblem
from pdv_bling.sync.apilog import ApiLog
from pdv_bling.sync.apiwords import activity
from pdv_bling.sync.drainer import Drainer, DrainReport
from tests.ui.conftest import wait_idle
from tests.ui.helpers import sell
from ui import words
from ui.hub import Hub
from ui.logs_tab import LogsTab
from ui.outbox_window import OutboxWindow

RAW = re.compile(r"Error\(|Exception|\b[A-Z]\w*(Error|Busy|Unknown|Needed|Unavailable|Limit)\b|\w\('")
ROOT = Path(__file__).resolve().parents[2]
TABLE_MODULES = ("pdv_bling.domain.messages", "pdv_bling.domain.store_messages", "pdv_bling.store.problems",
                 "pdv_bling.cli.words", "pdv_bling.sync.fixes", "pdv_bling.sync.apiwords",
                 "pdv_bling.account_check.texts")


def _strings(value: Any, depth: int = 0) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif depth < 4 and isinstance(value, dict):
        for item in value.values():
            yield from _strings(item, depth + 1)
    elif depth < 4 and isinstance(value, tuple | list | frozenset | set):
        for item in value:
            yield from _strings(item, depth + 1)
    elif depth < 4 and hasattr(value, "__dataclass_fields__") and not isinstance(value, type):
        for name in value.__dataclass_fields__:
            yield from _strings(getattr(value, name), depth + 1)


def bling_errors() -> list[be.BlingError]:
    """One of every class the client raises, made the way the client makes them."""
    body = b'{"error": {"type": "VALIDATION_ERROR", "message": "Nao foi possivel salvar a venda", ' \
           b'"fields": [{"code": 49, "msg": "Forma de pagamento invalida", "element": "formaPagamento"}]}}'
    return [
        BlingHttp._transport_error(httpx.ConnectError("[Errno 111] Connection refused"), "GET"),
        BlingHttp._transport_error(httpx.ConnectError("[Errno -3] Temporary failure in name resolution"), "POST"),
        BlingHttp._transport_error(httpx.ReadTimeout("The read operation timed out"), "POST"),
        BlingHttp._transport_error(httpx.RemoteProtocolError("Server disconnected without sending a response."), "GET"),
        BlingHttp._transport_error(httpx.ProxyError("ProxyError('407')"), "GET"),
        be.error_from_response(503, b'{"error": {"type": "SERVER_ERROR", "message": "Servi\\u00e7o temporariamente indispon\\u00edvel."}}'),
        be.error_from_response(500, b"<html>Internal Server Error</html>"),
        be.error_from_response(400, body),
        be.error_from_response(404, b'{"error": {"type": "RESOURCE_NOT_FOUND", "message": "Recurso nao encontrado"}}'),
        be.error_from_response(401, b'{"error": {"type": "invalid_token", "message": "invalid_token"}}'),
        be.error_from_response(403, b'{"error": {"type": "insufficient_scope", "message": "Escopo insuficiente"}}'),
        be.BlingRateLimited("Limite de requisicoes atingido", status=429, retry_after=1.0),
        be.BlingDailyLimit("Limite diario atingido", status=429),
        be.OutcomeUnknown("Erro do servidor após o envio", status=502),
        be.ReconnectionNeeded("invalid_grant", description="Invalid refresh token"),
        be.NotConnected("Bling não conectado"),
        be.KeyringUnavailable("No recommended backend was available."),
        be.OAuthError("Resposta inesperada do endpoint de token", description="Expecting value: line 1 column 1 (char 0)"),
    ]


def test_the_app_s_own_strings_carry_no_exception_notation() -> None:
    sources = [node.text or "" for node in ET.parse(ROOT / "resources/translations/pdv_bling_pt_BR.ts").iter("source")]
    assert len(sources) > 400
    assert [s for s in sources if RAW.search(s)] == []


@pytest.mark.parametrize("module", TABLE_MODULES)
def test_the_core_s_message_tables_and_fixes_carry_no_exception_notation(module: str) -> None:
    import importlib

    loaded = importlib.import_module(module)
    texts = [s for name, value in vars(loaded).items() if name.isupper() for s in _strings(value)]
    assert texts, module
    assert [t for t in texts if RAW.search(t)] == []


def test_error_text_speaks_words_for_every_exception_class(qtbot: QtBot) -> None:
    others: list[BaseException] = [DrainerBusy("/x/drainer.lock"), StoreProblem("locked", Path("pdv.sqlite3"), {"seconds": 10}),
                                   DomainError("payment_unmapped", "pagamentos[0]", {"method": "PIX"}),
                                   KeyError("x"), ValueError("invalid literal for int() with base 10: 'a'"),
                                   RuntimeError("boom"), OSError(28, "No space left on device"), ZeroDivisionError()]
    for exc in [*bling_errors(), *others]:
        text = words.error_text(exc)
        assert text and not RAW.search(text), (type(exc).__name__, text)
        assert type(exc).__name__ not in text


class _Failing:
    """Handlers whose every call raises the error under test (the drainer classifies it)."""

    def __init__(self, error: BaseException) -> None:
        self.error = error

    def run(self, item: OutboxItem, *, recovering: bool) -> object:
        raise self.error


def _rendered(qtbot: QtBot, hub: Hub) -> list[str]:
    queue = OutboxWindow(hub)
    logs = LogsTab(hub)
    for widget in (queue, logs):
        qtbot.addWidget(widget)
        widget.show()
    queue.technical.setChecked(True)
    logs.technical.setChecked(True)
    wait_idle(qtbot, hub)
    qtbot.waitUntil(lambda: queue.model.settled and logs.model.settled and bool(queue.model.rows))
    shown: list[str] = []
    for view, details in ((queue, queue.details), (logs, logs.details)):
        model = view.model
        for row in range(model.rowCount()):
            shown += [model.item(row, c).text() for c in range(model.columnCount())]
            shown.append(model.item(row, 0).toolTip())
            view.table.selectRow(row)
            shown.append(details.toPlainText())
    queue.close()
    logs.close()
    return shown


def test_the_queue_and_the_logs_render_every_error_class_in_words(qtbot: QtBot, hub: Hub) -> None:
    log = ApiLog(hub.ctx.store)
    for error in [*bling_errors(), KeyError("missing 'Atendido'")]:
        sale = sell(hub.ctx.store)
        with hub.ctx.store.read() as session:
            item_id = session.scalars(select(OutboxItem.id).where(OutboxItem.sale_id == sale.sale_id)
                                      .order_by(OutboxItem.id)).first()
        assert item_id is not None
        drainer = Drainer(hub.ctx.store, _Failing(error), api_log=log)  # type: ignore[arg-type]
        drainer.deliver(item_id, DrainReport())
        if isinstance(error, be.BlingError):
            with activity(sale_number=sale.number, kind=outbox.SALE_CREATE):
                log(Exchange("POST", "/pedidos/vendas", error.status, False, 5.0, error, "POST /pedidos/vendas body=600B"))
    with hub.ctx.store.read() as session:
        kept = [t for item in session.scalars(select(OutboxItem)) for t in (item.last_error or "", item.suggested_fix or "")]
    assert any("[Errno" in t or "Connection refused" in t for t in kept) is False  # words are kept, not OS notation
    shown = _rendered(qtbot, hub)
    assert len(shown) > 40
    assert [t for t in shown if RAW.search(t)] == []

"""Sync words that never lie (issue 23, item 2): F5 offline says so and when the app tries again,
"Última sincronização" moves only when Bling was reached, and the Fila de envio speaks the Logs
de API's words, refreshes by itself and never shows "Enviando" beside a time already past."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.store import outbox
from pdv_bling.store.models import OutboxItem, SyncState, utcnow
from tests.e2e.helpers import Account, Terminal, open_terminal, sellable
from tests.ui.conftest import wait_idle
from tests.ui.helpers import sell
from ui.hub import Hub
from ui.main_window import MainWindow
from ui.outbox_window import OutboxWindow

RAW = re.compile(r"Error\(|Exception|Errno|\w+Error\b")


@pytest.fixture(autouse=True)
def fast_client(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PDV_BLING_RATE_PER_SECOND", "500")


@pytest.fixture
def account(tmp_path: Path) -> Iterator[Account]:
    acc = Account(tmp_path)
    yield acc
    acc.server.stop()


@pytest.fixture
def terminal(tmp_path: Path, account: Account) -> Iterator[Terminal]:
    t = open_terminal(tmp_path / "caixa", account.server)
    yield t
    t.close()


@pytest.fixture
def live_hub(qtbot: QtBot, terminal: Terminal) -> Iterator[Hub]:
    """The real sync service (not started: nothing sends behind the test's back)."""
    hub = Hub(terminal.ctx, terminal.service, terminal.service.bus)
    yield hub
    hub.shutdown()
    qtbot.wait(10)


def _sale(terminal: Terminal) -> int:
    product = sellable(terminal.ctx, 1)[0]
    draft = SaleDraft(items=(ItemDraft(barcode=product.barcode),), payments=(PaymentDraft("PIX", product.price_cents),))
    return record_sale(terminal.ctx.store, draft).sale_id


def _customers_synced(terminal: Terminal) -> dt.datetime | None:
    with terminal.ctx.store.read() as session:
        state = session.get(SyncState, "clientes")
        return state.last_success_at if state is not None else None


def test_customers_date_moves_only_when_bling_answered(terminal: Terminal, account: Account) -> None:
    from pdv_bling.bling.errors import BlingTransportError

    account.down()
    with pytest.raises(BlingTransportError):
        terminal.service.pull_now(["clientes"])  # nothing to send, and Bling out of reach
    assert _customers_synced(terminal) is None
    account.up()
    terminal.service.pull_now(["clientes"])
    assert _customers_synced(terminal) is not None  # nothing to send, and Bling answered


def test_f5_offline_says_nothing_was_lost_and_when_it_tries_again(qtbot: QtBot, live_hub: Hub, terminal: Terminal,
                                                                  account: Account) -> None:
    _sale(terminal)
    window = MainWindow(live_hub)
    qtbot.addWidget(window)
    window.show()
    live_hub.refresh()
    wait_idle(qtbot, live_hub)
    before = window.status.last_sync.text()
    account.down()
    window.sync_now()
    qtbot.waitUntil(lambda: window.actions_by_name["sync"].isEnabled(), timeout=30_000)
    message = window.status.currentMessage()
    assert re.match(r"Sem conexão com o Bling — nada foi perdido; tentaremos de novo às \d\d:\d\d\.", message), message
    assert "1 venda pendente" in message
    assert _customers_synced(terminal) is None
    qtbot.waitUntil(lambda: not live_hub._coalesce.isActive())
    wait_idle(qtbot, live_hub)
    assert window.status.last_sync.text() == before  # "Última sincronização" did not move
    window.quitting = True


def _open_queue(qtbot: QtBot, hub: Hub) -> OutboxWindow:
    dialog = OutboxWindow(hub)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, hub)
    return dialog


def _texts(dialog: OutboxWindow) -> list[str]:
    return [dialog.model.item(r, c).text() for r in range(dialog.model.rowCount()) for c in range(6)]


def test_the_queue_says_offline_in_words_and_refreshes_by_itself(qtbot: QtBot, live_hub: Hub, terminal: Terminal,
                                                                account: Account) -> None:
    _sale(terminal)
    dialog = _open_queue(qtbot, live_hub)
    qtbot.waitUntil(lambda: bool(dialog.model.rows))
    account.down()
    terminal.service.drain_now()  # the sender meets no network: nobody asks the window to reload
    qtbot.waitUntil(lambda: any("Não foi possível conectar ao Bling" in t for t in _texts(dialog)), timeout=10_000)
    assert not any(RAW.search(t) for t in _texts(dialog)), _texts(dialog)
    dialog.table.selectRow(0)
    dialog.technical.setChecked(True)
    details = dialog.details.toPlainText()
    assert "Nada foi perdido" in details and not RAW.search(details), details


def test_the_queue_gives_the_5xx_check_not_just_bling_s_sentence(qtbot: QtBot, live_hub: Hub, terminal: Terminal,
                                                                account: Account) -> None:
    _sale(terminal)
    account.server.set_faults(p500=1.0, seed=1)
    terminal.service.drain_now()
    dialog = _open_queue(qtbot, live_hub)
    qtbot.waitUntil(lambda: bool(dialog.model.rows))
    problem = dialog.model.item(0, 5).text()
    assert "O Bling respondeu com erro interno (HTTP 5" in problem, problem
    dialog.table.selectRow(0)
    assert "Os envios são repetidos sozinhos" in dialog.details.toPlainText()
    assert not any(RAW.search(t) for t in _texts(dialog))


def test_an_item_left_in_flight_is_never_sending_beside_a_past_time(qtbot: QtBot, hub: Hub) -> None:
    sale = sell(hub.ctx.store)
    with hub.ctx.store.transaction() as session:  # an answer was lost 10 minutes ago; its retry is due
        item = session.scalars(select(OutboxItem).where(OutboxItem.sale_id == sale.sale_id).order_by(OutboxItem.id)).first()
        assert item is not None
        item.state, item.attempts, item.error_code = outbox.IN_FLIGHT, 1, "outcome_unknown"
        item.attempt_started_at = utcnow() - dt.timedelta(minutes=10)
        item.next_attempt_at = utcnow() - dt.timedelta(minutes=9)
    dialog = _open_queue(qtbot, hub)
    qtbot.waitUntil(lambda: bool(dialog.model.rows))
    state, next_attempt = dialog.model.item(0, 2).text(), dialog.model.item(0, 4).text()
    assert state == "A conferir no Bling" and next_attempt == "agora"
    assert "resposta do Bling se perdeu" in dialog.model.item(0, 5).text()


def test_a_step_behind_its_sale_s_earlier_one_never_says_now(qtbot: QtBot, hub: Hub) -> None:
    sale = sell(hub.ctx.store)
    with hub.ctx.store.transaction() as session:  # the sale's create waits for its retry in 40 s
        first = session.scalars(select(OutboxItem).where(OutboxItem.sale_id == sale.sale_id).order_by(OutboxItem.id)).first()
        assert first is not None
        first.attempts, first.error_code = 2, "transport"
        first.next_attempt_at = utcnow() + dt.timedelta(seconds=40)
    dialog = _open_queue(qtbot, hub)
    qtbot.waitUntil(lambda: len(dialog.model.rows) >= 2)
    shown = [dialog.model.item(r, 4).text() for r in range(dialog.model.rowCount())]
    assert re.match(r"\d\d/\d\d/\d\d, \d\d:\d\d", shown[0]), shown
    assert shown[1:] == ["após o item anterior da venda"] * (len(shown) - 1)

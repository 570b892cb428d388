"""Words and clipping at the counter (issue 23, items 5 and 7): nothing cut at 1024x600, "Salvar PDF"
in Portuguese opening in Documentos, the account's name, pt_BR dates, the Logs de API's models in
words and never grouped under the wrong one, the operator's vendedor chosen by default."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QStyleOptionViewItem, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from pdv_bling.account_check import CheckReport
from pdv_bling.account_check.model import save_last
from pdv_bling.bling.http import BlingHttp, Exchange
from pdv_bling.counter.returns import record_exchange
from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.exchange import ExchangeDraft
from pdv_bling.domain.sale import AddressDraft, CustomerDraft, ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.store.models import BlingVendedor, Sale, Seller
from pdv_bling.sync.apilog import ApiLog
from pdv_bling.sync.apiwords import activity
from tests.ui.conftest import wait_idle
from tests.ui.helpers import sell
from ui import i18n, startup
from ui.auth_tab import AuthTab
from ui.hub import Hub
from ui.logs_tab import LogsTab
from ui.main_window import MainWindow
from ui.new_sale import NewSaleDialog
from ui.service import CONNECTED

SMALL = (1024 - 16, 600 - 40)


def whole(label: QLabel) -> bool:
    """The label's text fits its box: on one line, or wrapped in as many lines as it needs."""
    text, box = label.text(), label.contentsRect()
    metrics = label.fontMetrics()
    if not label.wordWrap():
        return metrics.horizontalAdvance(text) <= box.width()
    needed = metrics.boundingRect(QRect(0, 0, box.width(), 10_000), Qt.TextFlag.TextWordWrap, text)
    return needed.height() <= box.height() and needed.width() <= box.width()


@pytest.fixture
def translated(qapp: QApplication) -> Iterator[None]:
    """The app's translators (Qt's own pt_BR for the standard dialogs), as `ui.app.run` installs them."""
    loaded = i18n.install(qapp)
    yield
    for translator in loaded:
        qapp.removeTranslator(translator)


def test_the_sale_recorded_page_is_whole_at_1024x600(qtbot: QtBot, hub: Hub) -> None:
    dialog = NewSaleDialog(hub)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.resize(*SMALL)
    wait_idle(qtbot, hub)
    dialog._recorded(sell(hub.ctx.store))
    QApplication.processEvents()
    page = dialog.stack.currentWidget()
    labels = [w for w in page.findChildren(QLabel) if w.isVisible() and w.text()]
    assert any(w.text().startswith("A venda foi guardada") for w in labels)
    assert [w.text() for w in labels if not whole(w)] == []
    wait_idle(qtbot, hub)


def test_an_exchange_s_kind_is_whole_in_recent_sales_after_start(qtbot: QtBot, hub: Hub) -> None:
    first = record_sale(hub.ctx.store, SaleDraft(
        items=(ItemDraft(sku="SKU-1", quantity=2),), payments=(PaymentDraft("Dinheiro", 5000),),
        customer=CustomerDraft(document="529.982.247-25", name="Maria Souza", address=AddressDraft(
            street="Rua A", number="1", district="Centro", city="Campinas", uf="SP", cep="13010-100"))))
    window = MainWindow(hub)
    qtbot.addWidget(window)
    window.show()
    window.resize(*SMALL)
    window.sales.reload()  # the columns are fitted at start, to plain sales only
    wait_idle(qtbot, hub)
    qtbot.waitUntil(lambda: bool(window.sales.model.rows))
    with hub.ctx.store.read() as session:
        item_id = session.get(Sale, first.sale_id).items[0].id  # type: ignore[union-attr]
    exchange = record_exchange(hub.ctx.store, ExchangeDraft(original_sale_id=first.sale_id, returned={item_id: 1},
                                                            new_items=(ItemDraft(sku="SKU-2", quantity=3),),
                                                            payments=(PaymentDraft("Dinheiro", 10_000),)))
    assert exchange.new_sale is not None
    with hub.ctx.store.read() as session:
        new_item = session.get(Sale, exchange.new_sale.sale_id).items[0].id  # type: ignore[union-attr]
    record_exchange(hub.ctx.store, ExchangeDraft(original_sale_id=exchange.new_sale.sale_id, returned={new_item: 1},
                                                 new_items=(ItemDraft(sku="SKU-3"),), payments=(PaymentDraft("Dinheiro", 5000),)))
    window.sales.reload()
    wait_idle(qtbot, hub)
    view, model = window.sales.table, window.sales.model
    qtbot.waitUntil(lambda: len(model.rows) == 3, timeout=10_000), [(r.number, r.kind, r.status) for r in model.rows]
    option = QStyleOptionViewItem()
    option.font = view.font()
    for row in range(model.rowCount()):
        index = model.index(row, 2)
        needed = view.itemDelegate().sizeHint(option, index).width()
        assert needed <= view.columnWidth(2), f"{index.data()!r} needs {needed} px, the column has {view.columnWidth(2)}"
    assert any(str(index).startswith("Troca (da venda") for index in
               (model.index(r, 2).data() for r in range(model.rowCount())))
    window.quitting = True


def test_the_start_up_screen_s_demo_note_is_whole(qtbot: QtBot) -> None:
    screen = startup.StartupScreen(demo=True)
    qtbot.addWidget(screen)
    screen.show()
    QApplication.processEvents()
    labels = [w for w in screen.findChildren(QLabel) if w.isVisible() and w.text()]
    assert any("Modo demonstração" in w.text() for w in labels)
    assert [w.text() for w in labels if not whole(w)] == []


def test_salvar_pdf_is_in_portuguese_and_opens_in_documentos(qtbot: QtBot, hub: Hub, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch, translated: None) -> None:
    from ui import slip_print

    documents = tmp_path / "casa" / "Documents"
    documents.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(tmp_path / "casa"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "casa" / ".config"))
    sale = sell(hub.ctx.store)
    seen: dict[str, object] = {}

    def look() -> None:
        dialog = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible()), None)
        if dialog is None:
            QTimer.singleShot(50, look)
            return
        seen["native"] = not dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
        seen["folder"] = Path(dialog.directory().absolutePath())
        seen["texts"] = [w.text() for w in dialog.findChildren(QLabel)] + [b.text() for b in dialog.findChildren(
            QWidget) if hasattr(b, "text") and callable(b.text) and type(b).__name__ == "QPushButton"]
        dialog.reject()

    QTimer.singleShot(50, look)
    assert slip_print.choose_pdf_path(None, f"comprovante-de-venda-{sale.number}.pdf") is None
    assert seen["native"] is False  # Qt's own dialog: the same Portuguese on every system
    assert seen["folder"] == documents
    texts = " ".join(str(t) for t in seen["texts"])  # type: ignore[union-attr]
    assert "Nome do arquivo" in texts and "Salvar" in texts, texts


def test_autenticacao_names_the_account_known_from_the_last_check(qtbot: QtBot, hub: Hub) -> None:
    now = dt.datetime.now(dt.UTC)
    with hub.ctx.store.transaction() as session:
        save_last(session, CheckReport((), 11, now, now, company="Loja Modelo Ltda"))
    hub.refresh_connection()  # as at start-up: connected, the name not told in this session
    wait_idle(qtbot, hub)
    assert hub.connection == CONNECTED
    tab = AuthTab(hub)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: "Loja Modelo Ltda" in tab.status.text())
    assert "nome não informado" not in tab.status.text()


def test_verificar_conta_dates_the_stock_check_in_pt_br(hub: Hub) -> None:
    from pdv_bling.account_check.checks_store import check_stock
    from pdv_bling.account_check.local import load_local
    from pdv_bling.sync.stock_check import StockCheck, save_stock_check

    with hub.ctx.store.transaction() as session:
        save_stock_check(session, StockCheck(status="ok", checked_at=dt.datetime(2026, 3, 4, 15, 7, tzinfo=dt.UTC),
                                             quantidade=1, before=10, after=9))
    with hub.ctx.store.read() as session:
        [result] = check_stock(load_local(session))
    assert result.status == "ok"
    assert not re.search(r"\d{4}-\d\d-\d\d|T\d\d:\d\d", result.explanation), result.explanation
    assert re.search(r"\b04/03/2026 \d\d:07\b", result.explanation), result.explanation


def test_logs_de_api_keep_sale_failures_apart_and_name_models_in_words(qtbot: QtBot, hub: Hub) -> None:
    log = ApiLog(hub.ctx.store)
    offline = BlingHttp._transport_error(httpx.ConnectError("[Errno 111] Connection refused"), "GET")
    sending = BlingHttp._transport_error(httpx.ConnectError("[Errno 111] Connection refused"), "POST")
    log(Exchange("GET", "/produtos", None, False, 3.0, offline, "GET /produtos?pagina=1"))
    for number in (5, 6):
        with activity(sale_number=number, kind="sale_create"):
            log(Exchange("POST", "/pedidos/vendas", None, False, 3.0, sending, "POST /pedidos/vendas body=800B"))
    log(Exchange("GET", "/produtos", None, False, 3.0, offline, "GET /produtos?pagina=1"))
    tab = LogsTab(hub)
    qtbot.addWidget(tab)
    tab.show()
    wait_idle(qtbot, hub)
    rows = {(r.model, r.action): r.count for r in tab.model.rows}
    assert rows[("produtos", "Sincronizar produtos")] == 2  # the product pulls only
    sales = {k: v for k, v in rows.items() if k[0] == "pedidos_vendas"}
    assert sum(sales.values()) == 2 and all("produtos" not in action.lower() for _m, action in sales)
    shown = {tab.model.index(r, 2).data() for r in range(tab.model.rowCount())}
    filters = {tab.model_filter.itemText(i) for i in range(tab.model_filter.count())}
    assert not any("_" in text for text in shown | filters), (shown, filters)
    assert "Pedidos de venda" in shown and "Pedidos de venda" in filters


def test_nova_venda_starts_with_the_operator_linked_to_a_bling_vendedor(qtbot: QtBot, hub: Hub) -> None:
    with hub.ctx.store.transaction() as session:
        session.add(BlingVendedor(bling_id=501, nome="Ana Vendedora", situacao="A"))
        for seller in session.scalars(select(Seller)):
            seller.active = False  # the seeded operators aside
        session.add(Seller(name="Carla", bling_vendedor_id=501))
        session.add(Seller(name="Duda"))  # not linked: sales with her go without a vendedor
    dialog = NewSaleDialog(hub)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, hub)
    qtbot.waitUntil(lambda: dialog.seller.count() > 1)
    assert dialog.seller.currentText() == "Carla"
    record_sale(hub.ctx.store, SaleDraft(items=(ItemDraft(sku="SKU-1"),), payments=(PaymentDraft("Dinheiro", 10_000),),
                                         seller=_seller_id(hub, "Duda")))
    again = NewSaleDialog(hub)  # the next sale at this caixa: the vendedor of the last one
    qtbot.addWidget(again)
    again.show()
    wait_idle(qtbot, hub)
    qtbot.waitUntil(lambda: again.seller.count() > 1)
    assert again.seller.currentText() == "Duda"


def _seller_id(hub: Hub, name: str) -> int:
    with hub.ctx.store.read() as session:
        found = session.scalars(select(Seller.id).where(Seller.name == name)).first()
    assert found is not None
    return found

"""Open each screen with demo data under Qt's offscreen platform and save a PNG of it in
docs/screenshots/ (shown in the README), plus a picture of each slip (sale, exchange, store
credit, the DANFE NFC-e) as the thermal printer prints it, on a 1366x768 screen; a child run (the offscreen
screen's size is fixed at start) takes Nova venda with an error, the troca/devolução wizard, Configurações and
the fechamento do caixa (tools/screenshots_turno.py) on a 1024x600 counter screen.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py [--out docs/screenshots]
    .venv/bin/python tools/screenshots.py --screen 1024x600 --review /tmp/shots   # every screen, to look at

Data: a throwaway data folder filled as a product pull and a day of sales would leave it (some
sales delivered, some pending, one parked, an API log with errors). The sync service is
replaced by a stand-in that only answers "connected", so no network is used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path


def _screen_size(argv: list[str]) -> tuple[int, int]:
    if "--screen" in argv and argv.index("--screen") + 1 < len(argv):
        width, height = argv[argv.index("--screen") + 1].lower().split("x")
        return int(width), int(height)
    return 1366, 768


def _offscreen_screen(width: int, height: int) -> None:
    """Qt's offscreen platform with one screen of this size (its JSON configuration file)."""
    config = Path(tempfile.gettempdir()) / f"pdv-bling-screen-{width}x{height}.json"
    screen = {"name": f"{width}x{height}", "x": 0, "y": 0, "width": width, "height": height,
              "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"screens": [screen]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


if not os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen:configfile"):
    _offscreen_screen(*_screen_size(sys.argv))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from sqlalchemy import select  # noqa: E402

from pdv_bling.account_check import CheckReport  # noqa: E402
from pdv_bling.base.events import EventBus, SyncProgress  # noqa: E402
from pdv_bling.bling.errors import error_from_response  # noqa: E402
from pdv_bling.bling.http import BlingHttp, Exchange  # noqa: E402
from pdv_bling.counter.returns import record_exchange  # noqa: E402
from pdv_bling.counter.sales import record_sale  # noqa: E402
from pdv_bling.domain.exchange import ExchangeDraft  # noqa: E402
from pdv_bling.domain.sale import AddressDraft, CustomerDraft, ItemDraft, PaymentDraft, SaleDraft  # noqa: E402
from pdv_bling.slips.build import credit_slip, exchange_slip, sale_slip  # noqa: E402
from pdv_bling.store import outbox  # noqa: E402
from pdv_bling.store.context import AppContext  # noqa: E402
from pdv_bling.store.models import (  # noqa: E402
    BlingDeposito,
    BlingFormaPagamento,
    OutboxItem,
    PaymentMethod,
    Product,
    Sale,
    Seller,
    SyncState,
    utcnow,
)
from pdv_bling.sync.apilog import ApiLog  # noqa: E402
from pdv_bling.sync.apiwords import activity  # noqa: E402
from pdv_bling.sync.fixes import SEM_CONEXAO  # noqa: E402
from tools import screenshots_check, screenshots_danfe, screenshots_store, screenshots_turno  # noqa: E402
from ui import guards, i18n, screen  # noqa: E402
from ui.exchange_items import ItemsPage  # noqa: E402
from ui.exchange_pages import FindSalePage  # noqa: E402
from ui.exchange_wizard import ExchangeWizard  # noqa: E402
from ui.hub import Hub  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.new_sale import NewSaleDialog  # noqa: E402
from ui.slip_render import slip_image  # noqa: E402

CATALOGUE = [
    ("7891000100103", "CAM-001-P", "Camiseta básica algodão P", 4990),
    ("7891000100110", "CAM-001-M", "Camiseta básica algodão M", 4990),
    ("7891000100127", "CALCA-JEANS-40", "Calça jeans reta 40", 15990),
    ("7891000100134", "MEIA-KIT3", "Kit 3 pares de meias", 2990),
    ("7891000100141", "BONE-ABA", "Boné aba curva", 5990),
]


CUSTOMER = CustomerDraft(
    document="529.982.247-25", name="Maria Oliveira", email="maria@example.com",
    address=AddressDraft(street="Rua das Flores", number="120", district="Centro", city="Campinas", uf="SP",
                         cep="13010-100"),
)


class ConnectedStandIn:
    """The screens as a connected store sees them; nothing is sent while the pictures are taken."""

    def start(self) -> None: ...
    def stop(self) -> None: ...
    def nudge(self) -> None: ...

    def customer_at_counter(self, state: str) -> None: ...
    def drain_now(self) -> None: ...
    def pull_now(self, models: list[str] | None = None) -> None: ...
    def disconnect(self) -> None: ...

    def connect_interactive(self, open_browser: object) -> str | None:
        return None

    def connection_state(self) -> str:
        return "connected"

    def check_account(self) -> CheckReport:
        raise NotImplementedError("the pictures never run Verificar conta")


def seed(ctx: AppContext) -> None:
    now = utcnow()
    with ctx.store.transaction() as session:
        for i, (barcode, sku, name, price) in enumerate(CATALOGUE, start=1):
            session.add(Product(bling_id=16_000_000_000 + i, sku=sku, gtin=barcode, barcode=barcode, name=name, price_cents=price))
        session.add(Seller(name="Ana Souza", bling_vendedor_id=501))
        for bling_id, name in ((7001, "Dinheiro"), (7002, "Cartão de crédito"), (7003, "Cartão de débito"), (7004, "PIX"), (7005, "Boleto")):
            session.add(BlingFormaPagamento(bling_id=bling_id, descricao=name, situacao=1))
        session.add(BlingDeposito(bling_id=8001, descricao="Loja Centro", situacao=1, padrao=True))
        mapping = {"Dinheiro": 7001, "Cartão de Crédito": 7002, "Cartão de Débito": 7003, "PIX": 7004, "Boleto": 7005}
        for method in session.scalars(select(PaymentMethod)):
            method.bling_forma_pagamento_id = mapping.get(method.name)
        for minutes, model in ((95, "categorias"), (94, "produtos"), (93, "vendedores"), (93, "formas_pagamento"), (92, "depositos")):
            session.add(SyncState(model=model, last_success_at=now - dt.timedelta(minutes=minutes)))
    api_log(ctx)
    sales = [
        ((("7891000100103", 2),), "Dinheiro", 10000),
        ((("7891000100127", 1), ("7891000100134", 1)), "PIX", 18980),
        ((("7891000100141", 1),), "Vale Presente", 5990),
        ((("7891000100110", 1),), "Cartão de Crédito", 4990),
    ]
    for lines, method_name, paid in sales:
        draft = SaleDraft(
            items=tuple(ItemDraft(barcode=b, quantity=q) for b, q in lines),
            payments=(PaymentDraft(method_name, paid),),
            seller="Ana Souza",
        )
        record_sale(ctx.store, draft)
    record_sale(ctx.store, SaleDraft(  # sale 5: a known customer, for the exchange pictures
        items=(ItemDraft(barcode="7891000100103", quantity=2), ItemDraft(barcode="7891000100127", quantity=1)),
        payments=(PaymentDraft("Dinheiro", 30000),), seller="Ana Souza", customer=CUSTOMER))
    with ctx.store.transaction() as session:
        queued = session.scalars(select(OutboxItem).order_by(OutboxItem.id)).all()
        for item in queued:
            if item.sale_id in (1, 2):
                item.state, item.done_at = outbox.DONE, now
        parked = next(i for i in queued if i.sale_id == 3)
        parked.state, parked.attempts = outbox.PARKED, 3
        parked.last_error = "Bling respondeu 400: forma de pagamento não informada"
        parked.suggested_fix = "Relacione 'Vale Presente' a uma forma de pagamento do Bling em Integração Bling > Métodos de Pagamento."
        waiting = next(i for i in queued if i.sale_id == 4)  # as the sender leaves it when the internet is gone
        waiting.attempts, waiting.error_code = 3, "transport"
        waiting.last_error = "não foi possível conectar (conexão recusada)"
        waiting.suggested_fix = SEM_CONEXAO.check
        waiting.next_attempt_at = now + dt.timedelta(seconds=40)


def api_log(ctx: AppContext) -> None:
    """The Logs de API as the client's observer writes them: sales created, a refusal with its
    check, then the internet gone for a while (the sales' sends and the product pull each on
    their own row, with a count)."""
    log = ApiLog(ctx.store)
    ok = partial(Exchange, status=201, ok=True, duration_ms=180.0, error=None)
    for number in (1, 2):
        with activity(sale_number=number, kind="sale_create"):
            log(ok("POST", "/pedidos/vendas", request_summary="POST /pedidos/vendas body=812B"))
    refused = error_from_response(400, json.dumps({"error": {
        "type": "VALIDATION_ERROR", "message": "Não foi possível salvar a venda", "fields": [
            {"code": 49, "msg": "Id da forma de pagamento inválido.", "element": "formaPagamento"}]}}).encode())
    with activity(sale_number=3, kind="sale_create"):
        log(Exchange("POST", "/pedidos/vendas", 400, False, 210.0, refused, "POST /pedidos/vendas body=790B"))
    offline = BlingHttp._transport_error(httpx.ConnectError("[Errno 111] Connection refused"), "POST")
    for _ in range(3):
        with activity(sale_number=4, kind="sale_create"):
            log(Exchange("POST", "/pedidos/vendas", None, False, 3.0, offline, "POST /pedidos/vendas body=801B"))
        log(Exchange("GET", "/produtos", None, False, 3.0, offline, "GET /produtos?pagina=1&limite=100"))


def settle(app: QApplication, hub: Hub) -> None:
    for _ in range(200):
        app.processEvents()
        if not hub.runner.busy:
            break
        hub.runner.wait(50)
    app.processEvents()


def save(app: QApplication, hub: Hub, widget: QWidget, path: Path) -> None:
    settle(app, hub)
    widget.repaint()
    app.processEvents()
    widget.grab().save(str(path))
    print(path)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "docs" / "screenshots"))
    parser.add_argument("--screen", default="1366x768", help="offscreen screen size, WxH")
    parser.add_argument("--small-only", action="store_true", help="only the small-screen pictures (child run)")
    parser.add_argument("--review", metavar="DIR", help="every screen at --screen size into DIR, to look at")
    parser.add_argument("--store-only", action="store_true", help="only the store-mode (several caixas) pictures")
    args = parser.parse_args()
    out = Path(args.review or args.out)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    translators = i18n.install(app)
    guards.ask = lambda *_args: True  # closing a screen with a sale typed: yes, discard it
    if args.store_only:
        screenshots_store.shots(app, save, out)
        del translators
        return 0
    with tempfile.TemporaryDirectory() as home:
        ctx = AppContext.open(home, log=False)
        seed(ctx)
        hub = Hub(ctx, ConnectedStandIn(), EventBus(), demo=True)
        hub.company_name = "Loja Exemplo Modas Ltda"
        window = MainWindow(hub)
        window.show()
        hub.refresh()
        hub.refresh_connection()
        window.sales.reload()
        settle(app, hub)
        hub._on_connectivity(True, None)
        if args.review:
            shots = regular_shots(app, hub, window) + small_shots(app, hub, window, suffix="-small", review=True)
        elif args.small_only:
            shots = small_shots(app, hub, window, suffix=f"-{args.screen}")
        else:
            shots = regular_shots(app, hub, window)
        for filename, make in shots:
            widget = make()
            save(app, hub, widget, out / filename)
            if widget is not window:
                widget.close()
        broken, healthy = screenshots_check.real_reports()
        screenshots_check.check_tab(app, hub, window, broken, save, out)
        screenshots_check.guide(app, healthy, save, out)
        if not args.review and not args.small_only:
            save_slips(ctx, out)
        window.quitting = True
        window.close()
        hub.shutdown()
        ctx.close()
    screenshots_store.shots(app, save, out)  # a caixa of a store (needs PostgreSQL's server binaries)
    del translators
    if not args.review and not args.small_only:  # the same pictures on a 1024x600 counter screen
        env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
        subprocess.run([sys.executable, __file__, "--out", str(out), "--screen", "1024x600", "--small-only"],
                       check=True, env=env)
    return 0


Shot = tuple[str, Callable[[], QWidget]]


def regular_shots(app: QApplication, hub: Hub, window: MainWindow) -> list[Shot]:
    window.resize(1180, 640)
    shots: list[Shot] = [("main-window.png", lambda: window)]
    shots += [("nova-venda.png", lambda: new_sale(app, hub, window)), ("cupom.png", lambda: coupon(app, hub, window))]
    for index, name in enumerate(("integracao-autenticacao", "integracao-metodos-pagamento", "integracao-sincronizar", "integracao-logs")):
        shots.append((f"{name}.png", partial(integration, app, hub, window, index)))
    shots += [("fila-de-envio.png", lambda: outbox_window(app, hub, window)), ("configuracoes.png", window.open_settings)]
    return shots


def small_shots(app: QApplication, hub: Hub, window: MainWindow, *, suffix: str, review: bool = False) -> list[Shot]:
    shots: list[Shot] = [
        (f"nova-venda-erro{suffix}.png", lambda: new_sale_with_error(app, hub, window)),
        (f"troca-itens{suffix}.png", lambda: wizard_items(app, hub, window)),
        (f"configuracoes{suffix}.png", window.open_settings),
        *screenshots_turno.shots(app, hub, window, suffix, settle),
    ]
    if review:  # the other windows too, to look at (not in the README)
        shots += [(f"principal{suffix}.png", lambda: fitted(window)),
                  (f"fila-de-envio{suffix}.png", lambda: outbox_window(app, hub, window)),
                  (f"integracao{suffix}.png", lambda: integration(app, hub, window, 1))]
    return shots


def new_sale(app: QApplication, hub: Hub, window: MainWindow) -> QWidget:
    dialog = window.open_new_sale()
    assert isinstance(dialog, NewSaleDialog)
    settle(app, hub)
    for expected, code in enumerate(("2*7891000100103", "CALCA-JEANS-40"), start=1):
        dialog.barcode.setText(code)
        dialog.add_from_barcode()
        for _ in range(500):  # the dialog resolves scans on its own single-thread runner
            app.processEvents()
            if len(dialog.lines) == expected:
                break
            dialog._lookups.wait(10)
    dialog.document.setText("529.982.247-25")
    dialog.customer_name.setText("Maria Oliveira")
    dialog.amount.setText("300,00")
    dialog.add_payment()
    return dialog


def new_sale_with_error(app: QApplication, hub: Hub, window: MainWindow) -> QWidget:
    dialog = new_sale(app, hub, window)
    assert isinstance(dialog, NewSaleDialog)
    dialog.barcode.setText("7891999999999")
    dialog.add_from_barcode()
    for _ in range(500):
        app.processEvents()
        if dialog.message.text():
            break
        dialog._lookups.wait(10)
    return dialog


def wizard_items(app: QApplication, hub: Hub, window: MainWindow) -> QWidget:
    """Troca/Devolução on its busiest page: two camisetas back, one of another size taken."""
    wizard = window.open_exchange()
    assert isinstance(wizard, ExchangeWizard)
    settle(app, hub)
    find = wizard.currentPage()
    assert isinstance(find, FindSalePage)
    find.reference.setText("5")
    wizard.next()
    app.processEvents()
    wizard.next()
    app.processEvents()
    page = wizard.currentPage()
    assert isinstance(page, ItemsPage)
    page.returned.set_quantity(0, 2)
    page.barcode.setText("CAM-001-M")
    page.add_from_barcode()
    app.processEvents()
    return wizard


def fitted(window: MainWindow) -> QWidget:
    screen.fit_to_screen(window, 1100, 680)
    return window


def save_slips(ctx: AppContext, out: Path) -> None:
    """The three slips as the 80 mm thermal printer prints them (the PDF and Qt print the same)."""
    header = ("Loja Exemplo Modas", "Rua das Flores, 120 - Centro - Campinas/SP")
    with ctx.store.read() as session:
        sale = session.scalars(select(Sale).where(Sale.number == 5)).one()
        item_id = sale.items[0].id
    result = record_exchange(ctx.store, ExchangeDraft(original_sale_id=sale.id, returned={item_id: 2},
                                                      new_items=(ItemDraft(barcode="7891000100110", quantity=1),)))
    with ctx.store.read() as session:
        customer_id = session.scalars(select(Sale.customer_id).where(Sale.id == sale.id)).one()
        assert customer_id is not None  # sale 5 has a customer (seed)
        slips = {
            "slip-venda.png": sale_slip(session, 5, header=header),
            "slip-troca.png": exchange_slip(session, result.return_id, header=header),
            "slip-vale-credito.png": credit_slip(session, customer_id, return_id=result.return_id, header=header),
        }
    for name, slip in slips.items():
        slip_image(slip, paper_mm=80).save(str(out / name))
        print(out / name)
    screenshots_danfe.save_danfe(ctx, out)  # sale 5's NFC-e, issued by the stand-in's generator


def coupon(app: QApplication, hub: Hub, window: MainWindow) -> QWidget:
    dialog = new_sale(app, hub, window)
    assert isinstance(dialog, NewSaleDialog)
    dialog.finalize()
    settle(app, hub)
    return dialog


def integration(app: QApplication, hub: Hub, window: MainWindow, tab: int) -> QWidget:
    dialog = window.open_integration(tab)
    settle(app, hub)
    if tab == 2:  # a long product pull in progress, as the sync service reports it
        hub.bridge.sync_progress.emit(SyncProgress(model="produtos", done=1240, total=2000, eta_seconds=95))
    if tab == 3:
        dialog.logs.table.selectRow(1)
    return dialog


def outbox_window(app: QApplication, hub: Hub, window: MainWindow) -> QWidget:
    dialog = window.open_outbox()
    settle(app, hub)
    dialog.table.selectRow(0)
    return dialog


if __name__ == "__main__":
    raise SystemExit(main())

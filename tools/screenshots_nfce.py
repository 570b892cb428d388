"""The README's picture of NFC-e through Bling at the counter: the main window of a store that
issues its NFC-e through Bling, Últimas vendas' NFC-e column with a note authorized, two sales
whose notes are still pending (one past the store's wait limit, in red) and the status bar's
figure; and the sale slip that says "NFC-e PENDENTE".

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots_nfce.py [--out docs/screenshots]

The screenshots' demo data (`tools/screenshots.seed`), NFC-e set to Bling; sale 5's note is
authorized as the chain leaves it (`tools/screenshots_danfe.authorize` + the note's row), sales 6
and 7 are recorded afterwards (7 an hour and a half ago, past a 60-minute limit)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from pdv_bling.base.events import EventBus  # noqa: E402
from pdv_bling.counter.sales import record_sale  # noqa: E402
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft  # noqa: E402
from pdv_bling.store import outbox  # noqa: E402
from pdv_bling.store.context import AppContext  # noqa: E402
from pdv_bling.store.models import FiscalDocument, NfceNote, OutboxItem, Sale, utcnow  # noqa: E402
from pdv_bling.store.models import nfce as N  # noqa: E402
from pdv_bling.store.settings import load_settings, save_settings  # noqa: E402


def seed_nfce(ctx: AppContext) -> None:
    from tools.screenshots_danfe import authorize

    with ctx.store.transaction() as session:
        settings = load_settings(session)
        save_settings(session, settings.__class__(**{**settings.__dict__, "nfce_source": "bling",
                                                     "nfce_wait_limit_min": 60}), previous=settings)
    authorize(ctx, 5)
    with ctx.store.transaction() as session:
        sale = session.scalars(select(Sale).where(Sale.number == 5)).one()
        doc = session.scalars(select(FiscalDocument).where(FiscalDocument.sale_id == sale.id)).one()
        session.add(NfceNote(sale_id=sale.id, bling_id=60_000_000_005, state=N.AUTHORIZED, situacao=5,
                             numero=str(doc.number), serie=doc.series, access_key=doc.access_key,
                             authorized_at=utcnow()))
        for item in session.scalars(select(OutboxItem).where(OutboxItem.sale_id == sale.id)):
            item.state, item.done_at = outbox.DONE, utcnow()  # its order and note went through
    late = utcnow() - dt.timedelta(minutes=95)
    for when, barcode, cents in ((late, "7891000100110", 4990), (None, "7891000100141", 5990)):
        record_sale(ctx.store, SaleDraft(items=(ItemDraft(barcode=barcode, quantity=1),),
                                         payments=(PaymentDraft("PIX", cents),), seller="Ana Souza"), now=when)


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from tools.screenshots import ConnectedStandIn, save, seed
    from ui import guards, i18n
    from ui.hub import Hub
    from ui.main_window import MainWindow
    from ui.slip_render import slip_image

    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "docs" / "screenshots"))
    args = parser.parse_args()
    out = Path(args.out)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    translators = i18n.install(app)
    guards.ask = lambda *_args: True
    with tempfile.TemporaryDirectory() as home:
        ctx = AppContext.open(home, log=False)
        seed(ctx)
        seed_nfce(ctx)
        hub = Hub(ctx, ConnectedStandIn(), EventBus(), demo=True)
        hub.company_name = "Loja Exemplo Modas Ltda"
        window = MainWindow(hub)
        window.resize(1180, 640)
        window.show()
        hub.refresh()
        hub.refresh_connection()
        window.sales.reload()
        hub._on_connectivity(True, None)
        save(app, hub, window, out / "main-window-nfce-pendente.png")
        from pdv_bling.slips.build import sale_slip

        with ctx.store.read() as session:
            slip = sale_slip(session, 7)
        path = out / "slip-venda-nfce-pendente.png"
        slip_image(slip, paper_mm=80).save(str(path))
        print(path)
        window.quitting = True
        window.close()
        hub.shutdown()
        ctx.close()
    del translators
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

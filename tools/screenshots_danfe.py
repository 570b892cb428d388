"""The DANFE NFC-e picture of the README (80 mm, as the thermal printer prints it): sale 5 of the
screenshots' demo data, issued by the stand-in's NFC-e generator (homologação, QR code version 2,
the Lei 12.741 total), stored as the issuing chain stores it, printed from its XML.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots_danfe.py [--out docs/screenshots]

`tools/screenshots.py` calls `save_danfe` with the other slips."""

from __future__ import annotations

import re
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from pdv_bling.sandbox.nfce_xml import Consumer, Emitter, Item, NfceFacts, Payment, build_nfce  # noqa: E402
from pdv_bling.slips.danfe import danfe_for_sale  # noqa: E402
from pdv_bling.store.context import AppContext  # noqa: E402
from pdv_bling.store.models import FiscalDocument, Sale  # noqa: E402

TPAG = {"cash": "01", "credit_card": "03", "debit_card": "04", "pix": "17", "boleto": "15", "gift_card": "12"}
STORE = Emitter(cnpj="12345678000195", ie="244123456119", name="Loja Exemplo Modas Ltda", trade_name="Loja Exemplo",
                street="Rua das Flores", number="120", district="Centro", city="Campinas", city_code="3509502",
                uf="SP", cep="13010100")


def authorize(ctx: AppContext, number: int) -> None:
    """Sale `number`'s NFC-e, authorized and stored with it."""
    with ctx.store.transaction() as session:
        sale = session.scalars(select(Sale).where(Sale.number == number)).one()
        payments = [Payment(TPAG.get(p.method.kind, "99"), p.amount_cents) for p in sale.payments]
        if sale.change_cents:
            last = max(i for i, p in enumerate(sale.payments) if p.method.gives_change)
            payments[last] = Payment(payments[last].kind, payments[last].cents + sale.change_cents)
        consumer = Consumer(re.sub(r"\W", "", sale.customer.document), sale.customer.name) if sale.customer else None
        facts = NfceFacts(
            emitter=STORE, number=4210 + number, issued_at=sale.created_at, consumer=consumer,
            items=tuple(Item(code=i.sku or str(i.position), description=i.description, ncm="61091000", cfop="5102",
                             quantity=Decimal(i.quantity), unit_cents=i.unit_price_cents) for i in sale.items),
            payments=tuple(payments), change_cents=sale.change_cents, discount_cents=sale.discount_cents,
            tax_total_cents=sale.total_cents * 3145 // 10_000,  # an example 31,45 % of taxes
        )
        note = build_nfce(facts)
        session.add(FiscalDocument(sale_id=sale.id, kind="nfce", access_key=note.key, model="65", number=facts.number,
                                   series=facts.series, issued_at=facts.issued_at, xml=note.xml,
                                   link_danfe="https://www.bling.com.br/doc.view.php?id=demo"))


def save_danfe(ctx: AppContext, out: Path, *, number: int = 5) -> Path:
    from ui.slip_render import slip_image

    authorize(ctx, number)
    with ctx.store.read() as session:
        slip = danfe_for_sale(session, number)
    path = out / "slip-danfe-nfce.png"
    slip_image(slip, paper_mm=80).save(str(path))
    print(path)
    return path


def main() -> int:
    import argparse
    import tempfile

    from PySide6.QtWidgets import QApplication

    from tools.screenshots import seed

    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "docs" / "screenshots"))
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as home:
        ctx = AppContext.open(home, log=False)
        seed(ctx)
        save_danfe(ctx, Path(args.out))
        ctx.close()
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

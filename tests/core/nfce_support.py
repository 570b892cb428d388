"""An authorized NFC-e for a recorded sale, made by the stand-in's generator from the sale's facts
and stored where the issuing chain stores it (`fiscal_documents`: kind "nfce", the XML, the
linkDanfe), so the DANFE can be printed from it."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from pdv_bling.sandbox.nfce_xml import Consumer, Emitter, Item, NfceFacts, Note, Payment, build_nfce
from pdv_bling.store.engine import Store
from pdv_bling.store.models import FiscalDocument, Sale

TPAG = {"cash": "01", "cheque": "02", "credit_card": "03", "debit_card": "04", "store_credit": "05",
        "gift_card": "12", "boleto": "15", "pix": "17", "loyalty": "19"}
LINK = "https://www.bling.com.br/doc.view.php?id=5f1c0b2e9d7a4c3b"


def sale_facts(sale: Sale, **knobs: Any) -> NfceFacts:
    """What Bling would issue for `sale`: its items, discount, payments (cash with the change handed
    back), the customer's document; `knobs` override any field of NfceFacts."""
    items = tuple(Item(code=item.sku or str(item.position), description=item.description, ncm="61091000",
                       cfop="5102", quantity=Decimal(item.quantity), unit_cents=item.unit_price_cents)
                  for item in sale.items)
    payments = [Payment(TPAG.get(p.method.kind, "99"), p.amount_cents, "" if p.method.kind in TPAG else p.method.name)
                for p in sale.payments]
    if sale.change_cents:
        index = max(i for i, p in enumerate(sale.payments) if p.method.gives_change)
        payments[index] = Payment(payments[index].kind, payments[index].cents + sale.change_cents)
    consumer = None
    if sale.customer is not None:
        consumer = Consumer(re.sub(r"\W", "", sale.customer.document), sale.customer.name)
    values: dict[str, Any] = {"emitter": Emitter.demo(), "items": items, "payments": tuple(payments),
                              "change_cents": sale.change_cents, "discount_cents": sale.discount_cents,
                              "number": 1000 + sale.number, "issued_at": sale.created_at, "consumer": consumer}
    values.update(knobs)
    return NfceFacts(**values)


def authorize_sale(store: Store, number: int, *, link: str = LINK, **knobs: Any) -> Note:
    """The sale's note, authorized and stored with it; returns the generator's Note."""
    with store.transaction() as session:
        sale = session.query(Sale).filter(Sale.number == number).one()
        facts = sale_facts(sale, **knobs)
        note = build_nfce(facts)
        session.add(FiscalDocument(sale_id=sale.id, kind="nfce", access_key=note.key, model="65", number=facts.number,
                                   series=facts.series, issued_at=facts.issued_at, xml=note.xml, link_danfe=link))
    return note


def xml_qr_code(xml: str) -> str:
    """The XML's `qrCode`, read by a plain pattern (not the product's parser): the test's yardstick."""
    found = re.search(r"<qrCode>(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?</qrCode>", xml, re.DOTALL)
    assert found is not None
    return found.group(1)

"""The three slips, built from the local store: the sale slip (with the exchange coupon as text
and as a barcode), the exchange/return slip, and the store-credit slip with the balance. None of
them is a fiscal document: the PDV issues the NFC-e (and the devolution note), and each slip
says so. CPFs are printed masked (***.982.247-**)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pdv_bling.counter.cancellation import find_sale_by_number
from pdv_bling.counter.lookups import store_credit_balance
from pdv_bling.counter.returns import sold_lines
from pdv_bling.counter.sales import STORE_CREDIT
from pdv_bling.domain.coupon import format_coupon
from pdv_bling.domain.documents import parse_document
from pdv_bling.domain.errors import DomainError
from pdv_bling.domain.exchange import returned_value
from pdv_bling.slips.danfe import danfe_for_sale
from pdv_bling.slips.identity import store_identity
from pdv_bling.slips.layout import Barcode, Blank, Block, Pair, Rule, Slip, Text
from pdv_bling.slips.printer import PrinterConfig, load_printer
from pdv_bling.slips.words import WORDS, brl, local_time
from pdv_bling.store import outbox
from pdv_bling.store.models import (
    Customer,
    FiscalDocument,
    OutboxItem,
    ReturnItem,
    Sale,
    SaleReturn,
    StoreCreditEntry,
    utcnow,
)

W = WORDS


def sale_slip(session: Session, number: int, *, header: Sequence[str] = ()) -> Slip:
    """Raises DomainError("sale_not_found") for an unknown number."""
    sale = find_sale_by_number(session, number)
    blocks: list[Block] = [*_header(store_identity(session, header), W["sale_title"])]
    if sale.status == "cancelled":
        blocks.append(Text(W["cancelled"], "center", bold=True, big=True))
    blocks += [Pair(W["sale_number"].format(number=sale.number), local_time(sale.created_at)), Text(sale.numero_loja)]
    if sale.origin_sale_id is not None:
        origin = session.get(Sale, sale.origin_sale_id)
        blocks.append(Text(W["exchange_of"].format(number=origin.number if origin else "?")))
    if sale.seller is not None:
        blocks.append(Text(W["seller"].format(name=sale.seller.name)))
    blocks += [*_customer(sale.customer), Rule(), *_items(sale), Rule(), *_totals(sale)]
    blocks += [Rule(), *_coupon(sale.coupon), Rule(), *_fiscal(session, sale)]
    return Slip("sale", W["sale_job"].format(number=sale.number), tuple(blocks))


def exchange_slip(session: Session, return_id: int, *, header: Sequence[str] = ()) -> Slip:
    sale_return = session.get(SaleReturn, return_id)
    if sale_return is None:
        raise DomainError("sale_not_found", "troca", {"value": return_id})
    original = session.get(Sale, sale_return.original_sale_id)
    assert original is not None
    new_sale = session.get(Sale, sale_return.new_sale_id) if sale_return.new_sale_id else None
    kind = "exchange" if new_sale is not None else "return"
    title = W["exchange_title"] if new_sale is not None else W["return_title"]
    blocks: list[Block] = [*_header(store_identity(session, header), title)]
    blocks += [
        Pair(W["exchange_number"].format(number=sale_return.id), local_time(sale_return.created_at)),
        Text(W["original_sale"].format(number=original.number, date=local_time(original.created_at)[:10])),
        Text(W["original_coupon"].format(coupon=format_coupon(original.coupon))),
        *_customer(session.get(Customer, sale_return.customer_id) if sale_return.customer_id else None),
        Rule(), Text(W["returned"], bold=True), *_returned(session, sale_return, original),
        Pair(W["returned_total"], brl(sale_return.returned_cents), bold=True),
    ]
    if new_sale is not None:
        blocks += [Rule(), Text(W["new_items"].format(number=new_sale.number), bold=True), *_items(new_sale),
                   Pair(W["new_total"], brl(new_sale.total_cents), bold=True)]
    blocks += [Rule(), *_settlement(session, sale_return, new_sale)]
    if new_sale is not None:
        blocks += [Rule(), *_coupon(new_sale.coupon)]
    blocks += [Rule(), Text(W["not_fiscal"], "center", bold=True), Text(W["fiscal_return"], "center")]
    return Slip(kind, W["exchange_job"].format(number=sale_return.id), tuple(blocks))


def credit_slip(session: Session, customer_id: int, *, return_id: int | None = None,
                header: Sequence[str] = (), now: dt.datetime | None = None) -> Slip:
    """The customer's store credit as of `now`, with what one exchange granted when given."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise DomainError("customer_missing", "cliente")
    blocks: list[Block] = [*_header(store_identity(session, header), W["credit_title"]),
                           Text(W["issued_at"].format(when=local_time(now or utcnow())))]
    blocks += [*_customer(customer), Rule()]
    if return_id is not None:
        granted = session.execute(
            select(func.coalesce(func.sum(StoreCreditEntry.amount_cents), 0)).where(StoreCreditEntry.return_id == return_id)
        ).scalar_one()
        if granted:
            blocks.append(Pair(W["credit_granted"].format(number=return_id), brl(int(granted))))
    balance = store_credit_balance(session, customer.id)
    blocks += [Text(W["balance"], "center", bold=True), Text(brl(balance), "center", bold=True, big=True), Rule(),
               Text(W["credit_use"], "center"), Blank(), Text(W["not_fiscal"], "center", bold=True)]
    return Slip("credit", W["credit_job"].format(name=customer.name), tuple(blocks))


# ---------------------------------------------------------------- pieces


def _header(lines: Sequence[str], title: str) -> list[Block]:
    """The store's identity (`identity.store_identity`: name in bold, CNPJ, address), the title."""
    blocks: list[Block] = [Text(line, "center", bold=index == 0) for index, line in enumerate(lines) if line.strip()]
    return [*blocks, Text(title, "center", bold=True), Text(W["not_fiscal"], "center"), Rule()]


def masked_document(document: str) -> str:
    """ "CPF: ***.982.247-**" (a person's number stays off the paper) or "CNPJ: 12.345.678/0001-95"."""
    try:
        parsed = parse_document(document)
    except DomainError:
        return "CPF/CNPJ: ***"
    text = parsed.formatted()
    return f"CPF: ***.{text[4:11]}-**" if parsed.kind == "CPF" else f"CNPJ: {text}"


def _customer(customer: Customer | None) -> list[Block]:
    if customer is None:
        return [Text(W["no_customer"])]
    return [Text(W["customer"].format(name=customer.name)), Text(masked_document(customer.document))]


def _items(sale: Sale) -> list[Block]:
    blocks: list[Block] = []
    for item in sale.items:
        blocks.append(Text(item.description))
        unit = W["each"].format(quantity=item.quantity, unit=brl(item.unit_price_cents))
        blocks.append(Pair("  " + unit, brl(item.total_cents)))
    return blocks


def _totals(sale: Sale) -> list[Block]:
    blocks: list[Block] = []
    if sale.discount_cents:
        blocks += [Pair(W["subtotal"], brl(sale.items_total_cents)), Pair(W["discount"], "-" + brl(sale.discount_cents))]
    blocks.append(Pair(W["total"], brl(sale.total_cents), bold=True, big=True))
    blocks += [Pair(name, brl(amount)) for name, amount in _received(sale)]
    if sale.change_cents:
        blocks.append(Pair(W["change"], brl(sale.change_cents), bold=True))
    return blocks


def _received(sale: Sale, *, skip_kind: str | None = None) -> list[tuple[str, int]]:
    """Each payment as the cashier received it: a payment is kept net of the change, and the
    change came out of the last cash payment, so that one is shown with the change added back."""
    paid = [(p.method.name, p.amount_cents, p.method.gives_change, p.method.kind) for p in sale.payments]
    change = sale.change_cents
    for index in range(len(paid) - 1, -1, -1):
        if change and paid[index][2]:
            name, amount, gives, kind = paid[index]
            paid[index] = (name, amount + change, gives, kind)
            break
    return [(name, amount) for name, amount, _gives, kind in paid if kind != skip_kind]


def _coupon(coupon: str) -> list[Block]:
    return [Text(W["coupon"], "center", bold=True), Text(format_coupon(coupon), "center", bold=True, big=True),
            Barcode(coupon), Text(W["coupon_use"], "center")]


def _fiscal(session: Session, sale: Sale) -> list[Block]:
    key = session.scalars(
        select(FiscalDocument.access_key).where(FiscalDocument.sale_id == sale.id, FiscalDocument.kind.in_(("nfce", "nfe")))
    ).first()
    blocks: list[Block] = [Text(W["not_fiscal"], "center", bold=True), *_nfce_words(session, sale, bool(key))]
    if key:
        blocks += [Text(W["nfce_key"], "center"), Text(" ".join(key[i:i + 4] for i in range(0, 44, 4)), "center")]
    return blocks


def _nfce_words(session: Session, sale: Sale, has_key: bool) -> list[Block]:
    """Who issues the note: the PDV's other emitter, or Bling (pending while offline: said so)."""
    through_bling = session.scalars(select(OutboxItem.id).where(
        OutboxItem.sale_id == sale.id, OutboxItem.kind == outbox.NFCE_GENERATE)).first() is not None
    if not through_bling:
        return [Text(W["fiscal_by_pdv"], "center")]
    blocks: list[Block] = [Text(W["fiscal_by_bling"], "center")]
    if not has_key:
        blocks.append(Text(W["fiscal_pending"], "center", bold=True))
    return blocks


def _returned(session: Session, sale_return: SaleReturn, original: Sale) -> list[Block]:
    """Each returned line with its value (units valued as the exchange rules value them)."""
    sold = sold_lines(original)
    items = {i.id: i for i in original.items}
    stmt = (
        select(ReturnItem.sale_item_id, func.sum(ReturnItem.quantity))
        .join(SaleReturn, SaleReturn.id == ReturnItem.return_id)
        .where(SaleReturn.original_sale_id == original.id, SaleReturn.id < sale_return.id)
        .group_by(ReturnItem.sale_item_id)
    )
    earlier = {int(item_id): int(quantity) for item_id, quantity in session.execute(stmt)}
    blocks: list[Block] = []
    for line in sale_return.items:
        value = returned_value(sold, earlier, {line.sale_item_id: line.quantity})
        blocks += [Text(items[line.sale_item_id].description), Pair("  " + W["units"].format(quantity=line.quantity), brl(value))]
    return blocks


def _settlement(session: Session, sale_return: SaleReturn, new_sale: Sale | None) -> list[Block]:
    difference = abs((new_sale.total_cents if new_sale else 0) - sale_return.returned_cents)
    kind = sale_return.settlement
    blocks: list[Block]
    if kind == "pay" and new_sale is not None:
        blocks = [Pair(W["difference_paid"], brl(difference), bold=True)]
        blocks += [Pair("  " + name, brl(amount)) for name, amount in _received(new_sale, skip_kind=STORE_CREDIT)]
        if new_sale.change_cents:  # the cash received is shown above, with the change it gave
            blocks.append(Pair(W["change"], brl(new_sale.change_cents), bold=True))
    elif kind == "credit":
        blocks = [Pair(W["credit_granted_here"], brl(difference), bold=True)]
    elif kind == "refund":
        blocks = [Pair(W["refund"], brl(difference), bold=True), Text(W["refund_how"])]
    else:
        blocks = [Text(W["even"], bold=True)]
    if sale_return.customer_id is not None:
        balance = store_credit_balance(session, sale_return.customer_id)
        blocks.append(Pair(W["balance_now"], brl(balance)))
    return blocks



def test_slip(*, header: Sequence[str] = (), now: dt.datetime | None = None) -> Slip:
    """What "Imprimir teste" prints: the header, accents and a barcode, to check a new printer."""
    blocks: list[Block] = [*_header(header, W["test_title"]), Text(W["test_line"]), Text(local_time(now or utcnow())),
                           Text("ÁÉÍÓÚ ÂÊÔ ÃÕ Ç àéíóú âêô ãõ ç"), Pair(W["total"], brl(123456), bold=True, big=True),
                           Rule(), *_coupon("ABCDEF12")]
    return Slip("test", W["test_title"], tuple(blocks))


def for_print(session: Session, kind: str, ref: int, *, return_id: int | None = None,
              now: dt.datetime | None = None) -> tuple[Slip, PrinterConfig]:
    """The slip and this terminal's printer, read together: `kind` "sale" (ref: sale number),
    "danfe" (ref: sale number; its authorized NFC-e), "exchange" (ref: return id), "credit" (ref:
    customer id; `return_id` names the exchange that granted it), "turno_x" / "turno_z" (ref: the
    turno's number, 0 for the open one / the last closed one; a fechamento cego's X hides the
    expected amounts) or "test"."""
    config = load_printer(session)
    if kind == "danfe":
        slip = danfe_for_sale(session, ref)
    elif kind == "sale":
        slip = sale_slip(session, ref, header=config.header)
    elif kind == "exchange":
        slip = exchange_slip(session, ref, header=config.header)
    elif kind == "credit":
        slip = credit_slip(session, ref, return_id=return_id, header=config.header, now=now)
    elif kind in ("turno_x", "turno_z"):  # ref: the turno's number, 0 for the open one (X) or the last closed (Z)
        from pdv_bling.slips.turno_report import x_report, z_report

        slip = (x_report if kind == "turno_x" else z_report)(session, ref or None, header=config.header, now=now)
    else:
        slip = test_slip(header=store_identity(session, config.header), now=now)
    return slip, config

"""The DANFE NFC-e as slip blocks, from the authorized note's XML (`nfce_xml.parse_nfce`), in the
layout of SEFAZ's "Manual de Padrões Técnicos do DANFE NFC-e e QR Code" (MAN6), QR code centered:

    I    emitter: name, CNPJ/CPF, address; "Documento Auxiliar da Nota Fiscal de Consumidor
         Eletrônica" (then "EMITIDA EM CONTINGÊNCIA / Pendente de autorização" for a pending
         contingência note)
    II   items: code, description, quantity, unit, unit price, total (and the item's discount)
    III  number of items, Valor total, Desconto / Acréscimos and Valor a Pagar when there are
         any, one line per payment, Troco
    IV   "Consulte pela Chave de Acesso em" urlChave, the key in 11 groups of 4
    VI   the consumer, or "CONSUMIDOR NÃO IDENTIFICADO" (centered QR: VI and VII before V)
    VII  número, série, emission date and time; the authorization protocol and its date
    V    the QR code, exactly the XML's `qrCode`
    VIII infAdFisco, xMsg, "EMITIDA EM AMBIENTE DE HOMOLOGAÇÃO - SEM VALOR FISCAL"
    IX   the Lei 12.741 tax total when the XML carries vTotTrib; infCpl

Only what the XML holds is printed (and the authorization's return); times in the store's local
time. The store's own slip header is not printed: Division I is the XML's emitter. `danfe_for_sale`
reads the note the issuing chain stored with the sale (`FiscalDocument.xml`, kind "nfce")."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum.br import cnpj as stdnum_cnpj
from stdnum.br import cpf as stdnum_cpf

from pdv_bling.counter.cancellation import find_sale_by_number
from pdv_bling.domain.errors import DomainError
from pdv_bling.domain.nfce import group_key
from pdv_bling.slips.layout import Block, Pair, QrCode, Rule, Slip, Text
from pdv_bling.slips.nfce_xml import Address, NfceNote, NoteItem, Party, parse_nfce
from pdv_bling.slips.words import DANFE_WORDS, PAYMENT_KINDS, amount, document_time
from pdv_bling.store.models import FiscalDocument

W = DANFE_WORDS


def danfe_slip(note: NfceNote, *, link: str = "") -> Slip:
    """The DANFE's blocks; `link` (the note's linkDanfe) rides along for the screens, not the paper."""
    blocks: list[Block] = [*_emitter(note), *_pending(note), Rule(), *_items(note), Rule(), *_totals(note), Rule(),
                           *_consult(note), Rule(), *_consumer(note.consumer), Rule(), *_identification(note),
                           *_pending(note), QrCode(note.qr_code), *_fisco(note), *_taxes(note)]
    return Slip("danfe", W["job"].format(number=note.number), tuple(blocks), link=link)


def danfe_for_sale(session: Session, number: int) -> Slip:
    """The DANFE of sale `number` from its stored authorized XML. Raises DomainError
    "sale_not_found", "nfce_not_issued" (no authorized XML stored yet) or the parser's codes."""
    sale = find_sale_by_number(session, number)
    stmt = (select(FiscalDocument.xml, FiscalDocument.link_danfe)
            .where(FiscalDocument.sale_id == sale.id, FiscalDocument.kind == "nfce", FiscalDocument.xml.is_not(None))
            .order_by(FiscalDocument.id.desc()))
    row = session.execute(stmt).first()
    if row is None:
        raise DomainError("nfce_not_issued", "venda", {"value": number})
    return danfe_slip(parse_nfce(row.xml), link=row.link_danfe or "")


def has_danfe(session: Session, sale_id: int) -> bool:
    stmt = select(FiscalDocument.id).where(FiscalDocument.sale_id == sale_id, FiscalDocument.kind == "nfce",
                                           FiscalDocument.xml.is_not(None))
    return session.execute(stmt.limit(1)).first() is not None


# ---------------------------------------------------------------- divisions


def _emitter(note: NfceNote) -> list[Block]:
    emitter = note.emitter
    blocks: list[Block] = [Text(emitter.name, "center", bold=True)]
    if emitter.document:
        blocks.append(Text(document_line(emitter), "center"))
    if emitter.address is not None:
        blocks.append(Text(address_line(emitter.address), "center"))
    return [*blocks, Text(W["title"], "center", bold=True)]


def _pending(note: NfceNote) -> list[Block]:
    """MAN6 3.1.8: a contingência note not yet authorized says so, highlighted, below I and VII."""
    if note.contingency and note.protocol is None:
        return [Text(W["contingency"], "center", bold=True, big=True), Text(W["pending"], "center", bold=True)]
    return []


def _items(note: NfceNote) -> list[Block]:
    blocks: list[Block] = [Text(W["items_head"], bold=True), Pair(W["items_cols"], W["items_total"], bold=True)]
    for item in note.items:
        blocks += [Text(f"{item.code} {item.description}"), Pair(_item_figures(item), amount(item.total_cents))]
        if item.discount_cents:
            blocks.append(Pair(W["item_discount"], "-" + amount(item.discount_cents)))
    return blocks


def _item_figures(item: NoteItem) -> str:
    return f"  {decimal_text(item.quantity)} {item.unit} x {decimal_text(item.unit_price, places=2)}"


def _totals(note: NfceNote) -> list[Block]:
    blocks: list[Block] = [Pair(W["count"], str(len(note.items))),
                           Pair(W["products"], amount(note.products_cents), bold=True)]
    if note.discount_cents:
        blocks.append(Pair(W["discount"], "-" + amount(note.discount_cents)))
    if note.surcharge_cents:
        blocks.append(Pair(W["surcharge"], amount(note.surcharge_cents)))
    if note.discount_cents or note.surcharge_cents:
        blocks.append(Pair(W["to_pay"], amount(note.total_cents), bold=True))
    blocks.append(Pair(W["payment_head"], W["paid_head"], bold=True))
    for payment in note.payments:
        blocks.append(Pair(payment_name(payment.kind, payment.description), amount(payment.cents)))
    if note.change_cents is not None:
        blocks.append(Pair(W["change"], amount(note.change_cents)))
    return blocks


def _consult(note: NfceNote) -> list[Block]:
    groups = group_key(note.key).split(" ")
    return [Text(W["consult"], "center", bold=True), Text(note.url_chave, "center"),
            Text(" ".join(groups[:6]), "center"), Text(" ".join(groups[6:]), "center")]


def _consumer(consumer: Party | None) -> list[Block]:
    if consumer is None or not consumer.document:
        return [Text(W["no_consumer"], "center", bold=True)]
    kind = W["foreign"] if consumer.kind == "idEstrangeiro" else consumer.kind
    blocks: list[Block] = [Text(W["consumer"].format(kind=kind, document=_formatted(consumer)), "center", bold=True)]
    if consumer.name:
        blocks.append(Text(consumer.name, "center"))
    if consumer.address is not None:
        blocks.append(Text(address_line(consumer.address), "center"))
    return blocks


def _identification(note: NfceNote) -> list[Block]:
    when = document_time(note.issued_at, seconds=True)
    blocks: list[Block] = [Text(W["identification"].format(number=note.number, series=note.series, when=when),
                                "center", bold=True)]
    protocol = note.protocol
    if protocol is not None:
        blocks.append(Text(W["protocol"].format(number=protocol.number), "center"))
        if protocol.received_at is not None:
            blocks.append(Text(W["authorized_at"].format(when=document_time(protocol.received_at, seconds=True)),
                               "center"))
    return blocks


def _fisco(note: NfceNote) -> list[Block]:
    blocks: list[Block] = [Text(text, "center") for text in (note.fisco_info,) if text]
    if note.protocol is not None and note.protocol.message:
        blocks.append(Text(note.protocol.message, "center"))
    if note.homologation:
        blocks.append(Text(W["homologation"], "center", bold=True))
    return blocks


def _taxes(note: NfceNote) -> list[Block]:
    blocks: list[Block] = []
    if note.tax_cents is not None:
        blocks.append(Text(W["taxes"].format(value=amount(note.tax_cents)), "center"))
    if note.additional_info:
        blocks.append(Text(note.additional_info, "center"))
    return blocks


# ---------------------------------------------------------------- formatting


def payment_name(kind: str, description: str) -> str:
    if kind == "99" and description:
        return description
    return PAYMENT_KINDS.get(kind, f"Outros ({kind})")


def document_line(party: Party) -> str:
    key = "cpf" if party.kind == "CPF" else "cnpj"
    return W[key].format(document=_formatted(party))


def _formatted(party: Party) -> str:
    if party.kind == "CNPJ" and len(party.document) == 14:
        return str(stdnum_cnpj.format(party.document))
    if party.kind == "CPF" and len(party.document) == 11:
        return str(stdnum_cpf.format(party.document))
    return party.document


def address_line(address: Address) -> str:
    street = ", ".join(part for part in (address.street, address.number, address.complement) if part)
    city = f"{address.city} - {address.uf}" if address.city and address.uf else address.city or address.uf
    return ", ".join(part for part in (street, address.district, city) if part)


def decimal_text(value: Decimal, *, places: int = 0) -> str:
    """Brazilian decimal: 2 -> "2", 1.5 -> "1,5", places=2: 59.9 -> "59,90", 0.125 -> "0,125"."""
    text = f"{value:f}"
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0").ljust(places, "0")
    whole = f"{int(whole):,}".replace(",", ".") if whole.lstrip("-").isdigit() else whole
    return f"{whole},{fraction}" if fraction else whole

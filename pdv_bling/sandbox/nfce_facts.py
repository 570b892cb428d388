"""The stand-in's authorized NFC-e from what Bling holds: the order behind the note (items,
parcelas, total), its contact, the products' NCM, the payment methods' tipoPagamento and the
account's company, turned into `nfce_xml.NfceFacts` and built by `nfce_xml.build_nfce` (one
builder for the stand-in and the DANFE's tests). The key comes out of the builder, so the note's
`chaveAcesso` and the XML's `Id="NFe..."` are the same by construction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pdv_bling.sandbox import nfce_keys
from pdv_bling.sandbox.config import NfceKnobs
from pdv_bling.sandbox.nfce_xml import Consumer, Emitter, Item, NfceFacts, Note, Payment, build_nfce

Json = dict[str, Any]
BRT = dt.timezone(dt.timedelta(hours=-3), "BRT")  # the stand-in's dates are Brasília's
TAX_SHARE = Decimal("0.1345")  # the Lei 12.741 estimate the stand-in prints (IBPT-like)


def note_xml(*, nota: Json, order: Json, empresa: Json, contato: Json, produtos: dict[int, Json],
             formas: dict[int, Json], knobs: NfceKnobs, authorized_at: dt.datetime, protocol: str,
             code: int) -> Note:
    """The authorized `nfeProc` of `nota` (numero, serie, dataEmissao) issued from `order`."""
    items = tuple(_item(n, item, produtos) for n, item in enumerate(order.get("itens") or [], start=1))
    gross = sum(i.total_cents for i in items)
    total = _cents(order.get("total") or gross / 100)
    payments, change = _payments(order, formas, total)
    facts = NfceFacts(
        emitter=_emitter(empresa, knobs), items=items, payments=payments, change_cents=change,
        consumer=_consumer(contato), number=int(nota["numero"]), series=int(nota.get("serie") or 1),
        issued_at=dt.datetime.fromisoformat(str(nota["dataEmissao"]).replace(" ", "T")).replace(tzinfo=BRT),
        code=code, environment=knobs.tp_amb, discount_cents=max(0, gross - total),
        other_cents=max(0, total - gross), tax_total_cents=int(Decimal(total) * TAX_SHARE),
        additional_info=f"Pedido {order.get('numero') or ''} - {order.get('numeroLoja') or ''}".strip(" -"),
        protocol=protocol, authorized_at=authorized_at)
    return build_nfce(facts)


def _cents(value: object) -> int:
    return int((Decimal(str(value)) * 100).quantize(Decimal(1)))


def _emitter(empresa: Json, knobs: NfceKnobs) -> Emitter:
    demo = Emitter.demo(alphanumeric=knobs.alphanumeric_cnpj)
    cnpj = "".join(ch for ch in str(empresa.get("cnpj") or "") if ch.isalnum()).upper()
    if knobs.alphanumeric_cnpj or not nfce_keys.cnpj_valid(cnpj):
        cnpj = demo.cnpj
    return Emitter(cnpj=cnpj, ie=demo.ie, name=str(empresa.get("nome") or demo.name), street=demo.street,
                   number=demo.number, district=demo.district, city=demo.city, city_code=demo.city_code,
                   uf=knobs.uf if knobs.uf in nfce_keys.UF_CODES else demo.uf, cep=demo.cep,
                   trade_name=demo.trade_name, phone=demo.phone)


def _item(position: int, item: Json, produtos: dict[int, Json]) -> Item:
    produto = produtos.get((item.get("produto") or {}).get("id") or 0, {})
    ncm = "".join(ch for ch in str((produto.get("tributacao") or {}).get("ncm") or "") if ch.isdigit())
    return Item(code=str(item.get("codigo") or produto.get("codigo") or position),
                description=str(item.get("descricao") or produto.get("nome") or "Item"),
                ncm=ncm if len(ncm) == 8 else "00000000", cfop="5102", unit_cents=_cents(item["valor"]),
                quantity=Decimal(str(item["quantidade"])), unit=str(item.get("unidade") or "UN"),
                gtin=str(produto.get("gtin") or "SEM GTIN"))


def _payments(order: Json, formas: dict[int, Json], total: int) -> tuple[tuple[Payment, ...], int]:
    """One detPag per parcela (tPag from the method's tipoPagamento); what does not add up to vNF
    goes as change (more paid) or as a 99 "Outros" payment (less paid)."""
    payments = []
    for parcela in order.get("parcelas") or []:
        forma = formas.get((parcela.get("formaPagamento") or {}).get("id") or 0, {})
        kind = f"{int(forma.get('tipoPagamento') or 99):02d}"
        payments.append(Payment(kind, _cents(parcela["valor"]), "Outros" if kind == "99" else ""))
    paid = sum(p.cents for p in payments)
    if paid < total or not payments:
        payments.append(Payment("99", total - paid, "Outros"))
    return tuple(payments), max(0, paid - total)


def _consumer(contato: Json) -> Consumer | None:
    document = "".join(ch for ch in str(contato.get("numeroDocumento") or "") if ch.isalnum()).upper()
    if len(document) not in (11, 14):
        return None  # CONSUMIDOR NÃO IDENTIFICADO
    return Consumer(document, str(contato.get("nome") or ""))

"""An authorized NFC-e as XML, from a sale's facts: what the stand-in's signed `xml` link serves
and what the tests print DANFEs from. SEFAZ's layout 4.00, model 65 (PL_010 types):

    <nfeProc versao="4.00"><NFe><infNFe Id="NFe{key}" versao="4.00"> ide emit dest? det+ total
    transp pag infAdic? </infNFe><infNFeSupl><qrCode>CDATA</qrCode><urlChave/></infNFeSupl>
    <Signature/></NFe><protNFe><infProt> chNFe dhRecbto nProt digVal cStat xMotivo </infProt>
    </protNFe></nfeProc>

Use:

    from pdv_bling.sandbox.nfce_xml import Emitter, Item, NfceFacts, Payment, build_nfce
    facts = NfceFacts(
        emitter=Emitter.demo(),                    # or Emitter(cnpj=..., ie=..., name=..., uf="SP", ...)
        items=(Item(code="CAM-P-AZ", description="Camiseta P azul", ncm="61091000", cfop="5102",
                    quantity=Decimal(2), unit_cents=5990),),
        payments=(Payment("01", 15000),),          # tPag, vPag in centavos (cash handed over)
        change_cents=3020,                         # vTroco: payments - change == vNF
        number=123, issued_at=datetime(2026, 5, 12, 14, 30, tzinfo=UTC),
    )
    note = build_nfce(facts)
    note.xml        # the nfeProc text (UTF-8 declared); note.key, note.qr_code, note.url_chave, note.protocol

Knobs (fields of `NfceFacts`): `consumer` (`Consumer(document, name)`, CPF, CNPJ or a foreign id),
`series`, `code` (cNF), `environment` (tpAmb: 2 homologação, the default, or 1), `offline`
(tpEmis 9, the off-line QR text), `qr_version` (2 with the CSC's hash, or 3), `csc_id`/`csc`,
`qr_url`/`url_chave` (default: the UF's), `discount_cents` (shared over the items),
`other_cents` (vOutro), `tax_total_cents` (Lei 12.741 vTotTrib, shared over the items),
`additional_info` (infCpl), `fisco_info` (infAdFisco), `authorized` (False: no protNFe, a
contingência note still pending), `protocol`, `authorized_at`, `status`/`reason` (cStat/xMotivo).
An alphanumeric CNPJ is a knob of the emitter: `Emitter.demo(alphanumeric=True)` issues as
12.ABC.345/01DE-35, the key then carries letters in positions 7 to 18.

The signature is shaped as XML-DSig's, with the SHA-1 digest of the serialized `infNFe` (also
`protNFe/infProt/digVal`); the stand-in holds no certificate, so `SignatureValue` is not a
signature. Facts that do not add up (payments against vNF, bad CNPJ) raise ValueError."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from zoneinfo import ZoneInfo

from pdv_bling.sandbox import nfce_keys
from pdv_bling.sandbox.nfce_keys import money

NS = "http://www.portalfiscal.inf.br/nfe"
DSIG = "http://www.w3.org/2000/09/xmldsig#"
STORE_TZ = ZoneInfo("America/Sao_Paulo")
CARD_KINDS = {"03", "04", "17"}  # crédito, débito, PIX dinâmico: the card group (tpIntegra 2, not integrated)
_CDATA_MARK = "\x00QR\x00"


@dataclass(frozen=True)
class Emitter:
    cnpj: str
    ie: str
    name: str
    street: str
    number: str
    district: str
    city: str
    city_code: str  # IBGE, 7 digits
    uf: str
    cep: str
    trade_name: str = ""
    phone: str = ""
    crt: int = 1  # 1 Simples Nacional

    @classmethod
    def demo(cls, *, alphanumeric: bool = False) -> Emitter:
        """The stand-in account's store (GET /empresas/me/dados-basicos), optionally with the
        alphanumeric CNPJ."""
        cnpj = nfce_keys.DEMO_ALPHANUMERIC_CNPJ if alphanumeric else nfce_keys.DEMO_NUMERIC_CNPJ
        return cls(cnpj=cnpj, ie="111222333444", name="Loja Demonstração LTDA", trade_name="Loja Demo",
                   street="Rua das Flores", number="100", district="Centro", city="São Paulo",
                   city_code="3550308", uf="SP", cep="01010000", phone="1133334444")


@dataclass(frozen=True)
class Item:
    code: str
    description: str
    ncm: str
    cfop: str
    unit_cents: int
    quantity: Decimal = Decimal(1)
    unit: str = "UN"
    discount_cents: int = 0
    gtin: str = "SEM GTIN"

    @property
    def total_cents(self) -> int:
        return int((self.quantity * self.unit_cents).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


@dataclass(frozen=True)
class Payment:
    kind: str  # tPag: 01 Dinheiro, 03 Crédito, 04 Débito, 17 PIX dinâmico, 20 PIX estático, 99 Outros
    cents: int
    description: str = ""  # xPag (required with 99)


@dataclass(frozen=True)
class Consumer:
    document: str  # CPF (11 digits), CNPJ (14 characters) or a foreign id (foreign=True)
    name: str = ""
    foreign: bool = False

    @property
    def kind(self) -> str:
        if self.foreign:
            return "idEstrangeiro"
        return "CPF" if len(self.document) == 11 else "CNPJ"


@dataclass(frozen=True)
class NfceFacts:
    emitter: Emitter
    items: tuple[Item, ...]
    payments: tuple[Payment, ...]
    number: int
    issued_at: dt.datetime
    change_cents: int = 0
    consumer: Consumer | None = None
    series: int = 1
    code: int | None = None
    environment: int = 2
    offline: bool = False
    qr_version: int = 2
    csc_id: str = nfce_keys.DEMO_CSC_ID
    csc: str = nfce_keys.DEMO_CSC
    qr_url: str = ""
    url_chave: str = ""
    discount_cents: int = 0
    other_cents: int = 0
    tax_total_cents: int | None = None
    additional_info: str = ""
    fisco_info: str = ""
    authorized: bool = True
    protocol: str = ""
    authorized_at: dt.datetime | None = None
    status: int = 100
    reason: str = "Autorizado o uso da NF-e"


@dataclass(frozen=True)
class Note:
    key: str
    xml: str
    qr_code: str
    url_chave: str
    protocol: str  # "" when not authorized
    total_cents: int  # vNF
    digest_value: str


def build_nfce(facts: NfceFacts) -> Note:
    _check(facts)
    issued = facts.issued_at.astimezone(STORE_TZ)
    emission_type = 9 if facts.offline else 1
    code = facts.code if facts.code is not None else (facts.number * 7919 + 13_579_246) % 100_000_000
    key = nfce_keys.access_key(uf=facts.emitter.uf, issued_at=issued, cnpj=facts.emitter.cnpj,
                               series=facts.series, number=facts.number, emission_type=emission_type, code=code)
    discounts = _share(facts.discount_cents, [i.total_cents for i in facts.items], [i.discount_cents for i in facts.items])
    taxes = _share(facts.tax_total_cents or 0, [i.total_cents for i in facts.items], [0] * len(facts.items))
    total = sum(i.total_cents for i in facts.items) - sum(discounts) + facts.other_cents
    inf = _inf_nfe(facts, key=key, code=code, issued=issued, emission_type=emission_type, discounts=discounts,
                   taxes=taxes, total=total)
    inf_text = _inner(inf).replace("<infNFe ", f'<infNFe xmlns="{NS}" ', 1)  # as C14N sees it: with its xmlns
    digest = base64.b64encode(hashlib.sha1(inf_text.encode("utf-8")).digest()).decode("ascii")
    qr_url, url_chave = _urls(facts)
    qr = _qr(facts, qr_url=qr_url, key=key, day=issued.day, total=total, digest=digest)
    supl = ET.Element("infNFeSupl")
    _sub(supl, "qrCode", _CDATA_MARK)
    _sub(supl, "urlChave", url_chave)
    supl_text = _inner(supl).replace(_CDATA_MARK, f"<![CDATA[{qr}]]>")
    signature = _inner(_signature(key, digest)).replace("<Signature>", f'<Signature xmlns="{DSIG}">', 1)
    nfe = f'<NFe xmlns="{NS}">{_inner(inf)}{supl_text}{signature}</NFe>'
    protocol = ""
    if facts.authorized:
        protocol = facts.protocol or f"1{nfce_keys.UF_CODES[facts.emitter.uf]}{issued:%y}{facts.number:010d}"
        prot = _inner(_prot(facts, key=key, protocol=protocol, digest=digest, issued=issued))
        nfe = f'<nfeProc xmlns="{NS}" versao="4.00">{nfe}{prot}</nfeProc>'
    xml = '<?xml version="1.0" encoding="UTF-8"?>' + nfe
    return Note(key=key, xml=xml, qr_code=qr, url_chave=url_chave, protocol=protocol, total_cents=total,
                digest_value=digest)


# ---------------------------------------------------------------- the groups


def _inner(element: ET.Element) -> str:
    """`element` as text inside a parent that declares its namespace: the tree is built with plain
    tags and the namespaces are declared on the enclosing elements' text."""
    return ET.tostring(element, encoding="unicode")


def _sub(parent: ET.Element, tag: str, text: str | int | None = None) -> ET.Element:
    node = ET.SubElement(parent, tag)
    if text is not None:
        node.text = str(text)
    return node


def _inf_nfe(facts: NfceFacts, *, key: str, code: int, issued: dt.datetime, emission_type: int,
             discounts: list[int], taxes: list[int], total: int) -> ET.Element:
    inf = ET.Element("infNFe", {"Id": f"NFe{key}", "versao": "4.00"})
    emitter = facts.emitter
    ide = _sub(inf, "ide")
    for tag, value in (("cUF", key[:2]), ("cNF", f"{code:08d}"), ("natOp", "VENDA AO CONSUMIDOR"), ("mod", "65"),
                       ("serie", facts.series), ("nNF", facts.number), ("dhEmi", issued.isoformat(timespec="seconds")),
                       ("tpNF", 1), ("idDest", 1), ("cMunFG", emitter.city_code), ("tpImp", 4),
                       ("tpEmis", emission_type), ("cDV", key[-1]), ("tpAmb", facts.environment), ("finNFe", 1),
                       ("indFinal", 1), ("indPres", 1), ("procEmi", 0), ("verProc", "Bling (stand-in)")):
        _sub(ide, tag, value)
    if facts.offline:
        _sub(ide, "dhCont", issued.isoformat(timespec="seconds"))
        _sub(ide, "xJust", "SEM COMUNICACAO COM A SEFAZ (CONTINGENCIA OFF-LINE)")
    _emit(inf, emitter)
    if facts.consumer is not None:
        dest = _sub(inf, "dest")
        _sub(dest, facts.consumer.kind, facts.consumer.document)
        if facts.consumer.name:
            _sub(dest, "xNome", facts.consumer.name)
        _sub(dest, "indIEDest", 9)
    for index, item in enumerate(facts.items):
        _det(inf, index + 1, item, discounts[index], taxes[index])
    _total(inf, facts, discounts=discounts, total=total)
    _sub(_sub(inf, "transp"), "modFrete", 9)
    pag = _sub(inf, "pag")
    for payment in facts.payments:
        det = _sub(pag, "detPag")
        _sub(det, "tPag", payment.kind)
        if payment.description:
            _sub(det, "xPag", payment.description)
        _sub(det, "vPag", money(payment.cents))
        if payment.kind in CARD_KINDS:
            _sub(_sub(det, "card"), "tpIntegra", 2)
    if facts.change_cents:
        _sub(pag, "vTroco", money(facts.change_cents))
    if facts.fisco_info or facts.additional_info:
        adic = _sub(inf, "infAdic")
        if facts.fisco_info:
            _sub(adic, "infAdFisco", facts.fisco_info)
        if facts.additional_info:
            _sub(adic, "infCpl", facts.additional_info)
    return inf


def _emit(inf: ET.Element, emitter: Emitter) -> None:
    emit = _sub(inf, "emit")
    _sub(emit, "CNPJ", emitter.cnpj)
    _sub(emit, "xNome", emitter.name)
    if emitter.trade_name:
        _sub(emit, "xFant", emitter.trade_name)
    address = _sub(emit, "enderEmit")
    for tag, value in (("xLgr", emitter.street), ("nro", emitter.number), ("xBairro", emitter.district),
                       ("cMun", emitter.city_code), ("xMun", emitter.city), ("UF", emitter.uf), ("CEP", emitter.cep),
                       ("cPais", "1058"), ("xPais", "BRASIL")):
        _sub(address, tag, value)
    if emitter.phone:
        _sub(address, "fone", emitter.phone)
    _sub(emit, "IE", emitter.ie)
    _sub(emit, "CRT", emitter.crt)


def _det(inf: ET.Element, position: int, item: Item, discount: int, tax: int) -> None:
    det = ET.SubElement(inf, "det", {"nItem": str(position)})
    prod = _sub(det, "prod")
    for tag, value in (("cProd", item.code), ("cEAN", item.gtin), ("xProd", item.description), ("NCM", item.ncm),
                       ("CFOP", item.cfop), ("uCom", item.unit), ("qCom", f"{item.quantity:.4f}"),
                       ("vUnCom", money(item.unit_cents)), ("vProd", money(item.total_cents)),
                       ("cEANTrib", item.gtin), ("uTrib", item.unit), ("qTrib", f"{item.quantity:.4f}"),
                       ("vUnTrib", money(item.unit_cents))):
        _sub(prod, tag, value)
    if discount:
        _sub(prod, "vDesc", money(discount))
    _sub(prod, "indTot", 1)
    imposto = _sub(det, "imposto")
    if tax:
        _sub(imposto, "vTotTrib", money(tax))
    icms = _sub(_sub(imposto, "ICMS"), "ICMSSN102")
    _sub(icms, "orig", 0)
    _sub(icms, "CSOSN", 102)
    _sub(_sub(_sub(imposto, "PIS"), "PISNT"), "CST", "07")
    _sub(_sub(_sub(imposto, "COFINS"), "COFINSNT"), "CST", "07")


def _total(inf: ET.Element, facts: NfceFacts, *, discounts: list[int], total: int) -> None:
    tot = _sub(_sub(inf, "total"), "ICMSTot")
    zero = "0.00"
    values = {"vBC": zero, "vICMS": zero, "vICMSDeson": zero, "vFCP": zero, "vBCST": zero, "vST": zero,
              "vFCPST": zero, "vFCPSTRet": zero, "vProd": money(sum(i.total_cents for i in facts.items)),
              "vFrete": zero, "vSeg": zero, "vDesc": money(sum(discounts)), "vII": zero, "vIPI": zero,
              "vIPIDevol": zero, "vPIS": zero, "vCOFINS": zero, "vOutro": money(facts.other_cents),
              "vNF": money(total)}
    for tag, value in values.items():
        _sub(tot, tag, value)
    if facts.tax_total_cents is not None:
        _sub(tot, "vTotTrib", money(facts.tax_total_cents))


def _signature(key: str, digest: str) -> ET.Element:
    def sub(parent: ET.Element, tag: str, attrs: dict[str, str] | None = None, text: str | None = None) -> ET.Element:
        node = ET.SubElement(parent, tag, attrs or {})
        node.text = text
        return node

    signature = ET.Element("Signature")
    info = sub(signature, "SignedInfo")
    sub(info, "CanonicalizationMethod", {"Algorithm": "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"})
    sub(info, "SignatureMethod", {"Algorithm": f"{DSIG}rsa-sha1"})
    reference = sub(info, "Reference", {"URI": f"#NFe{key}"})
    transforms = sub(reference, "Transforms")
    sub(transforms, "Transform", {"Algorithm": f"{DSIG}enveloped-signature"})
    sub(transforms, "Transform", {"Algorithm": "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"})
    sub(reference, "DigestMethod", {"Algorithm": f"{DSIG}sha1"})
    sub(reference, "DigestValue", text=digest)
    sub(signature, "SignatureValue", text=nfce_keys.pseudo_signature(digest))
    certificate = base64.b64encode(b"PDV Bling stand-in: no certificate").decode("ascii")
    sub(sub(sub(signature, "KeyInfo"), "X509Data"), "X509Certificate", text=certificate)
    return signature


def _prot(facts: NfceFacts, *, key: str, protocol: str, digest: str, issued: dt.datetime) -> ET.Element:
    prot = ET.Element("protNFe", {"versao": "4.00"})
    inf = _sub(prot, "infProt")
    received = (facts.authorized_at or issued + dt.timedelta(seconds=2)).astimezone(STORE_TZ)
    for tag, value in (("tpAmb", facts.environment), ("verAplic", "SP_NFCE_PL_010"), ("chNFe", key),
                       ("dhRecbto", received.isoformat(timespec="seconds")), ("nProt", protocol), ("digVal", digest),
                       ("cStat", facts.status), ("xMotivo", facts.reason)):
        _sub(inf, tag, value)
    return prot


# ---------------------------------------------------------------- checks and sums


def _check(facts: NfceFacts) -> None:
    if not nfce_keys.cnpj_valid(facts.emitter.cnpj):
        raise ValueError(f"emitter CNPJ {facts.emitter.cnpj!r}: check digits do not match")
    if facts.emitter.uf not in nfce_keys.UF_CODES:
        raise ValueError(f"unknown UF {facts.emitter.uf!r}")
    if not facts.items or not facts.payments:
        raise ValueError("an NFC-e has at least one item and one payment")
    if facts.issued_at.tzinfo is None:
        raise ValueError("issued_at must be timezone-aware")
    if facts.qr_version not in (2, 3):
        raise ValueError("qr_version is 2 or 3")
    total = sum(i.total_cents - i.discount_cents for i in facts.items) - facts.discount_cents + facts.other_cents
    paid = sum(p.cents for p in facts.payments)
    if paid - facts.change_cents != total:
        raise ValueError(f"payments {paid} - change {facts.change_cents} != vNF {total}")


def _share(amount: int, weights: list[int], fixed: list[int]) -> list[int]:
    """`fixed` plus `amount` shared in proportion to `weights`, the last line taking the rest."""
    if not amount:
        return list(fixed)
    whole = sum(weights) or 1
    parts = [amount * weight // whole for weight in weights]
    parts[-1] += amount - sum(parts)
    return [a + b for a, b in zip(fixed, parts, strict=True)]


def _urls(facts: NfceFacts) -> tuple[str, str]:
    if facts.qr_url and facts.url_chave:
        return facts.qr_url, facts.url_chave
    qr_url, url_chave = nfce_keys.urls(facts.emitter.uf, facts.environment)
    return facts.qr_url or qr_url, facts.url_chave or url_chave


def _qr(facts: NfceFacts, *, qr_url: str, key: str, day: int, total: int, digest: str) -> str:
    if facts.qr_version == 3:
        consumer = facts.consumer
        return nfce_keys.qr_code_v3(url=qr_url, key=key, environment=facts.environment, offline=facts.offline,
                                    day=day, total_cents=total, consumer_kind=consumer.kind if consumer else "",
                                    consumer_id=consumer.document if consumer else "")
    return nfce_keys.qr_code_v2(url=qr_url, key=key, environment=facts.environment, csc_id=facts.csc_id,
                                csc=facts.csc, offline=facts.offline, day=day, total_cents=total,
                                digest_value=digest)

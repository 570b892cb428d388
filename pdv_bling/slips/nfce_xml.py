"""The authorized NFC-e read from its XML (what the DANFE is printed from): SEFAZ's layout 4.00,
an `nfeProc` (`NFe` + `protNFe`) as Bling's signed `xml` link serves it, or a bare `NFe` of a
contingência note still pending. Parsed with defusedxml (no entities, no DTD, no external
references: the stdlib parsers' billion-laughs and quadratic-blowup holes stay shut), by
namespace-qualified paths; unknown groups (IBS/CBS of PL_010, ...) are ignored.

Refused with a DomainError naming why: not XML, not an NFC-e (model 65), a key that fails its
check (alphanumeric CNPJ accepted), a protocol for another key, a digest that differs from the
signature's, a status other than authorized (100, 150). Money is read into centavos."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from pdv_bling.domain.errors import DomainError
from pdv_bling.domain.nfce import parse_access_key

NS = {"nfe": "http://www.portalfiscal.inf.br/nfe", "ds": "http://www.w3.org/2000/09/xmldsig#"}
AUTHORIZED = frozenset({100, 150})  # 150: authorized late (a contingência note)
MAX_BYTES = 5_000_000  # an NFC-e of 990 items is far below this
FIELD = "xml_nfce"


@dataclass(frozen=True)
class Address:
    street: str = ""
    number: str = ""
    complement: str = ""
    district: str = ""
    city: str = ""
    uf: str = ""
    cep: str = ""


@dataclass(frozen=True)
class Party:
    """The emitter or the consumer: `kind` CNPJ, CPF or idEstrangeiro; `document` as in the XML."""

    kind: str
    document: str
    name: str = ""
    trade_name: str = ""
    ie: str = ""
    address: Address | None = None


@dataclass(frozen=True)
class NoteItem:
    code: str
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal  # vUnCom: up to 10 decimals
    total_cents: int  # vProd
    discount_cents: int  # vDesc


@dataclass(frozen=True)
class NotePayment:
    kind: str  # tPag
    description: str  # xPag
    cents: int


@dataclass(frozen=True)
class Protocol:
    number: str  # nProt
    received_at: dt.datetime | None  # dhRecbto
    status: int  # cStat
    reason: str  # xMotivo
    message: str  # xMsg (cMsg's text), printed in Division VIII when present


@dataclass(frozen=True)
class NfceNote:
    key: str
    number: int
    series: int
    issued_at: dt.datetime
    environment: int  # tpAmb: 1 produção, 2 homologação
    emission_type: int  # tpEmis: 1 normal, 9 contingência off-line
    emitter: Party
    consumer: Party | None
    items: tuple[NoteItem, ...]
    products_cents: int  # ICMSTot/vProd
    discount_cents: int  # vDesc
    surcharge_cents: int  # vFrete + vSeg + vOutro
    total_cents: int  # vNF
    tax_cents: int | None  # vTotTrib (Lei 12.741), None when absent
    payments: tuple[NotePayment, ...]
    change_cents: int | None  # vTroco, None when absent
    fisco_info: str  # infAdFisco
    additional_info: str  # infCpl
    qr_code: str
    url_chave: str
    protocol: Protocol | None  # None: a contingência note not yet authorized

    @property
    def contingency(self) -> bool:
        return self.emission_type == 9

    @property
    def homologation(self) -> bool:
        return self.environment == 2


def parse_nfce(xml: str | bytes) -> NfceNote:
    root = _root(xml)
    nfe = root if _tag(root) == "NFe" else root.find("nfe:NFe", NS)
    if nfe is None or _tag(root) not in ("nfeProc", "NFe"):
        raise DomainError("nfce_xml_not_nfce", FIELD)
    inf = nfe.find("nfe:infNFe", NS)
    if inf is None or _text(inf, "nfe:ide/nfe:mod") != "65":
        raise DomainError("nfce_xml_not_nfce", FIELD)
    key = parse_access_key(inf.get("Id", "").removeprefix("NFe"), field=FIELD).key
    protocol = _protocol(root, key, nfe)
    emission_type = _int(inf, "nfe:ide/nfe:tpEmis", default=1)
    if protocol is None and emission_type != 9:
        raise DomainError("nfce_xml_not_authorized", FIELD, {"status": "sem protocolo"})
    pag = inf.find("nfe:pag", NS)
    return NfceNote(
        key=key, number=_int(inf, "nfe:ide/nfe:nNF"), series=_int(inf, "nfe:ide/nfe:serie"),
        issued_at=_when(_text(inf, "nfe:ide/nfe:dhEmi")) or _refuse("dhEmi"),
        environment=_int(inf, "nfe:ide/nfe:tpAmb", default=1), emission_type=emission_type,
        emitter=_party(inf.find("nfe:emit", NS), "nfe:enderEmit") or _refuse("emit"),
        consumer=_party(inf.find("nfe:dest", NS), "nfe:enderDest"),
        items=tuple(_item(det) for det in inf.findall("nfe:det", NS)),
        products_cents=_cents(inf, "nfe:total/nfe:ICMSTot/nfe:vProd"),
        discount_cents=_cents(inf, "nfe:total/nfe:ICMSTot/nfe:vDesc"),
        surcharge_cents=sum(_cents(inf, f"nfe:total/nfe:ICMSTot/nfe:{tag}") for tag in ("vFrete", "vSeg", "vOutro")),
        total_cents=_cents(inf, "nfe:total/nfe:ICMSTot/nfe:vNF"),
        tax_cents=_optional_cents(inf, "nfe:total/nfe:ICMSTot/nfe:vTotTrib"),
        payments=tuple(_payment(det) for det in (pag.findall("nfe:detPag", NS) if pag is not None else [])),
        change_cents=_optional_cents(inf, "nfe:pag/nfe:vTroco"),
        fisco_info=_text(inf, "nfe:infAdic/nfe:infAdFisco"), additional_info=_text(inf, "nfe:infAdic/nfe:infCpl"),
        qr_code=_text(nfe, "nfe:infNFeSupl/nfe:qrCode") or _refuse("qrCode"),
        url_chave=_text(nfe, "nfe:infNFeSupl/nfe:urlChave"),
        protocol=protocol,
    )


# ---------------------------------------------------------------- reading


def _root(xml: str | bytes) -> Any:
    if len(xml) > MAX_BYTES:
        raise DomainError("nfce_xml_invalid", FIELD, {"detail": "arquivo grande demais"})
    try:
        return SafeET.fromstring(xml, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise DomainError("nfce_xml_invalid", FIELD, {"detail": type(exc).__name__}) from exc
    except Exception as exc:  # noqa: BLE001 - ParseError, encoding errors: not an XML document
        raise DomainError("nfce_xml_invalid", FIELD, {"detail": str(exc)[:80]}) from exc


def _tag(element: Any) -> str:
    return str(element.tag).rpartition("}")[2]


def _text(element: Any, path: str) -> str:
    found = element.find(path, NS)
    return (found.text or "").strip() if found is not None else ""


def _refuse(what: str) -> Any:
    raise DomainError("nfce_xml_invalid", FIELD, {"detail": f"falta {what}"})


def _int(element: Any, path: str, *, default: int | None = None) -> int:
    text = _text(element, path)
    if re.fullmatch(r"[0-9]{1,12}", text):
        return int(text)
    if default is not None and not text:
        return default
    return int(_refuse(path.rpartition(":")[2]))


def _decimal(text: str, what: str) -> Decimal:
    if not re.fullmatch(r"-?[0-9]{1,15}(\.[0-9]{1,10})?", text):
        _refuse(what)
    try:
        return Decimal(text)
    except InvalidOperation:
        return Decimal(_refuse(what))


def _optional_cents(element: Any, path: str) -> int | None:
    text = _text(element, path)
    if not text:
        return None
    return int((_decimal(text, path.rpartition(":")[2]) * 100).to_integral_value())


def _cents(element: Any, path: str) -> int:
    return _optional_cents(element, path) or 0


def _when(text: str) -> dt.datetime | None:
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _party(element: Any, address_tag: str) -> Party | None:
    if element is None:
        return None
    for kind in ("CNPJ", "CPF", "idEstrangeiro"):
        found = element.find(f"nfe:{kind}", NS)
        if found is not None:
            document = (found.text or "").strip()
            break
    else:
        kind, document = "", ""
    address = element.find(address_tag, NS)
    return Party(kind=kind, document=document, name=_text(element, "nfe:xNome"),
                 trade_name=_text(element, "nfe:xFant"), ie=_text(element, "nfe:IE"),
                 address=None if address is None else Address(
                     street=_text(address, "nfe:xLgr"), number=_text(address, "nfe:nro"),
                     complement=_text(address, "nfe:xCpl"), district=_text(address, "nfe:xBairro"),
                     city=_text(address, "nfe:xMun"), uf=_text(address, "nfe:UF"), cep=_text(address, "nfe:CEP")))


def _item(det: Any) -> NoteItem:
    prod = det.find("nfe:prod", NS)
    if prod is None:
        _refuse("prod")
    return NoteItem(code=_text(prod, "nfe:cProd"), description=_text(prod, "nfe:xProd"),
                    quantity=_decimal(_text(prod, "nfe:qCom"), "qCom"), unit=_text(prod, "nfe:uCom"),
                    unit_price=_decimal(_text(prod, "nfe:vUnCom"), "vUnCom"),
                    total_cents=_cents(prod, "nfe:vProd"), discount_cents=_cents(prod, "nfe:vDesc"))


def _payment(det: Any) -> NotePayment:
    return NotePayment(kind=_text(det, "nfe:tPag"), description=_text(det, "nfe:xPag"), cents=_cents(det, "nfe:vPag"))


def _protocol(root: Any, key: str, nfe: Any) -> Protocol | None:
    """The authorization, checked: the same key, the same digest as the signature, cStat 100/150."""
    inf = root.find("nfe:protNFe/nfe:infProt", NS)
    if inf is None:
        return None
    if _text(inf, "nfe:chNFe").upper() != key:
        raise DomainError("nfce_xml_key_mismatch", FIELD)
    digest = _text(nfe, "ds:Signature/ds:SignedInfo/ds:Reference/ds:DigestValue")
    if digest and _text(inf, "nfe:digVal") and digest != _text(inf, "nfe:digVal"):
        raise DomainError("nfce_xml_key_mismatch", FIELD)
    status = _int(inf, "nfe:cStat")
    reason = _text(inf, "nfe:xMotivo")
    if status not in AUTHORIZED:
        raise DomainError("nfce_xml_not_authorized", FIELD, {"status": f"{status} {reason}".strip()})
    return Protocol(number=_text(inf, "nfe:nProt"), received_at=_when(_text(inf, "nfe:dhRecbto")), status=status,
                    reason=reason, message=_text(inf, "nfe:xMsg"))

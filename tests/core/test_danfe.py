"""The DANFE NFC-e from the authorized XML (no Qt here): the stand-in's generator makes the note
from a sale's facts, the hardened parser reads it, the slip lays it out in MAN6's divisions at 48
and 32 columns, and the ESC/POS bytes carry the printer's own QR command with the XML's qrCode.
Hostile or wrong XML is refused by name."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from pdv_bling.domain.errors import DomainError
from pdv_bling.domain.messages import message_for
from pdv_bling.domain.nfce import group_key, parse_access_key
from pdv_bling.sandbox.nfce_xml import Consumer, Emitter, Item, NfceFacts, Payment, build_nfce
from pdv_bling.slips import thermal
from pdv_bling.slips.danfe import danfe_slip
from pdv_bling.slips.layout import Line, QrLine, lay_out, plain_text
from pdv_bling.slips.nfce_xml import parse_nfce
from tests.core.nfce_support import xml_qr_code

WHEN = dt.datetime(2026, 5, 12, 17, 30, 5, tzinfo=dt.UTC)  # 14:30:05 in São Paulo
SHIRT = Item(code="CAM-P-AZ", description="Camiseta P azul", ncm="61091000", cfop="5102", quantity=Decimal(2),
             unit_cents=5990)
MUG = Item(code="7891234567895", description="Caneca de cerâmica 300 ml", ncm="69120000", cfop="5102", unit_cents=2450)


def facts(**knobs: object) -> NfceFacts:
    values: dict[str, object] = {"emitter": Emitter.demo(), "items": (SHIRT, MUG),
                                 "payments": (Payment("03", 5000), Payment("01", 10000)), "change_cents": 1100,
                                 "discount_cents": 530, "number": 123, "issued_at": WHEN}
    values.update(knobs)
    return NfceFacts(**values)  # type: ignore[arg-type]


def text_of(xml: str, columns: int = 48) -> str:
    return plain_text(lay_out(danfe_slip(parse_nfce(xml)), columns))


def test_the_parser_reads_what_the_generator_wrote() -> None:
    note = build_nfce(facts(consumer=Consumer("52998224725", "Maria Souza"), tax_total_cents=1234))
    parsed = parse_nfce(note.xml)
    assert parsed.key == note.key == parse_access_key(note.key).key and parsed.key[20:22] == "65"
    assert (parsed.number, parsed.series, parsed.environment, parsed.emission_type) == (123, 1, 2, 1)
    assert parsed.issued_at == WHEN and parsed.issued_at.utcoffset() == dt.timedelta(hours=-3)
    assert [(i.code, i.quantity, i.total_cents, i.discount_cents) for i in parsed.items] == [
        ("CAM-P-AZ", Decimal(2), 11980, 440), ("7891234567895", Decimal(1), 2450, 90)]
    assert (parsed.products_cents, parsed.discount_cents, parsed.total_cents, parsed.tax_cents) == (14430, 530, 13900,
                                                                                                     1234)
    assert [(p.kind, p.cents) for p in parsed.payments] == [("03", 5000), ("01", 10000)] and parsed.change_cents == 1100
    assert parsed.consumer is not None and (parsed.consumer.kind, parsed.consumer.document) == ("CPF", "52998224725")
    assert parsed.qr_code == note.qr_code == xml_qr_code(note.xml)
    assert parsed.protocol is not None and parsed.protocol.number == note.protocol and parsed.protocol.status == 100


def test_the_danfe_has_every_division_in_order() -> None:
    note = build_nfce(facts(consumer=Consumer("52998224725", "Maria Souza"), tax_total_cents=1234,
                            additional_info="Obrigado pela preferência"))
    text = text_of(note.xml)
    groups = group_key(note.key).split()
    expected = [
        "Loja Demonstração LTDA", "CNPJ: 12.345.678/0001-95", "Rua das Flores, 100, Centro, São Paulo - SP",
        "Documento Auxiliar da Nota Fiscal de Consumidor",  # I
        "CAM-P-AZ Camiseta P azul", "2 UN x 59,90", "119,80", "Desconto", "-4,40",  # II
        "Qtd. total de itens", "Valor total R$", "144,30", "Desconto R$", "-5,30", "Valor a Pagar R$", "139,00",
        "FORMA PAGAMENTO", "VALOR PAGO R$", "Cartão de Crédito", "50,00", "Dinheiro", "100,00", "Troco R$", "11,00",
        "Consulte pela Chave de Acesso em", "https://www.homologacao.nfce.fazenda.sp.gov.br/\n", "consulta",
        " ".join(groups[:6]),
        " ".join(groups[6:]),  # IV
        "CONSUMIDOR CPF: 529.982.247-25", "Maria Souza",  # VI
        "NFC-e nº 000000123 Série 001 12/05/2026 14:30:05", f"Protocolo de autorização: {note.protocol}",
        "Data de autorização: 12/05/2026 14:30:07",  # VII
        f"[{note.qr_code}]",  # V
        "EMITIDA EM AMBIENTE DE HOMOLOGAÇÃO - SEM VALOR",  # VIII
        "Tributos Totais Incidentes (Lei Federal", "12.741/2012): R$ 12,34", "Obrigado pela preferência",  # IX
    ]
    position = 0
    for piece in expected:
        found = text.find(piece, position)
        assert found >= 0, f"{piece!r} missing or out of order in:\n{text}"
        position = found + len(piece)
    assert "CONTINGÊNCIA" not in text


def test_what_the_xml_does_not_hold_is_not_printed() -> None:
    note = build_nfce(facts(discount_cents=0, payments=(Payment("17", 14430),), change_cents=0, environment=1,
                            qr_version=3))
    text = text_of(note.xml)
    assert "CONSUMIDOR NÃO IDENTIFICADO" in text
    assert "Valor a Pagar" not in text and "Desconto" not in text and "Acréscimos" not in text
    assert "Lei Federal 12.741" not in text and "Tributos" not in text  # no vTotTrib in this note
    assert "HOMOLOGAÇÃO" not in text and "Troco" not in text  # production; no vTroco group
    assert "PIX Dinâmico" in text and "https://www.nfce.fazenda.sp.gov.br/consulta" in text


def test_narrow_paper_keeps_every_line_within_32_columns() -> None:
    note = build_nfce(facts(consumer=Consumer("12ABC34501DE35", "Empresa ABC"), tax_total_cents=99))
    for columns in (48, 32):
        lines = lay_out(danfe_slip(parse_nfce(note.xml)), columns)
        widths = [len(line.text) * (2 if line.big else 1) for line in lines if isinstance(line, Line)]
        assert max(widths) <= columns
        qr = [line for line in lines if isinstance(line, QrLine)]
        assert len(qr) == 1 and qr[0].data == note.qr_code and qr[0].modules == len(qr[0].matrix[0])


@pytest.mark.parametrize(("version", "offline", "pattern"), [
    (2, False, r"\?p=\w{44}\|2\|2\|1\|[0-9A-F]{40}$"),
    (2, True, r"\?p=\w{44}\|2\|2\|12\|139\.00\|[0-9A-F]+\|1\|[0-9A-F]{40}$"),
    (3, False, r"\?p=\w{44}\|3\|2$"),
    (3, True, r"\?p=\w{44}\|3\|2\|12\|139\.00\|2\|52998224725\|[A-Za-z0-9+/=]{344}$"),
])
def test_both_qr_versions_are_printed_as_the_xml_has_them(version: int, offline: bool, pattern: str) -> None:
    note = build_nfce(facts(qr_version=version, offline=offline, consumer=Consumer("52998224725")))
    assert re.search(pattern, note.qr_code), note.qr_code
    assert parse_nfce(note.xml).qr_code == note.qr_code
    assert f"[{note.qr_code}]" in text_of(note.xml)


def test_a_pending_contingency_note_says_so_twice_and_has_no_protocol() -> None:
    note = build_nfce(facts(offline=True, authorized=False))
    parsed = parse_nfce(note.xml)
    assert parsed.contingency and parsed.protocol is None and parsed.key[34] == "9"
    text = text_of(note.xml)
    assert text.count("EMITIDA EM CONTINGÊNCIA") == 2 and text.count("Pendente de autorização") == 2
    assert "Protocolo" not in text


def test_the_escpos_bytes_carry_the_native_qr_command_with_the_xml_payload() -> None:
    note = build_nfce(facts(tax_total_cents=1234))
    slip = danfe_slip(parse_nfce(note.xml))
    payload = xml_qr_code(note.xml).encode("utf-8")
    modules = next(line for line in lay_out(slip, 48) if isinstance(line, QrLine)).modules
    for paper in (80, 58):
        raw = thermal.slip_bytes(slip, paper_mm=paper)
        size = raw[raw.index(b"\x1d(k\x03\x001C") + 7]  # function 167: the module, in dots
        assert modules * size >= 22 * 8 and (modules + 8) * size <= (576 if paper == 80 else 384)
        store = b"\x1d(k" + (len(payload) + 3).to_bytes(2, "little") + b"1P0" + payload  # function 180
        assert store in raw
        assert b"\x1d(k\x04\x001A2\x00" in raw  # model 2
        assert b"\x1d(k\x03\x001E1" in raw  # error correction M
        assert raw.index(store) < raw.index(b"\x1d(k\x03\x001Q0")  # then print the symbol (181)
        assert b"\x1bt\x03" in raw  # code page 860, the accents of Division I in it
        assert "Demonstração".encode("cp860") in raw and "Emitida".encode("cp860") not in raw


HOSTILE = [
    ('<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
     "<nfeProc>&lol2;</nfeProc>", "nfce_xml_invalid"),  # billion laughs, in small
    ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]><nfeProc>&ext;</nfeProc>',
     "nfce_xml_invalid"),  # an external entity
    ("not xml at all", "nfce_xml_invalid"),
    ("<nfeProc xmlns='http://www.portalfiscal.inf.br/nfe'/>", "nfce_xml_not_nfce"),
]


@pytest.mark.parametrize(("xml", "code"), HOSTILE)
def test_hostile_or_foreign_xml_is_refused(xml: str, code: str) -> None:
    with pytest.raises(DomainError) as info:
        parse_nfce(xml)
    assert info.value.code == code and "XML da NFC-e" in message_for(info.value)


def edited(xml: str, old: str, new: str) -> str:
    assert old in xml
    return xml.replace(old, new, 1)


def test_a_note_that_is_not_an_authorized_nfce_is_refused() -> None:
    xml = build_nfce(facts()).xml
    cases = {
        "nfce_xml_not_nfce": edited(xml, "<mod>65</mod>", "<mod>55</mod>"),
        "nfce_xml_not_authorized": edited(xml, "<cStat>100</cStat>", "<cStat>302</cStat>"),  # denegada
        "nfce_xml_key_mismatch": edited(xml, "<digVal>", "<digVal>X"),
    }
    key = parse_nfce(xml).key
    other = key[:43] + str((int(key[43]) + 1) % 10)
    cases["access_key_check_digit"] = xml.replace(f'Id="NFe{key}"', f'Id="NFe{other}"')
    cases["nfce_xml_not_authorized " + "no protocol"] = re.sub(r"<protNFe.*</protNFe>", "", xml)
    for code, bad in cases.items():
        with pytest.raises(DomainError) as info:
            parse_nfce(bad)
        assert info.value.code == code.split()[0], code
    chave = edited(xml, f"<chNFe>{key}</chNFe>", f"<chNFe>{key[:43]}{(int(key[43]) + 1) % 10}</chNFe>")
    with pytest.raises(DomainError) as info:
        parse_nfce(chave)
    assert info.value.code == "nfce_xml_key_mismatch"
    late = parse_nfce(edited(xml, "<cStat>100</cStat>", "<cStat>150</cStat>"))  # authorized late: printed
    assert late.protocol is not None and late.protocol.status == 150


def test_a_huge_document_is_refused_before_parsing() -> None:
    with pytest.raises(DomainError) as info:
        parse_nfce("<a>" + "x" * 6_000_000 + "</a>")
    assert info.value.code == "nfce_xml_invalid"


def test_an_unknown_payment_code_reads_outros_with_its_number() -> None:
    note = build_nfce(facts(payments=(Payment("91", 5000), Payment("99", 8900, "Permuta")), change_cents=0))
    text = text_of(note.xml)
    assert "Outros (91)" in text and "Permuta" in text

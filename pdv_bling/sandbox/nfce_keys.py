"""The stand-in's own arithmetic of an NFC-e (used by `nfce_xml`): the access key with its check
digit, the CNPJ's check digits (alphanumeric CNPJ included), the QR code's text in versions 2 and
3 of the "Manual de Padrões Técnicos do DANFE NFC-e e QR Code", and the SEFAZ query URLs.

Written apart from the product's validator (`pdv_bling/domain/nfce.py`): a key made here and
accepted there checks both. Every check digit is the SEFAZ mod 11 (weights 2..9 from the right,
remainder 0 or 1 gives 0) on each character's code minus 48, so letters count A = 17 ... Z = 42
(Receita Federal, CNPJ alfanumérico; NT 2025.001) and digits keep their value."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re

# IBGE code of each UF (the key's first two digits)
UF_CODES = {
    "RO": "11", "AC": "12", "AM": "13", "RR": "14", "PA": "15", "AP": "16", "TO": "17", "MA": "21",
    "PI": "22", "CE": "23", "RN": "24", "PB": "25", "PE": "26", "AL": "27", "SE": "28", "BA": "29",
    "MG": "31", "ES": "32", "RJ": "33", "SP": "35", "PR": "41", "SC": "42", "RS": "43", "MS": "50",
    "MT": "51", "GO": "52", "DF": "53",
}
# (QR code URL, urlChave) per UF and tpAmb (1 produção, 2 homologação), as the ENCAT tables list
# them (copy in TadaSoftware/PyNFe pynfe/utils/webservices.py). Another UF: pass both URLs.
SEFAZ_URLS: dict[tuple[str, int], tuple[str, str]] = {
    ("SP", 1): ("https://www.nfce.fazenda.sp.gov.br/NFCeConsultaPublica/Paginas/ConsultaQRCode.aspx",
                "https://www.nfce.fazenda.sp.gov.br/consulta"),
    ("SP", 2): ("https://www.homologacao.nfce.fazenda.sp.gov.br/NFCeConsultaPublica/Paginas/ConsultaQRCode.aspx",
                "https://www.homologacao.nfce.fazenda.sp.gov.br/consulta"),
    ("PR", 1): ("http://www.fazenda.pr.gov.br/nfce/qrcode", "http://www.fazenda.pr.gov.br/nfce/consulta"),
    ("PR", 2): ("http://www.fazenda.pr.gov.br/nfce/qrcode", "http://www.fazenda.pr.gov.br/nfce/consulta"),
    ("RS", 1): ("https://www.sefaz.rs.gov.br/NFCE/NFCE-COM.aspx", "https://www.sefaz.rs.gov.br/NFCE/NFCE-COM.aspx"),
    ("RS", 2): ("https://www.sefaz.rs.gov.br/NFCE/NFCE-COM.aspx", "https://www.sefaz.rs.gov.br/NFCE/NFCE-COM.aspx"),
    ("MG", 1): ("https://portalsped.fazenda.mg.gov.br/portalnfce/sistema/qrcode.xhtml",
                "https://portalsped.fazenda.mg.gov.br/portalnfce"),
    ("MG", 2): ("https://portalsped.fazenda.mg.gov.br/portalnfce/sistema/qrcode.xhtml",
                "https://portalsped.fazenda.mg.gov.br/portalnfce"),
}
# The CSC of SEFAZ's homologação examples (MAN6 4.3): the stand-in's, never a store's.
DEMO_CSC_ID = "1"
DEMO_CSC = "0123456789"
DEMO_NUMERIC_CNPJ = "12345678000195"
DEMO_ALPHANUMERIC_CNPJ = "12ABC34501DE35"  # the Receita Federal's published example (12.ABC.345/01DE-35)


def mod11(text: str) -> int:
    total, weight = 0, 2
    for char in reversed(text):
        total += (ord(char) - 48) * weight
        weight = 2 if weight == 9 else weight + 1
    rest = total % 11
    return 0 if rest < 2 else 11 - rest


def cnpj_with_check_digits(base12: str) -> str:
    """The 14-character CNPJ of a 12-character base (digits or capital letters)."""
    base = base12.upper()
    if not re.fullmatch(r"[0-9A-Z]{12}", base):
        raise ValueError(f"a CNPJ base has 12 digits or capital letters: {base12!r}")
    first = mod11(base)
    return f"{base}{first}{mod11(base + str(first))}"


def cnpj_valid(cnpj: str) -> bool:
    return bool(re.fullmatch(r"[0-9A-Z]{12}[0-9]{2}", cnpj)) and cnpj_with_check_digits(cnpj[:12]) == cnpj


def access_key(*, uf: str, issued_at: dt.datetime, cnpj: str, series: int, number: int, emission_type: int,
               code: int, model: str = "65") -> str:
    """cUF + AAMM + CNPJ + mod + série + nNF + tpEmis + cNF, then the check digit (44 characters)."""
    first43 = f"{UF_CODES[uf]}{issued_at:%y%m}{cnpj}{model}{series:03d}{number:09d}{emission_type}{code:08d}"
    if len(first43) != 43:
        raise ValueError(f"key fields do not add up to 43 characters: {first43!r}")
    return first43 + str(mod11(first43))


def urls(uf: str, environment: int) -> tuple[str, str]:
    try:
        return SEFAZ_URLS[(uf, environment)]
    except KeyError:
        raise ValueError(f"no SEFAZ URLs known for {uf}: pass qr_url and url_chave") from None


def money(cents: int) -> str:
    """XML decimal with two places: 1234 -> "12.34"."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def qr_code_v2(*, url: str, key: str, environment: int, csc_id: str, csc: str, offline: bool,
               day: int = 0, total_cents: int = 0, digest_value: str = "") -> str:
    """Version 2 (MAN6 4.3): online `chave|2|tpAmb|idCSC|hash`; off-line `chave|2|tpAmb|dia|vNF|
    digVal|idCSC|hash`, `digVal` the DigestValue in hexadecimal; `hash` is the SHA-1 (hex, upper
    case) of the parameters before it with the CSC appended."""
    if offline:
        digest_hex = digest_value.encode("ascii").hex().upper()
        params = f"{key}|2|{environment}|{day:02d}|{money(total_cents)}|{digest_hex}|{int(csc_id)}"
    else:
        params = f"{key}|2|{environment}|{int(csc_id)}"
    digest = hashlib.sha1((params + csc).encode("utf-8")).hexdigest().upper()
    return f"{url}?p={params}|{digest}"


def qr_code_v3(*, url: str, key: str, environment: int, offline: bool, day: int = 0, total_cents: int = 0,
               consumer_kind: str = "", consumer_id: str = "") -> str:
    """Version 3 (MAN6 4.4, NT 2025.001): online `chave|3|tpAmb` (no CSC); off-line `chave|3|tpAmb|
    dia|vNF|tpIdDest|idDest|assinatura`. The stand-in holds no certificate: `assinatura` is 256
    bytes derived from the parameters, Base64, the size of an RSA-2048 signature, not a signature."""
    if not offline:
        return f"{url}?p={key}|3|{environment}"
    kind = {"CNPJ": "1", "CPF": "2", "idEstrangeiro": "3"}.get(consumer_kind, "")
    params = f"{key}|3|{environment}|{day:02d}|{money(total_cents)}|{kind}|{consumer_id}"
    return f"{url}?p={params}|{pseudo_signature(params)}"


def pseudo_signature(text: str, size: int = 256) -> str:
    """Base64 of `size` bytes drawn from SHA-256 of `text`: a stand-in for an RSA signature."""
    out = b""
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(f"{counter}:{text}".encode()).digest()
        counter += 1
    return base64.b64encode(out[:size]).decode("ascii")

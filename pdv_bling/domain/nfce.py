"""NF-e / NFC-e access keys (chave de acesso): 44 characters, mod-11 check digit, model 55 or 65.

From schema PL_010 on (NT 2025.001, the alphanumeric CNPJ of IN RFB 2.229/2024), the 12 positions
of the issuer's CNPJ base (key positions 7 to 18) may hold capital letters: `TChNFe` is
`[0-9]{6}[0-9A-Z]{12}[0-9]{26}`. Every check digit, the key's and the CNPJ's, is then computed on
each character's code minus 48 (digits keep their value, A = 17 ... Z = 42), so a numeric key's
digit is what it always was."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from stdnum.br import cnpj as stdnum_cnpj
from stdnum.br import cpf as stdnum_cpf

from pdv_bling.domain.errors import DomainError

# IBGE codes of the 27 UFs (the key's first two digits)
UF_CODES = frozenset({"11", "12", "13", "14", "15", "16", "17", "21", "22", "23", "24", "25", "26", "27", "28",
                      "29", "31", "32", "33", "35", "41", "42", "43", "50", "51", "52", "53"})


@dataclass(frozen=True)
class AccessKey:
    key: str

    @property
    def uf_code(self) -> str:
        return self.key[0:2]

    @property
    def year_month(self) -> str:  # AAMM
        return self.key[2:6]

    @property
    def issuer(self) -> str:
        return self.key[6:20]

    @property
    def model(self) -> str:
        return self.key[20:22]

    @property
    def series(self) -> int:
        return int(self.key[22:25])

    @property
    def number(self) -> int:
        return int(self.key[25:34])


KEY_PATTERN = re.compile(r"[0-9]{6}[0-9A-Z]{12}[0-9]{26}")


def char_value(char: str) -> int:
    """A key's or a CNPJ's character in the mod-11 sum: its code minus 48 ("7" = 7, "A" = 17)."""
    return ord(char) - 48


def check_digit(first43: str) -> int:
    """SEFAZ mod-11 with weights 2..9 from the right; remainder 0 or 1 gives 0."""
    total = 0
    weight = 2
    for char in reversed(first43):
        total += char_value(char) * weight
        weight = 2 if weight == 9 else weight + 1
    rest = total % 11
    return 0 if rest < 2 else 11 - rest


def parse_access_key(text: object, *, field: str = "chave_acesso") -> AccessKey:
    if not isinstance(text, str):
        raise DomainError("access_key_invalid", field)
    compact = re.sub(r"[\s.-]", "", text).upper()
    if not re.fullmatch(r"[0-9A-Z]*", compact):
        raise DomainError("access_key_not_digits", field)
    if len(compact) != 44:
        raise DomainError("access_key_length", field, {"length": len(compact)})
    if not KEY_PATTERN.fullmatch(compact):  # letters outside the issuer's CNPJ base
        raise DomainError("access_key_not_digits", field)
    if check_digit(compact[:43]) != int(compact[43]):
        raise DomainError("access_key_check_digit", field)
    key = AccessKey(compact)
    if key.model not in ("55", "65"):
        raise DomainError("access_key_model", field, {"model": key.model})
    month = int(key.year_month[2:])
    if not 1 <= month <= 12:
        raise DomainError("access_key_invalid", field)
    if key.uf_code not in UF_CODES:
        raise DomainError("access_key_uf", field, {"uf": key.uf_code})
    if not issuer_valid(key.issuer):
        raise DomainError("access_key_issuer", field)
    return key


def issuer_valid(issuer: str) -> bool:
    """The issuer's CNPJ (14 digits, or 12 letters and digits + 2 digits), or a CPF written as
    000 + 11 digits (NF-e of a person)."""
    if stdnum_cnpj.is_valid(issuer):
        return True
    return issuer.startswith("000") and stdnum_cpf.is_valid(issuer[3:]) and len(set(issuer[3:])) > 1


def key_month(key: AccessKey) -> tuple[int, int]:
    """(year, month) the key was issued in (AAMM)."""
    return 2000 + int(key.year_month[:2]), int(key.year_month[2:])


def make_access_key(
    *, uf: str = "35", when: dt.date, cnpj: str, model: str = "65", series: int = 1, number: int, code: int = 0
) -> str:
    """Build a valid key (demo data and tests). `code` is the 8-digit cNF, tpEmis fixed at 1;
    `cnpj` may be alphanumeric."""
    first43 = f"{uf}{when:%y%m}{cnpj.upper():0>14}{model}{series:03d}{number:09d}1{code:08d}"
    return first43 + str(check_digit(first43))


def group_key(key: str) -> str:
    """The key as the DANFE prints it: 11 groups of 4 characters separated by spaces."""
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))

"""CPF and CNPJ (alphanumeric CNPJ included, in force since July 2026) via python-stdnum."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from stdnum.br import cnpj as stdnum_cnpj
from stdnum.br import cpf as stdnum_cpf

from pdv_bling.domain.errors import DomainError


@dataclass(frozen=True)
class Document:
    kind: Literal["CPF", "CNPJ"]
    value: str  # compact: 11 digits, or 14 characters (12 alphanumeric + 2 digits)

    @property
    def tipo_pessoa(self) -> Literal["F", "J"]:
        return "F" if self.kind == "CPF" else "J"

    @property
    def masked(self) -> str:
        return "***" + self.value[-4:]

    def formatted(self) -> str:
        return stdnum_cpf.format(self.value) if self.kind == "CPF" else stdnum_cnpj.format(self.value)


def parse_document(text: object, *, field: str = "documento") -> Document:
    """A valid CPF or CNPJ from user input (mask characters ignored), else DomainError."""
    if not isinstance(text, str):
        raise DomainError("document_invalid", field, {"value": ""})
    compact = re.sub(r"[\s./-]", "", text).upper()
    if not compact:
        raise DomainError("document_missing", field)
    if not re.fullmatch(r"[0-9A-Z]+", compact):
        raise DomainError("document_invalid", field, {"value": compact[-4:]})
    if len(compact) == 11 and not compact.isdigit():  # a CPF has digits only (a CNPJ has 14 characters)
        letters = "".join(dict.fromkeys(c for c in compact if not c.isdigit()))
        raise DomainError("cpf_not_digits", field, {"value": letters[:5]})
    if len(compact) == 11:
        # python-stdnum accepts 111.111.111-11 ... 999.999.999-99 (their check digits add up);
        # the Receita Federal never issues them and they are the classic typed-in dummy CPF.
        if stdnum_cpf.is_valid(compact) and len(set(compact)) > 1:
            return Document("CPF", compact)
        raise DomainError("cpf_invalid", field, {"value": compact[-4:]})
    if len(compact) == 14:
        if stdnum_cnpj.is_valid(compact):
            return Document("CNPJ", compact)
        raise DomainError("cnpj_invalid", field, {"value": compact[-4:]})
    raise DomainError("document_length", field, {"length": len(compact)})

"""Who issued the slip: the store's name, CNPJ and address, atop every slip.

Bling's company data (`GET /empresas/me/dados-basicos`: `nome`, `cnpj`), kept in the settings
when the app connects and at every account check (`store.settings.save_company`), names the
store. Bling's basic data has no address: that comes from the header lines of Configurações ›
Impressora (a line repeating the name or the CNPJ is not printed twice). Without Bling's data the
header lines alone, as the manager typed them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy.orm import Session

from pdv_bling.domain.documents import parse_document
from pdv_bling.domain.errors import DomainError
from pdv_bling.slips.layout import one_line
from pdv_bling.store.settings import BLING_COMPANY, get_value


def store_identity(session: Session, header: Sequence[str] = ()) -> tuple[str, ...]:
    """The lines atop a slip: name (printed bold), "CNPJ 12.345.678/0001-95", then the address."""
    company = get_value(session, BLING_COMPANY)
    lines = [one_line(line).strip() for line in header if line.strip()]
    if not isinstance(company, dict):
        return tuple(lines)
    name = one_line(str(company.get("nome") or "")).strip()
    cnpj = formatted_cnpj(str(company.get("cnpj") or ""))
    digits = _digits(cnpj)
    rest = [line for line in lines
            if line.casefold() != name.casefold() and not (digits and digits in _digits(line))]
    top = [name] if name else rest[:1]
    if not name:
        rest = rest[1:]
    return tuple([*top, *([f"CNPJ {cnpj}"] if cnpj else []), *rest])


def formatted_cnpj(text: str) -> str:
    """12.345.678/0001-95 (alphanumeric CNPJ too); as Bling wrote it when it is not a valid one."""
    try:
        document = parse_document(text)
    except DomainError:
        return one_line(text).strip()
    return document.formatted() if document.kind == "CNPJ" else one_line(text).strip()


def _digits(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", text).upper() if re.search(r"\d{6}", re.sub(r"[./-]", "", text)) else ""

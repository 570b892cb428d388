"""Where Bling's OpenAPI document and live Bling disagree (docs/bling-api-v3.md section 10).

Pure data plus `relaxed_spec()`, which returns a relaxed deep copy of the document. The client's
conformance test and the Bling stand-in both validate against the relaxed copy; everything not
listed here holds as written. Load the result with openapi-core spec validation turned off
(quirk 6: the optional path parameter `aliasIntegracao` fails openapi-core's own spec check).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RequiredQuirk:
    """Drop `names` from the `required` list of `#/components/schemas/<schema>`."""

    schema: str
    names: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class ArrayDataQuirk:
    """The 200 response of `method path` declares `data` as an object; Bling sends a list of them."""

    method: str
    path: str
    reason: str


REQUIRED_QUIRKS: tuple[RequiredQuirk, ...] = (
    RequiredQuirk(
        "VendasDadosBaseDTO",
        ("dataSaida", "dataPrevista"),
        "Only required when the account's 'Data para geração de parcelas' uses them; POS "
        "integrations send only `data` and live Bling accepts it (section 6.8).",
    ),
    RequiredQuirk(
        "VendasDadosBaseDTO_PUT",
        ("dataSaida", "dataPrevista"),
        "Same as POST: the PUT body is the same order shape (section 6.8).",
    ),
    RequiredQuirk(
        "VendasItemDTO",
        ("id", "valorLista"),
        "`itens[].id` is ignored on POST and stale ids are refused on PUT; `valorLista` is not even "
        "defined as a property. Working bodies send produto.id, quantidade, valor, descricao.",
    ),
    RequiredQuirk(
        "VendasParcelaDTO",
        ("id",),
        "`parcelas[].id` is ignored on POST and a stale id is refused on PUT (section 6.8).",
    ),
    RequiredQuirk(
        "ErrorResponse",
        ("error.type", "message", "description"),
        "These are required of the inner `Error` object, not of the top level: real bodies are "
        '`{"error": {...}}` only (section 10.2).',
    ),
)

ARRAY_DATA_QUIRKS: tuple[ArrayDataQuirk, ...] = (
    ArrayDataQuirk("get", "/vendedores", "Declared as an object; Bling returns a list of vendedores (section 6.5)."),
)

# Bling sends "0000-00-00" for an unset date where the schema says `format: date` (section 10.4).
EMPTY_DATE = "0000-00-00"
EMPTY_DATE_REASON = "Bling returns '0000-00-00' for unset dates; the schema says format: date."

# Not in the document at all (section 10.5): OAuth endpoints, 401 and 429 responses.
UNDOCUMENTED_PATHS = ("/oauth/authorize", "/oauth/token", "/oauth/revoke")
UNDOCUMENTED_STATUSES = (401, 429)


def relaxed_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of the OpenAPI document with exactly the quirks above relaxed."""
    relaxed = copy.deepcopy(spec)
    schemas = relaxed["components"]["schemas"]
    for quirk in REQUIRED_QUIRKS:
        schema = schemas[quirk.schema]
        missing = [n for n in quirk.names if n not in schema.get("required", [])]
        if missing:
            raise ValueError(f"spec quirk no longer applies to {quirk.schema}: {missing}")
        schema["required"] = [n for n in schema["required"] if n not in quirk.names]
        if not schema["required"]:
            del schema["required"]
    for array_quirk in ARRAY_DATA_QUIRKS:
        content = relaxed["paths"][array_quirk.path][array_quirk.method]["responses"]["200"]["content"]
        props = content["application/json"]["schema"]["properties"]
        item = props["data"]
        if item.get("type") == "array":
            raise ValueError(f"spec quirk no longer applies to {array_quirk.path}")
        props["data"] = {"type": "array", "items": item}
    return relaxed


def is_empty_date(value: Any) -> bool:
    return isinstance(value, str) and value == EMPTY_DATE

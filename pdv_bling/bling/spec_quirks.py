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
        "ProdutosVariacaoDTO",
        ("atributos",),
        "`atributos` is listed as required but not defined as a property (like `valorLista`); "
        "variations carry their attributes in `variacao.nome` (section 6.1).",
    ),
    RequiredQuirk(
        "CaixasBancosSalvarLancamentoDTO",
        ("idContaContabil",),
        "`idContaContabil` is listed as required but not defined as a property; the generated SDK "
        "sends `contaFinanceira.id` (nfce-and-caixa.md §F, UNCONFIRMED which one the server reads). "
        "The client sends both; the stand-in's trap `caixas_conta_field` chooses the one it reads.",
    ),
    RequiredQuirk(
        "NotasFiscaisDadosGetDTO",
        ("data", "valor"),
        "Listed as required but not defined as properties of the note (like `valorLista`): a note's "
        "date is `dataEmissao` and its value `valorNota` (section 6.9).",
    ),
    RequiredQuirk(
        "ErrorResponse",
        ("error.type", "message", "description"),
        "These are required of the inner `Error` object, not of the top level: real bodies are "
        '`{"error": {...}}` only (section 10.2).',
    ),
)

@dataclass(frozen=True)
class EnumQuirk:
    """Add `values` to the enum of `#/components/schemas/<schema>.properties.<prop>`."""

    schema: str
    prop: str
    values: tuple[str, ...]
    reason: str


ENUM_QUIRKS: tuple[EnumQuirk, ...] = tuple(
    EnumQuirk(schema, "situacao", ("E",), "Deleted products come back with situacao 'E' from criterio=4/5, "
              "outside the documented ['A', 'I'] (section 6.1).")
    for schema in ("ProdutosDadosBaseDTO", "ProdutosDadosBaseDTO_GetByID")
)

ARRAY_DATA_QUIRKS: tuple[ArrayDataQuirk, ...] = (
    ArrayDataQuirk("get", "/vendedores", "Declared as an object; Bling returns a list of vendedores (section 6.5)."),
)

# Bling sends "0000-00-00" for an unset date where the schema says `format: date` (section 10.4):
# `format: date` becomes a YYYY-MM-DD pattern, which still refuses anything not shaped as a date.
EMPTY_DATE = "0000-00-00"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
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
    for enum_quirk in ENUM_QUIRKS:
        prop = schemas[enum_quirk.schema]["properties"][enum_quirk.prop]
        prop["enum"] = [*prop["enum"], *(v for v in enum_quirk.values if v not in prop["enum"])]
    _relax_dates(relaxed)
    return relaxed


def _relax_dates(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("format") == "date" and node.get("type") == "string":
            del node["format"]
            node["pattern"] = DATE_PATTERN
        for value in node.values():
            _relax_dates(value)
    elif isinstance(node, list):
        for value in node:
            _relax_dates(value)


def is_empty_date(value: Any) -> bool:
    return isinstance(value, str) and value == EMPTY_DATE

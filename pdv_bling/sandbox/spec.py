"""Bling's OpenAPI document (pruned copy in `sandbox/openapi.json`) and request validation.

The document is loaded lazily and cached, so start-up does not pay for it. `relaxed_spec()` applies
the "spec quirks" of the field guide (section 10) in one place, each with its reason; the same
relaxed document serves request validation here and response validation in the contract test.
"""

from __future__ import annotations

import copy
import json
import re
import threading
from functools import lru_cache
from importlib import resources
from typing import Any

from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30WriteValidator, oas30_format_checker

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
_lock = threading.Lock()


@lru_cache(maxsize=1)
def raw_spec() -> dict[str, Any]:
    text = resources.files("pdv_bling.sandbox").joinpath("openapi.json").read_text(encoding="utf-8")
    doc: dict[str, Any] = json.loads(text)
    return doc


def _drop_required(schema: dict[str, Any], *names: str) -> None:
    schema["required"] = [n for n in schema.get("required", []) if n not in names]
    if not schema["required"]:
        del schema["required"]


def _relax_dates(node: Any) -> None:
    """Quirk 4: Bling answers "0000-00-00" for unset dates where the schema says `format: date`."""
    if isinstance(node, dict):
        if node.get("format") == "date" and node.get("type") == "string":
            del node["format"]
            node["pattern"] = DATE_PATTERN
        for value in node.values():
            _relax_dates(value)
    elif isinstance(node, list):
        for value in node:
            _relax_dates(value)


def relax(doc: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of `doc` with the documented over-strict parts relaxed."""
    spec = copy.deepcopy(doc)
    schemas = spec["components"]["schemas"]
    # Quirk 1: live Bling accepts orders without dataSaida/dataPrevista and items/parcelas without
    # ids (ids are ignored on POST); `valorLista` is not even a property.
    for name in ("VendasDadosBaseDTO", "VendasDadosBaseDTO_PUT"):
        _drop_required(schemas[name], "dataSaida", "dataPrevista")
    _drop_required(schemas["VendasItemDTO"], "id", "valorLista")
    _drop_required(schemas["VendasParcelaDTO"], "id")
    # Quirk 2: real error bodies are {"error": {...}}; the inner Error schema is right.
    schemas["ErrorResponse"]["required"] = ["error"]
    # Quirk 3: GET /vendedores returns a list, not an object.
    ok = spec["paths"]["/vendedores"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    ok["properties"]["data"] = {"type": "array", "items": {"$ref": "#/components/schemas/VendedoresDadosBaseDTO"}}
    # Quirk 7 (sandbox finding, field guide 6.1): deleted products come back with situacao "E"
    # from criterio=4/5, outside the documented enum ["A", "I"].
    for name in ("ProdutosDadosBaseDTO", "ProdutosDadosBaseDTO_GetByID"):
        prop = schemas[name]["properties"]["situacao"]
        prop["enum"] = [*prop["enum"], "E"]
    _relax_dates(spec)
    return spec


@lru_cache(maxsize=1)
def relaxed_spec() -> dict[str, Any]:
    return relax(raw_spec())


def _template_regex(template: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\{[^}]+\}", r"[^/]+", template) + "$")


@lru_cache(maxsize=64)
def _body_validator(path: str, method: str) -> OAS30WriteValidator | None:
    spec = relaxed_spec()
    op = spec["paths"][path][method]
    body = op.get("requestBody")
    if body is None:
        return None
    schema = dict(body["content"]["application/json"]["schema"])
    schema["components"] = spec["components"]  # so "#/components/..." resolves in this document
    return OAS30WriteValidator(schema, format_checker=oas30_format_checker)


def body_errors(path_template: str, method: str, body: Any) -> list[ValidationError]:
    """Errors of `body` against the request schema of the operation (empty when valid)."""
    with _lock:
        validator = _body_validator(path_template, method.lower())
    if validator is None:
        return []
    return sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))


def error_fields(errors: list[ValidationError]) -> list[dict[str, Any]]:
    """Turn schema errors into Bling's `fields[]` (UNCONFIRMED codes: Bling's are internal)."""
    out: list[dict[str, Any]] = []
    for err in errors[:20]:
        where = ".".join(str(p) for p in err.absolute_path)
        element = where or (err.message.split("'")[1] if err.validator == "required" else "")
        out.append({"code": 1 if err.validator == "required" else 2, "msg": err.message, "element": element})
    return out


@lru_cache(maxsize=128)
def has_body(path_template: str, method: str) -> bool:
    op = raw_spec()["paths"].get(path_template, {}).get(method, {})
    return "requestBody" in op

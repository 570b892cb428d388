"""Bling's OpenAPI document (pruned copy in `sandbox/openapi.json`) and request validation.

The document is loaded lazily and cached, so start-up does not pay for it. `relaxed_spec()` applies
the "spec quirks" of the field guide (section 10) in one place, each with its reason; the same
relaxed document serves request validation here and response validation in the contract test.
"""

from __future__ import annotations

import json
import re
import threading
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from pdv_bling.bling import spec_quirks as bling_quirks

if TYPE_CHECKING:  # the validator (jsonschema, pydantic...) is imported on the first body to check:
    # the demo's start and its catalogue pull (GETs only) never pay for it
    from jsonschema.exceptions import ValidationError
    from openapi_schema_validator import OAS30WriteValidator

_lock = threading.Lock()


@lru_cache(maxsize=1)
def raw_spec() -> dict[str, Any]:
    text = resources.files("pdv_bling.sandbox").joinpath("openapi.json").read_text(encoding="utf-8")
    doc: dict[str, Any] = json.loads(text)
    return doc


def relax(doc: dict[str, Any]) -> dict[str, Any]:
    """Every relaxation lives in one place, `pdv_bling.bling.spec_quirks`, shared with the client."""
    return bling_quirks.relaxed_spec(doc)


@lru_cache(maxsize=1)
def relaxed_spec() -> dict[str, Any]:
    return relax(raw_spec())


def _template_regex(template: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\{[^}]+\}", r"[^/]+", template) + "$")


@lru_cache(maxsize=64)
def _body_validator(path: str, method: str) -> OAS30WriteValidator | None:
    from openapi_schema_validator import OAS30WriteValidator, oas30_format_checker

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


# Texts a live account answered (field guide §11 row 12, LIVE); the rest follow their style.
KNOWN_TEXTS = {"situacao": "Situação inválida", "tipo": "O tipo da pessoa é um campo obrigatório"}


def _pt_message(err: ValidationError, element: str) -> str:
    """Bling validates in Portuguese; jsonschema's English text never reaches the client."""
    name = element.rsplit(".", 1)[-1]
    if name in KNOWN_TEXTS and err.validator in ("required", "enum", "type"):
        return KNOWN_TEXTS[name]
    if err.validator == "required":
        return f"O campo {element} é obrigatório"
    if err.validator == "enum":
        return f"Valor inválido para o campo {element}"
    if err.validator == "type":
        return f"O campo {element} está com o tipo inválido"
    if err.validator == "format":
        return f"O campo {element} está com o formato inválido"
    return f"O campo {element or 'informado'} é inválido"


def error_fields(errors: list[ValidationError]) -> list[dict[str, Any]]:
    """Turn schema errors into Bling's `fields[]`, in Portuguese (UNCONFIRMED codes: Bling's are internal)."""
    out: list[dict[str, Any]] = []
    for err in errors[:20]:
        where = ".".join(str(p) for p in err.absolute_path)
        missing = err.message.split("'")[1] if err.validator == "required" else ""
        element = ".".join(p for p in (where, missing) if p)
        out.append({"code": 1 if err.validator == "required" else 2, "msg": _pt_message(err, element),
                    "element": element})
    return out


@lru_cache(maxsize=128)
def has_body(path_template: str, method: str) -> bool:
    op = raw_spec()["paths"].get(path_template, {}).get(method, {})
    return "requestBody" in op

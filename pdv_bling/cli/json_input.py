"""Reading the JSON a PDV hands over (`sale add`, `troca add`) strictly, every refusal a pt_BR
`DomainError` naming the field where one can be named, never a traceback.

UTF-8 (a byte-order mark is fine); no repeated keys; nesting deeper than `MAX_DEPTH` is refused
before it is parsed, naming the field it sits in (`itens[0][0]…`); a file of up to `MAX_BYTES` is
read whole, so a 20 MB name is refused by the field's own rule (`cliente.nome: texto longo
demais`) rather than as "a big file"; beyond that the file itself is refused with its size.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pdv_bling.domain.errors import DomainError, DomainErrors

MAX_DEPTH = 20  # a sale is 4 levels deep; far deeper input is refused before it is walked
MAX_BYTES = 32_000_000
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},]')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen[key] = value
    return seen


def load_json(raw: bytes) -> Any:
    """The parsed JSON of `raw`, or DomainErrors in pt_BR (see the module's docstring)."""
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    if len(raw) > MAX_BYTES:
        sizes = {"size": f"{len(raw) / 1_000_000:.0f}", "max": f"{MAX_BYTES // 1_000_000}"}
        raise DomainErrors([DomainError("json_too_large", None, sizes)])
    text = raw.decode("utf-8", "replace")
    deep = too_deep(text)
    if deep is not None:
        raise DomainErrors([DomainError("json_too_deep", deep or None, {"max": MAX_DEPTH})])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DomainErrors([_encoding_error(raw)]) from None
    try:
        return json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        detail = f"linha {exc.lineno}, coluna {exc.colno}: {_pt_json(exc.msg)}"
        raise DomainErrors([DomainError("json_invalid", None, {"detail": detail})]) from None
    except _DuplicateKey as exc:
        raise DomainErrors([DomainError("json_duplicate_key", None, {"key": shown(exc.key)})]) from None
    except (ValueError, RecursionError):  # an integer of thousands of digits
        raise DomainErrors([DomainError("json_number_too_long")]) from None


def too_deep(text: str) -> str | None:
    """None when no [ or { outside strings nests deeper than MAX_DEPTH; else the JSON path of the
    field holding the first one too deep (cut short: `itens[0][0][0]…`)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    depth = 0
    for char in brackets:
        depth += 1 if char in "[{" else -1
        if depth > MAX_DEPTH:
            return _deep_path(text)
    return None


def _deep_path(text: str) -> str:
    """The path of the container opened at depth MAX_DEPTH + 1 (keys and indexes on the way)."""
    stack: list[list[Any]] = []  # [kind, key or index]
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            stack.append(["arr", 0] if token == "[" else ["obj", None])
            if len(stack) > MAX_DEPTH:
                return _path_of(stack[:-1])
        elif token in "]}":
            if stack:
                stack.pop()
        elif token == ",":
            if stack:
                stack[-1][1] = stack[-1][1] + 1 if stack[-1][0] == "arr" else None
        elif stack and stack[-1][0] == "obj" and stack[-1][1] is None:
            try:
                stack[-1][1] = str(json.loads(token))
            except ValueError:
                stack[-1][1] = "?"
    return ""


def _path_of(frames: list[list[Any]]) -> str:
    path = ""
    for kind, key in frames:
        path += f"[{key}]" if kind == "arr" else (f".{shown(str(key))}" if path else shown(str(key)))
        if len(path) > 40:
            return path[:40] + "…"
    return path


_JSON_MESSAGES = (
    ("Expecting value", "valor esperado"),
    ("Expecting property name enclosed in double quotes", "nome de campo entre aspas duplas esperado"),
    ("Expecting ',' delimiter", "vírgula esperada"),
    ("Expecting ':' delimiter", "dois-pontos esperado"),
    ("Unterminated string starting at", "texto sem aspas de fechamento"),
    ("Invalid control character at", "caractere de controle dentro de um texto"),
    ("Invalid \\escape", "sequência de escape inválida"),
    ("Extra data", "conteúdo a mais depois do JSON"),
)


def _pt_json(message: str) -> str:
    for english, portuguese in _JSON_MESSAGES:
        if message.startswith(english):
            return portuguese
    return "JSON malformado"


def shown(text: str) -> str:
    return "".join(c if c.isprintable() else "?" for c in text)[:40]


def _encoding_error(raw: bytes) -> DomainError:
    """Name the field holding the bytes that are not UTF-8, when the JSON is otherwise readable."""
    try:
        data = json.loads(raw.decode("utf-8", "surrogateescape"))
    except (ValueError, RecursionError):
        return DomainError("encoding_invalid")
    path = _bad_text_path(data, "")
    return DomainError("text_encoding_invalid", path) if path else DomainError("encoding_invalid")


def _bad_text_path(data: Any, path: str) -> str | None:
    if isinstance(data, str):
        return (path or "venda") if any("\udc80" <= c <= "\udcff" for c in data) else None
    children = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in children:
        here = f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}" if path else str(key)
        if isinstance(key, str) and _bad_text_path(key, "-"):
            return path or "venda"  # never echo the bad bytes: name the object holding the key
        found = _bad_text_path(value, here)
        if found:
            return found
    return None

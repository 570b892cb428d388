"""Logging to a rotating file, through a filter that keeps secrets and documents out.

The filter rewrites every record's final message: `Authorization` headers, bearer tokens,
access/refresh tokens, client secrets and codes become `***`; CPF/CNPJ (digits, formatted, or
alphanumeric CNPJ) keep only their last 4 characters.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

_SECRET_KEYS = (
    r"access_token|refresh_token|client_secret|clientSecret|id_token|token|code|password|secret"
)
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # Authorization: Bearer xxx / Basic xxx (header dumps, dict reprs)
    (re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?)(bearer|basic)?\s*[^'\"\s,}]+"), r"\1\2 ***"),
    (re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]+"), r"\1 ***"),
    # key=value, key: value, "key": "value" for secret-bearing keys
    (
        re.compile(r"(?i)(['\"]?\b(?:" + _SECRET_KEYS + r")\b['\"]?\s*[:=]\s*['\"]?)([^'\"\s&,}]+)"),
        r"\1***",
    ),
    # JWTs anywhere (three base64url parts)
    (re.compile(r"\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+"), "***"),
]
# CNPJ (alphanumeric allowed in the first 12 positions), formatted or not; then CPF.
_CNPJ = re.compile(
    r"(?<![0-9A-Za-z])([0-9A-Z]{2}\.?[0-9A-Z]{3}\.?[0-9A-Z]{3}/?[0-9A-Z]{4}-?)(\d{2})(?![0-9A-Za-z])"
)
_CPF = re.compile(r"(?<![0-9A-Za-z])(\d{3}\.?\d{3}\.?\d{3}-?\d{2})(?![0-9A-Za-z])")


def _mask_document(match: re.Match[str]) -> str:
    raw = match.group(0)
    kept = re.sub(r"[^0-9A-Za-z]", "", raw)[-4:]
    return "***" + kept


def redact(text: str) -> str:
    """Return `text` with secrets removed and CPF/CNPJ masked to their last 4 characters."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    text = _CNPJ.sub(lambda m: _mask_document(m) if _looks_like_cnpj(m.group(0)) else m.group(0), text)
    text = _CPF.sub(_mask_document, text)
    return text


def _looks_like_cnpj(candidate: str) -> bool:
    compact = re.sub(r"[^0-9A-Z]", "", candidate)
    return len(compact) == 14 and (any(c.isdigit() for c in compact[:12]))


class RedactingFilter(logging.Filter):
    """Rewrites the record so that no handler ever sees the raw message or arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record still must not leak its args
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def configure_logging(log_dir: Path, *, level: int = logging.INFO) -> logging.Handler:
    """Attach a rotating file handler (1 MB x 5) with the redacting filter to the root logger."""
    log_dir.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    target = (log_dir / "pdv-bling.log").resolve()
    for existing in list(root.handlers):
        if getattr(existing, "_pdv_bling", False):
            if Path(getattr(existing, "baseFilename", "")) == target:
                return existing
            root.removeHandler(existing)  # another data folder opened in this process: follow it
            existing.close()
    handler = logging.handlers.RotatingFileHandler(target, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    handler._pdv_bling = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(min(root.level or level, level))
    return handler

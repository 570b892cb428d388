"""Where Bling's OpenAPI document lives: shipped in the project at `resources/bling/openapi.json`
(see `resources/bling/SOURCE.md`), so the conformance tests need nothing beside the clone."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = REPO_ROOT / "resources" / "bling" / "openapi.json"


@cache
def load_spec() -> dict[str, Any]:
    """The official document as a dict (read once per test session)."""
    data: dict[str, Any] = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    return data

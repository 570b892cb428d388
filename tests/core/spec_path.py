"""Where Bling's OpenAPI document lives: `<clone>/../shared/bling/openapi.json` (CI checks out
shared/ beside the repository clone)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = (REPO_ROOT / ".." / "shared" / "bling" / "openapi.json").resolve()


@cache
def load_spec() -> dict[str, Any]:
    """The official document as a dict (read once per test session)."""
    data: dict[str, Any] = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    return data

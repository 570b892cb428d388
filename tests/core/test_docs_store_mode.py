"""What docs/store-mode.md and the README tell a store owner is true of the code (issue 26, item 7):
the schema revision it names, the commands it has them type, the service user its unit runs as."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from pdv_bling.cli.main import build_parser
from pdv_bling.store.engine import head_revision

ROOT = Path(__file__).resolve().parents[2]
STORE_MODE = (ROOT / "docs" / "store-mode.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_revision_named_is_the_codes_head() -> None:
    named = re.search(r"current revision `([^`]+)`", STORE_MODE)
    assert named is not None and named.group(1) == head_revision()


def _blocks(text: str) -> list[str]:
    """The fenced shell blocks (bash, PowerShell or unnamed) of a Markdown text."""
    blocks: list[str] = []
    current: list[str] | None = None
    language = ""
    for line in text.splitlines():
        if line.startswith("```"):
            if current is None:
                current, language = [], line[3:].strip()
            else:
                if language in ("", "bash", "powershell"):
                    blocks.append("\n".join(current))
                current = None
        elif current is not None:
            current.append(line)
    return blocks


def _commands(text: str) -> list[list[str]]:
    """Every `pdv-bling ...` (or the service helper's) command line inside the fenced blocks."""
    found = []
    for block in _blocks(text):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.split("#")[0].split("&")[0].split(">")[0]
            match = re.search(r"(?:^|\s|/)(?:pdv-bling|pdv-bling-servico)(?:\.exe)?\s+([a-z-].*)$", line.strip())
            if match and "$@" not in match.group(1) and not line.lstrip().startswith(("useradd", "install")):
                argv = shlex.split(match.group(1).replace("$URL", "postgresql://x@h/loja"))
                found.append([arg for arg in argv if arg != "..."])
    return found


@pytest.mark.parametrize("argv", _commands(STORE_MODE) + _commands(README), ids=" ".join)
def test_every_documented_command_line_parses(argv: list[str]) -> None:
    try:
        build_parser().parse_args(argv)
    except SystemExit as exc:  # 2: an unknown command or option; --version prints and exits 0
        assert exc.code == 0, argv


def test_the_service_user_is_created_and_the_headless_way_out_is_there() -> None:
    for text in (STORE_MODE, README):
        users = set(re.findall(r"^User=(\w+)$", text, flags=re.M))
        assert "pdv" in users
        assert re.search(r"useradd --system [^`]* pdv\b", text.replace("\n", " "))
        assert "PGPASSFILE" in text and "EncryptedFileKeyring" in text
    assert "restart" in STORE_MODE.split("listen_addresses", 1)[1][:120]
    assert "restart" in README.split("listen_addresses", 1)[1][:200]
    # a caixa run from the command line only: something runs `sync --push` for it
    assert re.search(r"ExecStart=\S+ sync --push", STORE_MODE) and "OnUnitActiveSec" in STORE_MODE
    assert re.search(r"\* \* \* \* \* PDV_BLING_HOME=\S+ \S+pdv-bling\s+sync --push", STORE_MODE.replace("\n", " "))

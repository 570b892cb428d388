"""Every `pdv-bling ... --help` reads in pt_BR: the program's, each command's and each sub-command's,
run through the CLI entry point in-process."""

from __future__ import annotations

import argparse
import re

import pytest

from pdv_bling.cli.main import build_parser, main

# Words of an English help text that no pt_BR sentence uses. Option names, metavars and the
# command names themselves (all kept as they are) are removed before looking.
ENGLISH = {"the", "and", "with", "from", "this", "that", "into", "until", "when", "only", "default",
           "deliver", "verify", "show", "run", "write", "read", "record", "seconds", "file", "of", "for",
           "to", "is", "an", "per", "by", "its", "without", "also", "whether", "new", "output", "revoke",
           "forget", "usage", "options", "arguments"}


def _paths(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    for action in parser._actions:
        choices = action.choices if isinstance(action.choices, dict) else {}
        for name, child in choices.items():
            found += _paths(child, (*prefix, name))
    return found


PATHS = _paths(build_parser(every_command=True))


def _prose(help_text: str) -> str:
    """The help minus the usage lines, option strings, metavars, choice lists and command names."""
    body = help_text.split("\n\n", 1)[1] if "\n\n" in help_text else ""
    body = re.sub(r"(?<![\w])-{1,2}[\w-]+", " ", body)
    body = re.sub(r"\{[^}]*\}", " ", body)
    body = re.sub(r"\b[A-Z][A-Z0-9_=|]+\b", " ", body)
    names = {name for path in PATHS for name in path}
    return " ".join(w for w in body.split() if w.strip(":,") not in names)


def test_every_command_is_visited() -> None:
    commands = {path[0] for path in PATHS if path}
    assert {"check", "connect", "sync", "sandbox", "store", "troca", "outbox", "terminal"} <= commands
    assert ("sale", "receipt") in PATHS and ("store", "init") in PATHS


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "pdv-bling")
def test_help_is_in_portuguese(path: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main([*path, "--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith("uso: pdv-bling")
    assert "mostra esta ajuda e sai" in text
    words = {w.lower() for w in re.findall(r"[A-Za-z']+", _prose(text))}
    assert not words & ENGLISH, f"English in `{' '.join(path)} --help`: {sorted(words & ENGLISH)}\n{text}"

"""The command registry: each module of `pdv_bling.cli` registers its commands here
(name -> (help, configure_parser, run)) when `main` imports it, which it does only for the
command chosen (`commands.TABLE` names each command's modules and holds its help line).

A module can also add a sub-command to another module's command (`subcommand("sale", "receipt",
...)`): its run gets the arguments instead of the command's own run. A command may be answered
first by another module (`override`: store mode hands over instead of syncing with Bling).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from pdv_bling.cli.commands import help_of

Configure = Callable[[argparse.ArgumentParser], None]
Run = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, tuple[str, Configure, Run]] = {}
SUBCOMMANDS: dict[str, dict[str, tuple[str, Configure, Run]]] = {}


def command(name: str) -> Callable[[Configure], Callable[[Run], Run]]:
    """Decorator pair: `@command("x")(configure)(run)`; see `cli/status.py`. The help line is the
    table's (`commands.TABLE`), which the top-level parser shows without importing the module."""

    def with_configure(configure: Configure) -> Callable[[Run], Run]:
        def with_run(run: Run) -> Run:
            COMMANDS[name] = (help_of(name), configure, run)
            return run

        return with_run

    return with_configure


def subcommand(parent: str, name: str, help_text: str) -> Callable[[Configure], Callable[[Run], Run]]:
    """Like `command`, for `pdv-bling PARENT NAME` where PARENT is another module's command."""

    def with_configure(configure: Configure) -> Callable[[Run], Run]:
        def with_run(run: Run) -> Run:
            SUBCOMMANDS.setdefault(parent, {})[name] = (help_text, configure, run)
            return run

        return with_run

    return with_configure


# A command may be answered first by another layer (store mode: a caixa hands over instead of
# syncing with Bling; the integrador checks the account). The override returns None to let the
# command run as usual. Registered by `cli/store_mode.py`, which the table lists for those commands.
OVERRIDES: dict[str, list[Callable[[argparse.Namespace], int | None]]] = {}


def override(name: str) -> Callable[[Callable[[argparse.Namespace], int | None]], Callable[[argparse.Namespace], int | None]]:
    def register(run: Callable[[argparse.Namespace], int | None]) -> Callable[[argparse.Namespace], int | None]:
        OVERRIDES.setdefault(name, []).append(run)
        return run

    return register


def overridden(args: argparse.Namespace) -> int | None:
    for run in OVERRIDES.get(args.command, []):
        answered = run(args)
        if answered is not None:
            return answered
    return None


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))

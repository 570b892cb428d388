"""The command table (`pdv_bling/cli/commands.py`) says which modules make each command, so the
top-level parser never imports them: it must match what the modules register, and the commands
must really import only what they need (issue 23: `--version` cost 2.6 s of CPU)."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pdv_bling.cli import registry
from pdv_bling.cli.commands import TABLE

ROOT = Path(__file__).resolve().parents[2]
CLI_MODULES = sorted(f"pdv_bling.cli.{p.stem}" for p in (ROOT / "pdv_bling" / "cli").glob("*.py") if p.stem != "__init__")


@pytest.fixture(scope="module")
def registered() -> None:
    for module in CLI_MODULES:
        importlib.import_module(module)


def test_every_registered_command_is_in_the_table_with_its_module_first(registered: None) -> None:
    assert set(registry.COMMANDS) == set(TABLE)
    for name, (help_text, _configure, run) in registry.COMMANDS.items():
        assert help_text == TABLE[name].help
        assert run.__module__ == TABLE[name].modules[0], name


def test_sub_commands_and_overrides_come_from_modules_the_table_lists(registered: None) -> None:
    for parent, subs in registry.SUBCOMMANDS.items():
        for sub, (_help, _configure, run) in subs.items():
            assert run.__module__ in TABLE[parent].modules, f"{parent} {sub}"
    assert registry.OVERRIDES, "store mode answers sync and check first"
    for name, runs in registry.OVERRIDES.items():
        for run in runs:
            assert run.__module__ in TABLE[name].modules, name


def test_every_listed_module_exists_and_registers_something(registered: None) -> None:
    makers = {run.__module__ for _h, _c, run in registry.COMMANDS.values()}
    makers |= {run.__module__ for subs in registry.SUBCOMMANDS.values() for _h, _c, run in subs.values()}
    makers |= {run.__module__ for runs in registry.OVERRIDES.values() for run in runs}
    listed = {module for entry in TABLE.values() for module in entry.modules}
    assert listed == makers


def test_receipt_knows_the_paper_widths_without_importing_slips() -> None:
    from pdv_bling.cli import receipt
    from pdv_bling.slips.printer import PAPERS

    assert receipt.PAPERS == PAPERS


HEAVY = ("sqlalchemy", "alembic", "httpx", "apscheduler", "psycopg", "PySide6", "pdv_bling.store.engine",
         "pdv_bling.bling.client", "pdv_bling.runtime.service", "pdv_bling.retaguarda.server")
RUN = """
import atexit, json, sys
heavy = {heavy!r}
atexit.register(lambda: print("LOADED " + json.dumps(sorted(m for m in heavy if m in sys.modules))))
from pdv_bling.cli.main import main
sys.exit(main({argv!r}))
"""


def _loaded(argv: list[str], home: Path, stdin: str = "") -> tuple[int, list[str], str]:
    done = subprocess.run([sys.executable, "-c", RUN.format(heavy=HEAVY, argv=argv)], input=stdin, text=True,
                          capture_output=True, env={"PDV_BLING_HOME": str(home), "PATH": "/usr/bin:/bin",
                                                    "HOME": str(home)}, timeout=120)
    line = next(x for x in done.stdout.splitlines() if x.startswith("LOADED "))
    return done.returncode, json.loads(line.removeprefix("LOADED ")), done.stdout + done.stderr


@pytest.mark.parametrize("argv", [["--version"], ["--help"]])
def test_version_and_help_import_nothing_heavy(argv: list[str], tmp_path: Path) -> None:
    code, loaded, out = _loaded(argv, tmp_path)
    assert code == 0 and out.startswith(("pdv-bling ", "uso: pdv-bling"))
    assert loaded == []
    assert "sale" in out if argv == ["--help"] else True


def test_sale_add_imports_neither_alembic_nor_the_sender(tmp_path: Path) -> None:
    sale = json.dumps({"itens": [{"sku": "X"}], "pagamentos": [{"forma": "Dinheiro", "valor": "1,00"}]})
    first, loaded_first, _out = _loaded(["sale", "add", "-"], tmp_path, sale)
    assert first == 2 and "alembic" not in loaded_first  # a new folder is made at the head from the models
    second, loaded, out = _loaded(["sale", "add", "-"], tmp_path, sale)
    assert second == 2 and "itens[0]" in out  # refused by name: the folder opened and read the catalogue
    assert "sqlalchemy" in loaded
    assert not {"alembic", "httpx", "apscheduler", "psycopg", "PySide6", "pdv_bling.bling.client",
                "pdv_bling.runtime.service", "pdv_bling.retaguarda.server"} & set(loaded)


def test_a_folder_behind_the_newest_schema_is_migrated_by_alembic(tmp_path: Path) -> None:
    from pdv_bling.store.engine import head_revision, make_engine, migrate

    migrate(make_engine(tmp_path / "pdv-bling.sqlite3"), "0005_api_log_repeats")
    code, loaded, out = _loaded(["status", "--json"], tmp_path)
    assert code == 0 and "alembic" in loaded, out
    assert f'"schema_version": "{head_revision()}"' in out

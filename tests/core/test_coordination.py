"""A caixa's folder never opens without its link to the store (the store layer registers it):
deciding store credit or returned units alone could let them be spent twice across caixas."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pdv_bling.store.context import AppContext
from pdv_bling.store.coordination import STORE_URL_KEY
from pdv_bling.store.settings import set_value

OPEN = "from pdv_bling.store.context import AppContext; AppContext.open({home!r}, log=False); print('aberto')"


def _caixa_folder(home: Path) -> None:
    with AppContext.open(home, log=False) as ctx, ctx.store.transaction() as session:
        set_value(session, STORE_URL_KEY, "postgresql+psycopg://pdv@192.0.2.10:5432/loja")


def test_a_caixa_folder_opened_without_the_store_layer_is_refused(home: Path) -> None:
    _caixa_folder(home)
    run = subprocess.run([sys.executable, "-c", OPEN.format(home=str(home))], capture_output=True, text=True)
    assert run.returncode != 0 and "aberto" not in run.stdout
    assert "store_link_missing" in run.stderr


def test_with_the_store_layer_loaded_it_opens_without_touching_the_lan(home: Path) -> None:
    _caixa_folder(home)
    code = "import pdv_bling.retaguarda.caixa; " + OPEN.format(home=str(home))
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and "aberto" in run.stdout, run.stderr[-2000:]


def test_the_command_line_always_loads_it(home: Path) -> None:
    _caixa_folder(home)
    run = subprocess.run([sys.executable, "-m", "pdv_bling", "status", "--json"], capture_output=True, text=True,
                         timeout=60)
    assert "store_link_missing" not in run.stderr, run.stderr[-2000:]
    # the caixa's link loaded, status asks the store (issue 26): away, it shows this caixa's copy (5)
    assert run.returncode == 5 and json.loads(run.stdout), run.stderr[-2000:]

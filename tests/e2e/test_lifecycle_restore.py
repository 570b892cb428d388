"""A single caixa's data folder through a restore and a copy (issue 22): what a restore or a copy
brings back as "not delivered" may already be in Bling, so it is looked up before any new POST, and
a copy sends nothing it inherited until the manager says the original is gone."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from pdv_bling.counter.sales import record_sale
from pdv_bling.sandbox import SandboxServer
from pdv_bling.store import lives, outbox
from pdv_bling.store.backups import manual_backup
from pdv_bling.store.models import OutboxItem, Sale
from tests.e2e.helpers import drain_all, mixed_sale, open_terminal, sellable


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    import os

    env = {**os.environ, "PDV_BLING_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "pdv_bling", *args], env=env, capture_output=True, text=True,
                          timeout=120)


def test_db_restore_of_a_backup_taken_before_delivery_sends_nothing_twice(tmp_path: Path,
                                                                          sandbox: SandboxServer) -> None:
    home = tmp_path / "caixa"
    terminal = open_terminal(home, sandbox)
    rng = random.Random(5)
    products = sellable(terminal.ctx, 6)
    recorded = [record_sale(terminal.ctx.store, mixed_sale(products, rng, with_customer=False)) for _ in range(3)]
    manual_backup(terminal.ctx.store, terminal.ctx.paths.backups)  # the three sales still pending
    drain_all(terminal)
    stock_after_delivery = sandbox.inspect()["balances"]
    database = terminal.ctx.paths.database
    terminal.close()
    assert [sandbox.inspect()["orders"][r.numero_loja]["count"] for r in recorded] == [1, 1, 1]

    database.write_bytes(b"\x00" * 100 + b"danificado" * 1000)  # the database is damaged
    done = _cli(home, "db", "restore")
    assert done.returncode == 0, done.stderr
    assert "serão procurados no Bling antes de qualquer reenvio" in done.stdout

    terminal = open_terminal(home, sandbox, pull=False)
    try:
        with terminal.ctx.store.read() as session:
            pending = session.scalars(select(OutboxItem).where(OutboxItem.state != outbox.DONE)).all()
            assert pending and all((item.result or {}).get("maybe_sent") for item in pending)
        counts = drain_all(terminal)
        assert counts[outbox.PARKED] == 0
        with terminal.ctx.store.read() as session:
            assert all(s.bling_id is not None for s in session.scalars(select(Sale)))
    finally:
        terminal.close()
    orders = sandbox.inspect()["orders"]
    assert [orders[r.numero_loja]["count"] for r in recorded] == [1, 1, 1]  # was [2, 2, 2] on main
    assert sandbox.inspect()["balances"] == stock_after_delivery  # the stock moved once


def test_a_folder_copied_to_another_place_holds_what_it_inherited(tmp_path: Path, sandbox: SandboxServer) -> None:
    home = tmp_path / "caixa"
    terminal = open_terminal(home, sandbox)
    rng = random.Random(8)
    products = sellable(terminal.ctx, 6)
    inherited = record_sale(terminal.ctx.store, mixed_sale(products, rng, with_customer=False))
    terminal.close()
    copy = tmp_path / "copia"  # another folder (or PC): the original may still be selling
    shutil.copytree(home, copy)

    terminal = open_terminal(copy, sandbox, pull=False)
    try:
        with terminal.ctx.store.read() as session:
            items = session.scalars(select(OutboxItem)).all()
            assert {i.state for i in items} == {outbox.PARKED}
            assert {i.error_code for i in items} == {lives.COPIED_FOLDER}
            assert "copiada" in (items[0].suggested_fix or "")
        new = record_sale(terminal.ctx.store, mixed_sale(products, rng, with_customer=False))
        assert new.number > lives.NUMBER_GAP  # never a number the original may use
        drain_all(terminal)
        assert inherited.numero_loja not in sandbox.inspect()["orders"]  # held for the manager
        assert sandbox.inspect()["orders"][new.numero_loja]["count"] == 1

        # the original delivers its sale; then the manager says the original PC is gone
        original = open_terminal(home, sandbox, pull=False)
        drain_all(original)
        original.close()
        with terminal.ctx.store.transaction() as session:
            assert outbox.retry_all_parked(session) > 0
        drain_all(terminal)
    finally:
        terminal.close()
    assert sandbox.inspect()["orders"][inherited.numero_loja]["count"] == 1  # looked up, adopted, not resent


def _damage_an_index_page(database: Path) -> None:
    """A bad page where an index of the catalogue lies: the sales' own pages still read."""
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(database)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE type='index' AND tbl_name='products' "
                            "ORDER BY rootpage DESC LIMIT 1").fetchone()[0]
    with open(database, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xde\xad" * (page_size // 2))


def test_db_restore_salvages_the_sales_after_the_backup_and_looks_the_lost_ones_up(
        tmp_path: Path, sandbox: SandboxServer) -> None:
    import sqlite3
    from contextlib import closing

    home = tmp_path / "caixa"
    terminal = open_terminal(home, sandbox)
    rng = random.Random(11)
    products = sellable(terminal.ctx, 6)
    kept = record_sale(terminal.ctx.store, mixed_sale(products, rng, with_customer=False))
    manual_backup(terminal.ctx.store, terminal.ctx.paths.backups)
    whole = record_sale(terminal.ctx.store, mixed_sale(products, rng, with_customer=True))
    broken = record_sale(terminal.ctx.store, mixed_sale(products, rng, with_customer=False))
    database = terminal.ctx.paths.database
    terminal.close()
    with closing(sqlite3.connect(database)) as conn:  # the broken sale's lines are what the bad pages took
        conn.execute("DELETE FROM sale_items WHERE sale_id = ?", (broken.sale_id,))
        conn.commit()
    _damage_an_index_page(database)

    done = _cli(home, "db", "restore")
    assert done.returncode == 0, done.stderr
    assert f"Recuperadas do arquivo danificado: 1 venda ({whole.numero_loja})" in done.stdout
    assert broken.numero_loja in done.stdout.split("Perdidas com o arquivo danificado")[1]

    terminal = open_terminal(home, sandbox, pull=False)
    try:
        with terminal.ctx.store.read() as session:
            back = session.scalars(select(Sale).where(Sale.numero_loja == whole.numero_loja)).one()
            assert back.total_cents == whole.total_cents and back.customer is not None
        drain_all(terminal)
        with terminal.ctx.store.read() as session:
            lookup = session.scalars(select(OutboxItem).where(OutboxItem.kind == outbox.SALE_LOOKUP)).one()
            assert lookup.state == outbox.PARKED and lookup.error_code == "venda_perdida"
            assert broken.numero_loja in (lookup.suggested_fix or "")
    finally:
        terminal.close()
    orders = sandbox.inspect()["orders"]
    assert orders[kept.numero_loja]["count"] == 1 and orders[whole.numero_loja]["count"] == 1
    assert broken.numero_loja not in orders

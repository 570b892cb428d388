"""The single-mode part of the lifecycle harness (`bench/harness_lifecycle.py`; not a test module): a
caixa that talks to Bling itself (its own folder, another Bling account on the stand-in) goes through
what issue 22 found on a single caixa, each step as a person does it:

1. three sales recorded; `pdv-bling db backup` while they are still pending; then they are delivered;
2. more sales delivered, then three more recorded and not sent when the disk fails under the file
   (one sale's lines gone with the bad pages); `pdv-bling db restore` puts the backup back and salvages
   what the damaged file still holds; the next sync looks every "maybe sent" order up before any POST;
3. the lost sale, named by the restore and not found in Bling, is recorded again from the slip and
   its queue item marked done (`pdv-bling outbox confirm ID`), as the Fila de envio says;
4. the folder copied to a new PC while two sales were still pending; the old PC delivers them before
   it is switched off; the copy sells and holds what it inherited until the manager says
   the old PC is gone (`pdv-bling outbox retry --all-parked`), then looks each one up, sending nothing
   twice.

Verified through the stand-in only: every sale exactly once in Bling (the lost one never invented),
its stock moved once per unit (`lifecycle_verify.check_bling`), and Bling as the folder says
(`bench.common.compare`)."""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bench.common import (
    compare,
    drain_until_done,
    expected_from_local,
    mixed_sale,
    reopen,
    sellable,
    setup_terminal,
)
from bench.lifecycle_verify import bling_figures, check_bling
from bench.lifecycle_world import PY, env_for, say
from pdv_bling.counter.sales import record_sale
from pdv_bling.sandbox import SandboxConfig, SandboxServer
from pdv_bling.store import outbox
from pdv_bling.store.backups import manual_backup
from pdv_bling.store.models import OutboxItem


def _damage(database: Path, *, sale_id: int) -> None:
    """The sale's lines lost and a bad page where an index of the catalogue lies (the other sales'
    pages still read), as a disk that failed under the file would leave it."""
    with closing(sqlite3.connect(database)) as conn:
        conn.execute("DELETE FROM sale_items WHERE sale_id = ?", (sale_id,))
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE type='index' AND tbl_name='products' "
                            "ORDER BY rootpage DESC LIMIT 1").fetchone()[0]
    with open(database, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xde\xad" * (page_size // 2))


def _cli(home: Path, host: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PY, "-m", "pdv_bling", *args], env=env_for(home, host), capture_output=True, text=True,
                          timeout=300)


DRAFTS: dict[str, Any] = {}


class _Counter:
    """One PC's folder at the counter, selling and syncing in this process."""

    def __init__(self, home: Path, rng: random.Random, account: SandboxServer | None = None) -> None:
        self.home = home
        self.terminal = setup_terminal(home, account, terminal_id="LOJA2") if account else reopen(home)
        self.products = sellable(self.terminal.ctx, 8)
        self.rng = rng

    def sell(self, n: int) -> list[Any]:
        return [self.sell_draft(mixed_sale(self.products, self.rng)) for _ in range(n)]

    def sell_draft(self, draft: Any) -> Any:
        sale = record_sale(self.terminal.ctx.store, draft)
        DRAFTS[sale.numero_loja] = draft  # the customer's slip, to record a lost sale again
        return sale

    def sync(self) -> int:
        return int(drain_until_done(self.terminal, home=self.home, standin=None, limit_s=600)["left_parked"])

    def parked(self) -> list[tuple[int, str | None, int | None]]:
        with self.terminal.ctx.store.read() as session:
            return [(i.id, i.error_code, i.sale_id) for i in session.scalars(select(OutboxItem).where(
                OutboxItem.state == outbox.PARKED))]

    def close(self) -> None:
        self.terminal.close()


def single_restore(home: Path, *, rate: float, seed: int) -> tuple[dict[str, Any], list[str], SandboxServer]:
    """Returns (figures, problems, the account's stand-in: the caller stops it)."""
    account = SandboxServer(SandboxConfig(products=30, seed=seed + 1, rate_limit=rate)).start()
    problems: list[str] = []
    rng = random.Random(seed)
    pc = _Counter(home, rng, account)
    at_backup = pc.sell(3)
    manual_backup(pc.terminal.ctx.store, pc.terminal.ctx.paths.backups)  # the three still pending
    pc.sync()
    delivered = pc.sell(2)
    pc.sync()
    pending = pc.sell(3)  # never sent: the disk fails first
    broken = pending[-1]
    database = pc.terminal.ctx.paths.database
    pc.close()
    _damage(database, sale_id=broken.sale_id)
    started = time.monotonic()
    done = _cli(home, "pc-loja2", "db", "restore")
    restore_s = time.monotonic() - started
    if done.returncode != 0:
        problems.append(f"single db restore: {done.stderr.strip()}")
    pc = _Counter(home, rng)
    after = pc.sell(2)
    pc.sync()
    lost = [item for item, code, _sale in pc.parked() if code == "venda_perdida"]
    again = pc.sell_draft(DRAFTS[broken.numero_loja])  # recorded again from the customer's slip
    for item in lost:  # "Já está no Bling" on the lost sale's line, as its fix says
        if _cli(home, "pc-loja2", "outbox", "confirm", str(item)).returncode != 0:
            problems.append(f"single: outbox confirm {item} refused")
    inherited = pc.sell(2)  # pending when the folder is copied
    pc.close()
    copy_home = home.parent / f"{home.name}-pc-nova"
    shutil.copytree(home, copy_home, ignore=shutil.ignore_patterns("*.lock"))
    pc = _Counter(home, rng)  # the old PC: a last sync, then switched off
    pc.sync()
    pc.close()
    new_pc = _Counter(copy_home, rng)
    on_copy = new_pc.sell(2)
    new_pc.sync()
    held = len({sale for _i, code, sale in new_pc.parked() if code == "pasta_copiada"})  # sales, not items
    retried = _cli(copy_home, "pc-nova", "outbox", "retry", "--all-parked")
    left = new_pc.sync()
    numbers = [s.number for s in on_copy]
    bling_vs_folder = {k: v for k, v in compare(expected_from_local(new_pc.terminal.ctx), account.inspect()).items()
                       if isinstance(v, list) and v}
    new_pc.close()
    orders = account.inspect()["orders"]
    recorded = at_backup + delivered + pending + after + [again] + inherited + on_copy
    expected = [s.numero_loja for s in recorded if s is not broken]
    missing = [n for n in expected if n not in orders]
    twice = sorted(n for n, o in orders.items() if o["count"] != 1)
    invented = sorted(set(orders) - set(expected))
    bling = {k: v for k, v in check_bling(account).items() if v}
    if missing or twice or invented or bling or bling_vs_folder:
        problems.append(f"single mode: missing {missing}, twice {twice}, not recorded {invented}, Bling {bling}, "
                        f"Bling vs the folder {bling_vs_folder}")
    if len(lost) != 1 or broken.numero_loja in orders:
        problems.append(f"single: the lost sale {broken.numero_loja}: parked {lost}, in Bling {broken.numero_loja in orders}")
    if held != len(inherited) + 1 or left:  # the sale recorded again was pending too
        problems.append(f"single: the copy held {held} of {len(inherited) + 1} inherited, {left} still parked at the end")
    lines = done.stdout.splitlines()
    figures = {"sales": len(recorded), "orders_in_bling": len(orders), "lost_with_the_disk": 1,
               "recorded_again": again.numero_loja, "missing": len(missing), "twice": len(twice),
               "salvaged_line": next((x for x in lines if x.startswith("Recuperadas")), "")[:160],
               "lost_line": next((x for x in lines if x.startswith("Perdidas")), "")[:160],
               "restore_s": round(restore_s, 1), "copy_held": held, "copy_retry": retried.stdout.strip()[:80],
               "copy_numbers": numbers, "bling": bling_figures(account)}
    say(f"single mode: {len(recorded)} sales, {len(orders)} orders in Bling, missing {len(missing)}, twice "
        f"{len(twice)}; the lost {broken.numero_loja} recorded again as {again.numero_loja}; the copy held {held}")
    return figures, problems, account

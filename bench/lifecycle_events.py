"""The events of a store's year, as a person does them, while the caixas go on selling
(`bench/harness_lifecycle.py`; not a test module). Each returns what it measured."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import threading
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from bench.common import CPFS
from bench.lifecycle_store import Harness
from bench.lifecycle_world import PY, ROOT, Caixa, StoreDb, env_for, say
from bench.store_workload import customer
from pdv_bling.retaguarda.localpg import start_local_postgres


def _uids_in_store(db: StoreDb, uids: list[str]) -> set[str]:
    return {str(u) for (u,) in db.sql("SELECT uid FROM sales WHERE uid = ANY(%s)", (uids,))}


def _uids_in_folder(home: Path) -> set[str]:
    with closing(sqlite3.connect(f"file:{home / 'pdv-bling.sqlite3'}?mode=ro", uri=True)) as conn:
        return {str(u) for (u,) in conn.execute("SELECT uid FROM sales")}


# ---------------------------------------------------------------- a caixa restored from its backup


def restore_caixa(h: Harness, caixa: Caixa, *, after_s: float) -> dict[str, Any]:
    """`pdv-bling db backup` mid-day; selling goes on; then the caixa dies right after a burst of
    sales (not handed over yet) and `pdv-bling db restore BACKUP` puts the morning's copy back."""
    assert caixa.agent is not None and h.db is not None
    with caixa.busy:
        backup = caixa.agent.call("backup")["path"]
    taken_at = time.monotonic()
    say(f"{caixa.slot}: backup taken ({Path(backup).name}); selling on for {after_s:g} s")
    time.sleep(after_s)
    with caixa.busy:
        for _ in range(3):
            h.sell(caixa)
        caixa.stop(kill=True)  # the PC dies: the last sales never reached the store
        mine = [uid for uid, s in h.ledger.sales.items() if s["home"] == str(caixa.home) and s["at"] > taken_at]
        at_risk = sorted(set(mine) - _uids_in_store(h.db, mine))
        started = time.monotonic()
        done = caixa.cli("db", "restore", backup)
        seconds = time.monotonic() - started
        if done.returncode != 0:
            h.ledger.problem(f"db restore on {caixa.slot}: {done.stderr.strip()}")
        back = _uids_in_folder(caixa.home)
        for uid in at_risk:
            if uid not in back:
                h.ledger.taken[uid] = "caixa_restore"
        caixa.start()
    salvaged = next((line for line in done.stdout.splitlines() if line.startswith("Recuperadas")), "")
    say(f"{caixa.slot}: restored in {seconds:.1f} s; {len(mine)} sales recorded since the backup, {len(at_risk)} "
        f"not in the store when it died, {len(set(at_risk) & back)} back after the restore. {salvaged[:120]}")
    h.ledger.events["caixa_restores"] += 1
    return {"sales_since_backup": len(mine), "not_in_store_at_death": len(at_risk),
            "back_after_restore": len(set(at_risk) & back), "restore_s": round(seconds, 1)}


# ---------------------------------------------------------------- a joined folder copied to a second PC


def copy_folder(h: Harness, caixa: Caixa, *, new_terminal: str, sell_s: float) -> dict[str, Any]:
    """The folder copied (app closed) to a second PC; both sell; the store refuses the copy by name;
    then the copy joins as a caixa of its own (another terminal id), as docs/store-mode.md says."""
    assert h.db is not None
    target = h.folder(f"{caixa.slot}-copia")
    with h.paused(caixa):
        shutil.rmtree(target)
        shutil.copytree(caixa.home, target, ignore=shutil.ignore_patterns("*.lock", "agent.err"))
    copy = Caixa(slot=f"{caixa.slot}-copia", terminal=caixa.terminal, home=target, host="pc-copia",
                 seed=caixa.seed + 7)
    copy.start()
    h.add(copy)
    say(f"{caixa.slot}: folder copied to pc-copia; both sell for {sell_s:g} s")
    refusal = ""
    deadline = time.monotonic() + sell_s
    while time.monotonic() < deadline:
        time.sleep(3)
        with copy.busy:
            pushed = copy.agent.call("push") if copy.agent is not None else {}
        error = str(pushed.get("error") or "")
        if "pc-copia" in error:
            refusal = error
            h.ledger.refusals["copy_handover:store_copied_folder"] += 1
    named = "pc-copia" in refusal and caixa.host in refusal
    if not named:
        h.ledger.problem(f"the copy was not refused by name: {refusal!r}")
    with h.paused(copy):
        joined = h.join(copy, new_terminal)
    if not joined.get("installation_id") or joined["installation_id"] == (caixa.agent.installation if caixa.agent else ""):
        h.ledger.problem(f"the copy did not become a caixa of its own: {joined}")
    say(f"pc-copia joined as {new_terminal} (a caixa of its own). Refusal: {refusal[:160]}")
    h.ledger.events["folder_copies"] += 1
    return {"refused_by_name": named, "refusal": refusal[:300]}


# ---------------------------------------------------------------- SIGKILL between the store's COMMIT and the mark


def _kill_after_commit(h: Harness, caixa: Caixa, *, sales: int, seed: int) -> tuple[int, list[dict[str, Any]], bool]:
    """One caixa process (its agent stopped): settles what its predecessor left in doubt, records
    `sales` sales, hands them over and is SIGKILLed right after the store's COMMIT returned.
    Returns (records its settle found committed, the sales it made, killed)."""
    proc = subprocess.Popen([PY, str(ROOT / "bench" / "lifecycle_kill_child.py"), "--sales", str(sales),
                             "--seed", str(seed)], env=env_for(caixa.home, caixa.host),
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    assert proc.stdout is not None
    settled, made, killed = 0, [], False
    for line in proc.stdout:
        said = json.loads(line)
        if "settled" in said:
            settled = int(said["settled"])
        elif "sales" in said:
            for sale in said["sales"]:
                h.ledger.add(caixa, {**sale, "document": None, "lines": []}, "sale")
                made.append(sale)
        elif "committed" in said:
            os.killpg(proc.pid, signal.SIGKILL)
            killed = True
            break
        elif "finished" in said and sales:
            h.ledger.problem(f"kill child on {caixa.slot} was not stopped at the mark: {said}")
    proc.wait(60)
    h.ledger.events["sigkills_after_commit"] += killed
    return settled, made, killed


def kills(h: Harness, caixa: Caixa, *, times: int) -> dict[str, Any]:
    """`times` caixa processes killed right after the store's COMMIT returned, before their own mark;
    each next one first asks the store about the batch in doubt (`handover.settle`)."""
    settled, waits, made = [], [], 0
    with h.paused(caixa):
        for index in range(times + 1):  # the last one only settles
            started = time.monotonic()
            found, sales, killed = _kill_after_commit(h, caixa, sales=2 if index < times else 0,
                                                      seed=caixa.seed * 1000 + index)
            settled.append(found)
            made += len(sales)
            if killed:
                waits.append(time.monotonic() - started)
    found_batches = [n for n in settled[1:] if n > 0]
    say(f"{caixa.slot}: {len(waits)} SIGKILLs after the store's COMMIT; the next pass settled {len(found_batches)} "
        f"batches ({sum(settled)} records) found committed")
    if len(found_batches) != times:
        h.ledger.problem(f"{times} batches in doubt, {len(found_batches)} settled as committed: {settled}")
    h.ledger.events["batches_settled_after_kill"] += len(found_batches)
    return {"kills": times, "batches_settled": len(found_batches), "records_settled": sum(settled), "sales": made,
            "cycle_s_median": round(sorted(waits)[len(waits) // 2], 1) if waits else None}


# ---------------------------------------------------------------- a lost answer, then the store unreachable


def lost_answer_then_outage(h: Harness, caixa: Caixa, *, outage_s: float) -> dict[str, Any]:
    """A handover whose COMMIT answer never reached the caixa (killed right after the store's COMMIT),
    then the store unreachable (its PostgreSQL stopped) while every caixa sells on offline. The
    batch's sales are nobody's to change alone: a refund of one is refused (`store_in_doubt`) until
    the store answers; once it is back, the next pass asks about the batch and the refund goes."""
    assert h.db is not None
    with caixa.busy:
        caixa.stop()
        _found, sales, killed = _kill_after_commit(h, caixa, sales=2, seed=caixa.seed * 1000 + 999)
        h.db.pg.pg_ctl("-m", "fast", "-w", "stop")
        down = time.monotonic()
        say(f"{caixa.slot}: killed after the store's COMMIT ({killed}); the store is unreachable for {outage_s:g} s")
        caixa.start()
        assert caixa.agent is not None
        refund = {"venda": sales[0]["coupon"], "devolver": [{"item": 1, "quantidade": 1}], "reembolso": True,
                  "cliente": customer(CPFS[0])}
        offline = caixa.agent.call("exchange", json=refund)
    codes = offline.get("codes") or (["accepted"] if offline.get("ok") else ["?"])
    h.ledger.refusals.update(f"in_doubt_refund_offline:{code}" for code in codes)
    if codes != ["store_in_doubt"]:
        h.ledger.problem(f"a refund of a sale in doubt, store away, was not refused as in doubt: {offline}")
    time.sleep(max(0.0, outage_s - (time.monotonic() - down)))  # the other caixas sell offline meanwhile
    h.db.pg._start()
    back = time.monotonic()
    with caixa.busy:
        assert caixa.agent is not None
        pushed = caixa.agent.call("push")
        online = time.monotonic() - back
        later = caixa.agent.call("exchange", json=refund)
    if later.get("ok"):
        h.ledger.touched.add(sales[0]["uid"])
        h.ledger.events["exchanges_refund_after_outage"] += 1
    else:
        h.ledger.problem(f"the refund of the sale in doubt was refused with the store back: {later}")
    h.ledger.events["store_outages"] += 1
    say(f"store back after {back - down:.1f} s; {caixa.slot} settled its batch in {online:.1f} s "
        f"(online {pushed.get('online')}); the refund refused offline ({codes[0]}) went through now: {later.get('ok')}")
    return {"outage_s": round(back - down, 1), "refused_offline": codes[0], "settled_after_s": round(online, 1),
            "refund_after": bool(later.get("ok"))}


# ---------------------------------------------------------------- the store moved to a new server


def move_store(h: Harness, *, gap_s: float) -> dict[str, Any]:
    """pg_dump while the store works; the old server stops `gap_s` later (what reached it meanwhile is
    not in the dump); pg_restore on a NEW server; the integrador restarted with `--store NEWURL`; every
    caixa re-pointed with `pdv-bling store join NEWURL --terminal` (caixas sell offline meanwhile)."""
    assert h.db is not None and h.integrador is not None
    started = time.monotonic()
    old = h.db
    dump = old.pg.dump(old.name)
    time.sleep(gap_s)
    h.integrador.stop()
    old.pg.pg_ctl("-m", "fast", "-w", "stop")
    new_pg = start_local_postgres()
    h.servers.append(new_pg)
    url = new_pg.restore(old.name, dump)
    h.db = StoreDb.existing(new_pg, old.name, url)
    h.integrador.start(url)
    say(f"store moved to {url} (dump {dump.stat().st_size // 1024} KiB); re-pointing the caixas")

    def repoint(caixa: Caixa) -> None:
        with h.paused(caixa):
            h.join(caixa, caixa.terminal, url)

    walks = [threading.Thread(target=repoint, args=(c,)) for c in h.caixas if not c.left]
    for walk in walks:  # a person at each PC (one after the other only lengthens the offline spell)
        walk.start()
    for walk in walks:
        walk.join()
    seconds = time.monotonic() - started
    h.ledger.events["store_moves"] += 1
    say(f"every caixa re-pointed ({seconds:.1f} s from the dump)")
    return {"move_s": round(seconds, 1)}


def backup_store(h: Harness) -> tuple[Path, float]:
    assert h.db is not None
    dump = h.db.pg.dump(h.db.name)
    say(f"store backup taken ({dump.name})")
    h.ledger.events["store_backups"] += 1
    return dump, time.monotonic()


def restore_store(h: Harness, dump: Path, taken_at: float) -> dict[str, Any]:
    """The store database replaced by an older backup (everyone's connections cut)."""
    assert h.db is not None
    before = int(h.db.sql("SELECT count(*) FROM sales")[0][0])
    started = time.monotonic()
    h.db.pg.restore(h.db.name, dump, replace=True)
    after = int(h.db.sql("SELECT count(*) FROM sales")[0][0])
    seconds = time.monotonic() - started
    say(f"store restored from the backup of {time.monotonic() - taken_at:.0f} s ago: {before} sales -> {after}")
    h.ledger.events["store_restores"] += 1
    return {"sales_before": before, "sales_in_backup": after, "restore_s": round(seconds, 1),
            "backup_age_s": round(started - taken_at)}


# ---------------------------------------------------------------- leave, join again, rename


def leave_and_rejoin(h: Harness, caixa: Caixa, *, away_s: float) -> dict[str, Any]:
    with h.paused(caixa):
        done = caixa.cli("store", "leave")
        if done.returncode != 0:
            h.ledger.problem(f"store leave on {caixa.slot}: {done.stderr.strip()}")
        caixa.left = True
        time.sleep(away_s)
        h.join(caixa, caixa.terminal)
    h.ledger.events["leaves"] += 1
    h.ledger.events["rejoins"] += 1
    say(f"{caixa.slot}: left the store and joined again")
    return {"leave_exit": done.returncode}


def rename(h: Harness, caixa: Caixa, new_terminal: str) -> dict[str, Any]:
    old = caixa.terminal
    with h.paused(caixa):
        h.join(caixa, new_terminal)
    h.ledger.events["renames"] += 1
    say(f"{caixa.slot}: renamed {old} -> {new_terminal}")
    return {"from": old, "to": new_terminal}

"""Start-up, measured as a person and a PDV script meet it, paired against another checkout (the
previous commit) in the same run, alternating, on whatever load the machine has:

- first start of `pdv-bling --demo` on an empty folder: when the first window (the start-up
  screen) shows, when the main window shows and has painted, when the catalogue is ready;
- second start on the same folder (its catalogue already there);
- `pdv-bling --version`, `pdv-bling --help`, and `pdv-bling sale add` on the demo's folder.

Each figure is wall time from the process's spawn, its CPU time until the main window painted
(`main_window_painted_cpu`: every thread of the app; on an idle machine the wall time comes close
to it) and in all (`cpu`, until the app quit once the catalogue was ready), the median of `--runs`
runs per checkout, with the load average (`uptime`) before and after. Runs alternate between the
checkouts (ABBA...), so both see the same load.

    # a checkout of the previous commit with its own venv, once:
    git worktree add --detach /tmp/base HEAD~1 && make -C /tmp/base setup
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_startup.py --base /tmp/base [--runs 5]

Without `--base` only this checkout is measured. The GUI's moments are taken from inside the app
process by a small bootstrap that wraps `QWidget.show` and polls the data folder (the app itself
carries no benchmark hook), so any version of the app can be measured the same way.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import tempfile
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ("categorias", "produtos", "vendedores", "formas_pagamento", "depositos", "situacoes")

# Runs inside the app's process (argv: spawn epoch, timeout): marks when windows show and paint,
# and when the catalogue is ready in the data folder; quits the app then and prints the marks.
BOOT = r"""
import atexit, json, os, sqlite3, sys, time
SPAWN, TIMEOUT = float(sys.argv[1]), float(sys.argv[2])
CATALOGUE = @CATALOGUE@
marks = {}
def mark(name):
    if name not in marks:
        marks[name] = round(time.time() - SPAWN, 3)
        marks[name + "_cpu"] = round(time.process_time(), 3)  # the process's CPU so far, every thread
atexit.register(lambda: print("BENCH " + json.dumps(marks), flush=True))
mark("python_up")
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget
_show = QWidget.show
def _ready():
    db = os.path.join(os.environ["PDV_BLING_HOME"], "pdv-bling.sqlite3")
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2)
        try:  # closed here: a connection left to the garbage collector holds the app's database files
            rows = dict(conn.execute("SELECT model, last_success_at FROM sync_state").fetchall())
            mapped = conn.execute("SELECT count(*) FROM payment_methods WHERE bling_forma_pagamento_id IS NOT NULL").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    since = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(SPAWN))
    return mapped > 0 and all((rows.get(m) or "") >= since for m in CATALOGUE)
def _poll():
    if _ready():
        mark("catalogue_ready")
        QApplication.instance().quit()
    elif time.time() - SPAWN > TIMEOUT:
        mark("timeout")
        QApplication.instance().quit()
    else:
        QTimer.singleShot(50, _poll)
def show(self):
    _show(self)
    if self.isWindow():
        mark("first_window")
        if isinstance(self, QMainWindow) and "main_window_shown" not in marks:
            mark("main_window_shown")
            QTimer.singleShot(0, lambda: (self.repaint(), mark("main_window_painted"), _poll()))
QWidget.show = show
from pdv_bling.cli.main import main
sys.exit(main(["--demo"]))
""".replace("@CATALOGUE@", repr(CATALOGUE))


class Checkout:
    def __init__(self, name: str, root: Path) -> None:
        self.name, self.root = name, root
        self.python = root / ".venv" / "bin" / "python"
        self.command = root / ".venv" / "bin" / "pdv-bling"
        if not self.python.exists():
            raise SystemExit(f"{root}: no .venv (run make setup there)")
        self.commit = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True,
                                     text=True).stdout.strip()


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "PDV_BLING_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}


def gui(checkout: Checkout, home: Path, timeout: float) -> dict[str, float]:
    cpu = _cpu()
    spawn = time.time()
    done = subprocess.run([str(checkout.python), "-c", BOOT, repr(spawn), str(timeout)], env=_env(home),
                          cwd=checkout.root, capture_output=True, text=True, timeout=timeout + 120)
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"{checkout.name}: no marks (exit {done.returncode}): {done.stderr[-2000:]}")
    marks: dict[str, float] = json.loads(line.removeprefix("BENCH "))
    marks["exited"] = round(time.time() - spawn, 3)
    marks["cpu"] = round(_cpu() - cpu, 3)
    return marks


def command(checkout: Checkout, home: Path, args: list[str], stdin: bytes = b"") -> dict[str, float]:
    cpu = _cpu()
    started = time.perf_counter()
    done = subprocess.run([str(checkout.command), *args], env=_env(home), input=stdin, capture_output=True, timeout=120)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{checkout.name} {args}: exit {done.returncode}: {done.stderr.decode()[-1000:]}")
    return {"wall": round(wall, 3), "cpu": round(_cpu() - cpu, 3)}


def sale_json(home: Path) -> bytes:
    """One sellable product of the demo catalogue, paid in cash (each run records one sale)."""
    import sqlite3

    with closing(sqlite3.connect(home / "pdv-bling.sqlite3")) as conn:
        barcode, price = conn.execute(
            "SELECT barcode, price_cents FROM products WHERE active = 1 AND barcode IS NOT NULL AND barcode != '' "
            "AND (formato IS NULL OR formato != 'V') ORDER BY id LIMIT 1").fetchone()
    return json.dumps({"itens": [{"codigo_barras": barcode}],
                       "pagamentos": [{"forma": "Dinheiro", "valor": f"{price / 100:.2f}"}]}).encode()


def load() -> str:
    """The load average over 1, 5 and 15 minutes (as `uptime` shows it)."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def one_round(checkouts: list[Checkout], work: Path, index: int, timeout: float,
              results: dict[tuple[str, str], list[dict[str, float]]]) -> None:
    order = checkouts if index % 2 == 0 else list(reversed(checkouts))  # ABBA...: neither always goes first
    for checkout in order:
        home = work / f"{checkout.name}-{index}"
        results[(checkout.name, "first start (empty folder, demo)")].append(gui(checkout, home, timeout))
        results[(checkout.name, "second start")].append(gui(checkout, home, timeout))
        results[(checkout.name, "--version")].append(command(checkout, home, ["--version"]))
        results[(checkout.name, "--help")].append(command(checkout, home, ["--help"]))
        results[(checkout.name, "sale add")].append(command(checkout, home, ["sale", "add", "-"], sale_json(home)))


GUI_FIGURES = ("first_window", "main_window_painted", "main_window_painted_cpu", "catalogue_ready", "cpu")


def report(checkouts: list[Checkout], results: dict[tuple[str, str], list[dict[str, float]]]) -> None:
    measures = list(dict.fromkeys(measure for _name, measure in results))
    for measure in measures:
        print(f"\n{measure}  (median of {len(results[(checkouts[0].name, measure)])} runs; seconds)")
        for checkout in checkouts:
            runs = results[(checkout.name, measure)]
            keys = GUI_FIGURES if "start" in measure else ("wall", "cpu")
            cells = []
            for key in keys:
                values = [r[key] for r in runs if key in r]
                label = key.replace("main_window_painted", "window").replace("catalogue_ready", "ready")
                cells.append(f"{label} {statistics.median(values):5.2f}" if values else f"{label}     —")
            timeouts = sum(1 for r in runs if "timeout" in r)
            extra = f"  ({timeouts} timed out)" if timeouts else ""
            print(f"  {checkout.name:<6} {checkout.commit:<9} " + "  ".join(cells) + extra)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", type=Path, help="another checkout with its own .venv (the previous commit)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds a start may take to be ready")
    args = parser.parse_args()
    checkouts = [Checkout("this", ROOT)]
    if args.base is not None:
        checkouts.insert(0, Checkout("base", args.base.resolve()))
    results: dict[tuple[str, str], list[dict[str, float]]] = {}
    for checkout in checkouts:
        for measure in ("first start (empty folder, demo)", "second start", "--version", "--help", "sale add"):
            results[(checkout.name, measure)] = []
    print(f"load before: {load()}  ({os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory(prefix="pdv-bench-startup-") as work:
        warm: dict[tuple[str, str], list[dict[str, float]]] = {key: [] for key in results}
        one_round(checkouts, Path(work), -1, args.timeout, warm)  # bytecode compiled, disk caches warm: not counted
        print(f"  warm-up round done, load {load()}", flush=True)
        for index in range(args.runs):
            one_round(checkouts, Path(work), index, args.timeout, results)
            print(f"  round {index + 1}/{args.runs} done, load {load()}", flush=True)
    print(f"load after: {load()}")
    report(checkouts, results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

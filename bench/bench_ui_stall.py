"""Longest GUI event-loop stall while the app pulls 2,000 products and drains 300 sales against
the Bling stand-in. Target: under 50 ms.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_ui_stall.py [--products 2000] [--sales 300] [--in-process]

The stand-in runs in its own process (as real Bling is remote), or with --in-process inside the
app's process (demo mode's way). The client's request budget is raised (PDV_BLING_RATE_PER_SECOND,
default here 60/s): the run takes about a minute instead of the ~12 min Bling's 3 req/s would
need, and events and list reloads come 20 times as often as in the field.

The main window, the Sincronizar Dados tab and the Fila de envio are open, so progress events and
list reloads really happen. The GUI thread sits in a QEventLoop, as `app.exec()` does. A 2 ms
QTimer ticks there, and the gap between ticks beyond the interval is the stall. The pull and the
drain run as the UI runs them, through the Hub's background runner.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

if not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "pdv_bling.base.memkeyring.MemoryKeyring")
# Bling's real budget (3 req/s) would make a 2,000-product pull last ~12 min; the stall measured
# here depends on how often events reach the GUI, so the stand-in is driven faster (more events
# per second is the harder case for the GUI). Override with PDV_BLING_RATE_PER_SECOND.
os.environ.setdefault("PDV_BLING_RATE_PER_SECOND", "60")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy import select  # noqa: E402

from bench.common import StandIn, setup_terminal  # noqa: E402
from pdv_bling.counter.lookups import sellable_products
from pdv_bling.counter.sales import record_sale  # noqa: E402
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft  # noqa: E402
from pdv_bling.runtime.demo import map_payments_by_name, start_demo  # noqa: E402
from pdv_bling.store.models import PaymentMethod, Product  # noqa: E402
from ui.app import settle_memory  # noqa: E402
from ui.hub import Hub  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402


class StallMeter:
    def __init__(self, interval_ms: int = 2) -> None:
        self.interval = interval_ms
        self.clock = QElapsedTimer()
        self.worst = 0.0
        self.ticks = 0
        self.timer = QTimer(interval=interval_ms)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.worst, self.ticks = 0.0, 0
        self.clock.start()
        self.timer.start()

    def _tick(self) -> None:
        gap = self.clock.nsecsElapsed() / 1e6
        self.clock.restart()
        self.ticks += 1
        self.worst = max(self.worst, gap - self.interval)


def run_phase(app: QApplication, hub: Hub, meter: StallMeter, job: Callable[[], object], label: str) -> None:
    """Run `job` through the Hub's runner while the GUI thread sits in a real event loop (as
    `app.exec()` does in the app), until the job and the reloads it caused are done."""
    meter.start()
    began = time.perf_counter()
    loop = QEventLoop()
    watch = QTimer(interval=50)
    watch.timeout.connect(lambda: loop.quit() if not hub.runner.busy and time.perf_counter() - began > 0.5 else None)
    hub.runner.submit(job)
    watch.start()
    loop.exec()
    watch.stop()
    seconds = time.perf_counter() - began
    meter.timer.stop()
    print(f"{label}: {seconds:.1f} s, longest event-loop stall {meter.worst:.1f} ms over {meter.ticks} ticks")


class _SeparateStandIn:
    """The app's side in this process, the stand-in in its own (as with real Bling)."""

    def __init__(self, home: Path, products: int) -> None:
        self.standin = StandIn(home / "bling-state.sqlite3", products=products, rate_limit=1000.0)
        self.terminal = setup_terminal(home / "pdv", self.standin, pull=False)
        self.ctx, self.service, self.bus = self.terminal.ctx, self.terminal.service, self.terminal.service.bus

    def stop(self) -> None:
        self.terminal.close()
        self.standin.stop()


def _separate(home: Path, args: argparse.Namespace) -> _SeparateStandIn:
    return _SeparateStandIn(home, args.products)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=2000)
    parser.add_argument("--sales", type=int, default=300)
    parser.add_argument("--in-process", action="store_true",
                        help="run the stand-in inside the app's process (demo mode's way) instead of as its own "
                             "process, which is how the app meets real Bling (a remote server)")
    args = parser.parse_args()
    app = QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as home:
        demo = start_demo(home, products=args.products, pull=False) if args.in_process else _separate(Path(home), args)
        hub = Hub(demo.ctx, demo.service, demo.bus, demo=args.in_process)
        window = MainWindow(hub)
        window.show()
        integration = window.open_integration(2)
        window.open_outbox()
        settle_memory()  # as ui.app.run does once the window is up
        meter = StallMeter()
        run_phase(app, hub, meter, lambda: demo.service.pull_now(None), f"pull of {args.products} products (all models)")
        map_payments_by_name(demo.ctx)
        with demo.ctx.store.read() as session:
            products = session.scalars(select(Product).where(sellable_products()).limit(20)).all()
            cash = session.scalars(select(PaymentMethod).where(PaymentMethod.kind == "cash")).one()
        for i in range(args.sales):
            p = products[i % len(products)]
            record_sale(demo.ctx.store, SaleDraft(items=(ItemDraft(product_id=p.id),), payments=(PaymentDraft(cash.id, p.price_cents),)))
        hub.after_local_write()
        run_phase(app, hub, meter, demo.service.drain_now, f"drain of {args.sales} sales")
        integration.close()
        window.quitting = True
        window.close()
        hub.shutdown()
        demo.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

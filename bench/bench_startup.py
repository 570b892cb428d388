"""The demo's first start with the start-up screen: how soon the screen is up, how long until the
catalogue is ready, how many progress updates it showed, and the longest the GUI thread went
without turning its event loop (a frozen window) while the catalogue was pulled.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_startup.py [--products 200]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

T0 = time.perf_counter()
if not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from ui import startup  # noqa: E402
from ui.app import open_session  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=200)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    shown: list[float] = []
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer(interval=10)
    timer.timeout.connect(tick)
    original = startup.StartupScreen.show

    def show(self: startup.StartupScreen) -> None:
        original(self)
        shown.append(time.perf_counter())

    startup.StartupScreen.show = show  # type: ignore[method-assign, assignment]  # timed: when the screen shows
    screens: list[startup.StartupScreen] = []
    original_init = startup.StartupScreen.__init__

    def init(self: startup.StartupScreen, *, demo: bool) -> None:
        original_init(self, demo=demo)
        screens.append(self)

    startup.StartupScreen.__init__ = init  # type: ignore[method-assign]  # collects the screens made
    with tempfile.TemporaryDirectory() as home:
        timer.start()
        started = time.perf_counter()
        session = startup.open_with_screen(
            app, lambda bus: open_session(demo=True, home=home, demo_products=args.products, bus=bus), demo=True)
        ready = time.perf_counter()
        timer.stop()
        session.close()
    progress = screens[0].seen if screens else []
    print(f"start-up screen up after {(shown[0] - started) * 1000:.0f} ms "
          f"({(shown[0] - T0) * 1000:.0f} ms after the process started, imports included)")
    print(f"demo catalogue ready after {ready - started:.1f} s ({args.products} products)")
    print(f"progress updates shown: {len(progress)} (last: {progress[-1] if progress else None})")
    print(f"longest GUI event-loop gap while preparing: {max(gaps) * 1000:.0f} ms over {len(gaps)} turns")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

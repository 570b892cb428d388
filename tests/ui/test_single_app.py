"""One app per data folder (issue 23, item 1): a second start brings the running window to the front
and exits without opening anything; a lock left by a crash never blocks the next start."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from filelock import FileLock, Timeout
from pytestqt.qtbot import QtBot

from pdv_bling.base.paths import app_paths
from pdv_bling.runtime.service import DrainerBusy
from ui import app, words

SHOWN = "main window shown"
BROUGHT = "window brought to the front (main windows shown: 1)"


def _start(home: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PDV_BLING_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen([sys.executable, "-m", "pdv_bling"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def _log(home: Path) -> str:
    path = app_paths(home).logs / "pdv-bling.log"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _wait_log(home: Path, text: str, *, times: int = 1, process: subprocess.Popen[str], timeout_s: float = 120.0) -> None:
    deadline = time.monotonic() + timeout_s
    while _log(home).count(text) < times:
        assert process.poll() is None, f"the app exited ({process.returncode}): {process.stdout.read() if process.stdout else ''}"
        assert time.monotonic() < deadline, f"no {text!r} in the log after {timeout_s} s:\n{_log(home)}"
        time.sleep(0.2)


def _sender_busy(home: Path) -> bool:
    """Whether some process holds the folder's sender (drainer) lock."""
    lock = FileLock(str(app_paths(home).drainer_lock))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return True
    lock.release()
    return False


def _wait_ready(home: Path, process: subprocess.Popen[str], *, times: int = 1) -> None:
    """Up: its sender holds the folder's lock, and (given a little while) its window is shown."""
    deadline = time.monotonic() + 120
    while not _sender_busy(home):
        assert process.poll() is None, f"the app exited ({process.returncode})"
        assert time.monotonic() < deadline, "the app never took the folder's sender"
        time.sleep(0.2)
    settle = time.monotonic() + 30
    while _log(home).count(SHOWN) < times and time.monotonic() < settle:
        time.sleep(0.2)


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.kill()
    process.communicate(timeout=30)


def test_a_second_start_shows_the_running_window_and_exits(tmp_path: Path) -> None:
    home = tmp_path / "pasta de dados"
    started: list[subprocess.Popen[str]] = []
    try:
        first = _start(home)
        started.append(first)
        _wait_ready(home, first)  # its sender holds the folder's lock

        second = _start(home)
        started.append(second)
        out, _ = second.communicate(timeout=90)
        assert second.returncode == 0, out
        assert "já está aberto" in out
        _wait_log(home, BROUGHT, process=first, timeout_s=30)  # one window, brought to the front
        assert _log(home).count(SHOWN) == 1  # the second start never opened a window of its own
        assert first.poll() is None and _sender_busy(home)  # one sender: the first app's

        first.kill()  # a crash: the lock file stays behind, its OS lock does not
        first.communicate(timeout=30)
        assert app_paths(home).app_lock.exists()
        third = _start(home)
        started.append(third)
        _wait_ready(home, third, times=2)
        _wait_log(home, SHOWN, times=2, process=third)
    finally:
        for process in started:
            _stop(process)


def test_demo_hands_over_to_the_app_running_on_its_folder(home: Path, qtbot: QtBot,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo is keyed by its folder too: nothing starts (no stand-in re-pointing the folder)."""
    import pdv_bling.runtime.demo as demo
    from pdv_bling.runtime.app_instance import AppInstance

    monkeypatch.setattr(demo, "start_demo", lambda *a, **k: pytest.fail("a second demo was started"))
    running = AppInstance.claim(app_paths(home).data)
    assert running is not None
    taken = threading.Event()

    def running_app() -> None:  # the running app's watcher, on a thread (this test blocks in run())
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not taken.is_set():
            if running.take_wake_request():
                taken.set()
            time.sleep(0.02)

    watcher = threading.Thread(target=running_app)
    watcher.start()
    try:
        assert app.run(demo=True) == 0
    finally:
        watcher.join()
        running.release()
    assert taken.is_set()
    assert AppInstance.claim(app_paths(home).data) is not None  # free again once the first app is gone


def test_the_app_saying_another_program_sends_uses_words(qtbot: QtBot) -> None:
    text = words.error_text(DrainerBusy("/pasta/drainer.lock"))
    assert "DrainerBusy" not in text and "Falha inesperada" not in text
    assert "enviando a fila" in text
    unexpected = words.error_text(KeyError("x"))
    assert "KeyError" not in unexpected and "Error" not in unexpected

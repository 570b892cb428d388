"""One desktop app per data folder.

The app holds `app.lock` in its data folder (an OS file lock: the system drops it when the process
ends, crash included, so a stale lock never blocks the next start). A second start on the same
folder finds the lock taken, leaves a wake request (`app.wake`) for the running app, waits for it
to be taken (the running app brings its window to the front) and exits without opening anything:
it never starts a second sender, never re-points the demo's stand-in.

The CLI asks `app_is_open` to explain, in words, why the queue's sender is busy.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock, Timeout

from pdv_bling.base.paths import app_paths, demo_folder

WAKE_NAME = "app.wake"


def folder_for(*, demo: bool, home: str | os.PathLike[str] | None = None) -> Path:
    """The data folder the app is about to open (the demo has its own)."""
    if home is not None:
        return app_paths(home).data
    return demo_folder() if demo else app_paths().data


class AppInstance:
    """The running app's claim on its data folder."""

    def __init__(self, folder: Path, lock: FileLock | None) -> None:
        self.folder = folder
        self._lock = lock  # None: a folder that cannot be written (opening it says why)

    @classmethod
    def claim(cls, folder: Path) -> AppInstance | None:
        """The claim, or None when another app already runs on `folder`. A folder that cannot be
        made or written is claimed without a lock: opening it reports the real problem."""
        try:
            folder.mkdir(parents=True, exist_ok=True)
            lock = FileLock(str(app_paths(folder).app_lock), thread_local=False)
            lock.acquire(timeout=0)
        except Timeout:
            return None
        except OSError:
            return cls(folder, None)
        _remove(folder / WAKE_NAME)  # a request left for an app that is gone
        return cls(folder, lock)

    def take_wake_request(self) -> bool:
        """True once per second start since the last call (the request is consumed)."""
        return _remove(self.folder / WAKE_NAME)

    def release(self) -> None:
        if self._lock is not None and self._lock.is_locked:
            self._lock.release(force=True)


def ask_to_show(folder: Path, *, wait_s: float = 5.0, sleep: Callable[[float], None] = time.sleep) -> bool:
    """Leave a wake request for the app running on `folder`; True when it took it within `wait_s`."""
    request = folder / WAKE_NAME
    try:
        request.write_text(str(os.getpid()), encoding="ascii")
    except OSError:
        return False
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if not request.exists():
            return True
        sleep(0.05)
    return not request.exists()


def app_is_open(folder: Path) -> bool:
    """Whether a desktop app runs on `folder` now (its lock is held)."""
    path = app_paths(folder).app_lock
    if not path.exists():
        return False
    lock = FileLock(str(path), thread_local=False)
    try:
        lock.acquire(timeout=0)
    except (Timeout, OSError):
        return True
    lock.release(force=True)
    return False


def _remove(path: Path) -> bool:
    try:
        path.unlink()
    except OSError:  # not there (the usual case), or being written this very moment
        return False
    return True

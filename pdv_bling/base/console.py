"""The console window of the Windows app, hidden when the desktop app was started by a double-click.

The installer's program is a console program (build_installer.spec: `console=True`), so
`pdv-bling.exe --version` and the sub-commands print in the terminal that ran them. Started from
Explorer or a shortcut, Windows opens a console window for it alone. PyInstaller's bootloader
hides that window before Python starts (`hide_console="hide-early"`), but only when the window
belongs to this process: where Windows Terminal hosts the consoles (Windows 11's default), the
window belongs to the terminal and stays. So the desktop app, as it opens, hides its console
window when this process is the only one attached to that console; a terminal that started the
app is attached too, and its window stays as it is.
"""

from __future__ import annotations

import logging
import sys
from typing import Any, Literal, Protocol

SW_HIDE = 0  # ShowWindow's nCmdShow: hide the window

Outcome = Literal["not_windows", "no_console", "shared", "unknown", "hidden", "failed"]

log = logging.getLogger(__name__)


class ConsoleCalls(Protocol):
    """The three Win32 calls the decision needs (`Win32Console`; fakes in the tests)."""

    def console_window(self) -> int:
        """GetConsoleWindow(): the console's window handle, 0 when the process has no console."""

    def attached_processes(self) -> int:
        """GetConsoleProcessList(): how many processes share this console, 0 when the call failed."""

    def show_window(self, window: int, command: int) -> None:
        """ShowWindow(window, command)."""


class Win32Console:
    """`ConsoleCalls` through ctypes (Windows only)."""

    def __init__(self) -> None:
        import ctypes
        from ctypes import wintypes

        loader: Any = getattr(ctypes, "WinDLL")  # noqa: B009 - absent off Windows (and in mypy's view)
        self._kernel32 = loader("kernel32", use_last_error=True)
        self._user32 = loader("user32", use_last_error=True)
        self._kernel32.GetConsoleWindow.restype = wintypes.HWND
        self._kernel32.GetConsoleProcessList.argtypes = [ctypes.POINTER(wintypes.DWORD), wintypes.DWORD]
        self._kernel32.GetConsoleProcessList.restype = wintypes.DWORD
        self._user32.ShowWindow.argtypes = [wintypes.HWND, ctypes.c_int]
        self._user32.ShowWindow.restype = wintypes.BOOL
        self._buffer = (wintypes.DWORD * 4)()

    def console_window(self) -> int:
        return int(self._kernel32.GetConsoleWindow() or 0)

    def attached_processes(self) -> int:
        return int(self._kernel32.GetConsoleProcessList(self._buffer, len(self._buffer)))

    def show_window(self, window: int, command: int) -> None:
        self._user32.ShowWindow(window, command)


def hide_own_console(calls: ConsoleCalls | None = None, *, platform: str = sys.platform) -> Outcome:
    """Hide the console window when it was opened for this process alone; says what it did."""
    if platform != "win32":
        return "not_windows"
    try:
        calls = calls if calls is not None else Win32Console()
        window = calls.console_window()
        if not window:
            return "no_console"
        attached = calls.attached_processes()
        if attached != 1:
            return "shared" if attached > 1 else "unknown"  # a terminal's window, or no answer: leave it
        calls.show_window(window, SW_HIDE)
    except (OSError, AttributeError, ValueError) as exc:  # never stop the app for a console window
        log.warning("could not hide the console window: %s", exc)
        return "failed"
    return "hidden"

"""The console window of the Windows app (pdv_bling/base/console.py, build_installer.spec).

The installer builds a console program, so its sub-commands print in a terminal; started by a
double-click, its console window is hidden (PyInstaller's bootloader: `hide_console="hide-early"`,
then the app itself when the window is Windows Terminal's). The Win32 calls are fakes here: a
console opened for the app alone, one shared with the terminal that started it, none at all.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any

import pytest

from pdv_bling.base import console
from pdv_bling.base.console import SW_HIDE, hide_own_console
from pdv_bling.cli import main as cli_main

ROOT = Path(__file__).resolve().parents[2]


class FakeConsole:
    """GetConsoleWindow, GetConsoleProcessList and ShowWindow, answering as told."""

    def __init__(self, *, window: int, attached: int, fail: BaseException | None = None) -> None:
        self.window = window
        self.attached = attached
        self.fail = fail
        self.shown: list[tuple[int, int]] = []

    def console_window(self) -> int:
        if self.fail is not None:
            raise self.fail
        return self.window

    def attached_processes(self) -> int:
        return self.attached

    def show_window(self, window: int, command: int) -> None:
        self.shown.append((window, command))


def test_double_click_the_console_opened_for_the_app_alone_is_hidden() -> None:
    calls = FakeConsole(window=0x2A04, attached=1)  # Explorer made a console for this process only
    assert hide_own_console(calls, platform="win32") == "hidden"
    assert calls.shown == [(0x2A04, SW_HIDE)]


def test_started_from_a_terminal_its_window_stays() -> None:
    calls = FakeConsole(window=0x2A04, attached=2)  # cmd.exe or PowerShell shares the console
    assert hide_own_console(calls, platform="win32") == "shared"
    assert calls.shown == []


@pytest.mark.parametrize(("window", "attached", "outcome"), [(0, 1, "no_console"), (0x2A04, 0, "unknown")])
def test_no_console_or_no_answer_touches_nothing(window: int, attached: int, outcome: str) -> None:
    calls = FakeConsole(window=window, attached=attached)
    assert hide_own_console(calls, platform="win32") == outcome
    assert calls.shown == []


def test_off_windows_nothing_is_called() -> None:
    calls = FakeConsole(window=0x2A04, attached=1)
    for platform in ("linux", "darwin"):
        assert hide_own_console(calls, platform=platform) == "not_windows"
    assert calls.shown == []


def test_a_failing_win32_call_never_stops_the_app(caplog: pytest.LogCaptureFixture) -> None:
    calls = FakeConsole(window=0x2A04, attached=1, fail=OSError(6, "The handle is invalid"))
    assert hide_own_console(calls, platform="win32") == "failed"
    assert calls.shown == [] and "could not hide the console window" in caplog.text


@pytest.mark.skipif(sys.platform == "win32", reason="off Windows there is no WinDLL to bind")
def test_the_real_calls_missing_is_a_failure_not_a_crash() -> None:
    assert hide_own_console(platform="win32") == "failed"


@pytest.mark.skipif(sys.platform != "win32", reason="the real Win32 calls (CI's Windows job)")
def test_the_real_calls_bind_and_answer_on_windows() -> None:
    real = console.Win32Console()
    assert real.console_window() >= 0 and real.attached_processes() >= 0
    assert hide_own_console() in ("no_console", "shared", "hidden")  # a test run: never "failed"


def test_the_desktop_app_hides_the_console_first_and_the_commands_never(
    monkeypatch: pytest.MonkeyPatch, home: Path
) -> None:
    order: list[str] = []
    monkeypatch.setattr(cli_main, "hide_own_console", lambda: order.append("hide") or "hidden")
    gui = types.ModuleType("ui.app")
    gui.run = lambda *, demo, smoke: order.append(f"gui demo={demo} smoke={smoke}") or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ui.app", gui)
    assert cli_main.main(["--demo"]) == 0
    assert order == ["hide", "gui demo=True smoke=False"]
    order.clear()
    assert cli_main.main(["status", "--json"]) == 0  # a sub-command prints where it was asked
    assert order == []


# ---------------------------------------------------------------- build_installer.spec, per system


class _Built:
    """Analysis/PYZ/EXE/COLLECT/BUNDLE stand-ins: keep what they were given."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = args
        self.kwargs = kwargs
        self.binaries: list[Any] = []
        self.datas: list[Any] = []
        self.pure: list[Any] = []
        self.scripts: list[Any] = []


def _fake_pyinstaller(monkeypatch: pytest.MonkeyPatch) -> None:
    modules = {name: types.ModuleType(name) for name in (
        "PyInstaller", "PyInstaller.depend", "PyInstaller.depend.bindepend", "PyInstaller.utils",
        "PyInstaller.utils.hooks", "PyInstaller.utils.win32", "PyInstaller.utils.win32.versioninfo")}
    hooks = modules["PyInstaller.utils.hooks"]
    hooks.collect_data_files = hooks.collect_submodules = hooks.copy_metadata = lambda *a, **k: []  # type: ignore[attr-defined]
    modules["PyInstaller.depend.bindepend"].get_imports = lambda *a, **k: []  # type: ignore[attr-defined]
    versioninfo = modules["PyInstaller.utils.win32.versioninfo"]
    for name in ("StringTable", "StringStruct", "VSVersionInfo", "FixedFileInfo", "StringFileInfo", "VarFileInfo",
                 "VarStruct"):
        setattr(versioninfo, name, _Built)
    for parent, child in (("PyInstaller", "depend"), ("PyInstaller", "utils"), ("PyInstaller.depend", "bindepend"),
                          ("PyInstaller.utils", "hooks"), ("PyInstaller.utils", "win32"),
                          ("PyInstaller.utils.win32", "versioninfo")):
        setattr(modules[parent], child, modules[f"{parent}.{child}"])
    for name, module in modules.items():
        monkeypatch.setitem(sys.modules, name, module)


def _run_spec(monkeypatch: pytest.MonkeyPatch, platform: str) -> dict[str, Any]:
    _fake_pyinstaller(monkeypatch)
    built: dict[str, Any] = {}

    def keep(kind: str) -> Any:
        def make(*args: Any, **kwargs: Any) -> _Built:
            built[kind] = _Built(*args, **kwargs)
            return built[kind]
        return make

    namespace = {"SPECPATH": str(ROOT), "__file__": str(ROOT / "build_installer.spec"),
                 **{kind: keep(kind) for kind in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")}}
    monkeypatch.setattr(sys, "platform", platform)
    spec = ROOT / "build_installer.spec"
    exec(compile(spec.read_text(encoding="utf-8"), str(spec), "exec"), namespace)  # noqa: S102 - our own spec
    return built


def test_the_spec_builds_a_console_program_whose_console_hides_on_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    exe = _run_spec(monkeypatch, "win32")["EXE"].kwargs
    assert exe["console"] is True and exe["hide_console"] == "hide-early"
    assert exe["icon"].endswith("app.ico") and exe["version"] is not None and exe["strip"] is False


@pytest.mark.parametrize(("platform", "console_program"), [("linux", True), ("darwin", False)])
def test_elsewhere_the_console_is_left_alone(
    monkeypatch: pytest.MonkeyPatch, platform: str, console_program: bool
) -> None:
    built = _run_spec(monkeypatch, platform)
    assert built["EXE"].kwargs["console"] is console_program and built["EXE"].kwargs["hide_console"] is None
    assert ("BUNDLE" in built) is (platform == "darwin")  # the .app on macOS

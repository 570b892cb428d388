"""The PyInstaller one-folder app (build_installer.spec): built into a temporary folder, then the
built binary answers --version, runs the demo smoke (main window offscreen, one demo sale drained
to the in-process Bling stand-in) and leaves a migrated database that `status` reads.

Slow (a build takes about a minute): runs only with PDV_BLING_SLOW=1 (see tests/conftest.py).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pdv_bling import __version__

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build_installer.spec"
BUILD_TIMEOUT_S = 900
# the demo pulls the stand-in's 200-product catalogue first (~10 s); generous for a busy CI box
SMOKE_TIMEOUT_S = 300
EXE = "pdv-bling.exe" if sys.platform == "win32" else "pdv-bling"


def _ensure_pyinstaller() -> None:
    """The same first step as `make installer`: the project's `installer` extra."""
    if importlib.util.find_spec("PyInstaller") is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-e", f"{ROOT}[installer]"], check=True)


@pytest.fixture(scope="module")
def app_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    _ensure_pyinstaller()
    out = tmp_path_factory.mktemp("installer")
    started = time.monotonic()
    build = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--distpath", str(out / "dist"),
         "--workpath", str(out / "work"), str(SPEC)],
        cwd=ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S, check=False,
    )
    assert build.returncode == 0, build.stderr[-4000:]
    folder = out / "dist" / "pdv-bling"
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"\ninstaller: built in {time.monotonic() - started:.1f} s, {size / 2**20:.0f} MiB at {folder}")
    yield folder


def _run(folder: Path, *args: str, home: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PDV_BLING_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([str(folder / EXE), *args], env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)


def test_built_app_prints_its_version(app_folder: Path, tmp_path: Path) -> None:
    result = _run(app_folder, "--version", home=tmp_path / "home", timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"pdv-bling {__version__}"


def test_built_app_demo_smoke_delivers_one_sale(app_folder: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    smoke = _run(app_folder, "--demo", "--smoke", home=home, timeout=SMOKE_TIMEOUT_S)
    assert smoke.returncode == 0, smoke.stdout + smoke.stderr[-4000:]
    assert "recorded and delivered to the Bling stand-in" in smoke.stdout

    status = _run(app_folder, "status", "--json", home=home, timeout=60)  # migrations ran from the bundle
    assert status.returncode == 0, status.stderr
    report = json.loads(status.stdout)
    assert report["schema_version"] is not None
    assert report["outbox"]["done"] >= 1
    assert report["outbox"]["pending"] == 0 and report["outbox"]["parked"] == 0
    assert report["last_sync"]["produtos"] is not None


def test_built_app_schedules_its_jobs_and_reaches_keyring(app_folder: Path, tmp_path: Path) -> None:
    """Outside demo mode the app starts APScheduler with "interval" triggers (found by entry point)
    and asks keyring for tokens: both must load in the bundle. With no OS keyring (a headless
    machine has no Secret Service) the app logs KeyringUnavailable rather than crashing; the smoke
    then cannot deliver (not connected) and exits 1, which is expected here."""
    home = tmp_path / "home"
    run = _run(app_folder, "--smoke", home=home, timeout=120)
    assert "Traceback" not in run.stderr, run.stderr[-4000:]
    log = "\n".join(p.read_text(encoding="utf-8") for p in (home / "logs").glob("*.log"))
    assert "trigger: interval[" in log
    assert "LookupError" not in log and "ModuleNotFoundError" not in log and "ImportError" not in log
    assert run.returncode in (0, 1), run.stderr[-4000:]  # 1: nothing delivered (no Bling account)


def test_bundle_holds_the_data_and_leaves_out_unused_qt(app_folder: Path) -> None:
    internal = app_folder / "_internal"
    for relative in (
        "pdv_bling/store/migrations/env.py",
        "pdv_bling/store/migrations/script.py.mako",
        "pdv_bling/sandbox/openapi.json",
        "resources/icons/app.png",
    ):
        assert (internal / relative).is_file(), relative
    versions = {p.name for p in (ROOT / "pdv_bling/store/migrations/versions").glob("*.py")}
    assert {p.name for p in (internal / "pdv_bling/store/migrations/versions").glob("*.py")} == versions
    ours = {p.name for p in (ROOT / "resources/translations").glob("*.qm")}
    assert {p.name for p in (internal / "resources/translations").glob("*.qm")} == ours
    # entry-point metadata keyring and APScheduler look their plugins up in
    assert list(internal.glob("keyring-*.dist-info/entry_points.txt"))
    assert list(internal.glob("[Aa][Pp][Ss]cheduler-*.dist-info/entry_points.txt"))

    qt_translations = {p.name for p in internal.rglob("translations/*.qm") if "PySide6" in p.parts}
    assert qt_translations == {"qtbase_pt_BR.qm"}
    names = {p.name.lower() for p in internal.rglob("*")}
    for unused in ("qt6quick", "qt6qml", "qt6pdf", "qt6network", "qt6webengine", "qtnetwork.", "qtqml."):
        assert not any(unused in name for name in names), unused
    assert not any(name.startswith(("pytest", "_pytest", "mypy", "respx")) for name in names)
    dangling = [p for p in internal.rglob("*") if p.is_symlink() and not p.exists()]
    assert dangling == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldd: Linux only")
def test_no_kept_qt_binary_lacks_a_qt_library(app_folder: Path) -> None:
    """The trim must not drop a Qt library a kept plugin links to (system libraries such as
    libwayland-* or libGL come from the target machine and are not checked)."""
    internal = app_folder / "_internal"
    env = {**os.environ, "LD_LIBRARY_PATH": f"{internal}:{internal / 'PySide6/Qt/lib'}"}
    missing: set[str] = set()
    for binary in internal.rglob("*.so*"):
        if binary.is_symlink() or not binary.is_file():
            continue
        out = subprocess.run(["ldd", str(binary)], env=env, capture_output=True, text=True, check=False).stdout
        for line in out.splitlines():
            if "not found" in line and "Qt6" in line:
                missing.add(f"{binary.relative_to(internal)}: {line.split()[0]}")
    assert sorted(missing) == []

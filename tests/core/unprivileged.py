"""The command line run as another user (`nobody`), for the tests of file permissions (root ignores
them), from a checkout that user may not be able to enter.

A clone inside a private folder (mode 0700, as `mktemp -d` or a home folder makes) hides the
project and its .venv from every other user: `nobody` could not import `pdv_bling` from there. So
the command runs from a folder any user can read: a fresh venv on the same interpreter whose
site-packages holds hard links (copies across file systems) to this .venv's libraries and to the
project's `pdv_bling` package. Always, not only from a private folder, so this path is the one
every run checks. Qt's bindings are left out: `pdv_bling` never imports Qt (tests/core/test_no_qt.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import venv
from pathlib import Path

import pdv_bling

NOBODY = 65534
LEFT_OUT = ("PySide6", "shiboken6", "__editable__")  # Qt; the editable install's finder


def as_nobody(command: list[str]) -> list[str]:
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command]


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _mirror(source: Path, target: Path) -> None:
    def left_out(_folder: str, names: list[str]) -> set[str]:
        return {name for name in names if name.startswith(LEFT_OUT)}

    if source.is_dir():
        shutil.copytree(source, target, symlinks=True, ignore=left_out, copy_function=_link_or_copy,
                        dirs_exist_ok=True)
    else:
        _link_or_copy(str(source), str(target))


def readable_folder() -> Path:
    """A new temp folder, on the file system of this .venv when a shared temp folder is there (hard
    links then; copies only across file systems, e.g. with the tests' TMPDIR in memory)."""
    device = os.stat(sys.prefix).st_dev
    shared = [tempfile.gettempdir(), "/tmp", "/var/tmp"]
    here = next((d for d in shared if os.path.isdir(d) and os.stat(d).st_dev == device), None)
    return Path(tempfile.mkdtemp(prefix="pdv-readable-python-", dir=here))


def build_readable_python(folder: Path) -> str:
    """A Python under `folder` (made readable by all) that imports this checkout's `pdv_bling` and
    this .venv's libraries; returns its path. Checked by running it as `nobody`: a failure says why."""
    folder.chmod(0o755)
    env_dir = folder / "venv"
    venv.EnvBuilder(symlinks=os.name != "nt", with_pip=False).create(env_dir)
    python = str(env_dir / "bin" / "python")
    target = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                 capture_output=True, text=True, check=True).stdout.strip())
    sources = {Path(sysconfig.get_path("purelib")), Path(sysconfig.get_path("platlib"))}
    for source in sources:
        for entry in sorted(source.iterdir()):
            if not entry.name.startswith(LEFT_OUT):
                _mirror(entry, target / entry.name)
    _mirror(Path(pdv_bling.__file__).parent, target / "pdv_bling")
    probe = subprocess.run(as_nobody([python, "-c", "import pdv_bling"]), capture_output=True, text=True,
                           cwd=folder, timeout=120, check=False)
    if probe.returncode != 0:
        raise RuntimeError(
            f"user {NOBODY} (nobody) cannot run the command line from {folder}, a folder any user can "
            f"read that holds links to this checkout's pdv_bling and libraries. The interpreter "
            f"{os.path.realpath(sys._base_executable)} must itself be reachable by that user (not inside "
            f"a private folder such as a home folder with mode 0700). It said:\n{probe.stderr.strip()}")
    return python

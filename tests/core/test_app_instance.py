"""One app per data folder, the Qt-free claim (issue 23, item 1), and the command line's words when
the app holds the queue's sender."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from filelock import FileLock

from pdv_bling.base.paths import app_paths
from pdv_bling.cli.main import main
from pdv_bling.runtime.app_instance import AppInstance, app_is_open, ask_to_show


def test_one_claim_per_folder_and_a_wake_request_is_taken_once(tmp_path: Path) -> None:
    first = AppInstance.claim(tmp_path)
    assert first is not None
    assert AppInstance.claim(tmp_path) is None and app_is_open(tmp_path)
    assert AppInstance.claim(tmp_path / "outra") is not None  # another folder is another app
    assert not ask_to_show(tmp_path, wait_s=0.1)  # nobody took it yet
    assert first.take_wake_request() and not first.take_wake_request()
    first.release()
    assert not app_is_open(tmp_path) and AppInstance.claim(tmp_path) is not None


def test_a_lock_left_by_a_killed_app_does_not_block_the_next_start(tmp_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from pdv_bling.runtime.app_instance import AppInstance
        claim = AppInstance.claim(Path({str(tmp_path)!r}))  # kept: a lost claim lets go of its lock
        assert claim is not None
        print("claimed", flush=True)
        time.sleep(120)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "claimed"
        assert app_is_open(tmp_path) and AppInstance.claim(tmp_path) is None
    finally:
        holder.kill()
        holder.communicate(timeout=30)
    assert app_paths(tmp_path).app_lock.exists()  # the file stays; the OS lock went with the process
    assert AppInstance.claim(tmp_path) is not None


def test_sync_while_the_app_sends_says_so_in_words(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = app_paths(home).ensure()
    app = AppInstance.claim(paths.data)
    assert app is not None
    try:
        with FileLock(str(paths.drainer_lock)):  # the app's sender
            code = main(["sync", "--push"])
    finally:
        app.release()
    err = capsys.readouterr().err
    assert code == 3
    assert "está aberto nesta pasta de dados" in err and "Sincronizar agora" in err
    assert "DrainerBusy" not in err and "Error" not in err


def test_sync_while_another_command_sends_names_it(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = app_paths(home).ensure()
    with FileLock(str(paths.drainer_lock)):
        code = main(["sync", "--push"])
    err = capsys.readouterr().err
    assert code == 3 and "outro comando pdv-bling" in err


def test_restore_refuses_while_the_app_is_open_even_without_its_sender(home: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    paths = app_paths(home).ensure()
    app = AppInstance.claim(paths.data)
    assert app is not None
    try:
        code = main(["db", "restore"])
    finally:
        app.release()
    assert code == 3 and "feche-o antes de restaurar" in capsys.readouterr().err

"""The plumbing of the store harnesses (bench/lan.py, bench/filekeyring.py), quickly: hosts on a
private LAN reach each other, a cut cable cuts, close() leaves no namespace, process or folder;
the harness's file keyring keeps a host's secrets across processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.lan import Lan, wait_port  # noqa: E402

# os.geteuid exists on POSIX only: on Windows this module must still import (pytest collects it)
needs_root = pytest.mark.skipif(not sys.platform.startswith("linux") or os.geteuid() != 0,
                                reason="network namespaces: Linux, as root (this machine and CI have it)")


def namespaces() -> set[str]:
    out = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True, check=True).stdout
    return {line.split()[0] for line in out.splitlines() if line.strip()}


@needs_root
def test_lan_hosts_talk_a_cut_cuts_and_close_leaves_nothing() -> None:
    lan = Lan(prefix="pdvtest")
    try:
        server, client = lan.add("server"), lan.add("client")
        listener = server.popen([sys.executable, "-c", "import socket,time; s=socket.socket(); "
                                 f"s.bind(('{server.ip}', 8123)); s.listen(); time.sleep(60)"])
        stray = subprocess.Popen(["ip", "netns", "exec", client.ns, "sleep", "60"])  # not known to the LAN
        wait_port(client, server.ip, 8123, timeout=10)
        lan.cut(client)
        with pytest.raises(TimeoutError):
            wait_port(client, server.ip, 8123, timeout=1.5)
        lan.plug(client)
        wait_port(client, server.ip, 8123, timeout=10)
        folder, made = lan.tmp, {server.ns, client.ns, lan.switch}
        assert made <= namespaces()
    finally:
        lan.close()
    assert not made & namespaces()  # (other people's namespaces may come and go meanwhile)
    assert not folder.exists()
    assert listener.wait(5) is not None and stray.wait(5) is not None


def test_file_keyring_keeps_secrets_across_processes(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHON_KEYRING_BACKEND": "bench.filekeyring.FileKeyring",
           "PDV_BENCH_KEYRING": str(tmp_path / "keyring.json")}

    def run(code: str) -> str:
        return subprocess.run([sys.executable, "-c", f"import keyring; {code}"], env=env, capture_output=True,
                              text=True, check=True, timeout=60).stdout.strip()

    run("keyring.set_password('pdv-bling', 'default:tokens', 'pair-1')")
    assert run("print(keyring.get_password('pdv-bling', 'default:tokens'))") == "pair-1"  # a new process
    run("keyring.delete_password('pdv-bling', 'default:tokens')")
    assert run("print(keyring.get_password('pdv-bling', 'default:tokens'))") == "None"

"""A file-backed keyring backend for the store harnesses (never installed into the product).

A host of the harness LAN (an integrador, a caixa) keeps its secrets as a real machine keeps them
in its OS keyring: across restarts, including a SIGKILL. There is no keyring service headless, and
`pdv_bling.base.memkeyring.MemoryKeyring` forgets everything when its process dies, so a restarted
integrador would have no Bling tokens. Select this backend in the host's processes with

    PYTHON_KEYRING_BACKEND=bench.filekeyring.FileKeyring  PYTHONPATH=<repo>  PDV_BENCH_KEYRING=<file>

Every write rewrites the whole JSON file atomically (temporary file, fsync, rename) under a file
lock, so a process killed mid-write leaves the previous or the new content, never a torn file.
The file is plain text: for throwaway test hosts only.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from filelock import FileLock
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

ENV = "PDV_BENCH_KEYRING"


class FileKeyring(KeyringBackend):
    priority = 1  # only ever selected explicitly

    def __init__(self) -> None:
        super().__init__()
        raw = os.environ.get(ENV)
        if not raw:
            raise RuntimeError(f"{ENV} must name the keyring file of this host")
        self.path = Path(raw)
        self.lock = FileLock(str(self.path) + ".lock")

    def _load(self) -> dict[str, str]:
        try:
            return dict(json.loads(self.path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return {}

    def _save(self, data: dict[str, str]) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".keyring-")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, self.path)

    @staticmethod
    def _key(service: str, username: str) -> str:
        return f"{service}\x1f{username}"

    def get_password(self, service: str, username: str) -> str | None:
        with self.lock:
            return self._load().get(self._key(service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        with self.lock:
            data = self._load()
            data[self._key(service, username)] = password
            self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        with self.lock:
            data = self._load()
            if data.pop(self._key(service, username), None) is None:
                raise PasswordDeleteError(f"{service}/{username} not found")
            self._save(data)

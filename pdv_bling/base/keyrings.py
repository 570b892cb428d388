"""The one door to the keyring (Bling tokens, the store database's password): a backend a person
chose, never a file store guessed for them.

`keyring` picks the best backend it finds installed. The encrypted file backend we ship for
headless integradores (`keyrings.cryptfile`) registers itself with a priority above "no keyring",
and brings a plaintext and an older unauthenticated file backend along: left alone, keyring would
chain them in where no OS keyring answers (a Linux PC without a Secret Service), and on Windows
and macOS it would fall through to a passphrase prompt when an entry is not in the OS keyring.
So a file store is used only when chosen: `PYTHON_KEYRING_BACKEND` (or keyring's own
`keyringrc.cfg`), e.g. `PYTHON_KEYRING_BACKEND=pdv_bling.base.filekeyring.EncryptedFileKeyring`.
Otherwise the choice is made again among keyring's own OS backends (`keyring.backends.*`), and
where none works the answer is keyring's "no keyring" backend, whose errors the callers turn into
a pt_BR refusal with the way out.
"""

from __future__ import annotations

import os

import keyring
import keyring.core
import keyring.errors
from keyring.backend import KeyringBackend
from keyring.backends.chainer import ChainerBackend
from keyring.util import platform_

ENV = "PYTHON_KEYRING_BACKEND"
FILE_BACKEND = "pdv_bling.base.filekeyring.EncryptedFileKeyring"
_PROBE = ("pdv-bling-probe", "probe")
_vetted: list[KeyringBackend] = []  # the backend object last found acceptable


def _os_backend(candidate: KeyringBackend) -> bool:
    return type(candidate).__module__.startswith("keyring.backends.")


def chosen_by_person() -> bool:
    """A backend named in the environment or in keyring's config file (not detected)."""
    if os.environ.get(ENV):
        return True
    path = platform_.config_root() / "keyringrc.cfg"
    try:
        return "default-keyring" in path.read_text(encoding="utf-8")
    except OSError:
        return False


def _guessed_file_store(current: KeyringBackend) -> bool:
    if isinstance(current, ChainerBackend):
        return any(not _os_backend(member) for member in current.backends)
    return type(current).__module__.startswith("keyrings.")


def backend() -> KeyringBackend:
    """The keyring to use now. Every read or write of a secret goes through here."""
    current = keyring.get_keyring()
    if _vetted and _vetted[0] is current:
        return current
    if not chosen_by_person() and _guessed_file_store(current):
        keyring.core.init_backend(limit=_os_backend)
        current = keyring.get_keyring()
    _vetted[:] = [current]
    return current


def get_secret(service: str, user: str) -> str | None:
    return backend().get_password(service, user)


def set_secret(service: str, user: str, value: str) -> None:
    backend().set_password(service, user, value)


def delete_secret(service: str, user: str) -> None:
    backend().delete_password(service, user)


def why_not_kept() -> str | None:
    """None when this machine can keep a secret now (written, read back and removed); else the
    reason (the backend's own words: no keyring, a locked or unreadable file store...)."""
    try:
        set_secret(*_PROBE, "ok")
        ok = get_secret(*_PROBE) == "ok"
        delete_secret(*_PROBE)
    except keyring.errors.KeyringError as exc:
        return str(exc) or type(exc).__name__
    except (OSError, RuntimeError, ValueError) as exc:  # a file store that cannot be read or written
        return f"{type(exc).__name__}: {exc}"[:200]
    return None if ok else "o cofre não devolveu o que guardou"

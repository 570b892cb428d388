"""An encrypted file keyring for a PC without an OS keyring (a headless integrador), chosen with
`PYTHON_KEYRING_BACKEND=pdv_bling.base.filekeyring.EncryptedFileKeyring` and never otherwise.

It is `keyrings.cryptfile`'s `CryptFileKeyring` (Argon2id key derivation, AES-GCM with the
service and user name as authenticated data, file mode 0600; why this one: docs/store-mode.md),
with three changes for a service:

- the passphrase never comes from a prompt a service cannot answer. In this order: the systemd
  credential `pdv-bling-keyring` (`LoadCredentialEncrypted=`/`LoadCredential=`, read from
  `$CREDENTIALS_DIRECTORY`), the file named by `PDV_BLING_KEYRING_PASSPHRASE_FILE`, the variable
  `KEYRING_CRYPTFILE_PASSWORD` (keyrings.cryptfile's convention), and only on a terminal a
  prompt. Without any, reading or writing a secret fails with `KeyringLocked` and the way out;
- the file is `PDV_BLING_KEYRING_FILE` (default: keyring's data folder, `pdv-bling-cofre.cfg`);
- Argon2id runs with t=3, m=19 MiB, p=1 (OWASP's baseline is t=2 with that memory) instead of
  t=15, m=64 MiB: each secret read derives its own key, and a Bling token pair is three reads, so
  upstream's cost (0.8-4 s per read on a 2-core PC) would stall every command. The passphrase a
  service gets is a random one (docs/store-mode.md), which is what protects the file; the file
  records these parameters in its scheme, so a file made with others is refused by name;
- every change rewrites the file whole and atomically (temporary file, fsync, rename) under a
  file lock: a process killed mid-write, or two processes writing, never leave a torn file.
"""

from __future__ import annotations

import configparser
import getpass
import os
import sys
import tempfile
from pathlib import Path

from filelock import FileLock
from keyring.compat import properties
from keyring.errors import KeyringLocked, PasswordDeleteError
from keyring.util import platform_
from keyrings.cryptfile.cryptfile import CryptFileKeyring
from keyrings.cryptfile.escape import escape as escape_for_ini

FILE_ENV = "PDV_BLING_KEYRING_FILE"
PASSPHRASE_FILE_ENV = "PDV_BLING_KEYRING_PASSPHRASE_FILE"
PASSPHRASE_ENV = "KEYRING_CRYPTFILE_PASSWORD"
CREDENTIAL = "pdv-bling-keyring"  # systemd: LoadCredentialEncrypted=pdv-bling-keyring
WAY_OUT = ("cofre em arquivo do PDV Bling sem senha: informe-a no serviço (systemd LoadCredentialEncrypted="
           f"{CREDENTIAL}) ou em {PASSPHRASE_FILE_ENV}=/caminho/do/arquivo (veja docs/store-mode.md)")


def passphrase() -> str | None:
    """The file store's passphrase from where a service can give it (None: nowhere)."""
    candidates: list[Path] = []
    if os.environ.get("CREDENTIALS_DIRECTORY"):
        candidates.append(Path(os.environ["CREDENTIALS_DIRECTORY"]) / CREDENTIAL)
    if os.environ.get(PASSPHRASE_FILE_ENV):
        candidates.append(Path(os.environ[PASSPHRASE_FILE_ENV]))
    for path in candidates:
        try:
            text = path.read_text(encoding="utf-8").strip("\r\n")
        except OSError:
            continue
        if text.strip():
            return text
    from_env = os.environ.get(PASSPHRASE_ENV, "")
    return from_env if from_env.strip() else None


class EncryptedFileKeyring(CryptFileKeyring):  # type: ignore[misc]
    time_cost, memory_cost, parallelism = 3, 19 * 1024, 1

    @properties.NonDataProperty
    def scheme(self) -> str:
        return f"[Argon2id t={self.time_cost} m={self.memory_cost} p={self.parallelism}] AES128.{self.aesmode}"

    @properties.classproperty
    def priority(cls) -> float:  # noqa: N805 - keyring's classproperty
        """Viable when argon2-cffi and pycryptodome are there; negative: keyring never picks it by
        itself (only `PYTHON_KEYRING_BACKEND` or keyringrc.cfg name it)."""
        CryptFileKeyring.priority  # noqa: B018 - raises RuntimeError when a library is missing
        return -1.0

    @properties.NonDataProperty
    def file_path(self) -> str:
        return os.environ.get(FILE_ENV) or str(Path(platform_.data_root()) / "pdv-bling-cofre.cfg")

    def _ask(self, *, new: bool) -> str:
        found = passphrase()
        if found is not None:
            return found
        if not sys.stdin.isatty():
            raise KeyringLocked(WAY_OUT)
        first = getpass.getpass("Senha do cofre em arquivo do PDV Bling: ")
        if new and getpass.getpass("Repita a senha: ") != first:
            raise KeyringLocked("as senhas do cofre em arquivo não conferem")
        if not first.strip():
            raise KeyringLocked(WAY_OUT)
        return first

    def _init_keyring(self) -> None:
        try:
            super()._init_keyring()
        except ValueError as exc:  # "Encryption scheme mismatch": a file this backend did not make
            raise KeyringLocked(f"{self.file_path} não é um cofre deste formato ({exc})") from None

    def _get_new_password(self) -> str:
        return self._ask(new=True)

    _keyring_key: str | None

    def _unlock(self) -> None:
        if self._keyring_key is None:
            self._keyring_key = self._ask(new=False)
        try:
            reference = self.get_password("keyring-setting", "password reference")
        except ValueError:  # the MAC does not verify: another passphrase
            reference = None
        if reference != "password reference value":
            self._keyring_key = None
            raise KeyringLocked(f"a senha do cofre em arquivo não abre {self.file_path}")

    # ------------------------------------------------------------ atomic writes

    def _file_lock(self) -> FileLock:
        return FileLock(self.file_path + ".lock")

    def _write_config_value(self, service: str, key: str, value: str) -> None:
        with self._file_lock():
            config = self._read()
            section, option = escape_for_ini(service), escape_for_ini(key)
            if not config.has_section(section):
                config.add_section(section)
            config.set(section, option, value)
            self._save(config)

    def delete_password(self, service: str, username: str) -> None:
        with self._file_lock():
            config = self._read()
            try:
                removed = config.remove_option(escape_for_ini(service), escape_for_ini(username))
            except configparser.NoSectionError:
                removed = False
            if not removed:
                raise PasswordDeleteError("Password not found")
            self._save(config)

    def _read(self) -> configparser.RawConfigParser:
        config = configparser.RawConfigParser()
        config.read(self.file_path)
        return config

    def _save(self, config: configparser.RawConfigParser) -> None:
        folder = Path(self.file_path).parent
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=".pdv-bling-cofre-")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                config.write(out)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, self.file_path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

"""Where secrets go on a PC without an OS keyring (issue 26, item 2): keyring never picks a file
store by itself (keyrings.cryptfile brings a plaintext one along), and the encrypted file store a
headless integrador chooses by name keeps the Bling tokens without ever prompting a service."""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from keyring.errors import KeyringLocked

from pdv_bling.base import keyrings
from pdv_bling.base.filekeyring import EncryptedFileKeyring
from pdv_bling.bling.errors import KeyringUnavailable
from pdv_bling.bling.tokens import KeyringTokenStore, TokenPair

NO_KEYRING_ENV = {k: v for k, v in os.environ.items()
                  if k not in ("PYTHON_KEYRING_BACKEND", "DBUS_SESSION_BUS_ADDRESS", "KEYRING_CRYPTFILE_PASSWORD")}


def _in_subprocess(code: str, env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL, cwd=Path(__file__).parent)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_keyring_alone_would_chain_a_plaintext_file_but_ours_never_does(tmp_path: Path) -> None:
    env = {**NO_KEYRING_ENV, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    raw = _in_subprocess("import keyring; k = keyring.get_keyring(); "
                         "print(sorted(type(b).__name__ for b in getattr(k, 'backends', [k])))", env)
    assert "PlaintextKeyring" in raw  # what keyring picks where no OS keyring answers
    ours = _in_subprocess("from pdv_bling.base import keyrings; b = keyrings.backend(); "
                          "print(type(b).__module__, sorted(type(m).__module__ for m in getattr(b, 'backends', [])))",
                          env)
    assert ours.startswith("keyring.backends.") and "keyrings." not in ours
    refused = _in_subprocess("from pdv_bling.base import keyrings; print(keyrings.why_not_kept())", env)
    assert refused != "None"
    assert not list((tmp_path / "data").rglob("*.cfg"))  # nothing written in plain text, nor anywhere


@pytest.fixture
def file_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> EncryptedFileKeyring:
    secret = tmp_path / "passphrase"
    secret.write_text("correct horse battery staple\n")
    secret.chmod(0o600)
    monkeypatch.setenv("PDV_BLING_KEYRING_FILE", str(tmp_path / "cofre" / "pdv-bling.cfg"))
    monkeypatch.setenv("PDV_BLING_KEYRING_PASSPHRASE_FILE", str(secret))
    monkeypatch.delenv("KEYRING_CRYPTFILE_PASSWORD", raising=False)
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    ring = EncryptedFileKeyring()
    keyring.set_keyring(ring)
    return ring


def test_the_encrypted_file_keeps_bling_tokens(file_keyring: EncryptedFileKeyring, tmp_path: Path) -> None:
    pair = TokenPair("access-" + "x" * 3000, "refresh-secret", dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    KeyringTokenStore().save_tokens(pair)
    assert KeyringTokenStore().load_tokens() == pair
    path = Path(file_keyring.file_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert b"refresh-secret" not in path.read_bytes() and b"access-" not in path.read_bytes()
    assert keyrings.why_not_kept() is None


def test_a_wrong_or_missing_passphrase_is_refused_with_the_way_out(file_keyring: EncryptedFileKeyring,
                                                                   tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    KeyringTokenStore().save_tokens(TokenPair("a", "r", dt.datetime(2030, 1, 1, tzinfo=dt.UTC)))
    file_keyring.set_password("pdv-bling", "x", "segredo")
    other = tmp_path / "other"
    other.write_text("not it")
    monkeypatch.setenv("PDV_BLING_KEYRING_PASSPHRASE_FILE", str(other))
    with pytest.raises(KeyringLocked, match="não abre"):
        EncryptedFileKeyring().get_password("pdv-bling", "x")
    monkeypatch.delenv("PDV_BLING_KEYRING_PASSPHRASE_FILE")
    monkeypatch.setattr(sys, "stdin", open(os.devnull))  # a service: nobody to ask  # noqa: SIM115
    keyring.set_keyring(EncryptedFileKeyring())
    with pytest.raises(KeyringUnavailable):
        KeyringTokenStore().load_tokens()
    assert "PDV_BLING_KEYRING_PASSPHRASE_FILE" in (keyrings.why_not_kept() or "")


def test_the_systemd_credential_is_the_first_place_looked(file_keyring: EncryptedFileKeyring, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    file_keyring.set_password("pdv-bling", "x", "segredo")
    credentials = tmp_path / "credentials"
    credentials.mkdir()
    (credentials / "pdv-bling-keyring").write_text("correct horse battery staple")
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(credentials))
    monkeypatch.setenv("PDV_BLING_KEYRING_PASSPHRASE_FILE", str(tmp_path / "missing"))
    assert EncryptedFileKeyring().get_password("pdv-bling", "x") == "segredo"

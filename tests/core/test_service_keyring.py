"""No OS keyring (headless Linux, minimal desktops): a clear state, never a crash or plain text."""

from __future__ import annotations

from pathlib import Path

import keyring
from keyring.backends.fail import Keyring as FailKeyring

from pdv_bling.runtime.service import KEYRING_UNAVAILABLE, SyncService
from pdv_bling.store.context import AppContext


def test_no_keyring_backend_is_a_state_not_a_crash(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("PDV_BLING_API_URL", raising=False)
    keyring.set_keyring(FailKeyring())  # what keyring picks where no backend exists
    with AppContext.open(tmp_path / "home") as ctx:
        service = SyncService(ctx)
        assert service.connection_state() == KEYRING_UNAVAILABLE
        service._drain_job()  # the scheduled job returns quietly: nothing to deliver without tokens
        service.stop()
    assert not list((tmp_path / "home").glob("*token*"))  # nothing written in plain text

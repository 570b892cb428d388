"""Which PC this is: a stable machine id (Linux/BSD `/etc/machine-id`, Windows' MachineGuid,
macOS' platform UUID) and a name a person recognises (the host name). A data folder remembers where
it lives, so a copy to another PC or folder is noticed the first time it opens there."""

from __future__ import annotations

import functools
import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path


@functools.cache
def machine_id() -> str:
    """A stable id of this PC; falls back to host name + hardware address where none is readable."""
    for candidate in (Path("/etc/machine-id"), Path("/var/lib/dbus/machine-id")):
        try:
            value = candidate.read_text(encoding="ascii").strip()
        except OSError:
            continue
        if value:
            return value
    found = _windows_guid() if sys.platform == "win32" else _mac_uuid() if sys.platform == "darwin" else None
    return found or f"{socket.gethostname()}:{uuid.getnode():012x}"


def host_name() -> str:
    """The PC's name as people call it; `PDV_BLING_HOST_NAME` names it otherwise (harnesses that
    play several PCs on one machine)."""
    return (os.environ.get("PDV_BLING_HOST_NAME") or socket.gethostname())[:200] or "?"


def _windows_guid() -> str | None:
    try:
        import winreg  # type: ignore[import-not-found,unused-ignore]

        key = winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, r"SOFTWARE\Microsoft\Cryptography")  # type: ignore[attr-defined,unused-ignore]
        value, _kind = winreg.QueryValueEx(key, "MachineGuid")  # type: ignore[attr-defined,unused-ignore]
        return str(value) or None
    except OSError:
        return None


def _mac_uuid() -> str | None:
    try:
        out = subprocess.run(["ioreg", "-rd1", "-c", "IOPlatformExpertDevice"], capture_output=True, text=True,
                             timeout=5, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    for line in out.splitlines():
        if "IOPlatformUUID" in line:
            return line.split("=")[-1].strip().strip('"') or None
    return None

"""Per-user folders (platformdirs), with PDV_BLING_HOME overriding everything for tests and
for several terminals on one machine."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "pdv-bling"
APP_AUTHOR = "PDVBling"
HOME_ENV = "PDV_BLING_HOME"


@dataclass(frozen=True)
class AppPaths:
    """The folders the app writes to. `data` holds the SQLite store and the drainer lock."""

    data: Path
    config: Path
    logs: Path

    @property
    def database(self) -> Path:
        return self.data / "pdv-bling.sqlite3"

    @property
    def drainer_lock(self) -> Path:
        return self.data / "drainer.lock"

    @property
    def app_lock(self) -> Path:
        """Held by the desktop app while it runs on this folder (one app per data folder)."""
        return self.data / "app.lock"

    @property
    def backups(self) -> Path:
        return self.data / "backups"

    def ensure(self) -> AppPaths:
        for folder in (self.data, self.config, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def app_paths(home: str | os.PathLike[str] | None = None) -> AppPaths:
    """Resolve the folders: an explicit `home`, else $PDV_BLING_HOME, else platformdirs.

    With a home folder, config and logs live inside it too, so one folder is one terminal.
    """
    chosen = home if home is not None else os.environ.get(HOME_ENV) or None
    if chosen:
        base = Path(chosen).expanduser().resolve()
        return AppPaths(data=base, config=base / "config", logs=base / "logs")
    dirs = platformdirs.PlatformDirs(APP_NAME, APP_AUTHOR)  # e.g. C:\Users\José\AppData\Local\PDVBling\pdv-bling
    return AppPaths(data=Path(dirs.user_data_dir), config=Path(dirs.user_config_dir), logs=Path(dirs.user_log_dir))


def demo_folder() -> Path:
    """Demo data never mixes with a store's real data: its own folder (or $PDV_BLING_HOME)."""
    explicit = os.environ.get(HOME_ENV)
    return Path(explicit).expanduser().resolve() if explicit else app_paths().data / "demo"

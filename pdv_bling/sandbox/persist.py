"""Optional SQLite file behind the stand-in's state (`--state FILE`).

The seed is regenerated from (products, seed); only what changed since is stored, as JSON rows
keyed by (kind, key). The stand-in can be killed and restarted and still knows its orders,
stock movements, receivables, product changes and OAuth tokens.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any


class Persistence:
    def __init__(self, path: Path) -> None:
        self._conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS kv (kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
            " PRIMARY KEY (kind, key))"
        )

    def put(self, kind: str, key: str | int, value: Any) -> None:
        with self._lock:
            self._conn.execute(
                "INSERT OR REPLACE INTO kv (kind, key, value) VALUES (?, ?, ?)",
                (kind, str(key), json.dumps(value, ensure_ascii=False)),
            )

    def items(self, kind: str) -> Iterator[tuple[str, Any]]:
        with self._lock:
            rows = self._conn.execute("SELECT key, value FROM kv WHERE kind = ? ORDER BY rowid", (kind,)).fetchall()
        for key, value in rows:
            yield key, json.loads(value)

    def get(self, kind: str, key: str | int) -> Any:
        with self._lock:
            row = self._conn.execute("SELECT value FROM kv WHERE kind = ? AND key = ?", (kind, str(key))).fetchone()
        return None if row is None else json.loads(row[0])

    def close(self) -> None:
        with self._lock:
            self._conn.close()

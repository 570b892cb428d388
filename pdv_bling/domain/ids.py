"""Record identity: every record that crosses a boundary (a sale, a return, a store-credit entry, a
queue item, a handover batch) gets its id when it is made, never from where it is stored.

New records take a UUIDv7 (time-ordered: B-tree friendly on the store server, unique without any
coordination between caixas, the store or a restored copy). Records made before ids existed take
a name-based UUIDv5 of (installation, table, local id) computed the same way on the caixa that made
them and on the store that holds their copy, so both sides agree without talking.
"""

from __future__ import annotations

import uuid

from uuid6 import uuid7

_LEGACY = uuid.UUID("7d3c2a64-64a1-4a53-9e57-3f3d2b1c9a10")  # namespace of ids given to older records


def new_uid() -> str:
    """A fresh record id: 32 lowercase hex characters of a UUIDv7."""
    return uuid7().hex


def new_incarnation() -> str:
    """A data folder's life id: a new one after a restore, a detected copy or a rejoin."""
    return uuid.uuid4().hex


def legacy_uid(installation: str | None, table: str, local_id: int) -> str:
    """The id a record from before record ids takes, the same on the caixa and on the store."""
    return uuid.uuid5(_LEGACY, f"{installation or '-'}:{table}:{local_id}").hex

"""The reconciliation of cancelled notes: Bling API v3 cannot cancel an NFC-e, so a cancelled
sale's note waits "a cancelar no Bling" until the manager cancels it in Bling's screens; this reads
each such note back (`GET /nfce/{id}`) and, at `situacao` 2, marks it cancelled. One GET per note
still waiting, run with the catalogue pull (and `pdv-bling sync --reconcile`)."""

from __future__ import annotations

import logging

from sqlalchemy import select

from pdv_bling.bling.client import BlingClient
from pdv_bling.bling.errors import BlingNotFound
from pdv_bling.bling.nfce import CANCELADA
from pdv_bling.store.engine import Store
from pdv_bling.store.models import NfceNote, utcnow
from pdv_bling.store.models import nfce as N

log = logging.getLogger(__name__)
MAX_PER_RUN = 50


def reconcile_cancelled(store: Store, client: BlingClient) -> int:
    """Notes of cancelled sales now read back as cancelled in Bling (how many)."""
    with store.read() as session:
        waiting = list(session.execute(select(NfceNote.id, NfceNote.bling_id).where(
            NfceNote.state == N.CANCEL_PENDING, NfceNote.bling_id.is_not(None)).order_by(NfceNote.id).limit(MAX_PER_RUN)))
    cancelled = 0
    for note_id, bling_id in waiting:
        try:
            nota = client.nfce.get(int(bling_id or 0))
        except BlingNotFound:  # deleted in Bling (a draft never transmitted): nothing left to cancel
            nota = None
        if nota is not None and nota.situacao != CANCELADA:
            continue
        with store.transaction() as session:
            note = session.get(NfceNote, note_id)
            if note is not None and note.state == N.CANCEL_PENDING:
                note.state, note.situacao = N.CANCELLED, CANCELADA if nota is not None else note.situacao
                note.cancelled_at = note.updated_at = utcnow()
                cancelled += 1
    if cancelled:
        log.info("NFC-e cancelled in Bling, read back: %s", cancelled)
    return cancelled

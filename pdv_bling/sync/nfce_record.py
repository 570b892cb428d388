"""What the NFC-e steps write, inside the drainer's transaction that marks the step done (or parks
it): the sale's `NfceNote` (state, situação, key), the sale's fiscal document once authorized (the
key every other screen already shows, the authorized XML the DANFE is printed from and the note's
linkDanfe: `FiscalDocument.xml`/`link_danfe`, slips/danfe.py), and the account's first-issue result
(Verificar conta).
Also the facts a step reads before calling Bling (`NfceFacts`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pdv_bling.bling.nfce import NotaConsumidor
from pdv_bling.store.engine import Store
from pdv_bling.store.models import FiscalDocument, OutboxItem, Sale, utcnow
from pdv_bling.store.models import nfce as N
from pdv_bling.store.models.nfce import NfceNote
from pdv_bling.store.settings import NFCE_FIRST_ISSUE, get_value, set_value

Apply = Callable[[Session], None]
MAX_XML_CHARS = 1_000_000
_QR = re.compile(r"<(?:\w+:)?qrCode>", re.IGNORECASE)


@dataclass(frozen=True)
class NfceFacts:
    """The sale and its note as the steps need them (read in one short session, no ORM objects)."""

    sale_id: int
    numero_loja: str
    pedido_id: int | None
    total_cents: int
    created_at: dt.datetime
    cancelled: bool
    note_id: int | None = None  # Bling's id of the note, once generated
    note_state: str | None = None
    note_numero: str = ""
    has_xml: bool = False

    @property
    def nota(self) -> str:
        """How the manager finds the note in Bling's list: its number, else its id."""
        return f"nº {self.note_numero}" if self.note_numero else (f"id {self.note_id}" if self.note_id else "")


def load_facts(store: Store, item: OutboxItem) -> NfceFacts:
    with store.read() as session:
        sale = session.get(Sale, item.sale_id)
        assert sale is not None, f"outbox item {item.id} without its sale"
        note = session.scalars(select(NfceNote).where(NfceNote.sale_id == sale.id)).first()
        return NfceFacts(
            sale_id=sale.id, numero_loja=sale.numero_loja, pedido_id=sale.bling_id, total_cents=sale.total_cents,
            created_at=sale.created_at, cancelled=sale.status == "cancelled",
            note_id=note.bling_id if note else None, note_state=note.state if note else None,
            note_numero=(note.numero or "") if note else "", has_xml=_has_xml(session, sale.id),
        )


def _has_xml(session: Session, sale_id: int) -> bool:
    return session.scalars(select(FiscalDocument.id).where(
        FiscalDocument.sale_id == sale_id, FiscalDocument.kind == "nfce", FiscalDocument.xml.is_not(None))).first() \
        is not None


def xml_matches(xml: str, key: str) -> bool:
    """The downloaded XML is this note's (its `Id="NFe<key>"`) and carries the QR code's content.
    The DANFE is rendered from it; this is only a guard against a wrong or empty download."""
    return bool(key) and 0 < len(xml) <= MAX_XML_CHARS and f'Id="NFe{key}"' in xml and bool(_QR.search(xml))


def _note(session: Session, sale_id: int) -> NfceNote:
    note = session.scalars(select(NfceNote).where(NfceNote.sale_id == sale_id)).first()
    if note is None:
        note = NfceNote(sale_id=sale_id, state=N.DRAFT, created_at=utcnow())
        session.add(note)
    return note


def drafted(sale_id: int, nota: NotaConsumidor | None, bling_id: int) -> Apply:
    """gerar-nfce answered (or the lost answer's note was found): the draft's id."""
    def apply(session: Session) -> None:
        note = _note(session, sale_id)
        note.bling_id = bling_id
        if nota is not None:
            note.situacao, note.numero, note.serie = nota.situacao, nota.numero or None, nota.serie
        note.updated_at = utcnow()

    return apply


def moved(sale_id: int, *, state: str | None = None, situacao: int | None = None, reason_code: str | None = None,
          reason: str | None = None) -> Apply:
    """The note's state (and situação) as a step found it."""
    def apply(session: Session) -> None:
        note = _note(session, sale_id)
        if state is not None and not (note.state == N.CANCEL_PENDING and state in (N.SENT, N.AUTHORIZED)):
            note.state = state
        if situacao is not None:
            note.situacao = situacao
        if reason_code is not None or reason is not None:
            note.reason_code, note.reason = reason_code, reason
        note.updated_at = utcnow()
        if state in (N.REJECTED, N.DENIED, N.BLOCKED):
            first_issue(session, status=state, code=reason_code, sale_id=sale_id)

    return apply


def authorized(sale_id: int, nota: NotaConsumidor, xml: str) -> Apply:
    """situacao 5 read back: key and number kept; the sale's fiscal document made with the XML and
    the DANFE link (what `pdv-bling sale danfe` and F8 print from).
    A sale cancelled meanwhile keeps "a cancelar no Bling" (the note exists and must be cancelled)."""
    def apply(session: Session) -> None:
        now = utcnow()
        note = _note(session, sale_id)
        sale = session.get(Sale, sale_id)
        if sale is not None and sale.status == "cancelled":  # cancelled while its note was at SEFAZ
            note.state, note.cancel_asked_at = N.CANCEL_PENDING, note.cancel_asked_at or now
        elif note.state != N.CANCEL_PENDING:
            note.state = N.AUTHORIZED
        note.situacao, note.access_key = nota.situacao, nota.chave_acesso
        note.numero, note.serie = nota.numero or note.numero, nota.serie or note.serie
        note.reason_code = note.reason = None
        note.authorized_at = note.authorized_at or now
        note.updated_at = now
        _fiscal_document(session, sale_id, nota, xml, now)
        first_issue(session, status="ok", code=None, sale_id=sale_id)

    return apply


def _fiscal_document(session: Session, sale_id: int, nota: NotaConsumidor, xml: str, now: dt.datetime) -> None:
    key = nota.chave_acesso
    if len(key) != 44:
        return
    link = nota.link_danfe[:500] or None
    current = session.scalars(select(FiscalDocument).where(FiscalDocument.access_key == key)).first()
    if current is not None:
        if current.sale_id == sale_id:  # read again (a lost answer): the XML and link as now served
            current.xml, current.link_danfe = xml, link or current.link_danfe
        return
    numero = int(nota.numero) if nota.numero.isdigit() else int(key[25:34]) if key[25:34].isdigit() else 0
    serie = nota.serie if nota.serie is not None else int(key[22:25]) if key[22:25].isdigit() else 0
    session.add(FiscalDocument(sale_id=sale_id, kind="nfce", access_key=key, model=key[20:22], number=numero,
                               series=serie, issued_at=now, created_at=now, xml=xml, link_danfe=link))


def first_issue(session: Session, *, status: str, code: str | None, sale_id: int) -> None:
    """The account's first NFC-e result (kept until an authorized one replaces a failed one)."""
    current: Any = get_value(session, NFCE_FIRST_ISSUE)
    if isinstance(current, dict) and current.get("status") == "ok":
        return
    sale = session.get(Sale, sale_id)
    set_value(session, NFCE_FIRST_ISSUE, {"status": status, "code": code, "at": utcnow().isoformat(),
                                          "numero_loja": sale.numero_loja if sale else None})

"""The NFC-e of a sale, issued through Bling: three steps of the sale's chain, right after its order
(field guide §6.9; `shared/docs/nfce-and-caixa.md`).

1. `nfce_generate`: `POST /pedidos/vendas/{id}/gerar-nfce`, the draft. After a lost answer the
   note is looked up first (`nfce_lookup`): never two NFC-e for one sale.
2. `nfce_send`: `POST /nfce/{id}/enviar`, to SEFAZ. After a lost answer, or when the manager asks
   again after a rejection, the note's `situacao` is read first: it may be authorized already, and a
   rejected note is sent again only once its cause was fixed (SEFAZ blocks repeated rejections).
3. `nfce_read`: `GET /nfce/{id}` until `situacao` 5, then the authorized XML behind the `xml` link.
   Only then is the sale's note "issued" (key, number, XML kept). While SEFAZ works (3 Aguardando
   recibo, 8 Aguardando protocolo) the step of a sale whose customer waits reads again every
   `POLL_S`, up to `POLL_BUDGET_S`; then (and at once for the backlog) it waits its turn (`Wait`,
   growing pauses) without holding the queue.

Rejections (4) park the step with SEFAZ's reason and the fix in the manager's words
(`nfce_fixes`); Denegada (9) and Bloqueada (11) park as such. `numeroPedidoCompra` is never sent
(the order body has no such field: SEFAZ rejection 762).

A sale cancelled before its note left skips what is left: no note is generated or sent for it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from pdv_bling.bling.client import BlingClient
from pdv_bling.bling.errors import BlingValidationError
from pdv_bling.bling.nfce import (
    BLOQUEADA,
    CANCELADA,
    DENEGADA,
    PENDENTE,
    REJEITADA,
    NotaConsumidor,
)
from pdv_bling.bling.pacer import PRIORITY
from pdv_bling.store.engine import Store
from pdv_bling.store.models import OutboxItem
from pdv_bling.store.models import nfce as N
from pdv_bling.sync import nfce_fixes as fixes
from pdv_bling.sync import nfce_record as record
from pdv_bling.sync.fixes import error_detail
from pdv_bling.sync.nfce_fixes import (
    GERAR_RECUSADO,
    REJECTION_CODES,
    XML_INVALIDO,
    cstat_of,
    fix_of,
    motivo_of,
    rejection_fix,
)
from pdv_bling.sync.nfce_lookup import find_note
from pdv_bling.sync.nfce_record import NfceFacts
from pdv_bling.sync.outcomes import Done, Outcome, Park, Wait

POLL_S = 0.4  # between reads while SEFAZ works on the note
SEFAZ_WAIT_MAX_S = 3.0  # the longest first pause after an `enviar` whose answer shows the note still at SEFAZ
POLL_BUDGET_S = 8.0  # reads within one attempt before the step waits its turn
WAIT_STEPS_S = (5.0, 15.0, 30.0, 60.0, 120.0, 300.0)  # the pauses of a note still at SEFAZ after that
STALE_PENDENTE_WAITS = 4  # a note still "Pendente" after this many pauses was not transmitted: ask the manager
RESEND_CODES = REJECTION_CODES | {"nfce_bloqueada", "nfce_pendente"}


class NfceSteps:
    def __init__(self, store: Store, client: BlingClient, *, sleep: Callable[[float], None] = time.sleep,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.store, self.client = store, client
        self.sleep, self.monotonic = sleep, monotonic
        # note id -> when its `enviar` answered and how long SEFAZ's round trip took, for a note whose
        # answer carried no `xml` link (still at SEFAZ): its first read waits one more round trip
        # instead of finding it unfinished (one request of the account's 3/s saved per such note)
        self._at_sefaz: dict[int, tuple[float, float]] = {}

    # ------------------------------------------------------------ 1. gerar-nfce

    def generate(self, item: OutboxItem, recovering: bool) -> Outcome:
        facts = record.load_facts(self.store, item)
        if facts.note_id is not None:
            return Done({"nfce_id": facts.note_id})
        if facts.cancelled:
            return Done({"skipped": "sale_cancelled"})
        if facts.pedido_id is None:
            raise RuntimeError("order not created yet: the chain order was broken")
        if recovering:
            found = find_note(self.client, facts, since=_unknown_since(item))
            if isinstance(found, Park):
                return found
            if found is not None:
                return Done({"nfce_id": found.id, "recovered": True}, apply=record.drafted(facts.sale_id, found, found.id))
        try:
            nota_id = self.client.nfce.gerar_from_order(facts.pedido_id)
        except BlingValidationError as exc:
            fix = fix_of(GERAR_RECUSADO, venda=facts.numero_loja, detail=motivo_of(exc))
            return Park(fix, error_detail(exc), apply=record.moved(facts.sale_id, reason_code=fix.code,
                                                                    reason=motivo_of(exc)))
        return Done({"nfce_id": nota_id}, apply=record.drafted(facts.sale_id, None, nota_id))

    # ------------------------------------------------------------ 2. enviar

    def send(self, item: OutboxItem, recovering: bool) -> Outcome:
        facts = record.load_facts(self.store, item)
        if facts.note_id is None:
            return Done({"skipped": "sale_cancelled"} if facts.cancelled else {"skipped": "no_note"})
        if facts.cancelled and facts.note_state == N.DRAFT and not recovering:
            return Done({"skipped": "sale_cancelled"})  # a draft never sent: nothing reaches SEFAZ
        if recovering or item.error_code is not None:  # a lost answer, or the manager asks again
            nota = self.client.nfce.get(facts.note_id)
            settled = self._settled(facts, nota, recovering=recovering)
            if settled is not None:
                return settled
        return self._send(facts)

    def _settled(self, facts: NfceFacts, nota: NotaConsumidor, *, recovering: bool) -> Outcome | None:
        """What the read says when no send is needed; None to send (still a draft, or rejected and
        asked again after the fix)."""
        situacao = nota.situacao
        if situacao == REJEITADA and recovering:  # our lost send reached SEFAZ: its answer was this
            return self._rejected(facts, None, "", "enviar sem resposta; a nota está Rejeitada no Bling")
        if situacao in (REJEITADA, PENDENTE, None):
            return None
        stopped = self._stopped(facts, nota)
        if stopped is not None:
            return stopped
        return Done({"sent": True, "situacao": situacao, "read_first": True},
                    apply=record.moved(facts.sale_id, state=N.SENT, situacao=situacao))

    def _send(self, facts: NfceFacts) -> Outcome:
        assert facts.note_id is not None
        try:
            answer, round_trip = self.client.nfce.enviar(facts.note_id)
        except BlingValidationError as exc:
            return self._rejected(facts, cstat_of(exc), motivo_of(exc), error_detail(exc))
        if not answer.get("xml"):  # authorized notes come back with their XML link (field guide §6.9)
            self._at_sefaz[facts.note_id] = (self.monotonic(), min(SEFAZ_WAIT_MAX_S, round_trip))
        return Done({"sent": True}, apply=record.moved(facts.sale_id, state=N.SENT))

    # ------------------------------------------------------------ 3. read back

    def read(self, item: OutboxItem, recovering: bool) -> Outcome:
        facts = record.load_facts(self.store, item)
        at_sefaz = self._at_sefaz.pop(facts.note_id, None) if facts.note_id is not None else None
        if facts.note_id is None or (facts.cancelled and facts.note_state == N.DRAFT):
            return Done({"skipped": "sale_cancelled" if facts.cancelled else "no_note"})
        if facts.has_xml and facts.note_state in (N.AUTHORIZED, N.CANCEL_PENDING):
            return Done({"authorized": True})
        waits = int((item.result or {}).get("waits") or 0)
        if item.error_code in RESEND_CODES:  # parked here, fixed in Bling, asked again: read, then send
            nota = self.client.nfce.get(facts.note_id)
            if nota.situacao in (REJEITADA, PENDENTE):
                sent = self._send(facts)
                if not isinstance(sent, Done):
                    return sent
                waits, at_sefaz = 0, self._at_sefaz.pop(facts.note_id, None)
        # A customer waits (the pacer's priority lane is on): read again while SEFAZ works. The
        # backlog's notes are read once per turn instead, never holding its drainer.
        deadline = self.monotonic() + (POLL_BUDGET_S if PRIORITY.get() else 0.0)
        if at_sefaz is not None and PRIORITY.get():  # still at SEFAZ when `enviar` answered: give it
            answered, round_trip = at_sefaz           # about one more round trip before the first read
            pause = answered + round_trip - self.monotonic()
            if 0 < pause < deadline - self.monotonic():
                self.sleep(pause)
        while True:
            nota = self.client.nfce.get(facts.note_id)
            if nota.authorized:
                return self._authorized(facts, nota)
            if nota.situacao == REJEITADA:
                return self._rejected(facts, None, "", "a SEFAZ rejeitou a nota (situação 4 no Bling)")
            stopped = self._stopped(facts, nota)
            if stopped is not None:
                return stopped
            if nota.situacao == CANCELADA:  # the sale was cancelled here and the note in Bling
                return Done({"cancelled": True}, apply=record.moved(facts.sale_id, state=N.CANCELLED, situacao=CANCELADA))
            if nota.situacao == PENDENTE and waits >= STALE_PENDENTE_WAITS:
                return self._pending_too_long(facts)
            if self.monotonic() + POLL_S > deadline:
                return self._wait(facts, nota, waits)
            self.sleep(POLL_S)

    def _authorized(self, facts: NfceFacts, nota: NotaConsumidor) -> Outcome:
        xml = self.client.nfce.download_xml(nota.xml_link) if nota.xml_link else ""
        if not record.xml_matches(xml, nota.chave_acesso):
            fix = fix_of(XML_INVALIDO, nota=f"nº {nota.numero}" if nota.numero else f"id {nota.id}",
                         venda=facts.numero_loja)
            return Park(fix, f"chave {nota.chave_acesso or '?'}; XML de {len(xml)} caracteres",
                        apply=record.moved(facts.sale_id, situacao=nota.situacao))
        return Done({"authorized": True, "chave": nota.chave_acesso, "situacao": nota.situacao},
                    apply=record.authorized(facts.sale_id, nota, xml))

    def _wait(self, facts: NfceFacts, nota: NotaConsumidor, waits: int) -> Wait:
        pause = WAIT_STEPS_S[min(waits, len(WAIT_STEPS_S) - 1)]
        return Wait(pause, f"NFC-e na SEFAZ (situação {nota.situacao} no Bling): nova leitura em {pause:.0f} s",
                    result={"waits": waits + 1}, apply=record.moved(facts.sale_id, situacao=nota.situacao))

    def _pending_too_long(self, facts: NfceFacts) -> Park:
        from pdv_bling.sync.fixes import Fix

        fix = Fix("nfce_pendente", f"A NFC-e {facts.nota} da venda {facts.numero_loja} continua \"Pendente\" no "
                                   "Bling: ela não foi transmitida à SEFAZ. Clique em Tentar novamente para enviá-la "
                                   "(o PDV confere a situação antes), ou envie-a em Vendas › Notas Fiscais de "
                                   "Consumidor.")
        return Park(fix, "situação 1 (Pendente) depois do envio", apply=record.moved(facts.sale_id, situacao=PENDENTE))

    # ------------------------------------------------------------ outcomes shared by the steps

    def _rejected(self, facts: NfceFacts, cstat: int | None, motivo: str, detail: str) -> Park:
        fix = rejection_fix(cstat=cstat, motivo=motivo, venda=facts.numero_loja, nota=facts.nota)
        return Park(fix, detail, absent=True,
                    apply=record.moved(facts.sale_id, state=N.REJECTED, situacao=REJEITADA,
                                       reason_code=str(cstat) if cstat is not None else fix.code, reason=motivo or None))

    def _stopped(self, facts: NfceFacts, nota: NotaConsumidor) -> Park | None:
        """Denegada, Bloqueada or Cancelada: nothing more goes to SEFAZ until the manager acts."""
        values = {"nota": facts.nota, "venda": facts.numero_loja}
        if nota.situacao == DENEGADA:
            return Park(fix_of(fixes.DENEGADA, **values), "situação 9 (Denegada)", absent=True,
                        apply=record.moved(facts.sale_id, state=N.DENIED, situacao=DENEGADA))
        if nota.situacao == BLOQUEADA:
            return Park(fix_of(fixes.BLOQUEADA, **values), "situação 11 (Bloqueada)", absent=True,
                        apply=record.moved(facts.sale_id, state=N.BLOCKED, situacao=BLOQUEADA))
        if nota.situacao == CANCELADA and facts.cancelled:  # cancelled in Bling, as the sale was here
            return None
        if nota.situacao == CANCELADA:
            return Park(fix_of(fixes.CANCELADA_ANTES, **values), "situação 2 (Cancelada)", absent=True,
                        apply=record.moved(facts.sale_id, state=N.CANCELLED, situacao=CANCELADA))
        return None


def _unknown_since(item: OutboxItem) -> dt.datetime | None:
    """When the first attempt whose answer was lost started (the drainer keeps it)."""
    raw = (item.result or {}).get("unknown_since")
    try:
        return dt.datetime.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        return None

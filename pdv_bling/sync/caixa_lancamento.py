"""The outbox kind `caixa_lancamento`: a turno's suprimento, sangria or fechamento difference posted
as a lançamento in Bling's Caixa e Bancos (`POST /caixas`), exactly once.

The local side writes the item in the same transaction as the movement, with the payload
`{"uid", "data": "YYYY-MM-DD", "valor_cents" > 0, "tipo": "E"|"S", "papel": "suprimento"|"sangria"|
"diferenca", "forma": str|None, "historico"}`; the form counter/turno.py writes is read too:
`"debCred": "C"|"D"` for `tipo`, and `"papel": "sobra"|"falta"` for a difference.

Bling documents no duplicate protection for lançamentos, so ours is a marker built from the uid
in `observacoes` (the only free text a POST can set). Before any retry (an attempt already made,
or an item marked "maybe sent" after a restore or a handover) the day's lançamentos of that value
are read (`GET /caixas`, every conta: the mapping may have changed since) and one carrying the
marker is adopted instead of posting again. A posting whose conta financeira or categoria is not
chosen parks with the fix, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pdv_bling.bling.caixas import DebCred, LancamentoIn
from pdv_bling.bling.client import BlingClient
from pdv_bling.bling.errors import BlingValidationError
from pdv_bling.store.caixa_mapping import CONTA, CaixaMapping, Role, load_mapping, role_of
from pdv_bling.store.engine import Store
from pdv_bling.store.models import OutboxItem
from pdv_bling.sync.fixes import Fix, error_detail
from pdv_bling.sync.outcomes import Done, Outcome, Park

MARKER = "pdv-bling"
MAX_HISTORICO = 200  # observacoes keep the marker whole whatever the historico's length
ROLE_WORDS = {"suprimento": "Suprimento", "sangria": "Sangria", "sobra": "Sobra de caixa", "falta": "Falta de caixa"}
OF_ROLE = {"suprimento": "do suprimento", "sangria": "da sangria", "sobra": "da sobra de caixa",
           "falta": "da falta de caixa"}
WHERE = "Integração Bling > Caixa e Bancos"
SEM_MAPEAMENTO = Fix(
    "caixa_nao_mapeado",
    "O lançamento de {papel} de {valor} do dia {dia} aguarda: falta escolher {falta} em " + WHERE
    + " (ou pdv-bling caixa-bancos set {chaves}). Nada foi lançado no Bling; depois de escolher, clique "
    "em Tentar novamente (pdv-bling outbox retry).",
)
RECUSADO = Fix(
    "caixa_bancos_recusado",
    "O Bling recusou o lançamento de {papel} de {valor} no Caixa e Bancos: {detalhe}. Confira em " + WHERE
    + " se a conta financeira e a categoria escolhidas existem e estão ativas no Bling (Atualizar do Bling), "
    "e clique em Tentar novamente.",
)


@dataclass(frozen=True)
class Posting:
    """The payload of a `caixa_lancamento` item, checked."""

    uid: str
    day: date
    valor_cents: int
    tipo: str  # E: cash in (Bling `C`), S: cash out (Bling `D`)
    papel: str
    forma: str | None
    historico: str

    @classmethod
    def of(cls, payload: dict[str, Any]) -> Posting:
        tipo = payload["tipo"] if "tipo" in payload else {"C": "E", "D": "S"}.get(str(payload["debCred"]), "?")
        posting = cls(uid=str(payload["uid"]), day=date.fromisoformat(str(payload["data"])),
                      valor_cents=int(payload["valor_cents"]), tipo=str(tipo), papel=str(payload["papel"]),
                      forma=str(payload["forma"]) if payload.get("forma") else None,
                      historico=str(payload.get("historico") or ""))
        if not posting.uid.strip() or posting.valor_cents <= 0 or posting.tipo not in ("E", "S"):
            raise ValueError(f"invalid caixa_lancamento payload for {posting.uid!r}")
        role_of(posting.papel, posting.tipo)  # raises on an unknown papel
        return posting

    @property
    def role(self) -> Role:
        return role_of(self.papel, self.tipo)

    @property
    def deb_cred(self) -> DebCred:
        return "C" if self.tipo == "E" else "D"


def marker(uid: str) -> str:
    return f"[{MARKER} {uid}]"


def has_marker(text: str, uid: str) -> bool:
    """The marker of exactly this uid (the brackets keep a longer uid that starts with it out)."""
    return marker(uid) in text


def observacoes(posting: Posting) -> str:
    """"Sangria: depósito no banco (Dinheiro) · [pdv-bling <uid>]"."""
    text = ROLE_WORDS[posting.role]
    historico = " ".join(posting.historico.split())[:MAX_HISTORICO]
    if historico:
        text += f": {historico}"
    if posting.forma:
        text += f" ({posting.forma[:40]})"
    return f"{text} · {marker(posting.uid)}"


def brl(cents: int) -> str:
    reais, rest = divmod(abs(cents), 100)
    return f"R$ {reais:,}".replace(",", ".") + f",{rest:02d}"


class CaixaLancamentos:
    def __init__(self, store: Store, client: BlingClient) -> None:
        self.store = store
        self.client = client

    def deliver(self, item: OutboxItem, recovering: bool) -> Outcome:
        posting = Posting.of(dict(item.payload or {}))
        looked = recovering or item.attempts > 1  # any retry: is it in Bling already?
        if looked:
            found = self.look_up(posting)
            if found:
                return Done({"lancamento_id": found[0], "found": True, "lancamentos_found": len(found)})
        with self.store.read() as session:
            mapping = load_mapping(session)
        categoria = mapping.categoria(posting.role)
        if mapping.conta_id is None or categoria is None:
            return self._unmapped(posting, mapping, looked=looked)
        body = LancamentoIn(data=posting.day, valor_centavos=posting.valor_cents, deb_cred=posting.deb_cred,
                            observacoes=observacoes(posting), conta_id=mapping.conta_id, categoria_id=categoria)
        try:
            created = self.client.caixas.create(body)
        except BlingValidationError as exc:  # refused: nothing was created (a 400 is never "maybe")
            detail = error_detail(exc)
            words = RECUSADO.check.format(papel=ROLE_WORDS[posting.role].lower(), valor=brl(posting.valor_cents),
                                          detalhe=detail)
            return Park(Fix(RECUSADO.code, words), f"Caixa e Bancos: {detail}", absent=looked)
        return Done({"lancamento_id": created, "conta_id": mapping.conta_id, "categoria_id": categoria})

    def look_up(self, posting: Posting) -> list[int]:
        """Ids of the lançamentos in Bling that carry this posting's marker, value and direction."""
        rows = self.client.caixas.find(day=posting.day, valor_centavos=posting.valor_cents)
        return sorted(r.id for r in rows if has_marker(r.observacoes, posting.uid)
                      and r.deb_cred in ("", posting.deb_cred) and r.situacao in ("", "R"))

    def _unmapped(self, posting: Posting, mapping: CaixaMapping, *, looked: bool) -> Park:
        """Parked with what to choose, and where. `looked`: Bling was just searched and holds
        nothing of it, so an earlier unknown outcome is settled."""
        role = posting.role
        gaps = []
        if mapping.conta_id is None:
            gaps.append(("a conta financeira", CONTA))
        if mapping.categoria(role) is None:
            gaps.append((f"a categoria {OF_ROLE[role]}", role))
        falta = " e ".join(words for words, _key in gaps)
        chaves = " ".join(f"{key}=NOME_OU_ID" for _words, key in gaps)
        words = SEM_MAPEAMENTO.check.format(papel=ROLE_WORDS[role].lower(), valor=brl(posting.valor_cents),
                                            dia=posting.day.strftime("%d/%m/%Y"), falta=falta, chaves=chaves)
        return Park(Fix(SEM_MAPEAMENTO.code, words), f"Caixa e Bancos sem {falta}", absent=looked)


def deliver(store: Store, client: BlingClient, item: OutboxItem, *, recovering: bool) -> Outcome:
    """The handler of `caixa_lancamento` items (sync/handlers.py's table)."""
    return CaixaLancamentos(store, client).deliver(item, recovering)

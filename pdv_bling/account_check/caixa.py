"""Verificar conta for a store that posts its turnos to Bling's Caixa e Bancos: is the conta
financeira chosen and active, has every role (suprimento, sangria, sobra, falta) an active
categoria pointing the right way? Checked only once the store uses it (a mapping chosen, a
posting queued): three GETs then, which also show the scopes of these modules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pdv_bling.base.zone import BLING_ZONE
from pdv_bling.store import outbox
from pdv_bling.store.caixa_mapping import ROLES, CaixaMapping, Choice, fits, load_mapping
from pdv_bling.store.models import OutboxItem
from pdv_bling.sync.caixa_bancos import in_use
from pdv_bling.sync.caixa_lancamento import ROLE_WORDS

from .checks_account import unverified
from .model import CheckResult
from .reader import AccountReader, Reply
from .texts import names, result

TITLE = "Caixa e Bancos (lançamentos do turno)"


@dataclass(frozen=True)
class CaixaFacts:
    used: bool
    mapping: CaixaMapping
    waiting: int  # postings not delivered yet (pending, in flight or parked)


@dataclass(frozen=True)
class CaixaRemote:
    contas: Reply
    categorias: Reply


def load_caixa(session: Session) -> CaixaFacts:
    waiting = session.scalar(select(func.count()).select_from(OutboxItem).where(
        OutboxItem.kind == outbox.CAIXA_LANCAMENTO, OutboxItem.state != outbox.DONE)) or 0
    return CaixaFacts(used=in_use(session), mapping=load_mapping(session), waiting=int(waiting))


def gather_caixa(reader: AccountReader, facts: CaixaFacts) -> CaixaRemote | None:
    if not facts.used:
        return None
    contas = reader.list_all("/contas-contabeis", [("situacoes[]", 1)])
    categorias = reader.list_all("/categorias/receitas-despesas", [("situacao", 1)])
    today = dt.datetime.now(BLING_ZONE).date().isoformat()  # the Caixas e Bancos scope probe (any answer but 403)
    reader.get("/caixas", [("pagina", 1), ("dataInicial", today), ("dataFinal", today)])
    return CaixaRemote(contas=contas, categorias=categorias)


def check_caixa_bancos(remote: CaixaRemote | None, facts: CaixaFacts) -> list[CheckResult]:
    if remote is None:
        return []
    mapping = facts.mapping
    out: list[CheckResult] = []
    if mapping.conta_id is None:
        out.append(result("caixa_bancos_sem_conta", waiting=facts.waiting))
    elif not remote.contas.ok:
        out.append(unverified("caixa_bancos", TITLE, remote.contas))
    elif mapping.conta_id not in _by_id(remote.contas.data):
        out.append(result("caixa_bancos_conta_inexistente", id=mapping.conta_id))
    unset = [ROLE_WORDS[role] for role in ROLES if mapping.categoria(role) is None]
    if unset:
        out.append(result("caixa_bancos_sem_categoria", count=len(unset), names=names(unset), waiting=facts.waiting))
    if len(unset) < len(ROLES):
        out.extend(_categorias(remote.categorias, mapping))
    return out or [result("caixa_bancos_ok", conta=_name(remote.contas.data, mapping.conta_id))]


def _categorias(reply: Reply, mapping: CaixaMapping) -> list[CheckResult]:
    if not reply.ok:
        return [unverified("caixa_bancos", TITLE, reply)]
    active = _by_id(reply.data)
    gone = [ROLE_WORDS[r] for r in ROLES if mapping.categoria(r) is not None and mapping.categoria(r) not in active]
    wrong = [ROLE_WORDS[r] for r in ROLES if mapping.categoria(r) in active
             and not fits(r, _choice(active[int(mapping.categoria(r) or 0)]))]
    out = []
    if gone:
        out.append(result("caixa_bancos_categoria_inexistente", count=len(gone), names=names(gone)))
    if wrong:
        out.append(result("caixa_bancos_categoria_sentido", count=len(wrong), names=names(wrong)))
    return out


def _by_id(rows: Any) -> dict[int, dict[str, Any]]:
    return {int(r["id"]): r for r in rows or [] if isinstance(r, dict) and r.get("id")}


def _choice(row: dict[str, Any]) -> Choice:
    return Choice(id=int(row["id"]), descricao=str(row.get("descricao") or ""), tipo=str(row.get("tipo") or ""))


def _name(rows: Any, conta_id: int | None) -> str:
    return str(_by_id(rows).get(int(conta_id or 0), {}).get("descricao") or conta_id)

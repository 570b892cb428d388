"""NFC-e through Bling (issue 27 item 10): can the account issue it (an active natureza de
operação "Padrão venda cupom"), what the first issue gave, and the sales still waiting for their
note (red past the store's wait limit) or whose note is still to cancel in Bling. Nothing here runs
when the notes come from another emitter."""

from __future__ import annotations

from typing import Any

from pdv_bling.bling.nfce import NATUREZA_PADRAO_CUPOM

from .checks_account import unverified
from .local import LocalFacts
from .model import CheckResult
from .remote import RemoteFacts
from .texts import result

FIRST_WORDS = {"rejected": "a SEFAZ a rejeitou", "denied": "a SEFAZ a denegou", "blocked": "ela está bloqueada no Bling"}


def check_nfce(remote: RemoteFacts, local: LocalFacts) -> list[CheckResult]:
    if local.settings.nfce_source != "bling":
        return []
    out = [*_natureza(remote), _first(local.nfce_first)]
    overview = local.nfce
    if overview is not None:
        if overview.overdue:
            prazo = "o fim do dia da venda" if local.settings.nfce_wait_limit_min <= 0 else \
                f"{local.settings.nfce_wait_limit_min} minutos"
            out.append(result("nfce_atrasadas", count=overview.overdue, prazo=prazo))
        elif overview.pending:
            out.append(result("nfce_pendentes", count=overview.pending))
        else:
            out.append(result("nfce_em_dia"))
        if overview.to_cancel:
            out.append(result("nfce_a_cancelar", count=overview.to_cancel))
    return out


def _natureza(remote: RemoteFacts) -> list[CheckResult]:
    reply = remote.naturezas
    if reply is None:
        return []
    if not reply.ok:
        return [unverified("nfce", "NFC-e pelo Bling: natureza de operação", reply)]
    rows: list[Any] = [r for r in reply.data or [] if isinstance(r, dict)]
    cupom = [r for r in rows if int(r.get("padrao") or 0) == NATUREZA_PADRAO_CUPOM and int(r.get("situacao", 1)) == 1]
    if not cupom:
        return [result("nfce_sem_natureza")]
    return [result("nfce_natureza_ok", natureza=str(cupom[0].get("descricao") or cupom[0].get("id")))]


def _first(first: dict[str, Any] | None) -> CheckResult:
    if not first:
        return result("nfce_primeira_pendente")
    venda = str(first.get("numero_loja") or "?")
    if first.get("status") == "ok":
        return result("nfce_primeira_ok", venda=venda)
    return result("nfce_primeira_falhou", venda=venda, motivo=FIRST_WORDS.get(str(first.get("status")), "veja a venda"),
                  fix_code=str(first.get("code") or ""))

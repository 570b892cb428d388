"""Checks of the account itself: scopes, situações, deposit, Consumidor Final, the clock and the
day's requests."""

from __future__ import annotations

from typing import Any

from pdv_bling.bling.scopes import BY_KEY, SCOPES, scope_for_path

from .local import LocalFacts
from .model import CheckResult
from .reader import AccountReader, BudgetSpent, Reply
from .remote import RemoteFacts
from .texts import names, result

# Built-in situações keep these ids in every account seen (field guide 6.7): a name missing while
# its id is there under another name means it was renamed.
BUILT_IN = {"Em aberto": 6, "Atendido": 9, "Cancelado": 12}
USES = {
    "Em aberto": "a criação das vendas em aberto antes do lançamento",
    "Atendido": "a passagem das vendas para Atendido (que lança estoque e contas pelo Gerenciador de transições)",
    "Cancelado": "o cancelamento das vendas no Bling",
}
CLOCK_OK_S, CLOCK_ERROR_S = 60.0, 600.0
USAGE_WARN, USAGE_ERROR = 0.8, 1.0
BY_THIS_PDV, BY_THE_STORE = "por este PDV", "pela loja inteira (todos os caixas, pelo integrador)"


def unverified(topic: str, title: str, reply: Reply) -> CheckResult:
    """A check that could not look: why, in pt_BR."""
    if reply.forbidden:
        scope = BY_KEY.get(_scope_key(reply.path), None)
        why = f"sem o escopo \"{scope.label if scope else reply.path}\" (veja Escopos do aplicativo)"
    elif isinstance(reply.error, BudgetSpent):
        why = "a verificação atingiu seu limite de requisições"
    else:
        why = f"o Bling respondeu {reply.status} em {reply.path}"
    return CheckResult(topic=topic, code=f"{topic}_nao_verificado", status="nao_verificado", title=title,
                       explanation=f"Não verificado: {why}.", fix="")


def _scope_key(path: str) -> str:
    scope = scope_for_path(path)
    return scope.key if scope else ""


def check_scopes(reader: AccountReader) -> list[CheckResult]:
    probed = [s for s in SCOPES if not s.optional or s.key in reader.forbidden or s.key in reader.answered]
    missing = [s for s in probed if s.key in reader.forbidden]
    unknown = [s for s in probed if s.key not in reader.forbidden and s.key not in reader.answered]
    out: list[CheckResult] = []
    if missing:
        labels = [s.label for s in missing]
        where = ("no módulo " if len(labels) == 1 else "nos módulos ") + names(labels)
        out.append(result("escopos_faltando", labels=", ".join(labels), quoted=names(labels), where=where,
                          needs="; ".join(s.needed_for for s in missing), missing=[s.key for s in missing]))
    if unknown:
        out.append(result("escopos_parcial", count=len(unknown), labels=", ".join(s.label for s in unknown)))
    if not out:
        out.append(result("escopos_ok", count=len(probed)))
    return out


def check_situacoes(remote: RemoteFacts) -> list[CheckResult]:
    title = "Situações do módulo Vendas"
    if not remote.modulos.ok:
        return [unverified("situacoes", title, remote.modulos)]
    if remote.situacoes is None:
        return [result("situacoes_sem_modulo")]
    if not remote.situacoes.ok:
        return [unverified("situacoes", title, remote.situacoes)]
    rows = [r for r in remote.situacoes.data or [] if isinstance(r, dict)]
    by_name = {str(r.get("nome", "")).strip().lower(): int(r["id"]) for r in rows if r.get("id")}
    by_id = {int(r["id"]): str(r.get("nome", "")) for r in rows if r.get("id")}
    out = []
    for name, known_id in BUILT_IN.items():
        if name.lower() in by_name:
            continue
        if known_id in by_id:
            out.append(result("situacao_renomeada", nome=name, id=known_id, atual=by_id[known_id], uso=USES[name]))
        else:
            out.append(result("situacao_ausente", nome=name, uso=USES[name]))
    if not out:
        ids = ", ".join(f"{n} {by_name[n.lower()]}" for n in BUILT_IN)
        out.append(result("situacoes_ok", ids=ids))
    return out


def check_deposito(remote: RemoteFacts, local: LocalFacts) -> list[CheckResult]:
    title = "Depósito"
    if not remote.depositos.ok:
        return [unverified("deposito", title, remote.depositos)]
    active = [d for d in remote.depositos.data or [] if isinstance(d, dict) and int(d.get("situacao", 1)) == 1]
    padrao = next((d for d in active if d.get("padrao")), None)
    wanted = local.settings.deposit_id
    out: list[CheckResult] = []
    if padrao is None:
        out.append(result("deposito_sem_padrao", status="erro" if wanted is None else "atencao"))
    target: dict[str, Any] | None = padrao if wanted is None else next(
        (d for d in active if int(d["id"]) == wanted), None)
    if wanted is not None and target is None:
        reply = remote.store_deposito
        if reply is None or reply.status == 404 or (reply.ok and not reply.data):
            out.append(result("deposito_loja_ausente", id=wanted))
        elif not reply.ok:
            out.append(unverified("deposito", title, reply))
        else:
            out.append(result("deposito_loja_inativo", nome=str(reply.data.get("descricao") or wanted), id=wanted))
    if target is not None and target.get("desconsiderarSaldo"):
        out.append(result("deposito_desconsidera_saldo", nome=str(target.get("descricao") or target["id"])))
    if not out and target is not None:
        out.append(result("deposito_ok", nome=str(target.get("descricao") or target["id"])))
    return out


def check_consumidor_final(remote: RemoteFacts) -> list[CheckResult]:
    reply = remote.consumidor_final
    if reply.ok and isinstance(reply.data, dict) and reply.data.get("id"):
        return [result("consumidor_final_ok", nome=str(reply.data.get("nome") or ""), id=int(reply.data["id"]))]
    if reply.forbidden or isinstance(reply.error, BudgetSpent):
        return [unverified("consumidor_final", "Consumidor Final", reply)]
    return [result("consumidor_final_ausente", http=str(reply.status) if not reply.ok else "200 sem contato")]


def check_clock(reader: AccountReader) -> list[CheckResult]:
    skew = reader.clock_skew()
    if skew is None:
        return [result("relogio_sem_data")]
    size = abs(skew)
    words = duration_words(size)
    side = "adiantado em relação ao relógio" if skew > 0 else "atrasado em relação ao relógio"
    if size <= CLOCK_OK_S:
        return [result("relogio_ok", skew=words, skew_s=round(skew, 1))]
    code = "relogio_errado" if size > CLOCK_ERROR_S else "relogio_desviado"
    return [result(code, skew=words, lado=side, skew_s=round(skew, 1))]


def duration_words(seconds: float) -> str:
    """pt_BR: "menos de 1 s", "45 s", "12 min", "2 h 5 min"."""
    total = int(round(seconds))
    if total < 1:
        return "menos de 1 s"
    if total < 60:
        return f"{total} s"
    hours, minutes = divmod(total // 60, 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def check_requests(used: int, *, limit: int, store_wide: bool = False) -> list[CheckResult]:
    """The day's requests against Bling's daily limit: this data folder's, or with a store server
    the whole store's (`store_wide`)."""
    share = used / limit if limit else 1.0
    pct = f"{share * 100:.1f}".replace(".", ",")
    used_text = f"{used:,}".replace(",", ".")
    limit_text = f"{limit:,}".replace(",", ".")
    code = "requisicoes_esgotadas" if share >= USAGE_ERROR else "requisicoes_alto" if share >= USAGE_WARN else "requisicoes_ok"
    return [result(code, used=used_text, limit=limit_text, pct=pct, used_count=used,
                   by=BY_THE_STORE if store_wide else BY_THIS_PDV)]

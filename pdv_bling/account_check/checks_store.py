"""Checks of this store's setup against the account: the DE-PARA, sellers, barcodes, the stock
check of an earlier sale, and the sales waiting in the queue."""

from __future__ import annotations

from typing import Any

from .checks_account import unverified
from .local import LocalFacts, QueuedSale
from .model import CheckResult
from .remote import RemoteFacts
from .texts import names, result

FINALIDADE_PAGAMENTOS = 1  # 1 pagamentos, 2 recebimentos, 3 ambos (field guide 6.6)
DETAIL_LINES = 20


def _by_id(rows: Any) -> dict[int, dict[str, Any]]:
    return {int(r["id"]): r for r in rows or [] if isinstance(r, dict) and r.get("id")}


def check_depara(remote: RemoteFacts, local: LocalFacts) -> list[CheckResult]:
    out: list[CheckResult] = []
    unmapped = [m.name for m in local.methods if m.forma_id is None]
    if unmapped:
        out.append(result("depara_sem_vinculo", count=len(unmapped), names=names(unmapped)))
    mapped = [m for m in local.methods if m.forma_id is not None]
    if not remote.formas.ok:
        return [*out, unverified("depara", "DE-PARA das formas de pagamento", remote.formas)]
    formas = _by_id(remote.formas.data)
    gone = [m.name for m in mapped if m.forma_id not in formas]
    if gone:
        out.append(result("depara_forma_inexistente", count=len(gone), names=names(gone)))
    for forma_id in dict.fromkeys(m.forma_id for m in mapped if m.forma_id in formas):
        forma = formas[int(forma_id or 0)]
        users = names([m.name for m in mapped if m.forma_id == forma_id])
        label = str(forma.get("descricao") or forma_id)
        if int(forma.get("situacao", 1)) != 1:
            out.append(result("depara_forma_inativa", forma=label, names=users, forma_id=forma_id))
        elif int(forma.get("finalidade") or 3) == FINALIDADE_PAGAMENTOS:
            out.append(result("depara_finalidade", forma=label, names=users, forma_id=forma_id))
    return out or [result("depara_ok", count=len(local.methods))]


def check_vendedores(remote: RemoteFacts, local: LocalFacts) -> list[CheckResult]:
    if not local.operators:
        return [result("vendedores_nenhum")]
    out: list[CheckResult] = []
    unlinked = [o.name for o in local.operators if o.vendedor_id is None]
    if unlinked:
        out.append(result("vendedor_sem_vinculo", count=len(unlinked), names=names(unlinked)))
    linked = [o for o in local.operators if o.vendedor_id is not None]
    if linked and not remote.vendedores.ok:
        return [*out, unverified("vendedores", "Vendedores", remote.vendedores)]
    vendedores = _by_id(remote.vendedores.data)
    bad = [o.name for o in linked if str((vendedores.get(int(o.vendedor_id or 0)) or {}).get("contato", {})
                                         .get("situacao", "")) != "A"]
    if bad:
        out.append(result("vendedor_inativo", count=len(bad), names=names(bad)))
    return out or [result("vendedores_ok", count=len(linked))]


def check_barcodes(local: LocalFacts) -> list[CheckResult]:
    codes = local.barcodes
    if not codes.synced:
        return [result("codigo_barras_nao_sincronizado")]
    modo = "SKU" if codes.sku_mode else "GTIN"
    out: list[CheckResult] = []
    if codes.without_code:
        code = "produtos_sem_sku" if codes.sku_mode else "produtos_sem_gtin"
        out.append(result(code, count=codes.without_code, details=codes.without_examples))
    if codes.duplicated:
        out.append(result("codigo_duplicado", count=codes.duplicated, modo=modo, details=codes.duplicated_examples))
    return out or [result("codigo_barras_ok", count=codes.sellable, modo=modo)]


def check_stock(local: LocalFacts) -> list[CheckResult]:
    view = local.stock_check
    if view is None:
        return [result("estoque_nao_verificado")]
    venda = view.sale or "verificada"
    if view.moved:
        return [result("estoque_ok", venda=venda, quando=view.checked_at or "")]
    if view.twice:
        return [result("estoque_duas_vezes", venda=venda, advice=view.advice or "",
                       origem=" (uma pela emissão da NFC-e)" if view.by_note else "")]
    if view.advice:
        advice = view.advice
    elif local.settings.stock_mode == "transitions":
        advice = ("No Bling, em Perfil da empresa > Todas as configurações > Sistema > Gerenciador de transições, "
                  "configure Em aberto → Atendido com \"Lançar estoque\" e \"Lançar contas\" (e Atendido → Cancelado "
                  "com os estornos); ou escolha \"Lançar estoque e contas pela integração\" em Configurações.")
    else:
        advice = ("Confira no Bling as movimentações de estoque do produto da venda e o depósito escolhido em "
                  "Configurações > Depósito do Bling.")
    born = " (o pedido nasceu em Atendido, então nenhuma transição rodou)" if view.born_atendido else ""
    return [result("estoque_nao_baixou", venda=venda, atendido=born, advice=advice)]


def check_queue(remote: RemoteFacts, local: LocalFacts) -> list[CheckResult]:
    if not local.queued:
        return [result("fila_vazia")]
    formas = _by_id(remote.formas.data) if remote.formas.ok else None
    found: dict[str, list[str]] = {"fila_forma": [], "fila_produto": [], "fila_cliente": []}
    for sale in local.queued:
        for kind, reason in _sale_problems(sale, formas, remote):
            found[kind].append(f"Venda {sale.number}: {reason}")
    out = []
    for code, lines in found.items():
        if lines:
            sales = len({line.split(":", 1)[0] for line in lines})
            out.append(result(code, count=sales, details=_cap(lines), sales=sales))
    return out or [result("fila_ok", count=local.queued_total)]


def _sale_problems(sale: QueuedSale, formas: dict[int, dict[str, Any]] | None,
                   remote: RemoteFacts) -> list[tuple[str, str]]:
    problems = []
    for method in sale.methods:
        if method.forma_id is None:
            problems.append(("fila_forma", f"\"{method.name}\" sem DE-PARA"))
        elif formas is not None and method.forma_id not in formas:
            problems.append(("fila_forma", f"\"{method.name}\" ligado a uma forma que não existe mais no Bling"))
        elif formas is not None and int(formas[method.forma_id].get("situacao", 1)) != 1:
            forma = formas[method.forma_id].get("descricao") or method.forma_id
            problems.append(("fila_forma", f"\"{method.name}\" ligado à forma \"{forma}\", inativa no Bling"))
    for line in sale.lines:
        state = _product_state(line.bling_id, line.active_here, remote)
        if state:
            problems.append(("fila_produto", f"produto \"{line.name}\" {state}"))
    problems.extend(("fila_cliente", reason) for reason in sale.customer_problems)
    return problems


def _product_state(bling_id: int | None, active_here: bool, remote: RemoteFacts) -> str | None:
    if bling_id is None:
        return None
    if bling_id in remote.queued_products:
        situacao = remote.queued_products[bling_id]
        return {"I": "inativo no Bling", "E": "excluído no Bling"}.get(situacao)
    if remote.queued_products_checked:
        return "não existe mais no Bling"
    return None if active_here else "inativo (última sincronização)"


def _cap(lines: list[str]) -> tuple[str, ...]:
    if len(lines) <= DETAIL_LINES:
        return tuple(lines)
    return (*lines[:DETAIL_LINES], f"… e mais {len(lines) - DETAIL_LINES}")

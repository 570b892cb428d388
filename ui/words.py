"""pt_BR words for core codes (delivery states, outbox kinds, sync models, errors).

Each string is a literal inside QCoreApplication.translate so lupdate extracts it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from pdv_bling.bling.errors import BlingError
from pdv_bling.counter import queries
from pdv_bling.domain.errors import DomainError, DomainErrors
from pdv_bling.domain.messages import sentence_for
from pdv_bling.store.problems import StoreProblem
from pdv_bling.sync.fixes import suggest

log = logging.getLogger(__name__)


def delivery_state(state: str) -> str:
    if state == "parked":
        return QCoreApplication.translate("Words", "Requer atenção")
    if state in ("pending", "in_flight"):
        return QCoreApplication.translate("Words", "Pendente")
    return QCoreApplication.translate("Words", "Enviada")


def outbox_state(state: str) -> str:
    """A queue item's Situação (pdv_bling/sync/queue_view.py's status, or a stored state)."""
    names = {
        "parked": QCoreApplication.translate("Words", "Requer atenção"),
        "sending": QCoreApplication.translate("Words", "Enviando"),
        "in_flight": QCoreApplication.translate("Words", "Enviando"),
        "checking": QCoreApplication.translate("Words", "A conferir no Bling"),
        "blocked": QCoreApplication.translate("Words", "Aguardando"),
    }
    return names.get(state, QCoreApplication.translate("Words", "Pendente"))


def outbox_kind(kind: str) -> str:
    names = {
        "customer_upsert": QCoreApplication.translate("Words", "Cliente"),
        "sale_create": QCoreApplication.translate("Words", "Venda"),
        "nfce_generate": QCoreApplication.translate("Words", "NFC-e: gerar"),
        "nfce_send": QCoreApplication.translate("Words", "NFC-e: enviar à SEFAZ"),
        "nfce_read": QCoreApplication.translate("Words", "NFC-e: autorização"),
        "sale_transition": QCoreApplication.translate("Words", "Situação Atendido"),
        "stock_post": QCoreApplication.translate("Words", "Lançar estoque"),
        "accounts_post": QCoreApplication.translate("Words", "Lançar contas"),
        "nfce_attach": QCoreApplication.translate("Words", "Referência NFC-e"),
        "stock_reverse": QCoreApplication.translate("Words", "Estornar estoque"),
        "accounts_reverse": QCoreApplication.translate("Words", "Estornar contas"),
        "sale_cancel": QCoreApplication.translate("Words", "Cancelamento"),
        "stock_entry": QCoreApplication.translate("Words", "Entrada de estoque (devolução)"),
        "caixa_lancamento": QCoreApplication.translate("Words", "Lançamento no Caixa e Bancos"),
    }
    return names.get(kind, kind)


def nfce_status(status: str | None) -> str:
    """Últimas vendas' NFC-e column (codes of pdv_bling.counter.nfce_status)."""
    names = {
        "pendente": QCoreApplication.translate("Words", "NFC-e pendente"),
        "autorizada": QCoreApplication.translate("Words", "Autorizada"),
        "rejeitada": QCoreApplication.translate("Words", "NFC-e rejeitada"),
        "denegada": QCoreApplication.translate("Words", "NFC-e denegada"),
        "bloqueada": QCoreApplication.translate("Words", "NFC-e bloqueada"),
        "a_cancelar": QCoreApplication.translate("Words", "NFC-e a cancelar no Bling"),
        "cancelada": QCoreApplication.translate("Words", "NFC-e cancelada"),
    }
    return names.get(status or "", "")


def sync_model(model: str) -> str:
    names = {
        "clientes": QCoreApplication.translate("Words", "Cliente"),
        "categorias": QCoreApplication.translate("Words", "Categoria"),
        "produtos": QCoreApplication.translate("Words", "Produto"),
        "vendedores": QCoreApplication.translate("Words", "Vendedor"),
        "formas_pagamento": QCoreApplication.translate("Words", "Formas de pagamento"),
        "depositos": QCoreApplication.translate("Words", "Depósitos"),
        "situacoes": QCoreApplication.translate("Words", "Situações"),
        "vendas": QCoreApplication.translate("Words", "Venda"),
        "auth": QCoreApplication.translate("Words", "Autenticação"),
        # the Logs de API's resources (pdv_bling/sync/apilog.py)
        "pedidos_vendas": QCoreApplication.translate("Words", "Pedidos de venda"),
        "contatos": QCoreApplication.translate("Words", "Contatos"),
        "estoques": QCoreApplication.translate("Words", "Estoque"),
        "empresas": QCoreApplication.translate("Words", "Conta Bling"),
        "autenticacao": QCoreApplication.translate("Words", "Autenticação"),
        "caixas": QCoreApplication.translate("Words", "Caixa e Bancos"),
        "caixa_bancos": QCoreApplication.translate("Words", "Contas e categorias financeiras"),
    }
    return names.get(model, QCoreApplication.translate("Words", "Outros"))


def sale_status(status: str, kind: str) -> str:
    if status == "cancelled":
        return QCoreApplication.translate("Words", "Cancelada")
    if status == "returned":
        return QCoreApplication.translate("Words", "Devolvida")
    if kind == "exchange":
        return QCoreApplication.translate("Words", "Troca")
    return QCoreApplication.translate("Words", "Venda")


def sale_kind(row: queries.SaleRow) -> str:
    """Últimas vendas' Tipo: a plain sale, the new sale of an exchange, and what was given back."""
    if row.status == "cancelled":
        return QCoreApplication.translate("Words", "Cancelada")
    if row.kind == "exchange" and row.origin_number is not None:
        text = QCoreApplication.translate("Words", "Troca (da venda %1)").replace("%1", str(row.origin_number))
    else:
        text = sale_status(row.status, row.kind)
    if row.status == "returned" or row.returns == "full":
        extra = (QCoreApplication.translate("Words", "trocada") if row.exchanged
                 else QCoreApplication.translate("Words", "devolvida"))
        return QCoreApplication.translate("Words", "Venda %1").replace("%1", extra) if row.kind == "sale" else text + " · " + extra
    if row.returns == "partial":
        extra = (QCoreApplication.translate("Words", "troca parcial") if row.exchanged
                 else QCoreApplication.translate("Words", "devolução parcial"))
        return text + " · " + extra
    return text


def error_text(exc: BaseException) -> str:
    """A pt_BR sentence for an exception coming back from a core call (no field paths)."""
    if isinstance(exc, DomainError) and exc.code == "reset_refused_pending":
        count = int(exc.params.get("count", 0))
        return QCoreApplication.translate(
            "Words", "Há %1. Aguarde o envio ao Bling antes de começar do zero."
        ).replace("%1", pending_items(count))
    if isinstance(exc, DomainError):
        return sentence_for(exc)  # pt_BR sentences of the core (pdv_bling/domain/messages.py)
    if isinstance(exc, DomainErrors):
        return "\n".join(sentence_for(e) for e in exc.errors)
    if isinstance(exc, BlingError):  # the Logs de API's words for it, never the exception's name
        return suggest(exc).check
    if getattr(exc, "code", None) == "sender_busy":  # pdv_bling.runtime.service.DrainerBusy
        return QCoreApplication.translate(
            "Words", "Outro programa (um comando pdv-bling) está enviando a fila desta pasta de dados agora: "
            "nada foi perdido; tente de novo em instantes.")
    if isinstance(exc, StoreProblem):
        return str(exc)  # the core's pt_BR words for a data folder that cannot be used
    log.error("unexpected failure shown to the user", exc_info=exc)
    return QCoreApplication.translate(
        "Words", "Falha inesperada: nada foi perdido. Os detalhes estão no arquivo de log do PDV Bling (pasta logs).")


def pending_items(count: int) -> str:
    """ "1 envio pendente" / "3 envios pendentes" (queue items: the Fila de envio's own words)."""
    if count == 1:
        return QCoreApplication.translate("Words", "1 envio pendente")
    return QCoreApplication.translate("Words", "%1 envios pendentes").replace("%1", str(count))


def pending_sales(count: int) -> str:
    """ "1 venda pendente" / "3 vendas pendentes": what the cashier counts (a sale, not its steps)."""
    if count == 1:
        return QCoreApplication.translate("Words", "1 venda pendente")
    return QCoreApplication.translate("Words", "%1 vendas pendentes").replace("%1", str(count))


def errors_count(count: int) -> str:
    if count == 1:
        return QCoreApplication.translate("Words", "1 erro")
    return QCoreApplication.translate("Words", "%1 erros").replace("%1", str(count))


def warnings_count(count: int) -> str:
    if count == 1:
        return QCoreApplication.translate("Words", "1 ponto de atenção")
    return QCoreApplication.translate("Words", "%1 pontos de atenção").replace("%1", str(count))


def records_not_handed_over(count: int) -> str:
    if count == 1:
        return QCoreApplication.translate("Words", "1 registro ainda não repassado à retaguarda")
    return QCoreApplication.translate("Words", "%1 registros ainda não repassados à retaguarda").replace("%1", str(count))


def not_handed_over(count: int) -> str:
    if count == 1:
        return QCoreApplication.translate("Words", "1 não repassado")
    return QCoreApplication.translate("Words", "%1 não repassados").replace("%1", str(count))


def operators_without_seller(count: int) -> str:
    if count == 1:
        return QCoreApplication.translate("Words", "1 operador sem vendedor do Bling.")
    return QCoreApplication.translate("Words", "%1 operadores sem vendedor do Bling.").replace("%1", str(count))


def store_queue(pending: int, parked: int, done: int) -> str:
    """The store's queue in items (the retaguarda's view): "Fila da loja: 3 pendentes · ..." """
    return QCoreApplication.translate("Words", "Fila da loja: %1 · %2 · %3").replace(
        "%1", QCoreApplication.translate("Words", "1 pendente") if pending == 1
        else QCoreApplication.translate("Words", "%1 pendentes").replace("%1", str(pending))).replace(
        "%2", QCoreApplication.translate("Words", "1 requer atenção") if parked == 1
        else QCoreApplication.translate("Words", "%1 requerem atenção").replace("%1", str(parked))).replace(
        "%3", QCoreApplication.translate("Words", "1 enviado") if done == 1
        else QCoreApplication.translate("Words", "%1 enviados").replace("%1", str(done)))


def nfce_figures(pending: int, overdue: int, to_cancel: int) -> str:
    """The status bar's and tray's NFC-e line; empty when nothing is due."""
    parts = []
    if overdue:
        parts.append(QCoreApplication.translate("Words", "⚠ NFC-e atrasada: %1").replace("%1", str(overdue)))
    if pending - overdue > 0:
        parts.append(QCoreApplication.translate("Words", "NFC-e pendente: %1").replace("%1", str(pending - overdue)))
    if to_cancel:
        parts.append(QCoreApplication.translate("Words", "NFC-e a cancelar no Bling: %1").replace("%1", str(to_cancel)))
    return " · ".join(parts)


def parked_sales(count: int) -> str:
    if count == 1:
        return QCoreApplication.translate("Words", "1 venda requer atenção")
    return QCoreApplication.translate("Words", "%1 vendas requerem atenção").replace("%1", str(count))


def unsent_sales(count: int) -> str:
    """For the guards: "1 venda ainda não enviada" / "3 vendas ainda não enviadas"."""
    if count == 1:
        return QCoreApplication.translate("Words", "1 venda ainda não enviada ao Bling")
    return QCoreApplication.translate("Words", "%1 vendas ainda não enviadas ao Bling").replace("%1", str(count))

"""pt_BR words of the slips (a table, like domain/messages.py) and how money and times read on
paper: R$ 1.234,56 and the store's local time (America/Sao_Paulo)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pdv_bling.domain.messages import _brl

try:
    STORE_TZ: dt.tzinfo = ZoneInfo("America/Sao_Paulo")
except ZoneInfoNotFoundError:  # no tz database (Windows without tzdata): Brasília has no DST since 2019
    STORE_TZ = dt.timezone(dt.timedelta(hours=-3), "BRT")

WORDS = {
    "sale_title": "COMPROVANTE DE VENDA",
    "exchange_title": "COMPROVANTE DE TROCA",
    "return_title": "COMPROVANTE DE DEVOLUÇÃO",
    "credit_title": "VALE-CRÉDITO (CRÉDITO EM LOJA)",
    "sale_job": "Comprovante da venda {number}",
    "exchange_job": "Comprovante da troca {number}",
    "credit_job": "Vale-crédito de {name}",
    "not_fiscal": "NÃO É DOCUMENTO FISCAL",
    "fiscal_by_pdv": "A NFC-e desta venda é emitida pelo PDV.",
    "fiscal_return": "A nota fiscal de devolução e a NFC-e da nova venda são emitidas pelo PDV.",
    "nfce_key": "Chave de acesso da NFC-e:",
    "fiscal_by_bling": "A NFC-e desta venda é emitida pelo Bling; o DANFE é impresso à parte.",
    "fiscal_pending": "NFC-e PENDENTE: emitida pelo Bling assim que houver conexão (sem internet, quando ela "
                      "voltar); o DANFE fica em Últimas vendas.",
    "cancelled": "CANCELADA",
    "sale_number": "Venda nº {number}",
    "exchange_of": "Troca da venda nº {number}",
    "seller": "Vendedor: {name}",
    "customer": "Cliente: {name}",
    "no_customer": "Cliente: consumidor final",
    "each": "{quantity} x {unit}",
    "units": "{quantity} un.",
    "subtotal": "Subtotal",
    "discount": "Desconto",
    "total": "TOTAL",
    "change": "Troco",
    "coupon": "CUPOM DE TROCA",
    "coupon_use": "Para trocar, apresente este cupom ou informe o número da venda.",
    "exchange_number": "Troca nº {number}",
    "original_sale": "Venda original: nº {number} de {date}",
    "original_coupon": "Cupom da venda original: {coupon}",
    "returned": "DEVOLVIDOS",
    "returned_total": "Total devolvido",
    "new_items": "NOVOS (venda nº {number})",
    "new_total": "Total dos novos",
    "difference_paid": "Diferença paga",
    "credit_granted_here": "Crédito em loja gerado",
    "refund": "Estorno ao cliente",
    "refund_how": "No pagamento original da venda.",
    "even": "Sem diferença a pagar.",
    "balance_now": "Saldo de crédito em loja",
    "issued_at": "Emitido em {when}",
    "credit_granted": "Crédito da troca nº {number}",
    "balance": "SALDO DISPONÍVEL",
    "credit_use": "Na próxima compra, informe o CPF no caixa e pague com Crédito em Loja.",
    "test_title": "TESTE DE IMPRESSÃO",
    "test_line": "Impressora configurada no PDV Bling.",
}


def brl(cents: int) -> str:
    return _brl(cents)


def local_time(when: dt.datetime) -> str:
    """dd/mm/aaaa hh:mm in the store's time zone (the store keeps UTC)."""
    return when.astimezone(STORE_TZ).strftime("%d/%m/%Y %H:%M")

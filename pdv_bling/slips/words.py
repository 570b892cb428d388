"""pt_BR words of the slips (a table, like domain/messages.py) and how money and times read on
paper: R$ 1.234,56 and the store's time (its zone, base/zone.py: the one the screens show)."""

from __future__ import annotations

import datetime as dt

from pdv_bling.base.zone import local
from pdv_bling.domain.messages import _brl

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

# The DANFE NFC-e's words, as the Manual de Padrões Técnicos do DANFE NFC-e e QR Code prints them.
DANFE_WORDS = {
    "job": "DANFE NFC-e nº {number}",
    "title": "Documento Auxiliar da Nota Fiscal de Consumidor Eletrônica",
    "cnpj": "CNPJ: {document}",
    "cpf": "CPF: {document}",
    "contingency": "EMITIDA EM CONTINGÊNCIA",
    "pending": "Pendente de autorização",
    "items_head": "Código Descrição",
    "items_cols": "Qtde UN x Vl Unit",
    "items_total": "Vl Total",
    "item_discount": "  Desconto",
    "count": "Qtd. total de itens",
    "products": "Valor total R$",
    "discount": "Desconto R$",
    "surcharge": "Acréscimos R$",
    "to_pay": "Valor a Pagar R$",
    "payment_head": "FORMA PAGAMENTO",
    "paid_head": "VALOR PAGO R$",
    "change": "Troco R$",
    "consult": "Consulte pela Chave de Acesso em",
    "no_consumer": "CONSUMIDOR NÃO IDENTIFICADO",
    "consumer": "CONSUMIDOR {kind}: {document}",
    "foreign": "Id. Estrangeiro",
    "identification": "NFC-e nº {number:09d} Série {series:03d} {when}",
    "protocol": "Protocolo de autorização: {number}",
    "authorized_at": "Data de autorização: {when}",
    "homologation": "EMITIDA EM AMBIENTE DE HOMOLOGAÇÃO - SEM VALOR FISCAL",
    "taxes": "Tributos Totais Incidentes (Lei Federal 12.741/2012): R$ {value}",
}
# tPag (NF-e layout 4.00, Informe Técnico 2024.002): an unknown code reads "Outros (NN)".
PAYMENT_KINDS = {
    "01": "Dinheiro", "02": "Cheque", "03": "Cartão de Crédito", "04": "Cartão de Débito", "05": "Crédito Loja",
    "10": "Vale Alimentação", "11": "Vale Refeição", "12": "Vale Presente", "13": "Vale Combustível",
    "15": "Boleto Bancário", "16": "Depósito Bancário", "17": "PIX Dinâmico",
    "18": "Transferência bancária, Carteira Digital", "19": "Programa de fidelidade, Cashback",
    "20": "PIX Estático", "21": "Crédito em Loja", "22": "Pagamento Eletrônico não Informado",
    "90": "Sem pagamento", "99": "Outros",
}


def brl(cents: int) -> str:
    return _brl(cents)


def amount(cents: int) -> str:
    """1.234,56 (the DANFE's columns say R$ once, in their heading)."""
    return brl(cents).replace("R$ ", "")


def document_time(when: dt.datetime, *, seconds: bool = False) -> str:
    """A fiscal document's own time as the document states it (its XML's offset: the emitter's
    clock, which is what SEFAZ's DANFE shows), whatever the zone of this PC."""
    return when.strftime("%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M")


def local_time(when: dt.datetime, *, seconds: bool = False) -> str:
    """dd/mm/aaaa hh:mm[:ss] in the store's time zone (the store keeps UTC)."""
    return local(when).strftime("%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M")

TURNO_WORDS: dict[str, str] = {
    "x_title": "RELATÓRIO X - LEITURA DO CAIXA",
    "z_title": "RELATÓRIO Z - FECHAMENTO DE CAIXA",
    "x_note": "Leitura parcial: o caixa continua aberto.",
    "x_job": "Relatório X do caixa {terminal}",
    "z_job": "Relatório Z do turno {number}",
    "turno": "Caixa {terminal} - turno {number}",
    "opened": "Aberto por {operator}",
    "closed": "Fechado por {operator}",
    "sales": "Vendas",
    "sales_count": "Quantidade",
    "sales_total": "Total vendido",
    "average": "Ticket médio",
    "cancelled": "Cancelamentos ({count})",
    "returns": "Trocas e devoluções",
    "refunded": "Devolvido ao cliente",
    "credit_used": "Crédito em loja usado",
    "credit_granted": "Crédito em loja concedido",
    "by_method": "POR FORMA DE PAGAMENTO",
    "method_sales": "  vendas",
    "expected": "  esperado",
    "counted": "  contado",
    "difference": "  diferença",
    "cash": "DINHEIRO NA GAVETA",
    "fundo": "Fundo de troco",
    "suprimentos": "Suprimentos",
    "sangrias": "Sangrias",
    "movements": "MOVIMENTOS",
    "suprimento": "Suprimento",
    "sangria": "Sangria",
    "blind": "Fechamento cego: os valores esperados aparecem só no Relatório Z.",
    "reason": "Motivo da diferença: {reason}",
    "total_difference": "Diferença total",
    "printed": "Impresso em {when}",
}

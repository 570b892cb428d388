"""pt_BR messages for domain error codes (CLI, logs, API log). ui/ has its own tr() strings."""

from __future__ import annotations

from typing import Any, Protocol

FIELD_NAMES = {
    "documento": "CPF/CNPJ",
    "cliente.documento": "CPF/CNPJ do cliente",
    "cupom": "cupom de troca",
    "chave_acesso": "chave de acesso da NFC-e",
    "chave_devolucao": "chave de acesso da nota de devolução",
    "configuracoes.terminal_id": "Terminal (PDV)",
    "configuracoes.deposit_id": "Depósito do Bling",
    "configuracoes.loja_id": "Canal de venda (loja) do Bling",
    "configuracoes.stock_mode": "Lançamento de estoque e contas",
    "configuracoes.sku_as_barcode": "Usar o SKU como código de barras",
    "configuracoes.send_real_customer": "Enviar o cliente da venda ao Bling",
    "configuracoes.auto_return_invoice": "Emitir nota fiscal de devolução automaticamente",
    "configuracoes.positive_customer_credit": "Crédito de clientes positivo",
    "configuracoes.drain_interval_s": "Intervalo de envio (segundos)",
    "configuracoes.pull_interval_min": "Intervalo de sincronização (minutos)",
    "configuracoes.demo_mode": "Modo demonstração",
}
MONEY_PARAMS = frozenset({"paid", "total", "missing", "excess", "change", "cash", "balance", "amount"})

MESSAGES: dict[str, str] = {
    "money_invalid": "{field}: valor inválido ({value}).",
    "money_too_many_decimals": "{field}: valor com mais de 2 casas decimais ({value}).",
    "money_negative": "{field}: valor negativo não é permitido.",
    "money_too_large": "{field}: valor grande demais ({value}).",
    "document_missing": "{field}: informe o CPF ou CNPJ.",
    "document_invalid": "{field}: CPF/CNPJ inválido.",
    "document_length": "{field}: CPF tem 11 dígitos e CNPJ 14 caracteres (recebidos {length}).",
    "cpf_invalid": "{field}: CPF inválido (dígito verificador não confere).",
    "cnpj_invalid": "{field}: CNPJ inválido (dígito verificador não confere).",
    "access_key_invalid": "{field}: chave de acesso inválida.",
    "access_key_not_digits": "{field}: a chave de acesso deve conter apenas dígitos.",
    "access_key_length": "{field}: a chave de acesso tem 44 dígitos (recebidos {length}).",
    "access_key_check_digit": "{field}: dígito verificador da chave de acesso não confere.",
    "access_key_model": "{field}: modelo {model} inválido (use 65 NFC-e ou 55 NF-e).",
    "coupon_invalid": "{field}: código de cupom inválido.",
    "coupon_check_digit": "{field}: código de cupom com erro de digitação (dígito verificador não confere).",
    "quantity_invalid": "{field}: quantidade deve ser um número inteiro maior que zero.",
    "quantity_too_large": "{field}: quantidade grande demais ({value}).",
    "text_too_long": "{field}: texto longo demais (máximo {max} caracteres).",
    "text_control_chars": "{field}: contém caracteres de controle não permitidos.",
    "text_required": "{field}: campo obrigatório.",
    "text_not_string": "{field}: deve ser um texto.",
    "not_an_object": "{field}: formato inválido (esperado um objeto JSON).",
    "not_a_list": "{field}: formato inválido (esperada uma lista).",
    "json_invalid": "JSON inválido: {detail}.",
    "encoding_invalid": "O arquivo não está em UTF-8 válido.",
    "unknown_field": "{field}: campo desconhecido.",
    "product_not_found": "{field}: produto não encontrado ({value}).",
    "product_ref_missing": "{field}: informe o código de barras, o SKU ou o id do produto.",
    "product_inactive": "{field}: produto inativo ({value}).",
    "items_empty": "A venda não tem itens.",
    "payments_empty": "A venda não tem pagamentos.",
    "payment_method_unknown": "{field}: forma de pagamento desconhecida ({value}).",
    "payments_short": "Pagamentos somam {paid} e o total é {total}: faltam {missing}.",
    "payments_excess_no_cash": "Pagamentos excedem o total em {excess} e não há dinheiro para dar troco.",
    "change_exceeds_cash": "O troco ({change}) é maior que o valor pago em dinheiro ({cash}).",
    "discount_exceeds_total": "{field}: desconto maior que o total dos itens.",
    "seller_unknown": "{field}: vendedor desconhecido ({value}).",
    "customer_name_missing": "{field}: informe o nome do cliente.",
    "uf_invalid": "{field}: UF inválida ({value}).",
    "cep_invalid": "{field}: CEP deve ter 8 dígitos.",
    "store_credit_needs_customer": "Pagamento com Crédito em Loja exige um cliente identificado.",
    "store_credit_insufficient": "Crédito em loja insuficiente: saldo {balance}, pedido {amount}.",
    "sale_not_found": "{field}: venda não encontrada ({value}).",
    "sale_already_cancelled": "A venda {value} já está cancelada.",
    "sale_has_returns": "A venda {value} tem trocas/devoluções e não pode ser cancelada inteira.",
    "customer_missing": "Vincule um cliente à operação (troca/devolução exige CPF/CNPJ e endereço).",
    "customer_address_incomplete": "Endereço do cliente incompleto: falta {missing}.",
    "setting_return_invoice_off": "Habilite \"emitir nota fiscal de devolução automaticamente\" nas Configurações.",
    "setting_positive_credit_off": "Habilite \"crédito de clientes positivo\" nas Configurações.",
    "over_return": "{field}: devolução de {requested} unidade(s), mas só restam {available} para devolver.",
    "return_empty": "Selecione ao menos um item para devolver.",
    "settlement_invalid": "{field}: acerto inválido.",
    "setting_invalid": "{field}: valor inválido ({value}).",
    "setting_locked": "{field}: não pode ser alterado após a primeira sincronização de produtos.",
    "pending_items": "Há {count} envio(s) pendente(s): conclua ou aguarde o envio antes.",
    "setting_unknown": "{field}: configuração desconhecida.",
    "setting_range": "{field}: use um número inteiro de {min} a {max} (recebido {value}).",
    "setting_choice": "{field}: use {choices} (recebido {value}).",
    "setting_bool": "{field}: use sim ou não (recebido {value}).",
    "setting_id_invalid": "{field}: informe o número (id) do Bling ou deixe vazio (recebido {value}).",
    "terminal_id_invalid": "{field}: use de 1 a 20 letras sem acento, dígitos, - ou _ (recebido {value}).",
    "database_empty": (
        "O banco de dados {path} está vazio (0 bytes): os registros desta pasta se perderam ou o arquivo "
        "foi substituído. Nada foi gravado. Restaure a cópia de segurança mais recente (pasta {backups}); "
        "se esta pasta nunca registrou vendas, apague o arquivo vazio e abra o PDV Bling de novo."
    ),
    "database_missing": (
        "Esta pasta pertence à instalação {installation}, mas o banco de dados {path} sumiu ou está sem "
        "dados. Ele não é recriado do zero: a numeração das vendas voltaria a 1 e repetiria números já "
        "enviados ao Bling. Nada foi gravado. Restaure a cópia de segurança mais recente (pasta {backups})."
    ),
    "terminal_series_in_use": (
        "O identificador de terminal {terminal} já é usado por outra instalação nesta conta Bling "
        "(pedido nº {numero}, número de loja {numero_loja}, não é deste caixa). Para não misturar as "
        "vendas de dois caixas, a conexão foi recusada. Escolha outro identificador em Configurações > "
        "Terminal (PDV) ou com `pdv-bling terminal NOVO` (sugestão: {suggestion}) e conecte de novo."
    ),
    "text_encoding_invalid": "{field}: texto com bytes que não são UTF-8 válido.",
}


class _HasCode(Protocol):
    code: str
    field: str | None
    params: dict[str, Any]


def message_for(error: _HasCode) -> str:
    template = MESSAGES.get(error.code, "{field}: erro " + error.code)
    field = FIELD_NAMES.get(error.field or "", error.field or "")
    params = {k: _brl(v) if k in MONEY_PARAMS and isinstance(v, int) else v for k, v in error.params.items()}
    try:
        return template.format(field=field or "Entrada", **params)
    except (KeyError, IndexError, ValueError):
        return template.split(":")[0].format(field=field or "Entrada") + ": " + error.code


def _brl(cents: int) -> str:
    """Centavos as the cashier reads them: R$ 1.234,56."""
    sign = "-" if cents < 0 else ""
    reais, rest = divmod(abs(cents), 100)
    return f"{sign}R$ {reais:,}".replace(",", ".") + f",{rest:02d}"

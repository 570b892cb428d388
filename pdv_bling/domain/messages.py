"""pt_BR messages for domain error codes (CLI, logs, API log). ui/ has its own tr() strings."""

from __future__ import annotations

import re
from typing import Any, Protocol

from pdv_bling.domain.caixa_bancos_messages import CAIXA_BANCOS_MESSAGES
from pdv_bling.domain.store_messages import STORE_MESSAGES
from pdv_bling.domain.turno_messages import TURNO_FIELDS, TURNO_MESSAGES

FIELD_NAMES = {
    "documento": "CPF/CNPJ",
    "cliente.documento": "CPF/CNPJ do cliente",
    "cupom": "cupom de troca",
    "chave_acesso": "chave de acesso da NFC-e",
    "chave_devolucao": "chave de acesso da nota de devolução",
    "xml_nfce": "XML da NFC-e",
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
    "configuracoes.time_zone": "Fuso horário",
    "impressora.tipo": "Impressora",
    "impressora.papel": "Largura do papel (mm)",
    "impressora.usb_fabricante": "Id do fabricante (USB)",
    "impressora.usb_produto": "Id do produto (USB)",
    "impressora.porta_serial": "Porta serial",
    "impressora.velocidade": "Velocidade (baud)",
    "impressora.endereco": "Endereço da impressora na rede",
    "impressora.porta": "Porta de rede",
    "impressora.cabecalho": "Cabeçalho dos comprovantes",
    "operador": "Operador",
    "vendedor_bling": "Vendedor do Bling",
    "forma_bling": "Forma de pagamento do Bling",
    "forma": "Forma de pagamento",
}
MONEY_PARAMS = frozenset({"paid", "total", "missing", "excess", "change", "cash", "balance", "amount", "limit"})

MESSAGES: dict[str, str] = {
    "money_invalid": "{field}: valor inválido ({value}).",
    "money_missing": "{field}: informe o valor (ex.: \"12,34\").",
    "money_too_many_decimals": "{field}: valor com mais de 2 casas decimais ({value}).",
    "money_negative": "{field}: valor negativo não é permitido.",
    "money_too_large": "{field}: valor grande demais ({value}).",
    "document_missing": "{field}: informe o CPF ou CNPJ.",
    "document_invalid": "{field}: CPF/CNPJ inválido.",
    "document_length": "{field}: CPF tem 11 dígitos e CNPJ 14 caracteres (recebidos {length}).",
    "cpf_not_digits": "{field}: CPF tem só dígitos, e este tem letra ({value}); o CNPJ alfanumérico tem 14 caracteres.",
    "cpf_invalid": "{field}: CPF inválido (dígito verificador não confere).",
    "cnpj_invalid": "{field}: CNPJ inválido (dígito verificador não confere).",
    "access_key_invalid": "{field}: chave de acesso inválida.",
    "access_key_not_digits": "{field}: a chave de acesso tem só dígitos (letras, só no CNPJ do emitente: posições 7 a 18).",
    "access_key_length": "{field}: a chave de acesso tem 44 caracteres (recebidos {length}).",
    "access_key_check_digit": "{field}: dígito verificador da chave de acesso não confere.",
    "access_key_model": "{field}: modelo {model} inválido (use 65 NFC-e ou 55 NF-e).",
    "coupon_invalid": "{field}: código de cupom inválido.",
    "coupon_check_digit": "{field}: código de cupom com erro de digitação (dígito verificador não confere).",
    "quantity_invalid": "{field}: quantidade deve ser um número inteiro maior que zero.",
    "quantity_too_large": "{field}: quantidade grande demais ({value}).",
    "text_too_long": "{field}: texto longo demais (máximo {max} caracteres).",
    "text_control_chars": "{field}: contém um caractere de controle ou quebra de linha não permitido ({char}).",
    "text_required": "{field}: campo obrigatório.",
    "text_not_string": "{field}: deve ser um texto.",
    "not_an_object": "{field}: formato inválido (esperado um objeto JSON).",
    "not_a_list": "{field}: formato inválido (esperada uma lista).",
    "json_invalid": "JSON inválido: {detail}.",
    "encoding_invalid": "O arquivo não está em UTF-8 válido.",
    "unknown_field": "{field}: campo desconhecido.",
    "product_not_found": "{field}: produto não encontrado ({value}).",
    "product_ref_missing": "{field}: informe o código de barras, o SKU ou o id do produto.",
    "product_has_variations": "{field}: produto com variações ({value}); informe a variação (tamanho, cor...).",
    "items_empty": "A venda não tem itens.",
    "payments_empty": "A venda não tem pagamentos.",
    "payment_method_unknown": "{field}: forma de pagamento desconhecida ({value}).",
    "payments_short": "Pagamentos somam {paid} e o total é {total}: faltam {missing}.",
    "payments_excess_no_cash": "Pagamentos excedem o total em {excess} e não há dinheiro para dar troco.",
    "change_exceeds_cash": "O troco ({change}) é maior que o valor pago em dinheiro ({cash}).",
    "discount_exceeds_total": "{field}: desconto maior que o total dos itens.",
    "seller_unknown": "{field}: vendedor desconhecido ({value}): crie o operador com pdv-bling operador add "
                      "\"{value}\" (ou em Configurações › Operadores), ou sincronize os vendedores do Bling "
                      "(pdv-bling sync --pull vendedores).",
    "seller_exists": "{field}: já existe um operador chamado \"{value}\".",
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
    "over_return": "{field}: devolução de {requested}, mas para devolver há só {available}.",
    "return_empty": "Selecione ao menos um item para devolver.",
    "settlement_invalid": "{field}: acerto inválido.",
    "setting_invalid": "{field}: valor inválido ({value}).",
    "setting_locked": "{field}: não pode ser alterado após a primeira sincronização de produtos.",
    "pending_items": "Envios pendentes: {count}. Conclua ou aguarde o envio antes.",
    "setting_unknown": "{field}: configuração desconhecida.",
    "setting_range": "{field}: use um número inteiro de {min} a {max} (recebido {value}).",
    "setting_choice": "{field}: use {choices} (recebido {value}).",
    "setting_bool": "{field}: use sim ou não (recebido {value}).",
    "setting_time_zone": "{field}: fuso horário desconhecido ({value}): use um nome como America/Manaus, "
                         "ou deixe vazio para usar o do computador.",
    "setting_id_invalid": "{field}: informe o número (id) do Bling ou deixe vazio (recebido {value}).",
    "terminal_id_invalid": "{field}: use de 1 a 20 letras sem acento, dígitos, - ou _ (recebido {value}).",
    "terminal_series_in_use": (
        "O identificador de terminal {terminal} já é usado por outra instalação nesta conta Bling "
        "(pedido nº {numero}, número de loja {numero_loja}, não é deste caixa). Para não misturar as "
        "vendas de dois caixas, a conexão foi recusada. Escolha outro identificador em Configurações > "
        "Terminal (PDV) ou com `pdv-bling terminal NOVO` (sugestão: {suggestion}) e conecte de novo."
    ),
    "store_link_missing": "Esta pasta é de um caixa da loja ({url}), mas o módulo da loja não foi carregado: "
                          "abra-a pelo PDV Bling (aplicativo ou pdv-bling), não por outro programa.",
    "text_encoding_invalid": "{field}: texto com bytes que não são UTF-8 válido.",
    "printer_usb_id": "{field}: use os 4 dígitos hexadecimais do id USB, por exemplo 0483 (recebido {value}).",
    "printer_header": "{field}: no máximo {max} linhas de até 48 caracteres.",
    "printer_serial_port": "{field}: use o nome da porta neste sistema, por exemplo {example} (recebido {value}).",
    "printer_unreachable": "Impressora térmica não respondeu: {detail}",
    # issue 13 item 5
    "json_duplicate_key": "JSON inválido: o campo \"{key}\" aparece mais de uma vez no mesmo objeto.",
    "json_too_deep": "{field}: JSON inválido, aninhamento profundo demais (máximo {max} níveis).",
    "json_too_large": "JSON grande demais ({size} MB; no máximo {max} MB): nada foi lido.",
    "json_number_too_long": "JSON inválido: número com dígitos demais.",
    "product_ref_conflict": "{field}: código de barras {barcode} ({barcode_name}) e SKU {sku} ({sku_name}) são "
                            "produtos diferentes; informe só um deles.",
    "product_ambiguous": "{field}: o código {value} pertence a mais de um produto ativo ({names}); corrija o "
                         "cadastro no Bling e sincronize Produtos.",
    "product_inactive": "{field}: o produto {name} ({value}) está inativo no Bling; reative-o no Bling e "
                        "sincronize Produtos.",
    "email_invalid": "{field}: e-mail inválido ({value}).",
    "phone_invalid": "{field}: telefone inválido ({value}); use DDD e número, com 10 ou 11 dígitos.",
    "total_too_large": "O total da venda ({total}) passa do limite de {limit} por venda.",
    "total_zero": "O total da venda é zero: confira preços e desconto.",
    "cash_too_high": "Pagamento em dinheiro ({cash}) de mais de 10 vezes o total ({total}): confirme o valor "
                     "(na linha de comando, use --troco-alto).",
    "seller_inactive": "{field}: o operador {value} está desativado.",
    "seller_ambiguous": "{field}: há mais de um vendedor no Bling chamado {value} (ids {ids}); use o id.",
    "operator_exists": "{field}: já existe um operador chamado {value}.",
    "operator_unknown": "{field}: operador desconhecido ({value}).",
    "vendedor_unknown": "{field}: vendedor do Bling desconhecido ou inativo ({value}); sincronize Vendedores.",
    "vendedor_ambiguous": "{field}: há mais de um vendedor do Bling chamado {value} (ids {ids}); use o id.",
    "forma_unknown": "{field}: forma de pagamento do Bling desconhecida ou inativa ({value}); sincronize "
                     "Formas de pagamento.",
    "forma_ambiguous": "{field}: há mais de uma forma de pagamento do Bling chamada {value} (ids {ids}); use o id.",
    "access_key_uf": "{field}: código de UF {uf} inválido na chave de acesso.",
    "access_key_issuer": "{field}: o CNPJ/CPF do emitente na chave de acesso não é válido.",
    "access_key_future": "{field}: a chave de acesso é de {month}, depois de hoje.",
    "access_key_before_sale": "{field}: a chave de acesso é de {month}, antes da venda ({sale_month}).",
    "nfce_already_attached": "A venda {value} já tem a NFC-e {current}; para trocar, use --substituir.",
    "nfce_other_sale": "{field}: esta chave já está vinculada à venda {value}.",
    "nfce_sale_cancelled": "A venda {value} está cancelada: não recebe NFC-e.",
    "nfce_from_bling": "Esta loja emite a NFC-e pelo Bling (Configurações › NFC-e): a chave é lida do Bling, "
                       "não digitada. Para vincular notas de outro emissor, escolha \"Outro emissor\" lá.",
    "nfce_xml_invalid": "{field}: não é um XML de NFC-e legível ({detail}).",
    "nfce_xml_not_nfce": "{field}: o documento não é uma NFC-e (modelo 65).",
    "nfce_xml_key_mismatch": "{field}: o protocolo de autorização é de outra nota (chave ou assinatura diferente).",
    "nfce_xml_not_authorized": "{field}: a NFC-e não está autorizada ({status}); o DANFE só é impresso de nota "
                               "autorizada.",
    "nfce_not_issued": "A venda {value} não tem NFC-e autorizada guardada neste computador: o DANFE sai quando "
                       "a nota autorizada chega do Bling.",
}
MESSAGES.update(STORE_MESSAGES)  # store mode (several caixas): pdv_bling/domain/store_messages.py
MESSAGES.update(CAIXA_BANCOS_MESSAGES)  # turnos posted to Caixa e Bancos: domain/caixa_bancos_messages.py
MESSAGES.update(TURNO_MESSAGES)  # the turno de caixa: pdv_bling/domain/turno_messages.py
FIELD_NAMES.update(TURNO_FIELDS)


class _HasCode(Protocol):
    code: str
    field: str | None
    params: dict[str, Any]


def message_for(error: _HasCode) -> str:
    template = MESSAGES.get(error.code, "{field}: erro " + error.code)
    field = FIELD_NAMES.get(error.field or "", error.field or "")
    params = {k: _brl(v) if k in MONEY_PARAMS and isinstance(v, int) else _units(k, v) for k, v in error.params.items()}
    try:
        return template.format(field=field or "Entrada", **params)
    except (KeyError, IndexError, ValueError):
        return template.split(":")[0].format(field=field or "Entrada") + ": " + error.code


def _units(key: str, value: Any) -> Any:
    """Quantities of units in words: "1 unidade", "3 unidades" (never "unidade(s)")."""
    if key in _UNIT_PARAMS and isinstance(value, int):
        return "1 unidade" if value == 1 else f"{value} unidades"
    return value


def _brl(cents: int) -> str:
    """Centavos as the cashier reads them: R$ 1.234,56."""
    sign = "-" if cents < 0 else ""
    reais, rest = divmod(abs(cents), 100)
    return f"{sign}R$ {reais:,}".replace(",", ".") + f",{rest:02d}"


# ---------------------------------------------------------------- sentences for the screens
#
# The CLI keeps the field paths above (a script needs `itens[1].quantidade`); the desktop app
# shows these sentences instead, naming the field in words ("Informe o nome do cliente.").

FIELD_WORDS = {
    "documento": "o CPF/CNPJ",
    "cliente": "o cliente",
    "cliente.documento": "o CPF/CNPJ do cliente",
    "cliente.nome": "o nome do cliente",
    "cliente.email": "o e-mail do cliente",
    "cliente.telefone": "o telefone do cliente",
    "cliente.endereco": "o endereço do cliente",
    "cliente.endereco.logradouro": "o logradouro do endereço",
    "cliente.endereco.numero": "o número do endereço",
    "cliente.endereco.complemento": "o complemento do endereço",
    "cliente.endereco.bairro": "o bairro",
    "cliente.endereco.cidade": "a cidade",
    "cliente.endereco.uf": "a UF",
    "cliente.endereco.cep": "o CEP",
    "UF": "a UF",
    "CEP": "o CEP",
    "valor": "o valor",
    "quantidade": "a quantidade",
    "desconto": "o desconto",
    "vendedor": "o vendedor",
    "cupom": "o cupom de troca",
    "numero": "o número da venda",
    "venda": "a venda",
    "chave_acesso": "a chave de acesso da NFC-e",
    "chave_devolucao": "a chave de acesso da nota de devolução",
    "xml_nfce": "o XML da NFC-e",
    "itens": "os itens",
    "itens[]": "o item {n}",
    "itens[].quantidade": "a quantidade do item {n}",
    "itens[].preco": "o preço do item {n}",
    "itens[].codigo_barras": "o código de barras do item {n}",
    "itens[].sku": "o SKU do item {n}",
    "novos[]": "o item novo {n}",
    "devolvidos[]": "o item devolvido {n}",
    "devolvidos[].quantidade": "a quantidade devolvida do item {n}",
    "pagamentos": "os pagamentos",
    "pagamentos[]": "o pagamento {n}",
    "pagamentos[].valor": "o valor do pagamento {n}",
    "pagamentos[].forma": "a forma do pagamento {n}",
}

SENTENCES: dict[str, str] = {
    "money_invalid": "{Field} está num formato inválido ({value}). Use, por exemplo, 12,34.",
    "money_too_many_decimals": "{Field} tem mais de 2 casas decimais ({value}).",
    "money_negative": "{Field} não pode ser negativo.",
    "money_too_large": "{Field} é grande demais ({value}).",
    "document_missing": "Informe {field}.",
    "document_invalid": "{Field} não é um CPF ou CNPJ válido.",
    "cpf_not_digits": "{Field} tem letra ({value}): o CPF tem só dígitos.",
    "money_missing": "Informe {field}.",
    "document_length": "{Field} está incompleto: o CPF tem 11 dígitos e o CNPJ 14 caracteres (digitados {length}).",
    "cpf_invalid": "{Field} não é um CPF válido: confira os dígitos.",
    "cnpj_invalid": "{Field} não é um CNPJ válido: confira os dígitos.",
    "access_key_invalid": "{Field} não é válida.",
    "access_key_not_digits": "{Field} deve ter apenas dígitos (letras, só no CNPJ do emitente: posições 7 a 18).",
    "access_key_length": "{Field} tem 44 caracteres (digitados {length}).",
    "access_key_check_digit": "{Field} tem um erro de digitação: o dígito verificador não confere.",
    "access_key_model": "{Field} é de um modelo inválido ({model}): use uma NFC-e (65) ou NF-e (55).",
    "coupon_invalid": "{Field} não é um código válido: são 8 letras e números.",
    "coupon_check_digit": "{Field} tem um erro de digitação: confira o código impresso.",
    "quantity_invalid": "{Field} deve ser um número inteiro maior que zero.",
    "quantity_too_large": "{Field} é grande demais ({value}).",
    "text_too_long": "{Field} é longo demais (no máximo {max} caracteres).",
    "text_control_chars": "{Field} contém caracteres que não são permitidos.",
    "text_required": "Informe {field}.",
    "text_not_string": "{Field} deve ser um texto.",
    "text_encoding_invalid": "{Field} contém caracteres inválidos.",
    "product_not_found": "Produto não encontrado: {value}.",
    "product_ref_missing": "Informe o código de barras ou o SKU do produto.",
    "product_inactive": "Produto inativo no Bling: {value}.",
    "product_has_variations": "O produto {value} tem variações: escolha o tamanho/cor.",
    "payment_method_unknown": "Forma de pagamento desconhecida: {value}.",
    "seller_unknown": "Vendedor desconhecido: {value}.",
    "customer_name_missing": "Informe o nome do cliente.",
    "uf_invalid": "UF inválida: {value}.",
    "cep_invalid": "O CEP deve ter 8 dígitos.",
    "discount_exceeds_total": "O desconto é maior que o total dos itens.",
    "sale_not_found": "Venda não encontrada: {value}.",
    "over_return": "Devolução de {requested}, mas restam para devolver: {available}.",
    "settlement_invalid": "O acerto da troca não confere: revise os valores.",
    "setting_invalid": "Valor inválido para {field}: {value}.",
    "setting_locked": "{Field} não pode ser alterado depois da primeira sincronização de produtos.",
    "setting_unknown": "Configuração desconhecida.",
    "setting_range": "Para {field}, use um número inteiro de {min} a {max} (digitado: {value}).",
    "setting_choice": "Para {field}, use {choices} (digitado: {value}).",
    "setting_bool": "Para {field}, use sim ou não (digitado: {value}).",
    "setting_time_zone": "Fuso horário desconhecido: {value}. Use um nome como America/Manaus, ou deixe "
                         "vazio para usar o do computador.",
    "setting_id_invalid": "Para {field}, informe o número (id) do Bling ou deixe vazio (digitado: {value}).",
    "terminal_id_invalid": "Para {field}, use de 1 a 20 letras sem acento, dígitos, - ou _ (digitado: {value}).",
    "printer_usb_id": "Para {field}, use os 4 dígitos hexadecimais do id USB, por exemplo 0483 (digitado: {value}).",
    "printer_header": "O cabeçalho dos comprovantes tem no máximo {max} linhas de até 48 caracteres.",
    "printer_serial_port": "Para {field}, use o nome da porta neste computador, por exemplo {example} (digitado: {value}). No Windows, veja em Gerenciador de Dispositivos › Portas (COM e LPT).",
    "printer_unreachable": "A impressora térmica não respondeu ({detail}). Confira o cabo, se ela está ligada e com papel, e a configuração em Configurações › Impressora.",
}
_UNIT_PARAMS = frozenset({"requested", "available"})


def field_words(path: str | None) -> str:
    """A field path in words with its article: "itens[1].quantidade" -> "a quantidade do item 2"."""
    if not path:
        return "o valor informado"
    index = re.search(r"\[(\d+)\]", path)
    key = re.sub(r"\[\d+\]", "[]", path)
    if key in FIELD_WORDS:
        return FIELD_WORDS[key].replace("{n}", str(int(index.group(1)) + 1) if index else "")
    if path in FIELD_NAMES:
        return f"o campo “{FIELD_NAMES[path]}”"
    last = key.rsplit(".", 1)[-1].replace("[]", "").replace("_", " ")
    return f"o campo “{last}”"


def sentence_for(error: _HasCode) -> str:
    """The pt_BR sentence the cashier reads: no field paths, the field named in words."""
    template = SENTENCES.get(error.code)
    field = field_words(error.field)
    if template is None:  # a code with only a CLI message: that message, with the field in words
        template = MESSAGES.get(error.code, "Erro: " + error.code).replace("{field}:", "{Field}:")
    params = {k: _brl(v) if k in MONEY_PARAMS and isinstance(v, int) else _units(k, v) for k, v in error.params.items()}
    try:
        return template.format(field=field, Field=field[:1].upper() + field[1:], **params)
    except (KeyError, IndexError, ValueError):
        return message_for(error)

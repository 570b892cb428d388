"""pt_BR messages of the turno de caixa (abertura, suprimento, sangria, fechamento) and of its
postings to Bling's Caixa e Bancos; merged into `messages.MESSAGES` and `messages.FIELD_NAMES`."""

from __future__ import annotations

TURNO_FIELDS: dict[str, str] = {
    "fundo": "Fundo de troco",
    "valor": "Valor",
    "motivo": "Motivo",
    "contagem": "Contagem",
    "turno": "Turno de caixa",
    "configuracoes.turno_required": "Exigir caixa aberto para vender",
    "configuracoes.turno_blind": "Fechamento cego",
    "configuracoes.turno_difference_limit_cents": "Diferença sem motivo (centavos)",
    "configuracoes.caixa_conta_id": "Conta financeira do caixa (Caixa e Bancos)",
    "configuracoes.caixa_categoria_suprimento": "Categoria do suprimento",
    "configuracoes.caixa_categoria_sangria": "Categoria da sangria",
    "configuracoes.caixa_categoria_sobra": "Categoria da sobra de caixa",
    "configuracoes.caixa_categoria_falta": "Categoria da falta de caixa",
}

TURNO_MESSAGES: dict[str, str] = {
    "turno_closed": (
        "O caixa está fechado: abra o caixa (F6 no PDV, ou pdv-bling caixa abrir --operador NOME --fundo VALOR) "
        "antes de vender. Nada foi registrado."
    ),
    "turno_already_open": "O caixa já está aberto (por {operator} desde {since}): feche-o antes de abrir outro.",
    "turno_not_open": "Não há caixa aberto neste computador: abra o caixa primeiro.",
    "turno_already_closed": "Este caixa já foi fechado ({since}): nada foi alterado.",
    "turno_amount_positive": "{field}: informe um valor maior que zero.",
    "turno_amount_negative": "{field}: valor negativo para {value}.",
    "turno_reason_missing": (
        "{field}: informe o motivo (obrigatório na sangria e no suprimento, e no fechamento quando a diferença "
        "passa do limite)."
    ),
    "turno_reason_too_long": "{field}: motivo longo demais (máximo {max} caracteres).",
    "turno_sangria_above_drawer": (
        "Sangria de {amount} maior que o dinheiro no caixa ({cash}): o caixa nunca fica negativo. Nada foi "
        "registrado."
    ),
    "turno_denomination": "{field}: {value} não é uma cédula ou moeda do real.",
    "turno_quantity": "{field}: quantidade inválida ({value}).",
    "turno_method_unknown": "{field}: forma de pagamento desconhecida neste caixa: {value}.",
    "turno_operator_unknown": "Operador: \"{value}\" não está cadastrado (pdv-bling operador list).",
    "turno_none": "Nenhum caixa encontrado com esse número ({value}).",
}

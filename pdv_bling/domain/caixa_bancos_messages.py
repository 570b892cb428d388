"""pt_BR messages of the Caixa e Bancos mapping (where a turno's movements are posted in Bling);
merged into `messages.MESSAGES`."""

from __future__ import annotations

CAIXA_BANCOS_MESSAGES: dict[str, str] = {
    "caixa_bancos_key": "Chave desconhecida: {value}. Use {keys}.",
    "caixa_bancos_no_lists": (
        "Ainda não há contas financeiras e categorias do Bling neste computador: atualize as listas "
        "(Integração Bling > Caixa e Bancos > Atualizar do Bling, ou pdv-bling caixa-bancos atualizar)."
    ),
    "caixa_bancos_unknown": "{what} não encontrada entre as ativas do Bling: {value} (use o id ou o nome exato).",
    "caixa_bancos_ambiguous": "Há mais de uma {what} chamada {value} no Bling: use o id ({ids}).",
    "caixa_bancos_wrong_tipo": (
        "A categoria {value} é de {tipo}, mas {role} é {direction}: escolha uma categoria de {wanted} "
        "(ou de receita e despesa)."
    ),
}

"""pt_BR words for the codes the command line prints as text (the `--json` output keeps the codes).

The same words as the app's screens (`ui/words.py`), without Qt: the core never imports it.
"""

from __future__ import annotations

from pathlib import Path

CONNECTION = {
    "connected": "conectada",
    "not_connected": "não conectada (rode pdv-bling connect)",
    "reconnection_needed": "autorização expirada ou revogada (rode pdv-bling connect)",
    "keyring_unavailable": "sem cofre de senhas do sistema (keyring)",
    "store_integrator": "feita pelo integrador da loja (pdv-bling store status)",
}
OUTBOX_STATE = {"pending": "Pendente", "in_flight": "Enviando", "parked": "Requer atenção", "done": "Enviado"}
OUTBOX_KIND = {
    "customer_upsert": "Cliente",
    "sale_create": "Venda",
    "nfce_generate": "NFC-e: gerar",
    "nfce_send": "NFC-e: enviar à SEFAZ",
    "nfce_read": "NFC-e: autorização",
    "sale_transition": "Situação Atendido",
    "stock_post": "Lançar estoque",
    "accounts_post": "Lançar contas",
    "nfce_attach": "Referência NFC-e",
    "stock_reverse": "Estornar estoque",
    "accounts_reverse": "Estornar contas",
    "sale_cancel": "Cancelamento",
    "stock_entry": "Entrada de estoque (devolução)",
    "sale_lookup": "Venda perdida (procurar no Bling)",
    "caixa_lancamento": "Lançamento no Caixa e Bancos",
}
NFCE_STATUS = {
    "pendente": "NFC-e pendente",
    "autorizada": "NFC-e autorizada",
    "rejeitada": "NFC-e rejeitada",
    "denegada": "NFC-e denegada",
    "bloqueada": "NFC-e bloqueada",
    "a_cancelar": "NFC-e a cancelar no Bling",
    "cancelada": "NFC-e cancelada",
}
NFCE_CANCEL = ("A NFC-e {nota} desta venda foi autorizada e a API do Bling não cancela notas: cancele-a no "
               "Bling em Vendas › Notas Fiscais de Consumidor (NFC-e) › a nota › Cancelar, {prazo} (30 minutos "
               "após a autorização na maioria dos estados; confira o prazo do seu estado). Até lá a venda fica "
               "\"NFC-e a cancelar no Bling\"; o estorno do pedido e do estoque segue pela fila.")
NFCE_CANCEL_DEADLINE = "até as {hora} de {dia}"
NFCE_CANCEL_SOON = "em até 30 minutos depois da autorização (a nota ainda está na SEFAZ)"
STOCK_CHECK = {
    "ok": "ok",
    "no_stock_moved": "o estoque não baixou",
    "born_atendido_no_stock": "o pedido nasce Atendido e o estoque não baixou",
    "moved_twice": "o estoque baixou duas vezes",
    "unclear": "não foi possível confirmar",
}
INTEGRATOR_ROLE = {
    "leader": "enviando ao Bling",
    "standby": "em espera (outro integrador envia)",
    "unreachable": "sem conexão com o banco da loja",
    "not_ready": "não assume o envio",
}

# Why the queue's sender is busy (exit code 3), by who holds it.
SENDER_BUSY = {
    "app": "o PDV Bling está aberto nesta pasta de dados e já envia a fila sozinho: use \"Sincronizar agora\" "
           "(F5) no aplicativo, ou feche-o (Sair, no ícone da bandeja) antes de rodar este comando.",
    "command": "outro comando pdv-bling já está enviando a fila desta pasta de dados: aguarde ele terminar e "
               "rode de novo.",
}


def sender_busy(folder: Path) -> str:
    """Why this folder's queue cannot be sent from here now: the app, or another command, sends it."""
    from pdv_bling.runtime.app_instance import app_is_open

    return SENDER_BUSY["app" if app_is_open(folder) else "command"]


def word(table: dict[str, str], code: str | None) -> str:
    """The pt_BR word for `code`, or the code itself when the table does not know it."""
    return table.get(code or "", code or "")


def count(n: int, one: str, many: str) -> str:
    """ "1 venda", "3 vendas": a plural written out, never "venda(s)"."""
    return f"{n} {one if n == 1 else many}"

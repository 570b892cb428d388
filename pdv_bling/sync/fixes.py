"""Suggested fixes: Bling's errors (and our own local reasons to park) mapped to a code and a
concrete check in pt_BR for the "Logs de API" and "Fila de envio" screens.

Bling's `message` is generic ("Não foi possível salvar a venda"); the cause lives in
`fields[].code`/`msg` and `description`, so the rules look there first.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from pdv_bling.bling.errors import (
    BlingDailyLimit,
    BlingError,
    BlingForbidden,
    BlingNotFound,
    BlingRateLimited,
    BlingServerError,
    BlingTransportError,
    BlingUnauthorized,
    KeyringUnavailable,
    NotConnected,
    OutcomeUnknown,
    ReconnectionNeeded,
)
from pdv_bling.bling.scopes import scope_for
from pdv_bling.counter.terminal import ORDER_OF_ANOTHER_SALE, SERIES_IN_USE


@dataclass(frozen=True)
class Fix:
    code: str
    check: str


NUMERO_PEDIDO = Fix(
    "numero_pedido",
    "No Bling, desative Configurações > Vendas > \"Editar número do pedido de venda\" e clique em "
    "Tentar novamente (com a opção ativa o Bling exige o número do pedido).",
)
FORMA_PAGAMENTO = Fix(
    "forma_pagamento_invalida",
    "A forma de pagamento enviada não existe ou está inativa no Bling: revise o DE-PARA em "
    "Integração Bling > Métodos de Pagamento, sincronize Formas de pagamento e tente novamente.",
)
PARCELAS_TOTAL = Fix(
    "parcelas_total",
    "A soma das parcelas difere do total da venda: confira os pagamentos e descontos da venda "
    "e tente novamente.",
)
DATA_PARCELAS = Fix(
    "data_parcelas",
    "No Bling, ajuste Configurações > Vendas > \"Data para geração de parcelas\" para \"Data de "
    "venda\" e tente novamente.",
)
ESCOPO = Fix(
    "escopo_insuficiente",
    "O aplicativo não tem permissão para este recurso no Bling: inclua os escopos (Pedidos de "
    "Venda, Produtos, Contatos, Estoques, Formas de pagamento, Situações, Vendedores) e refaça "
    "\"Iniciar integração\".",
)
ESCOPO_NOMEADO = Fix(
    "escopo_insuficiente",
    "O aplicativo não tem o escopo \"{scope}\" no Bling (necessário para {needed_for}). No Bling, em "
    "Central de Extensões > Área do Integrador > seu aplicativo > Escopos, marque \"{scope}\" e salve; "
    "depois clique em \"Iniciar integração\" em Integração Bling > Autenticação (salvar escopos "
    "desconecta o aplicativo). Nada da fila é perdido: os envios parados por isso voltam sozinhos.",
)
EMPRESA_INATIVA = Fix(
    "empresa_inativa",
    "A empresa está inativa no Bling (assinatura ou pagamento pendente): regularize no Bling e "
    "tente novamente.",
)
LIMITE_DIARIO = Fix(
    "limite_diario",
    "O limite diário de requisições da conta Bling (120.000) foi atingido: os envios recomeçam "
    "sozinhos amanhã. Verifique se outro aplicativo está consumindo a cota.",
)
PRODUTO_INEXISTENTE = Fix(
    "produto_inexistente",
    "Um produto desta venda não existe mais (ou está inativo) no Bling: sincronize Produtos em "
    "Sincronizar Dados, confira o cadastro no Bling e tente novamente.",
)
VENDA_IDENTICA = Fix(
    "venda_identica",
    "O Bling recusou a venda como idêntica à última salva: confira no Bling se ela já existe "
    "antes de tentar novamente.",
)
PEDIDO_DE_OUTRA_VENDA = Fix(
    ORDER_OF_ANOTHER_SALE,
    "A venda {venda} NÃO foi enviada: o Bling já tem o pedido nº {pedido} com o número de loja "
    "{numero_loja}, mas ele é de outra venda (outro caixa usa o mesmo identificador de terminal "
    "{terminal}). Defina um identificador único em Configurações > Terminal (PDV) (ou `pdv-bling "
    "terminal NOVO`): as vendas não enviadas recebem a nova numeração e voltam à fila sozinhas.",
)
TERMINAL_EM_CONFLITO = Fix(
    SERIES_IN_USE,
    "A venda {venda} aguarda: o identificador de terminal {terminal} já é usado por outra "
    "instalação nesta conta Bling (pedido nº {pedido}, número de loja {numero_loja}). Defina um "
    "identificador único em Configurações > Terminal (PDV) (ou `pdv-bling terminal NOVO`): as "
    "vendas não enviadas recebem a nova numeração e voltam à fila sozinhas.",
)
DEPARA_INCOMPLETO = Fix(
    "depara_incompleto",
    "A forma de pagamento \"{method}\" não está vinculada a uma forma do Bling: complete o DE-PARA "
    "em Integração Bling > Métodos de Pagamento (ou pdv-bling depara map \"{method}\" FORMA_DO_BLING) e "
    "clique em Tentar novamente (pdv-bling outbox retry).",
)
RECONEXAO = Fix(
    "reconexao_necessaria",
    "A autorização do Bling expirou ou foi revogada: abra Integração Bling > Autenticação e "
    "clique em \"Iniciar integração\". Nada da fila foi perdido.",
)
NAO_CONECTADO = Fix("nao_conectado", "Conecte a conta Bling em Integração Bling > Autenticação.")
CONFIRMAR_ESTOQUE = Fix(
    "confirmar_estoque",
    "A resposta do Bling ao lançamento de estoque se perdeu e a API não permite consultá-lo: no "
    "Bling, veja as movimentações do produto (observação \"{marker}\"). Se o lançamento existe, "
    "clique em \"Já está no Bling\" (pdv-bling outbox confirm ID); se não, em Tentar novamente.",
)
CONFIRMAR_LANCAMENTO = Fix(
    "confirmar_lancamento",
    "A resposta do Bling a \"{acao}\" do pedido {pedido} (venda {venda}) se perdeu, e o Bling não "
    "informa o que acontece quando essa ação é repetida: no Bling, abra o pedido e confira se "
    "{confira}. Se sim, clique em \"Já está no Bling\" (pdv-bling outbox confirm ID); se não, em "
    "Tentar novamente.",
)
JA_ATENDIDO = Fix(
    "pedido_ja_atendido",
    "O pedido já estava em \"Atendido\" quando a integração foi movê-lo: nenhuma transição rodou, "
    "então o Bling não lançou o estoque nem as contas desta venda. A conta cria pedidos direto em "
    "Atendido: no Bling, deixe a situação inicial dos pedidos de venda em \"Em aberto\", ou escolha "
    "\"Lançar pela integração\" em Configurações (o estoque destas vendas é então lançado pela integração).",
)
CONTATO = Fix(
    "contato_invalido",
    "O Bling recusou o cadastro do cliente: confira CPF/CNPJ, nome e endereço (UF e CEP) do "
    "cliente e tente novamente.",
)
CONTATO_EM_USO = Fix(
    "contato_documento_em_uso",
    "O Bling recusou o cliente {nome} (CPF/CNPJ {documento}): {detalhe}. A integração procurou esse "
    "CPF/CNPJ nos contatos ativos, inativos e excluídos e pela pesquisa do Bling e não encontrou um "
    "contato que possa usar. No Bling, abra Contatos, procure esse CPF/CNPJ (inclusive excluídos), "
    "reative o contato ou corrija o documento, e clique em Tentar novamente.",
)
PEDIDO_INEXISTENTE = Fix(
    "pedido_inexistente",
    "O pedido desta venda não foi encontrado no Bling (excluído?): confira no Bling e tente "
    "novamente.",
)
INTERNAL = Fix(
    "erro_interno",
    "Erro inesperado ao enviar (os detalhes técnicos estão no arquivo de log). A venda continua "
    "registrada e os outros envios seguem: "
    "confira a configuração da conta Bling (situações Em aberto/Atendido/Cancelado do módulo Vendas) "
    "e clique em Tentar novamente; se persistir, envie o arquivo de log ao suporte.",
)
INTERNAL_DETAIL = "Erro inesperado no PDV Bling ao enviar (detalhes técnicos no arquivo de log)."
NUMERO_DUPLICADO = Fix(
    "numero_pedido_duplicado",
    "O Bling recusou o número do pedido porque ele já existe (código 36): a conta exige número de "
    "pedido (\"Editar número do pedido de venda\"). Desative essa opção em Configurações > Vendas "
    "no Bling e clique em Tentar novamente.",
)
# The once-per-account stock check (sync/stock_check.py): what the manager reads for each verdict.
STOCK_CHECK_FIXES: dict[str, Fix] = {
    "no_stock_moved": Fix(
        "estoque_nao_movimentado",
        "A primeira venda enviada chegou ao Bling, mas o saldo do produto não mudou: a transição de "
        "situação da conta não lança estoque. No Bling, em Configurações > Vendas, faça a transição "
        "\"Em aberto → Atendido\" lançar o estoque, ou escolha \"Lançar pela integração\" (a "
        "integração lança então o estoque desta e das vendas seguintes).",
    ),
    "born_atendido_no_stock": Fix(
        "pedido_nasce_atendido",
        "A conta cria os pedidos direto em \"Atendido\": nenhuma transição roda e o estoque da "
        "primeira venda enviada não saiu no Bling. No Bling, deixe a situação inicial dos pedidos de "
        "venda em \"Em aberto\", ou escolha \"Lançar pela integração\" (a integração lança então o "
        "estoque e as contas desta e das vendas seguintes).",
    ),
    "moved_twice": Fix(
        "estoque_lancado_duas_vezes",
        "O estoque da primeira venda enviada saiu duas vezes no Bling: a conta lança estoque numa "
        "transição de situação e a integração também lança. Desative o lançamento de estoque nas "
        "transições do Bling, ou escolha \"Transições do Bling\" em Configurações; depois corrija "
        "o saldo do produto no Bling.",
    ),
    "nfce_moves_stock": Fix(
        "estoque_lancado_pela_nfce_e_pelo_pedido",
        "O estoque da primeira venda com NFC-e saiu duas vezes no Bling: uma na emissão da NFC-e e outra "
        "no pedido de venda. No Bling, em Preferências › Notas Fiscais de Consumidor (NFC-e), desmarque o "
        "lançamento de estoque na emissão da nota (o pedido já lança), ou escolha aqui quem lança; depois "
        "corrija o saldo do produto no Bling.",
    ),
    "unclear": Fix(
        "estoque_nao_confirmado",
        "Não foi possível confirmar se as vendas movimentam o estoque no Bling (outras "
        "movimentações do mesmo produto aconteceram durante a verificação, em três tentativas): "
        "confira no Bling o estoque de uma venda enviada.",
    ),
}
# Trouble on the way to Bling, not a refusal of the data: each its own words and check.
SEM_CONEXAO = Fix(
    "sem_conexao",
    "Não foi possível conectar ao Bling (sem internet, DNS ou firewall bloqueando api.bling.com.br). "
    "Nada foi perdido: os envios ficam na fila e seguem sozinhos quando a conexão voltar. Verifique "
    "a internet deste computador.",
)
TEMPO_ESGOTADO = Fix(
    "tempo_esgotado",
    "O Bling não respondeu a tempo (rede lenta ou Bling sobrecarregado). Nada foi perdido: o envio "
    "será repetido sozinho em instantes. Se persistir, verifique a internet deste computador.",
)
RESPOSTA_PERDIDA = Fix(
    "resposta_perdida",
    "O pedido foi enviado, mas a resposta do Bling se perdeu (conexão caiu ou demorou demais). Antes "
    "de qualquer novo envio o PDV Bling confere no Bling se ele já existe, sem duplicar. Nada a fazer.",
)
BLING_INDISPONIVEL = Fix(
    "bling_indisponivel",
    "O Bling respondeu com erro interno (HTTP {status}): falha do lado do Bling, não dos dados. Os "
    "envios são repetidos sozinhos; se durar, veja o status do Bling e aguarde.",
)
LIMITE_POR_SEGUNDO = Fix(
    "limite_por_segundo",
    "O Bling pediu para ir mais devagar (limite de 3 requisições por segundo da conta, dividido com os "
    "outros caixas e aplicativos ligados a ela). O PDV Bling desacelera e repete sozinho; nada a fazer. "
    "Se acontecer sempre, veja se outro aplicativo está usando a conta ao mesmo tempo.",
)
SEM_COFRE = Fix(
    "sem_cofre",
    "Nenhum cofre de senhas do sistema (keyring) para guardar a autorização do Bling neste computador: "
    "no Linux instale e inicie o gnome-keyring ou o KWallet. Nada da fila foi perdido.",
)
GENERICO = Fix("validacao", "O Bling recusou os dados: {detail}. Corrija e clique em Tentar novamente.")

# Which suggested fix a refusal gets. These choose only the advice shown with an item that parks
# anyway (the park itself rests on the HTTP status); each with its source in the field guide
# (docs/bling-fidelity.md lists every place the client reads Bling's text or codes).
_BY_FIELD_CODE: dict[int, Fix] = {
    3: VENDA_IDENTICA,  # 7.2, 8.5: GOT, PDV (LIVE)
    22: PARCELAS_TOTAL,  # 6.8, 8.5: GOT (LIVE)
    49: FORMA_PAGAMENTO,  # 4: SPEC example; 8.5: PDV
    12: FORMA_PAGAMENTO,  # 4: SPEC example (collection code)
    36: NUMERO_DUPLICADO,  # §11 row 8: QUOTED
}
_BY_TEXT: tuple[tuple[str, Fix], ...] = (
    ("informe o numero do pedido", NUMERO_PEDIDO),  # 7.1: VIOS (QUOTED)
    ("data para geracao das parcelas", DATA_PARCELAS),  # 7.1, 8.5: VIOS (QUOTED)
    ("forma de pagamento", FORMA_PAGAMENTO),  # 4: SPEC example "Id da forma de pagamento inválido."
    ("somatorio do valor das parcelas", PARCELAS_TOTAL),  # 6.8: GOT (LIVE)
    ("empresa inativa", EMPRESA_INATIVA),  # 2.4: DOCS /erros-comuns#empresa-inativa
    ("informacoes identicas", VENDA_IDENTICA),  # 7.2: PDV, GOT (LIVE)
    ("produto", PRODUTO_INEXISTENTE),  # UNCONFIRMED (only the stand-in's text): advice to check, no decision
)


def fold(text: str) -> str:
    """Lower case without accents, for matching Bling's messages."""
    normalized = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in normalized if not unicodedata.combining(c))


def error_detail(error: BlingError) -> str:
    """The most useful human text of a Bling error (fields first, then description)."""
    parts = [f.msg for f in error.fields for f in [f, *f.collection] if f.msg]
    if not parts and error.description:
        parts.append(error.description)
    if not parts and error.message:
        parts.append(error.message)
    return "; ".join(dict.fromkeys(parts)) or error.code


def scope_fix(*, path: str | None = None, model: str | None = None) -> Fix:
    """A 403 insufficient_scope: the fix names the scope to enable in the Bling app."""
    scope = scope_for(path=path, model=model)
    if scope is None:
        return ESCOPO
    return Fix(ESCOPO_NOMEADO.code, ESCOPO_NOMEADO.check.format(scope=scope.label, needed_for=scope.needed_for))


def suggest(error: BlingError, *, model: str = "") -> Fix:
    """The fix for a Bling error; falls back to the generic validation check with its detail."""
    trouble = _trouble_on_the_way(error)
    if trouble is not None:
        return trouble
    if isinstance(error, ReconnectionNeeded):
        return RECONEXAO
    if isinstance(error, NotConnected):
        return NAO_CONECTADO
    if isinstance(error, BlingDailyLimit):
        return LIMITE_DIARIO
    text = fold(" ".join([error.message, error.description, *(f.msg for f in error.fields)]))
    if "empresa inativa" in text:
        return EMPRESA_INATIVA
    if isinstance(error, BlingForbidden) or error.error_type == "insufficient_scope":
        return scope_fix(path=error.path, model=model)
    if isinstance(error, BlingUnauthorized):
        return RECONEXAO
    for code in error.code_list():
        if code in _BY_FIELD_CODE:
            return _BY_FIELD_CODE[code]
    for needle, fix in _BY_TEXT:
        if needle in text:
            return fix
    if isinstance(error, BlingNotFound):
        return PEDIDO_INEXISTENTE if model == "pedidos_vendas" else PRODUTO_INEXISTENTE
    if model == "contatos":
        return CONTATO
    return Fix(GENERICO.code, GENERICO.check.format(detail=error_detail(error)))


def _trouble_on_the_way(error: BlingError) -> Fix | None:
    """Network, time-outs, 5xx, 429 and no keyring: never "O Bling recusou os dados"."""
    if isinstance(error, KeyringUnavailable):
        return SEM_COFRE
    if isinstance(error, BlingRateLimited):
        return LIMITE_POR_SEGUNDO
    if isinstance(error, OutcomeUnknown):
        if error.status is not None and error.status >= 500:
            return Fix(BLING_INDISPONIVEL.code, BLING_INDISPONIVEL.check.format(status=error.status))
        return RESPOSTA_PERDIDA
    if isinstance(error, BlingTransportError):
        return TEMPO_ESGOTADO if error.timeout else SEM_CONEXAO
    if isinstance(error, BlingServerError):
        return Fix(BLING_INDISPONIVEL.code, BLING_INDISPONIVEL.check.format(status=error.status or "5xx"))
    return None


CAUSES = frozenset({SEM_CONEXAO.code, TEMPO_ESGOTADO.code, RESPOSTA_PERDIDA.code, BLING_INDISPONIVEL.code,
                    LIMITE_POR_SEGUNDO.code, SEM_COFRE.code, RECONEXAO.code, NAO_CONECTADO.code,
                    LIMITE_DIARIO.code})
"""Codes that describe the connection to Bling rather than one record: the API log keeps one row
per cause (with a count) while it lasts, whatever was being sent."""

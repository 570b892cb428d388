"""What a request to Bling was for, in the manager's words ("Venda 5: situação → Cancelado",
"Venda 7: pedido criado"), for the "Logs de API" screen. The raw request is kept apart.

The drainer says which sale and outbox item a request belongs to with `activity(...)` (a context
variable, so the client's observer learns it without any parameter passing).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Activity:
    sale_number: int | None = None
    kind: str | None = None  # outbox kind
    to: str | None = None  # situação the item moves the order to


_CURRENT: ContextVar[Activity | None] = ContextVar("pdv_bling_api_activity", default=None)


@contextmanager
def activity(*, sale_number: int | None, kind: str | None = None, to: str | None = None) -> Iterator[Activity]:
    token = _CURRENT.set(Activity(sale_number, kind, to))
    try:
        yield Activity(sale_number, kind, to)
    finally:
        _CURRENT.reset(token)


def current() -> Activity | None:
    return _CURRENT.get()


# (method, path pattern, words when it worked, words for the attempt)
_EXCHANGES: tuple[tuple[str, str, str, str], ...] = (
    ("POST", r"/pedidos/vendas$", "pedido criado", "criar pedido"),
    ("GET", r"/pedidos/vendas$", "pedido conferido no Bling", "conferir se o pedido já existe no Bling"),
    ("GET", r"/pedidos/vendas/\d+$", "pedido consultado", "consultar pedido"),
    ("PUT", r"/pedidos/vendas/\d+$", "pedido atualizado", "atualizar pedido"),
    ("PATCH", r"/pedidos/vendas/\d+/situacoes/(?P<sid>\d+)$", "situação → {to}", "situação → {to}"),
    ("POST", r"/pedidos/vendas/\d+/lancar-estoque", "estoque lançado", "lançar estoque"),
    ("POST", r"/pedidos/vendas/\d+/estornar-estoque", "estoque estornado", "estornar estoque"),
    ("POST", r"/pedidos/vendas/\d+/lancar-contas", "contas a receber lançadas", "lançar contas a receber"),
    ("POST", r"/pedidos/vendas/\d+/estornar-contas", "contas a receber estornadas", "estornar contas a receber"),
    ("POST", r"/pedidos/vendas/\d+/gerar-nfce", "NFC-e gerada", "gerar a NFC-e"),
    ("POST", r"/nfce/\d+/enviar", "NFC-e enviada à SEFAZ", "enviar a NFC-e à SEFAZ"),
    ("GET", r"/nfce/\d+$", "NFC-e consultada", "consultar a NFC-e"),
    ("GET", r"/nfce$", "NFC-e procuradas no Bling", "procurar a NFC-e no Bling"),
    ("GET", r"/naturezas-operacoes", "naturezas de operação consultadas", "consultar naturezas de operação"),
    ("GET", r"/relatorios/nfe\.xml\.php", "XML da NFC-e baixado", "baixar o XML da NFC-e"),
    ("POST", r"/estoques$", "devolução lançada no estoque", "lançar devolução no estoque"),
    ("GET", r"/estoques/saldos", "saldos de estoque consultados", "consultar saldos de estoque"),
    ("GET", r"/contatos/consumidor-final", "Consumidor Final consultado", "consultar Consumidor Final"),
    ("GET", r"/contatos", "cliente procurado pelo CPF/CNPJ", "procurar cliente pelo CPF/CNPJ"),
    ("POST", r"/contatos$", "cliente cadastrado", "cadastrar cliente"),
    ("GET", r"/empresas/", "conexão com o Bling verificada", "verificar a conexão com o Bling"),
    ("GET", r"/produtos", "produtos sincronizados", "sincronizar produtos"),
    ("GET", r"/categorias/receitas-despesas", "categorias de receitas e despesas sincronizadas",
     "sincronizar categorias de receitas e despesas"),
    ("GET", r"/categorias", "categorias sincronizadas", "sincronizar categorias"),
    ("GET", r"/vendedores", "vendedores sincronizados", "sincronizar vendedores"),
    ("GET", r"/formas-pagamentos", "formas de pagamento sincronizadas", "sincronizar formas de pagamento"),
    ("GET", r"/depositos", "depósitos sincronizados", "sincronizar depósitos"),
    ("GET", r"/situacoes", "situações sincronizadas", "sincronizar situações"),
    ("POST", r"/caixas$", "lançamento criado no Caixa e Bancos", "lançar no Caixa e Bancos"),
    ("GET", r"/caixas$", "lançamento conferido no Caixa e Bancos",
     "conferir se o lançamento já existe no Caixa e Bancos"),
    ("GET", r"/caixas/\d+$", "lançamento do Caixa e Bancos consultado", "consultar lançamento do Caixa e Bancos"),
    ("GET", r"/contas-contabeis", "contas financeiras sincronizadas", "sincronizar contas financeiras"),
    ("POST", r"/oauth/token", "autorização renovada", "renovar a autorização"),
    ("POST", r"/oauth/revoke", "autorização revogada", "revogar a autorização"),
)
_NFCE = ("NFC-e anotada no pedido", "anotar a NFC-e no pedido")

# What an outbox item does, for entries written by the drainer itself (a park, a local reason).
KIND_WORDS = {
    "customer_upsert": "cadastrar cliente",
    "sale_create": "criar pedido",
    "nfce_generate": "gerar a NFC-e",
    "nfce_send": "enviar a NFC-e à SEFAZ",
    "nfce_read": "ler a autorização da NFC-e",
    "sale_transition": "situação → {to}",
    "sale_cancel": "situação → {to}",
    "stock_post": "lançar estoque",
    "accounts_post": "lançar contas a receber",
    "nfce_attach": "anotar a NFC-e no pedido",
    "stock_reverse": "estornar estoque",
    "accounts_reverse": "estornar contas a receber",
    "stock_entry": "lançar devolução no estoque",
    "sale_lookup": "procurar no Bling uma venda perdida com o banco danificado",
    "caixa_lancamento": "lançar no Caixa e Bancos",
}


# What a model's requests are for, when one row stands for several of them (a repeated failure).
_GROUPS = {
    "pedidos_vendas": "enviar vendas ao Bling",
    "contatos": "enviar clientes ao Bling",
    "estoques": "lançar estoque no Bling",
    "produtos": "sincronizar produtos",
    "categorias": "sincronizar categorias",
    "vendedores": "sincronizar vendedores",
    "formas_pagamento": "sincronizar formas de pagamento",
    "depositos": "sincronizar depósitos",
    "situacoes": "sincronizar situações",
    "caixas": "lançar suprimentos, sangrias e diferenças no Caixa e Bancos",
    "caixa_bancos": "sincronizar contas financeiras e categorias",
    "empresas": "verificar a conexão com o Bling",
    "autenticacao": "renovar a autorização",
}


def group_words(model: str) -> str:
    """"Enviar vendas ao Bling": the requests of `model` together."""
    words = _GROUPS.get(model, "requisições ao Bling")
    return words[:1].upper() + words[1:]


def describe(method: str, path: str, *, ok: bool, act: Activity | None = None) -> str:
    """The words for one exchange with Bling, prefixed with the sale it was for."""
    act = act if act is not None else current()
    words = f"requisição ao Bling ({method})"
    for verb, pattern, done, attempt in _EXCHANGES:
        found = re.search(pattern, path)
        if verb == method and found:
            words = done if ok else attempt
            if act is not None and act.kind == "nfce_attach" and verb == "PUT":
                words = _NFCE[0] if ok else _NFCE[1]
            sid = found.groupdict().get("sid")
            words = words.format(to=(act.to if act and act.to else f"situação {sid}"))
            break
    return with_sale(words, act)


def describe_item(kind: str, *, sale_number: int | None, to: str | None = None) -> str:
    words = KIND_WORDS.get(kind, kind).format(to=to or "Atendido")
    return with_sale(words, Activity(sale_number, kind, to))


def with_sale(words: str, act: Activity | None) -> str:
    if act is not None and act.sale_number is not None:
        return f"Venda {act.sale_number}: {words}"
    return words[:1].upper() + words[1:]

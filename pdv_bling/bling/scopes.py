"""The scopes of the Bling app the product needs, per API path.

A scope is granted on the app's registration (Central de Extensões > Área do Integrador > the app >
Escopos; field guide 2.1). Without it Bling answers 403 `insufficient_scope` (field guide 2.7,
CHG v328) on every path of that module. Saving new scopes revokes every user of the app, so the
manager authorizes again afterwards (field guide 2.1 and 7.8).

Labels follow the field guide's list (7.8) and the OpenAPI tags of each path; the exact wording
of Bling's checkbox list is UNCONFIRMED. The stand-in uses the same table for its 403 knob.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    key: str  # also the API log's model name of these paths, where it has one
    label: str  # pt_BR, as the manager looks for it in the Bling app's scope list
    prefixes: tuple[str, ...]
    needed_for: str  # pt_BR: what stops without it
    optional: bool = False  # needed only by a feature the store may not use (NFC-e through Bling, turnos posted to Caixa e Bancos)


SCOPES: tuple[Scope, ...] = (
    Scope("pedidos_vendas", "Pedidos de Venda", ("/pedidos/vendas",),
          "enviar vendas, cancelamentos e lançamentos de estoque e contas"),
    Scope("contatos", "Contatos", ("/contatos",), "enviar clientes e vendas ao Consumidor Final"),
    Scope("produtos", "Produtos", ("/produtos",), "sincronizar produtos"),
    Scope("categorias", "Categorias de Produtos", ("/categorias/produtos",), "sincronizar categorias"),
    Scope("vendedores", "Vendedores", ("/vendedores",), "sincronizar vendedores"),
    Scope("formas_pagamento", "Formas de Pagamento", ("/formas-pagamentos",),
          "sincronizar as formas de pagamento do DE-PARA"),
    Scope("depositos", "Depósitos", ("/depositos",), "escolher o depósito da loja"),
    Scope("estoques", "Estoques", ("/estoques",), "devolver ao estoque os itens de trocas e devoluções"),
    Scope("situacoes", "Situações", ("/situacoes",), "mudar a situação das vendas (Atendido, Cancelado)"),
    Scope("empresas", "Dados da Empresa", ("/empresas",), "mostrar a empresa conectada"),
    Scope("caixas", "Caixas e Bancos", ("/caixas",),
          "lançar suprimentos, sangrias e diferenças de fechamento no Caixa e Bancos", optional=True),
    Scope("contas_contabeis", "Contas Financeiras", ("/contas-contabeis",),
          "escolher a conta financeira dos lançamentos de caixa", optional=True),
    Scope("categorias_financeiras", "Categorias - Receitas e Despesas", ("/categorias/receitas-despesas",),
          "escolher as categorias dos lançamentos de caixa", optional=True),
    Scope("nfce", "Notas Fiscais de Consumidor (NFC-e)", ("/nfce",), "emitir a NFC-e das vendas pelo Bling",
          optional=True),
    Scope("naturezas", "Naturezas de Operação", ("/naturezas-operacoes",),
          "conferir a natureza de operação da NFC-e", optional=True),
)
BY_KEY: dict[str, Scope] = {s.key: s for s in SCOPES}


def scope_for_path(path: str) -> Scope | None:
    """The scope of an API path (`/contatos/consumidor-final` -> Contatos); None if unknown."""
    clean = "/" + path.split("?", 1)[0].split("/Api/v3/", 1)[-1].lstrip("/")
    for scope in SCOPES:
        if any(clean == p or clean.startswith(p + "/") for p in scope.prefixes):
            return scope
    return None


def scope_for(*, path: str | None = None, model: str | None = None) -> Scope | None:
    """By the path that got the 403 first, else by the API log's model name."""
    found = scope_for_path(path) if path else None
    return found or (BY_KEY.get(model) if model else None)

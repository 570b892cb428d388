"""What the check reads from the account, in a fixed order and a bounded number of GETs.

Each read doubles as the scope probe of its module; the modules whose data the check does not
need (Pedidos de Venda, Produtos, Categorias, Estoques) get one cheap page of one row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pdv_bling.bling.wire import array_param

from .local import LocalFacts
from .reader import AccountReader, Reply

VENDAS = "vendas"
QUEUED_PRODUCT_PAGES = 2  # up to 200 products of queued sales verified in Bling; the rest locally


@dataclass(frozen=True)
class RemoteFacts:
    empresa: Reply
    modulos: Reply
    situacoes: Reply | None  # None when the Vendas module is not there (or modulos failed)
    depositos: Reply  # active deposits
    store_deposito: Reply | None  # GET /depositos/{id} when the store's deposit is not among them
    formas: Reply
    vendedores: Reply  # every situação (situacaoContato=T)
    consumidor_final: Reply
    produtos: Reply  # one row: the Produtos scope probe
    queued_products: dict[int, str]  # Bling id -> situação (A, I, E) of products in queued sales
    queued_products_checked: bool  # False when Bling could not be asked (scope, bound)
    naturezas: Reply | None = None  # NFC-e through Bling only: the active naturezas de operação


def gather(reader: AccountReader, local: LocalFacts) -> RemoteFacts:
    empresa = reader.get("/empresas/me/dados-basicos")
    modulos = reader.get("/situacoes/modulos")
    situacoes = None
    if modulos.ok:
        vendas = next((m for m in modulos.data or [] if str(m.get("nome", "")).strip().lower() == VENDAS), None)
        if vendas is not None:
            situacoes = reader.get(f"/situacoes/modulos/{int(vendas['id'])}")
    depositos = reader.get("/depositos")
    store_deposito = None
    wanted = local.settings.deposit_id
    if wanted is not None and not (depositos.ok and any(_id(d) == wanted for d in depositos.data or [])):
        store_deposito = reader.get(f"/depositos/{wanted}")
    formas = reader.list_all("/formas-pagamentos")
    vendedores = reader.list_all("/vendedores", [("situacaoContato", "T")])
    consumidor_final = reader.get("/contatos/consumidor-final")
    reader.get("/pedidos/vendas", [("pagina", 1), ("limite", 1)])
    reader.get("/categorias/produtos", [("pagina", 1), ("limite", 1)])
    produtos = reader.get("/produtos", [("pagina", 1), ("limite", 1)])
    _probe_estoques(reader, produtos, local)
    statuses, checked = _queued_products(reader, local)
    naturezas = None
    if local.settings.nfce_source == "bling":  # NFC-e through Bling: its natureza, and the scope's probe
        naturezas = reader.get("/naturezas-operacoes", [("situacao", 1), ("limite", 100)])
        reader.get("/nfce", [("pagina", 1), ("limite", 1)])
    return RemoteFacts(empresa=empresa, modulos=modulos, situacoes=situacoes, depositos=depositos,
                       store_deposito=store_deposito, formas=formas, vendedores=vendedores,
                       consumidor_final=consumidor_final, produtos=produtos, queued_products=statuses,
                       queued_products_checked=checked, naturezas=naturezas)


def _id(row: Any) -> int | None:
    try:
        return int(row["id"])
    except (KeyError, TypeError, ValueError):
        return None


def _probe_estoques(reader: AccountReader, produtos: Reply, local: LocalFacts) -> None:
    """Any answer but 403 shows the Estoques scope (an unknown id may give 200 [] or 400)."""
    first = next((_id(p) for p in produtos.data or [] if _id(p)), None) if produtos.ok else None
    product = first or local.any_product_bling_id
    if product is not None:
        reader.get("/estoques/saldos", array_param("idsProdutos", [product]))


def _queued_products(reader: AccountReader, local: LocalFacts) -> tuple[dict[int, str], bool]:
    """Situação in Bling of the products of sales waiting to be sent (criterio 5 = todos)."""
    ids = sorted(local.queued_product_ids)
    if not ids:
        return {}, True
    found: dict[int, str] = {}
    for start in range(0, min(len(ids), 100 * QUEUED_PRODUCT_PAGES), 100):
        chunk = ids[start:start + 100]
        reply = reader.get("/produtos", [*array_param("idsProdutos", chunk), ("criterio", 5), ("limite", 100)])
        if not reply.ok:
            return found, False
        for row in reply.data or []:
            if _id(row) is not None:
                found[int(row["id"])] = str(row.get("situacao") or "")
    return found, len(ids) <= 100 * QUEUED_PRODUCT_PAGES

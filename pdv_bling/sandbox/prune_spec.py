"""Build `sandbox/openapi.json`: the operations the stand-in implements plus their `$ref` closure.

Run after updating `resources/bling/openapi.json` (the full document, shipped with the project):
`python -m pdv_bling.sandbox.prune_spec resources/bling/openapi.json pdv_bling/sandbox/openapi.json`
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

IMPLEMENTED: dict[str, tuple[str, ...]] = {
    "/produtos": ("get",),
    "/produtos/{idProduto}": ("get",),
    "/produtos/variacoes/{idProdutoPai}": ("get",),
    "/categorias/produtos": ("get",),
    "/categorias/produtos/{idCategoriaProduto}": ("get",),
    "/contatos": ("get", "post"),
    "/contatos/{idContato}": ("get",),
    "/contatos/{idContato}/situacoes": ("patch",),
    "/contatos/consumidor-final": ("get",),
    "/vendedores": ("get",),
    "/vendedores/{idVendedor}": ("get",),
    "/formas-pagamentos": ("get",),
    "/formas-pagamentos/{idFormaPagamento}": ("get",),
    "/depositos": ("get",),
    "/depositos/{idDeposito}": ("get",),
    "/situacoes/modulos": ("get",),
    "/situacoes/modulos/{idModuloSistema}": ("get",),
    "/situacoes/modulos/{idModuloSistema}/transicoes": ("get",),
    "/pedidos/vendas": ("get", "post"),
    "/pedidos/vendas/{idPedidoVenda}": ("get", "put"),
    "/pedidos/vendas/{idPedidoVenda}/situacoes/{idSituacao}": ("patch",),
    "/pedidos/vendas/{idPedidoVenda}/lancar-estoque": ("post",),
    "/pedidos/vendas/{idPedidoVenda}/lancar-estoque/{idDeposito}": ("post",),
    "/pedidos/vendas/{idPedidoVenda}/estornar-estoque": ("post",),
    "/pedidos/vendas/{idPedidoVenda}/lancar-contas": ("post",),
    "/pedidos/vendas/{idPedidoVenda}/estornar-contas": ("post",),
    "/estoques": ("post",),
    "/estoques/saldos": ("get",),
    "/estoques/saldos/{idDeposito}": ("get",),
    "/empresas/me/dados-basicos": ("get",),
    "/pedidos/vendas/{idPedidoVenda}/gerar-nfce": ("post",),
    "/nfce": ("get",),
    "/nfce/{idNotaFiscalConsumidor}": ("get",),
    "/nfce/{idNotaFiscalConsumidor}/enviar": ("post",),
    "/naturezas-operacoes": ("get",),
    "/caixas": ("get", "post"),
    "/caixas/{idCaixa}": ("get",),
    "/contas-contabeis": ("get",),
    "/contas-contabeis/{idContaContabil}": ("get",),
    "/categorias/receitas-despesas": ("get",),
    "/categorias/receitas-despesas/{idCategoria}": ("get",),
}


def _refs(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            found.add(ref)
        for value in node.values():
            _refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, found)


def prune(doc: dict[str, Any]) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for path, methods in IMPLEMENTED.items():
        item = doc["paths"][path]
        paths[path] = {k: v for k, v in item.items() if k in methods or k == "parameters"}
    out: dict[str, Any] = {k: v for k, v in doc.items() if k not in ("paths", "components")}
    out["paths"] = paths
    components: dict[str, dict[str, Any]] = {}
    pending: set[str] = set()
    _refs(paths, pending)
    _refs(doc["components"].get("securitySchemes", {}), pending)
    done: set[str] = set()
    while pending:
        ref = pending.pop()
        if ref in done:
            continue
        done.add(ref)
        _hash, _components, kind, name = ref.split("/")
        value = doc["components"][kind][name]
        components.setdefault(kind, {})[name] = value
        _refs(value, pending)
    components["securitySchemes"] = doc["components"].get("securitySchemes", {})
    out["components"] = {k: dict(sorted(v.items())) for k, v in sorted(components.items())}
    return out


def main(argv: list[str]) -> int:
    source, target = Path(argv[0]), Path(argv[1])
    pruned = prune(json.loads(source.read_text(encoding="utf-8")))
    target.write_text(json.dumps(pruned, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""A sale lost with a damaged database (`store.salvage`): is its order in Bling? Found, its order
is named (the sale reached Bling; only this PDV's copy was lost). Not found, it parks with the fix:
the sale never reached Bling and must be recorded again from its slip."""

from __future__ import annotations

from pdv_bling.bling.client import BlingClient
from pdv_bling.store.models import OutboxItem
from pdv_bling.sync.fixes import Fix
from pdv_bling.sync.outcomes import Done, Outcome, Park

VENDA_PERDIDA = Fix(
    "venda_perdida",
    "A venda {numero_loja} se perdeu com o banco de dados danificado e NÃO está no Bling: registre-a de novo "
    "a partir do comprovante do cliente (ou do cupom de troca) e depois clique em \"Já está no Bling\" aqui.",
)


def look_up_lost_sale(client: BlingClient, item: OutboxItem) -> Outcome:
    numero_loja = str((item.payload or {}).get("numero_loja"))
    found = [p for p in client.pedidos_vendas.find_by_numeros_loja([numero_loja]) if p.numeroLoja == numero_loja]
    if found:
        order = found[0]
        return Done({"pedido_id": order.id, "pedido_numero": order.numero, "total_centavos": order.total_centavos,
                     "found_lost_sale": numero_loja})
    return Park(Fix(VENDA_PERDIDA.code, VENDA_PERDIDA.check.format(numero_loja=numero_loja)),
                f"numeroLoja {numero_loja}: nenhum pedido no Bling", absent=True)

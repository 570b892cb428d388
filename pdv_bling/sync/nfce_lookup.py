"""Before a second `gerar-nfce`, find the note the lost answer may have made (never two NFC-e for
one sale). First the order's own link (`notaFiscal.id` on `GET /pedidos/vendas/{id}`, when Bling
shows it), then `GET /nfce` over the emission window since the first attempt whose outcome is
unknown (the drainer's `unknown_since`; else the sale), matched on the note's `numeroPedidoLoja`
(our `numeroLoja`), its contact and its value. The window opens `margin` earlier: Bling stamps
`dataEmissao` by its own clock, so the margin is this PC's measured distance from Bling's `Date`
plus a minute, or 5 minutes while none was measured. The notes nearest the attempt are read first.

A note that carries no `numeroPedidoLoja` but has the sale's contact and value could be this
sale's or another one's (the same cheap item to Consumidor Final): nobody can tell from the API,
so the step parks for the manager to look (UNCONFIRMED whether Bling fills `numeroPedidoLoja`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pdv_bling.bling.client import BlingClient
from pdv_bling.bling.errors import BlingNotFound
from pdv_bling.bling.nfce import NotaConsumidor
from pdv_bling.bling.pacer import BLING_TZ
from pdv_bling.store.models import utcnow
from pdv_bling.sync.fixes import Fix
from pdv_bling.sync.nfce_fixes import NAO_ENCONTRADA_INCERTA, fix_of
from pdv_bling.sync.nfce_record import NfceFacts
from pdv_bling.sync.outcomes import Park

MAX_DETAILS = 60  # notes read in detail before giving up and asking the manager (only after a lost answer)
MARGIN = dt.timedelta(minutes=5)  # clocks of this PC and Bling's may differ (not measured yet)
SKEW_SLACK = dt.timedelta(minutes=1)  # on top of the measured difference (Date's whole seconds, servers)
MAX_WINDOW = dt.timedelta(days=365)  # Bling refuses longer date windows (field guide §5)


def find_note(client: BlingClient, facts: NfceFacts, *, since: dt.datetime | None = None,
              now: Callable[[], dt.datetime] = utcnow) -> NotaConsumidor | Park | None:
    """The sale's note if Bling has one, None when it surely has none, Park when unsure. `since`:
    when the first attempt whose answer was lost started (None: the sale's time)."""
    assert facts.pedido_id is not None
    order = client.pedidos_vendas.get(facts.pedido_id)
    if order.nota_fiscal_id:
        linked = _get(client, order.nota_fiscal_id)
        if linked is not None and linked.numero_pedido_loja in ("", facts.numero_loja):
            return linked
    margin = _margin(client.http.clock_skew_s)
    asked = max(since or facts.created_at, facts.created_at)
    end = now() + margin
    start = max(asked - margin, end - MAX_WINDOW)
    listed = [n for n in client.nfce.list_emitted(start, end) if n.contato_id in (None, order.contato_id)]
    listed.sort(key=lambda n: _distance(n, asked, client.http.clock_skew_s))
    unsure: list[NotaConsumidor] = []
    for row in listed[:MAX_DETAILS]:
        detail = _get(client, row.id)
        if detail is None or detail.numero_pedido_loja not in ("", facts.numero_loja):
            continue
        if detail.numero_pedido_loja == facts.numero_loja:
            return detail
        if detail.valor_centavos in (None, facts.total_cents):
            unsure.append(detail)
    if unsure or len(listed) > MAX_DETAILS:
        day = facts.created_at.astimezone(BLING_TZ).strftime("%d/%m/%Y")
        fix: Fix = fix_of(NAO_ENCONTRADA_INCERTA, venda=facts.numero_loja, data=day, valor=_brl(facts.total_cents))
        ids = ", ".join(str(n.id) for n in unsure) or f"mais de {MAX_DETAILS} notas no período"
        return Park(fix, f"gerar-nfce sem resposta; notas parecidas no Bling: {ids}")
    return None


def _margin(skew_s: float | None) -> dt.timedelta:
    return MARGIN if skew_s is None else dt.timedelta(seconds=abs(skew_s)) + SKEW_SLACK


def _distance(nota: NotaConsumidor, asked: dt.datetime, skew_s: float | None) -> float:
    """How far the note's emission is from the lost attempt, on Bling's clock (unknown: last)."""
    try:
        emitted = dt.datetime.fromisoformat(nota.data_emissao.replace(" ", "T"))
    except ValueError:
        return float("inf")
    if emitted.tzinfo is None:
        emitted = emitted.replace(tzinfo=BLING_TZ)  # Bling's dates are Brasília's
    on_bling = asked - dt.timedelta(seconds=skew_s or 0.0)
    return abs((emitted - on_bling).total_seconds())


def _get(client: BlingClient, nota_id: int) -> NotaConsumidor | None:
    try:
        return client.nfce.get(nota_id)
    except BlingNotFound:  # the order's link may name an NF-e, or a deleted draft
        return None


def _brl(cents: int) -> str:
    reais, rest = divmod(abs(cents), 100)
    return f"R$ {reais:,}".replace(",", ".") + f",{rest:02d}"

"""`caixa_lancamento`: a turno's suprimento, sangria or cash difference posted to Bling's Caixa e
Bancos (`POST /caixas`), exactly once.

Bling documents no duplicate protection for lançamentos, so the marker `[pdv-bling <uid>]` in
`observacoes` is ours: before any retry — an attempt whose answer was lost, a crash mid-send, or
an item in doubt after a restore (`recovering`) — the lançamento is looked up (its day, conta and
value, then the marker) and adopted when found. The conta financeira and the category of each
papel come from Configurações (Integração Bling › Caixa e Bancos, or `pdv-bling config`):
unmapped parks with the fix naming what to choose, never a guess.
"""

from __future__ import annotations

import datetime as dt

from pdv_bling.bling.caixas import LancamentoIn
from pdv_bling.bling.client import BlingClient
from pdv_bling.store.engine import Store
from pdv_bling.store.models import OutboxItem
from pdv_bling.store.settings import Settings, load_settings
from pdv_bling.sync.fixes import Fix
from pdv_bling.sync.outcomes import Done, Outcome, Park

CATEGORY_OF = {"suprimento": "caixa_categoria_suprimento", "sangria": "caixa_categoria_sangria",
               "sobra": "caixa_categoria_sobra", "falta": "caixa_categoria_falta"}
PAPEL_WORDS = {"suprimento": "do suprimento", "sangria": "da sangria", "sobra": "da sobra de caixa",
               "falta": "da falta de caixa"}
CAIXA_NAO_MAPEADO = Fix(
    "caixa_nao_mapeado",
    "Escolha {what} em Integração Bling › Caixa e Bancos (ou pdv-bling config set {key}=ID) e clique em "
    "Tentar novamente. Nada foi lançado no Bling.",
)


def marker(uid: str) -> str:
    return f"[pdv-bling {uid}]"


def deliver(store: Store, client: BlingClient, item: OutboxItem, *, recovering: bool) -> Outcome:
    payload = dict(item.payload or {})
    papel = str(payload.get("papel"))
    with store.read() as session:
        settings = load_settings(session)
    unmapped = _unmapped(settings, papel)
    if unmapped is not None:
        return unmapped
    assert settings.caixa_conta_id is not None
    category = getattr(settings, CATEGORY_OF[papel])
    uid = str(payload["uid"])
    day = dt.date.fromisoformat(str(payload["data"]))
    cents = int(payload["valor_cents"])
    if recovering:
        found = client.caixas.find(day=day, conta_id=settings.caixa_conta_id, valor_cents=cents, marker=marker(uid))
        if found:
            return Done({"lancamento_id": found[0].id, "found": True, "lancamentos_found": len(found)})
    text = f"{payload.get('historico', '')} {marker(uid)}".strip()
    created = client.caixas.create(LancamentoIn(data=day, valor_cents=cents, deb_cred=str(payload["debCred"]),
                                                observacoes=text, conta_id=settings.caixa_conta_id,
                                                categoria_id=int(category)))
    return Done({"lancamento_id": created})


def _unmapped(settings: Settings, papel: str) -> Park | None:
    if papel not in CATEGORY_OF:
        return Park(Fix(CAIXA_NAO_MAPEADO.code, f"Lançamento de tipo desconhecido ({papel[:20]})."), "papel")
    if settings.caixa_conta_id is None:
        what, key = "a conta financeira do caixa", "caixa_conta_id"
    elif getattr(settings, CATEGORY_OF[papel]) is None:
        what, key = f"a categoria {PAPEL_WORDS[papel]}", CATEGORY_OF[papel]
    else:
        return None
    return Park(Fix(CAIXA_NAO_MAPEADO.code, CAIXA_NAO_MAPEADO.check.format(what=what, key=key)),
                f"Caixa e Bancos: falta {what}")

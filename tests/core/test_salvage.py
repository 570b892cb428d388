"""`db restore` salvages from the file it moves aside every whole sale recorded after the backup,
whatever paid it: payments are kept net of change (they sum to the total), so a sale paid in cash
with change is as whole as any other (found by bench/harness_lifecycle.py: such sales were named
"lost" and parked for a human although the file held them whole)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from pdv_bling.base.paths import app_paths
from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.store import outbox
from pdv_bling.store.backups import manual_backup, restore
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import OutboxItem, Sale
from tests.core.factories import seed_store


def test_sales_paid_with_change_are_salvaged_whole_not_named_lost(tmp_path: Path) -> None:
    home = tmp_path / "caixa"
    with AppContext.open(home, log=False) as ctx:
        seed_store(ctx.store)
        record_sale(ctx.store, SaleDraft(items=(ItemDraft(sku="SKU-1"),), payments=(PaymentDraft("PIX", 1090),)))
        backup = manual_backup(ctx.store, ctx.paths.backups)
        cash = record_sale(ctx.store, SaleDraft(items=(ItemDraft(sku="SKU-2", quantity=2),),
                                                payments=(PaymentDraft("Dinheiro", 5000),)))  # 41,80 + change
        split = record_sale(ctx.store, SaleDraft(items=(ItemDraft(sku="SKU-3"),), payments=(
            PaymentDraft("PIX", 1000), PaymentDraft("Dinheiro", 2500))))  # 30,90: 4,10 of change
        exact = record_sale(ctx.store, SaleDraft(items=(ItemDraft(sku="SKU-4"),),
                                                 payments=(PaymentDraft("PIX", 4090),)))
    assert cash.change_cents == 820 and split.change_cents == 410

    report = restore(app_paths(home), backup)  # the file moved aside is whole: everything comes back

    assert sorted(report.salvaged) == sorted([cash.numero_loja, split.numero_loja, exact.numero_loja])
    assert report.lost == ()
    with AppContext.open(home, log=False) as ctx, ctx.store.read() as session:
        back = {s.numero_loja: s for s in session.scalars(select(Sale))}
        assert back[cash.numero_loja].change_cents == 820
        assert sum(p.amount_cents for p in back[cash.numero_loja].payments) == cash.total_cents
        lookups = session.scalars(select(OutboxItem).where(OutboxItem.kind == outbox.SALE_LOOKUP)).all()
        assert lookups == []  # nothing to look up: nothing was lost

"""No race at the counter (issue 26, item 4): the caixa's replica brings a customer from the store
while a sale with the same CPF is being recorded. Before, `upsert_customer` selected, the replica
committed the CPF, and the sale's insert failed on `customers.document` (the sale was lost with a
traceback). Now the upsert is one statement inside the sale's `BEGIN IMMEDIATE` transaction."""

from __future__ import annotations

import random
import threading
from pathlib import Path

from sqlalchemy import func, select
from stdnum.br import cpf

from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.sale import CustomerDraft, ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.retaguarda.replica import replicate
from pdv_bling.store.models import Customer, Sale, utcnow
from tests.store.helpers import ADDRESS, join, make_store

SALES = 1000


def _cpfs(n: int) -> list[str]:
    rng = random.Random(26)
    found: set[str] = set()
    while len(found) < n:
        base = f"{rng.randrange(10**8, 10**9):09d}"
        found |= {base + f"{d:02d}" for d in range(100) if cpf.is_valid(base + f"{d:02d}")}
    return sorted(found)[:n]


def test_replica_inserting_the_same_cpfs_never_loses_a_sale(tmp_path: Path, pg_url: str) -> None:
    server = make_store(pg_url)
    ctx, link = join(tmp_path, pg_url, "PDV01")
    documents = _cpfs(SALES)
    failures: list[BaseException] = []
    start = threading.Barrier(2, timeout=60)

    def replica_side() -> None:
        """For each CPF: the store learns it (another caixa handed it over), then this caixa's
        replica copies it here at the same moment the counter sells to it."""
        try:
            for document in documents:
                with server.transaction() as session:
                    session.add(Customer(document=document, tipo="F", name="Da Retaguarda", city="Campinas",
                                         created_at=utcnow(), updated_at=utcnow()))
                start.wait()
                replicate(ctx.store, server, installation=link.installation)
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            failures.append(exc)
            start.abort()

    thread = threading.Thread(target=replica_side)
    thread.start()
    recorded = []
    try:
        for document in documents:
            try:
                start.wait()
            except threading.BrokenBarrierError:
                break  # the replica side failed: reported below
            draft = SaleDraft(items=(ItemDraft(sku="SKU-1", quantity=1),), payments=(PaymentDraft("PIX", 1090),),
                              customer=CustomerDraft(document=document, name="No Caixa", address=ADDRESS))
            try:
                recorded.append(record_sale(ctx.store, draft))
            except BaseException as exc:  # noqa: BLE001 - a lost sale is what this test looks for
                failures.append(exc)
    finally:
        start.abort()
        thread.join(timeout=120)
        link.stop()
    assert not failures, f"{len(failures)} sales or replica passes failed: {sorted({repr(f)[:300] for f in failures})}"
    with ctx.store.read() as session:
        assert session.scalar(select(func.count()).select_from(Sale)) == SALES
        assert session.scalar(select(func.count()).select_from(Customer)) == SALES
        sold_to = set(session.scalars(select(Customer.document).join(Sale, Sale.customer_id == Customer.id)))
    assert sold_to == set(documents) and len(recorded) == SALES
    server.close()
    ctx.close()

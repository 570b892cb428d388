"""Handover: a caixa's records reach the store database exactly once, whatever happens between
the two commits; the replica brings the store's catalogue and DE-PARA back."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from pdv_bling.retaguarda import handover as handover_module
from pdv_bling.retaguarda.handover import hand_over
from pdv_bling.store import outbox
from pdv_bling.store.models import Customer, OutboxItem, PaymentMethod, Product, Sale, SaleItem
from tests.store.helpers import join, make_store, sell

pytestmark = pytest.mark.postgres


def test_two_caixas_number_from_one_and_hand_over_with_their_outbox(tmp_path: Path, pg_url: str) -> None:
    server = make_store(pg_url)
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    c2, link2 = join(tmp_path, pg_url, "PDV02")
    with c2.store.read() as session:  # the replica brought the store's catalogue and DE-PARA
        assert session.scalar(select(func.count()).select_from(Product)) == 5
        assert session.scalars(select(PaymentMethod).where(PaymentMethod.name == "PIX")).one().bling_forma_pagamento_id
    a = sell(c1, ("SKU-1", 2))
    b = sell(c2, ("SKU-2", 1))
    assert a.number == b.number == 1
    with server.read() as session:
        assert session.scalar(select(func.count()).select_from(Sale)) == 0  # nothing leaves before handover
    assert link1.sync_once().online and link2.sync_once().online
    with server.read() as session:
        sales = {s.numero_loja: s for s in session.scalars(select(Sale))}
        assert set(sales) == {"PDV01-0000001", "PDV02-0000001"}
        chain = session.scalars(select(OutboxItem).where(OutboxItem.sale_id == sales["PDV01-0000001"].id)
                                .order_by(OutboxItem.id)).all()
        assert [i.kind for i in chain] == [outbox.CUSTOMER_UPSERT, outbox.SALE_CREATE, outbox.SALE_TRANSITION]
        assert {i.chain for i in chain} == {outbox.sale_chain(sales["PDV01-0000001"].id)}
        assert session.scalar(select(func.count()).select_from(Customer)) == 1  # one customer per CPF
        assert sales["PDV01-0000001"].items[0].quantity == 2
    with c1.store.read() as session:
        assert session.get(Sale, a.sale_id).handed_over_at is not None
        assert outbox.pending_count(session) == 0


def test_crash_between_the_two_commits_repeats_harmlessly(tmp_path: Path, pg_url: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    server = make_store(pg_url)
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    for _ in range(3):
        sell(c1, ("SKU-3", 1))

    def crash(*_args: object, **_kw: object) -> None:
        raise KeyboardInterrupt("power cut after the store committed")

    monkeypatch.setattr(handover_module, "_mark_local", crash)
    with pytest.raises(KeyboardInterrupt):
        hand_over(c1.store, server, installation=link1.installation)
    monkeypatch.undo()
    with server.read() as session:
        assert session.scalar(select(func.count()).select_from(Sale)) == 3  # the store owns them now
    report = hand_over(c1.store, server, installation=link1.installation)
    assert report.remaining == 0
    with server.read() as session:
        assert session.scalar(select(func.count()).select_from(Sale)) == 3
        assert session.scalar(select(func.count()).select_from(SaleItem)) == 3
        assert session.scalar(select(func.count()).select_from(OutboxItem)) == 3 * 3


def test_store_unreachable_keeps_selling_and_flows_when_back(tmp_path: Path, pg_url: str) -> None:
    server = make_store(pg_url)
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    link1.url = "postgresql+psycopg://pdv@127.0.0.1:1/nothing"  # a pulled cable
    link1._server = None
    recorded = sell(c1, ("SKU-1", 1))
    assert recorded.number == 1
    report = link1.sync_once()
    assert not report.online and "Retaguarda sem conexão" in str(report.error)
    link1.url, link1._server = pg_url.replace("postgresql+psycopg", "postgresql+psycopg"), None
    assert link1.sync_once().online
    with server.read() as session:
        assert session.scalar(select(func.count()).select_from(Sale)) == 1

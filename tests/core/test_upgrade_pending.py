"""Upgrade with pending work (issue 8, item 7): a data folder written at schema revision 0001, with
pending, in-flight and parked outbox items, is upgraded by `AppContext.open` at start-up; every
item is still there unchanged, and all of it is then delivered to the Bling stand-in exactly once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from pdv_bling.base.paths import app_paths
from pdv_bling.base.zone import local
from pdv_bling.counter.cancellation import cancel_sale
from pdv_bling.counter.fiscal import record_fiscal_document
from pdv_bling.counter.sales import RecordedSale, record_sale
from pdv_bling.domain.ids import legacy_uid
from pdv_bling.domain.nfce import make_access_key
from pdv_bling.domain.sale import AddressDraft, CustomerDraft, ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.runtime.demo import attach_to_sandbox
from pdv_bling.runtime.service import SyncService
from pdv_bling.sandbox import SandboxConfig, SandboxServer
from pdv_bling.store import outbox
from pdv_bling.store.context import AppContext
from pdv_bling.store.defaults import ensure_defaults
from pdv_bling.store.engine import Store, current_revision, downgrade, head_revision
from pdv_bling.store.models import OutboxItem, PaymentMethod, Product, utcnow

CUSTOMER = CustomerDraft(document="52998224725", name="Maria Upgrade", address=AddressDraft(
    street="Rua A", number="1", district="Centro", city="São Paulo", uf="SP", cep="01001000"))


@pytest.fixture(autouse=True)
def fast_client(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PDV_BLING_RATE_PER_SECOND", "500")


@pytest.fixture
def server() -> Iterator[SandboxServer]:
    started = SandboxServer(SandboxConfig(products=40, seed=1, rate_limit=1000.0)).start()
    yield started
    started.stop()


def outbox_rows(database: Path) -> list[tuple[Any, ...]]:
    """Every queue row, its record id (`uid`, revision 0006) apart: the only later column that is
    filled by the upgrade."""
    with sqlite3.connect(database) as conn:
        names = [row[1] for row in conn.execute("PRAGMA table_info(outbox_items)") if row[1] != "uid"]
        return conn.execute(f"SELECT {', '.join(names)} FROM outbox_items ORDER BY id").fetchall()


def outbox_uids(database: Path) -> dict[int, str]:
    with sqlite3.connect(database) as conn:
        return dict(conn.execute("SELECT id, uid FROM outbox_items"))


def build_at_0001(database: Path, server: SandboxServer) -> dict[str, RecordedSale]:
    """What a 0001 install left behind: catalogue, sales and their queue in every state.

    Written with today's code at head, then taken down to 0001 by the migrations' own downgrades
    (which keep every row, dropping only the later columns), so the rows are those of 0001's
    schema however many columns later revisions add."""
    store = Store(database)
    simple = [p for p in server.state.produtos.values() if p["formato"] == "S" and p["situacao"] == "A"][:4]
    formas = {f["descricao"].lower(): f["id"] for f in server.state.formas.values()}
    with store.transaction() as session:
        ensure_defaults(session)
        for p in simple:
            session.add(Product(bling_id=p["id"], sku=p["codigo"], gtin=p["gtin"], barcode=p["gtin"] or p["codigo"],
                                name=p["nome"], price_cents=round(p["preco"] * 100), active=True))
        for method in session.scalars(select(PaymentMethod)):
            if method.name != "Cheque":  # Cheque left out of the DE-PARA: its sale parked
                method.bling_forma_pagamento_id = formas.get(method.name.lower())
    with store.read() as session:
        prices = {p.sku: p.price_cents for p in session.scalars(select(Product))}
    skus = [str(p["codigo"]) for p in simple]

    def sale(sku: str, method: str, **extra: Any) -> RecordedSale:
        draft = SaleDraft(items=(ItemDraft(sku=sku, quantity=2),), payments=(PaymentDraft(method, 2 * prices[sku]),), **extra)
        return record_sale(store, draft)

    sales = {
        "pending": sale(skus[0], "PIX"),
        "customer": sale(skus[1], "Dinheiro", customer=CUSTOMER),
        "in_flight": sale(skus[2], "Cartão de Crédito"),
        "parked": sale(skus[3], "Cheque"),
        "cancelled": sale(skus[0], "PIX"),
        "nfce": sale(skus[1], "PIX"),
    }
    cancel_sale(store, sales["cancelled"].number)
    key = make_access_key(when=local(utcnow()).date(), cnpj="11222333000181",
                          number=sales["nfce"].number)
    record_fiscal_document(store, sale_number=sales["nfce"].number, access_key=key)
    with store.transaction() as session:  # what the 0001 drainer had written before the upgrade
        first = {s: session.scalars(select(OutboxItem.id).where(OutboxItem.sale_id == sales[s].sale_id)
                                    .order_by(OutboxItem.id)).first() for s in ("in_flight", "parked")}
        session.execute(update(OutboxItem).where(OutboxItem.id == first["in_flight"]).values(
            state=outbox.IN_FLIGHT, attempts=1, attempt_started_at=utcnow()))
        session.execute(update(OutboxItem).where(OutboxItem.id == first["parked"]).values(
            state=outbox.PARKED, attempts=1, error_code="depara_incompleto", last_error="Forma de pagamento sem DE-PARA: Cheque",
            suggested_fix="complete o DE-PARA em Integração Bling > Métodos de Pagamento"))
    downgrade(store.engine, "0001")
    assert current_revision(store.engine) == "0001"
    store.close()
    return sales


def drain_all(service: SyncService, ctx: AppContext, *, rounds: int = 100) -> dict[str, int]:
    for _ in range(rounds):
        service.drain_now()
        with ctx.store.transaction() as session:  # scheduled retries due now: the test does not wait
            session.execute(update(OutboxItem).where(OutboxItem.state != outbox.DONE).values(next_attempt_at=None))
            counts = outbox.counts(session)
            parked_chains = select(OutboxItem.chain).where(OutboxItem.state == outbox.PARKED)
            movable = session.scalars(select(OutboxItem.id).where(
                OutboxItem.state != outbox.DONE, OutboxItem.chain.not_in(parked_chains))).first()
        if movable is None:  # all that is left waits behind a parked item of its own chain
            return counts
    raise AssertionError(f"queue not drained: {counts}")


def test_0001_store_with_pending_and_parked_work_upgrades_and_delivers(home: Path, server: SandboxServer) -> None:
    database = app_paths(home).ensure().database
    sales = build_at_0001(database, server)
    before = outbox_rows(database)
    states = [row[6] for row in before]
    assert {outbox.PENDING, outbox.IN_FLIGHT, outbox.PARKED} <= set(states)
    assert head_revision() != "0001"

    ctx = AppContext.open(home, log=False)  # start-up: migrates to head
    try:
        assert current_revision(ctx.store.engine) == head_revision()
        after = outbox_rows(database)  # every item there, byte for byte; columns added later are empty
        width = len(before[0])
        assert [row[:width] for row in after] == before
        assert all(value is None for row in after for value in row[width:])
        # older rows take a name-based id; a 0001 folder had no installation id yet when it upgraded
        assert outbox_uids(database) == {row[0]: legacy_uid(None, "outbox_items", row[0]) for row in before}
        assert len(set(outbox_uids(database).values())) == len(before)
        with ctx.store.read() as session:
            assert outbox.pending_count(session) == len(before)
        with sqlite3.connect(database) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        attach_to_sandbox(ctx, server)
        service = SyncService(ctx)
        try:
            service.pull_now(["formas_pagamento", "depositos", "vendedores", "situacoes"])
            counts = drain_all(service, ctx)
            assert (counts[outbox.PARKED], counts[outbox.PENDING]) == (1, 1)  # its chain waits for the manager
            with ctx.store.transaction() as session:  # the manager completes the DE-PARA, "Tentar novamente"
                cheque = session.scalars(select(PaymentMethod).where(PaymentMethod.name == "Cheque")).one()
                cheque.bling_forma_pagamento_id = next(f["id"] for f in server.state.formas.values()
                                                       if f["descricao"] == "Cheque")
                assert outbox.retry_all_parked(session) == 1
            counts = drain_all(service, ctx)
        finally:
            service.stop()
        assert counts == {outbox.PENDING: 0, outbox.PARKED: 0, outbox.DONE: len(before)}
        orders = server.inspect()["orders"]
        assert {name: orders[s.numero_loja]["count"] for name, s in sales.items()} == dict.fromkeys(sales, 1)
        assert orders[sales["cancelled"].numero_loja]["situacoes"][-1] == 12  # Cancelado
        contatos = [c for c in server.state.contatos.values() if c.get("numeroDocumento") == CUSTOMER.document]
        assert len(contatos) == 1
    finally:
        ctx.close()

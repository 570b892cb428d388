"""A store database rewound (restored from an older copy, or moved with a dump that missed its last
minutes) gets back from the caixas what it lost, one caixa after the other: a credit spend whose
grant another caixa has not handed over again yet waits for it, instead of being set aside as
"credit below zero" (found by bench/harness_lifecycle.py: 16 legitimate spends set aside after a
move and a restore, so the store's ledger showed the customers more credit than they had)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from pdv_bling.retaguarda.server import open_server
from pdv_bling.store.models import Customer, StoreCreditEntry, StoreSetAside
from tests.store.helpers import MARIA, join, make_store, sell
from tests.store.lifecycle_support import dump, restore_dump
from tests.store.test_lifecycle import exchange

pytestmark = pytest.mark.postgres


def test_a_spend_handed_over_again_before_its_grant_waits_for_it(tmp_path: Path, pg_url: str) -> None:
    server = make_store(pg_url)
    a, link_a = join(tmp_path, pg_url, "PDV01")
    b, link_b = join(tmp_path, pg_url, "PDV02")
    backup = dump(pg_url, tmp_path / "loja.dump")  # the store's backup, before any credit
    sold = sell(a, ("SKU-2", 1))
    exchange(a, str(sold.number))  # 20,90 of store credit for Maria, granted at PDV01
    assert link_a.sync_once().problem is None
    spent = sell(b, ("SKU-1", 1), method="Crédito em Loja")  # 10,90 of it spent at PDV02 (claimed on the store)
    assert link_b.sync_once().problem is None
    server.close()
    restore_dump(pg_url, backup)  # the store restored: the grant and the spend are gone from it
    server = open_server(pg_url)
    link_a._server = link_b._server = None

    first = link_b.sync_once()  # PDV02 hands its records over again first
    assert first.online and first.problem is None, first.error
    assert first.handover is not None and first.handover.set_aside == 0
    assert link_a.sync_once().problem is None  # then PDV01: the grant is back
    assert link_b.sync_once().problem is None  # and the spend that waited for it goes in
    with server.read() as session:
        assert session.scalar(select(func.count()).select_from(StoreSetAside)) == 0
        maria = session.scalars(select(Customer).where(Customer.document == "52998224725")).one()
        balance = session.scalar(select(func.sum(StoreCreditEntry.amount_cents))
                                 .where(StoreCreditEntry.customer_id == maria.id))
        assert balance == 2090 - 1090  # the spend is in the ledger: never credit shown twice
    with b.store.read() as session:
        assert all(e.handed_over_at is not None for e in session.scalars(select(StoreCreditEntry)))
    assert spent.numero_loja and MARIA.document
    for link in (link_a, link_b):
        link.stop()
    server.close()


def test_credit_spent_after_the_backup_is_not_spent_again_before_its_caixa_is_back(tmp_path: Path, pg_url: str) -> None:
    """The restored store lost a spending and its claim: until the caixa that spent hands it over
    again, another caixa could spend the same credit (seen by bench/harness_lifecycle.py: 54,216
    spent of 36,144 granted, the first spending waiting for ever). The store now waits for its
    caixas after a rewind and claims nothing meanwhile."""
    from pdv_bling.domain.errors import DomainErrors
    from pdv_bling.retaguarda.lineage import Watch, tick
    from pdv_bling.store.context import AppContext

    server = make_store(pg_url)
    host = AppContext.open(tmp_path / "integrador", log=False)  # the integrador's memory of the store
    watch = Watch(host.store, "integrator_store_lineage")
    a, link_a = join(tmp_path, pg_url, "PDV01")
    b, link_b = join(tmp_path, pg_url, "PDV02")
    sold = sell(a, ("SKU-2", 1))
    exchange(a, str(sold.number))  # 20,90 of store credit for Maria, granted at PDV01
    assert link_a.sync_once().problem is None
    assert watch.check(server) == "same"
    backup = dump(pg_url, tmp_path / "loja.dump")  # the grant is in the backup
    sell(a, ("SKU-2", 1), method="Crédito em Loja")  # all of it spent at PDV01, after the backup
    assert link_a.sync_once().problem is None
    with server.transaction() as session:
        watch.saw(tick(session))  # the integrador delivered it
    server.close()
    restore_dump(pg_url, backup)  # the spending and its claim are gone from the store
    server = open_server(pg_url)
    link_a._server = link_b._server = None
    assert watch.check(server) == "rewound"  # the integrador's next pass declares it

    with pytest.raises(DomainErrors) as held:  # was accepted: the same 10,90 spent a second time
        sell(b, ("SKU-1", 1), method="Crédito em Loja")
    assert held.value.errors[0].code == "store_catching_up" and "PDV01" in str(held.value)
    assert link_a.sync_once().problem is None  # PDV01 hands its spending over again
    with pytest.raises(DomainErrors) as refused:
        sell(b, ("SKU-1", 1), method="Crédito em Loja")
    assert refused.value.errors[0].code == "store_credit_insufficient"
    with server.read() as session:
        assert session.scalar(select(func.count()).select_from(StoreSetAside)) == 0
        maria = session.scalars(select(Customer).where(Customer.document == "52998224725")).one()
        assert session.scalar(select(func.sum(StoreCreditEntry.amount_cents))
                              .where(StoreCreditEntry.customer_id == maria.id)) == 0
    for link in (link_a, link_b):
        link.stop()
    server.close()
    host.close()


def test_a_caixa_restored_from_its_own_backup_holds_nothing_of_the_store(tmp_path: Path, pg_url: str) -> None:
    """A caixa's new life (its folder restored, copied or joined again) hands over from a sequence the
    store has not seen for that life: that is no rewind of the store, and the other caixas' credit
    is not held waiting for a caixa switched off for the night."""
    from pdv_bling.retaguarda import catch_up
    from tests.store.lifecycle_support import backup_folder, restore_folder
    from tests.store.test_lifecycle import reopen

    server = make_store(pg_url)
    a, link_a = join(tmp_path, pg_url, "PDV01")
    b, link_b = join(tmp_path, pg_url, "PDV02")
    _c, link_c = join(tmp_path, pg_url, "PDV03")
    link_c.stop()  # switched off
    sell(a, ("SKU-1", 1))
    assert link_a.sync_once().problem is None
    backup = backup_folder(a)
    sell(a, ("SKU-2", 1))
    assert link_a.sync_once().problem is None  # a batch after the backup
    link_a.stop()
    a.close()
    restore_folder(tmp_path / "PDV01", backup)  # pdv-bling db restore
    a, link_a = reopen(tmp_path / "PDV01")
    report = link_a.sync_once()
    assert report.online and report.problem is None, report.error
    with server.read() as session:
        assert catch_up.waiting(session) == {}  # was PDV02 and PDV03
    sold = sell(b, ("SKU-2", 1))
    exchange(b, str(sold.number))
    assert link_b.sync_once().problem is None
    sell(b, ("SKU-1", 1), method="Crédito em Loja")  # was refused: store_catching_up, waiting for PDV03
    for link in (link_a, link_b):
        link.stop()
    server.close()

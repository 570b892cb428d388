"""One catalogue pull per store: when the integrador changes hands (a leader killed, a standby
taking over, a restarted process), the new leader pulls only when the STORE's last pull is due,
never again just because its own process is new."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pdv_bling.retaguarda.server import init_store
from pdv_bling.sandbox import SandboxServer
from tests.store.helpers import integrador

pytestmark = [pytest.mark.postgres, pytest.mark.e2e]


def catalogue_requests(bling: SandboxServer) -> int:
    return sum(1 for e in bling.inspect()["requests"]["log"] if e["method"] == "GET")


def test_a_new_leader_pulls_only_when_the_stores_last_pull_is_due(tmp_path: Path, pg_url: str,
                                                                  bling: SandboxServer) -> None:
    init_store(pg_url)
    first = integrador(tmp_path, "int-a", pg_url, bling)
    report = first.run_once()
    assert report.role == "leader" and report.pulled.get("produtos") == 12  # never pulled: pulls at start
    first.stop()  # the leader goes away (a kill, a restart): another process takes over
    pulled = catalogue_requests(bling)

    second = integrador(tmp_path, "int-b", pg_url, bling)
    taken = second.run_once()
    assert taken.role == "leader" and taken.pulled == {}
    assert catalogue_requests(bling) == pulled  # not one catalogue request more
    second.stop()

    restarted = integrador(tmp_path, "int-a", pg_url, bling)  # the first host's process, restarted
    assert restarted.run_once().pulled == {}
    restarted.stop()

    # 16 minutes later (pull_interval_min is 15): the store's pull is due, whoever leads
    later = integrador(tmp_path, "int-b", pg_url, bling, ahead=dt.timedelta(minutes=16))
    due = later.run_once()
    assert due.role == "leader" and "produtos" in due.pulled
    assert catalogue_requests(bling) > pulled
    later.stop()


def test_a_product_deleted_in_bling_stops_being_sellable_at_every_caixa(tmp_path: Path, pg_url: str,
                                                                       bling: SandboxServer) -> None:
    """The integrador runs the list-page reconciliation after its pull when due (every 6 h, as in
    single mode): a product deleted in Bling without its dataAlteracao moving is deactivated in the
    store database, and the replica takes that to the caixas, whose counter refuses it."""
    import httpx
    from sqlalchemy import select

    from pdv_bling.counter.sales import record_sale
    from pdv_bling.domain.errors import DomainErrors
    from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft
    from pdv_bling.store.models import Product
    from pdv_bling.sync import reconcile
    from tests.store.helpers import integrador, join

    init_store(pg_url)
    first = integrador(tmp_path, "int-a", pg_url, bling)
    assert reconcile.MODEL in first.run_once().pulled  # never reconciled: after the first pull
    caixa, link = join(tmp_path, pg_url, "PDV01")
    simple = next(p for p in bling.state.produtos.values() if p["formato"] == "S" and "idProdutoPai" not in p
                  and p["codigo"])
    httpx.post(f"{bling.control_url}/products/touch", json={"ids": [simple["id"]], "delete": True}).raise_for_status()
    first.stop()

    later = integrador(tmp_path, "int-b", pg_url, bling, ahead=dt.timedelta(hours=7))
    report = later.run_once()
    assert report.role == "leader" and report.pulled.get(reconcile.MODEL) == 1
    later.stop()
    assert link.sync_once().online

    with caixa.store.read() as session:
        assert session.scalars(select(Product.active).where(Product.bling_id == simple["id"])).one() is False
    with pytest.raises(DomainErrors) as refused:
        record_sale(caixa.store, SaleDraft(items=(ItemDraft(sku=simple["codigo"]),), payments=(PaymentDraft("PIX", 1000),)))
    assert [e.code for e in refused.value.errors] == ["product_inactive"]
    caixa.close()

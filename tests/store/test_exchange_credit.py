"""An exchange whose difference is paid with earlier store credit claims that credit on the store
server like a sale does: two caixas racing to spend the same credit, one wins; offline, only the
credit granted on this caixa and not handed over yet can be spent."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from pdv_bling.cli.exchange_input import parse_exchange
from pdv_bling.cli.troca import record_exchange_input
from pdv_bling.domain.errors import DomainError, DomainErrors
from pdv_bling.retaguarda.caixa import StoreLink
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import Customer, StoreClaim, StoreCreditEntry
from tests.store.helpers import join, make_store, sell

pytestmark = pytest.mark.postgres
UNREACHABLE = "postgresql+psycopg://pdv@127.0.0.1:1/nada"


def _exchange_paid_with_credit(ctx: AppContext, sale: str, cents: int) -> dict[str, Any]:
    """Give back SKU-2 (R$ 20,90), take SKU-3 (R$ 30,90): R$ 10,00 to pay, paid with earlier credit."""
    return record_exchange_input(ctx, parse_exchange({
        "venda": sale, "devolver": [{"sku": "SKU-2"}], "novos": [{"sku": "SKU-3"}],
        "pagamentos": [{"forma": "Crédito em Loja", "valor": f"{cents // 100},{cents % 100:02d}"}]}))


def _grant_credit_at(ctx: AppContext, link: StoreLink) -> None:
    """Maria returns a R$ 10,90 shirt at this caixa: R$ 10,90 of store credit, handed over."""
    sold = sell(ctx, ("SKU-1", 1))
    record_exchange_input(ctx, parse_exchange({"venda": str(sold.number), "devolver": [{"item": 1}]}))
    assert link.sync_once().online


def _store_balance(server: Any) -> int:
    with server.read() as session:
        maria = session.scalars(select(Customer.id).where(Customer.document == "52998224725")).one()
        return int(session.scalar(select(func.sum(StoreCreditEntry.amount_cents))
                                  .where(StoreCreditEntry.customer_id == maria)) or 0)


def test_two_caixas_racing_to_pay_exchanges_with_the_same_credit_spend_it_once(tmp_path: Path, pg_url: str) -> None:
    server = make_store(pg_url)
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    c2, link2 = join(tmp_path, pg_url, "PDV02")
    c3, link3 = join(tmp_path, pg_url, "PDV03")
    _grant_credit_at(c1, link1)
    own2, own3 = sell(c2, ("SKU-2", 1)), sell(c3, ("SKU-2", 1))
    for link in (link2, link3):
        assert link.sync_once().online  # each caixa now sees R$ 10,90 for Maria in its replica
    outcomes: list[object] = []
    barrier = threading.Barrier(2)

    def attempt(ctx: AppContext, number: int) -> None:
        barrier.wait()
        try:
            outcomes.append(_exchange_paid_with_credit(ctx, str(number), 1000))
        except (DomainError, DomainErrors) as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=attempt, args=(c2, own2.number)),
               threading.Thread(target=attempt, args=(c3, own3.number))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    accepted = [o for o in outcomes if isinstance(o, dict)]
    refused = [o for o in outcomes if isinstance(o, DomainErrors)]
    assert len(accepted) == 1 and len(refused) == 1, outcomes
    assert refused[0].errors[0].code == "store_credit_insufficient"
    assert refused[0].errors[0].params == {"balance": 90, "amount": 1000}
    for link in (link1, link2, link3):
        assert link.sync_once().online
    assert _store_balance(server) == 90  # R$ 10,90 granted, R$ 10,00 spent once
    with server.read() as session:
        assert session.scalar(select(func.count()).select_from(StoreClaim).where(StoreClaim.state == "open")) == 0
        consumed = session.scalar(select(func.count()).select_from(StoreClaim)
                                  .where(StoreClaim.kind == "credit", StoreClaim.state == "consumed"))
        assert consumed == 1


def test_the_refused_exchange_gives_its_unit_claim_back(tmp_path: Path, pg_url: str) -> None:
    """The credit is refused after the units were claimed: nothing is recorded and the units are
    free again (the same return succeeds when paid otherwise)."""
    server = make_store(pg_url)
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    own = sell(c1, ("SKU-2", 1))
    assert link1.sync_once().online  # the store owns the sale: returning it claims its unit
    with pytest.raises(DomainErrors) as refused:
        _exchange_paid_with_credit(c1, str(own.number), 1000)
    assert refused.value.errors[0].code == "store_credit_insufficient"
    with server.read() as session:
        assert session.scalar(select(func.count()).select_from(StoreClaim).where(StoreClaim.state == "open")) == 0
    result = record_exchange_input(c1, parse_exchange({
        "venda": str(own.number), "devolver": [{"sku": "SKU-2"}], "novos": [{"sku": "SKU-3"}],
        "pagamentos": [{"forma": "PIX", "valor": "10,00"}]}))
    assert result["new_sale_number"] == 2


def test_offline_an_exchange_spends_only_credit_granted_here_and_not_handed_over(tmp_path: Path, pg_url: str) -> None:
    make_store(pg_url)
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    c2, link2 = join(tmp_path, pg_url, "PDV02")
    _grant_credit_at(c1, link1)  # R$ 10,90 granted at caixa 1, already in the store
    assert link2.sync_once().online
    mine = sell(c2, ("SKU-2", 2))  # caixa 2's own sale, not handed over
    link2.url, link2._server = UNREACHABLE, None  # caixa 2's cable is pulled
    with pytest.raises(DomainErrors) as needs:
        _exchange_paid_with_credit(c2, str(mine.number), 1000)  # the credit granted at caixa 1
    assert needs.value.errors[0].code == "store_credit_needs_store"
    assert "retaguarda está sem conexão" in str(needs.value)
    # a pure return of one unit of its own sale grants R$ 20,90 here (not handed over: nobody else sees it)
    record_exchange_input(c2, parse_exchange({"venda": str(mine.number), "devolver": [{"item": 1, "quantidade": 1}]}))
    result = _exchange_paid_with_credit(c2, str(mine.number), 1000)  # spends credit granted here
    assert result["new_sale_number"] == 2
    link2.url, link2._server = pg_url, None  # the cable is back: everything flows
    assert link2.sync_once().online

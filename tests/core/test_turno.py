"""The turno de caixa (issue 24): expected amounts equal the sum of the turno's records (exchanges
and credit in it), movements and the fechamento refuse what a drawer cannot be, blind close hides
the expected amounts, and selling needs an open turno where the store asks for it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pdv_bling.counter.cancellation import cancel_sale
from pdv_bling.counter.returns import record_exchange
from pdv_bling.counter.sales import record_sale
from pdv_bling.counter.turno import add_movement, close_turno, current_turno, expected_for_cashier, open_turno
from pdv_bling.counter.turno_figures import figures
from pdv_bling.domain.errors import DomainErrors
from pdv_bling.domain.exchange import ExchangeDraft
from pdv_bling.domain.messages import message_for
from pdv_bling.domain.sale import AddressDraft, CustomerDraft, ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.management.settings_input import apply_settings_input
from pdv_bling.store import outbox
from pdv_bling.store.engine import Store
from pdv_bling.store.models import OutboxItem, Sale, Turno, TurnoMovement
from tests.core.factories import seed_store

MARIA = CustomerDraft(document="529.982.247-25", name="Maria Souza", address=AddressDraft(
    street="Rua das Flores", number="10", district="Centro", city="Campinas", uf="SP", cep="13010-000"))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "s.sqlite3")
    seed_store(s)
    return s


def _sale(store: Store, *payments: PaymentDraft, sku: str = "SKU-1", quantity: int = 1,
          customer: bool = False) -> int:
    draft = SaleDraft(items=(ItemDraft(sku=sku, quantity=quantity),), payments=payments,
                      customer=MARIA if customer else None)
    return record_sale(store, draft).sale_id


def _codes(exc: pytest.ExceptionInfo[DomainErrors]) -> list[str]:
    return [e.code for e in exc.value.errors]


def test_expected_amounts_are_the_sum_of_the_turnos_records(store: Store) -> None:
    """Fundo 100,00; cash sale 10,90 paid with 20,00 (change 9,10); PIX sale 2 × 10,90; a sale
    cancelled; an exchange returning 1 unit for credit and a refund; suprimento 50,00 and sangria
    30,00: each method's expected amount is their sum, store credit is reported, not counted."""
    open_turno(store, operator="Ana", fundo_cents=10_000)
    _sale(store, PaymentDraft("Dinheiro", 2_000))
    pix = _sale(store, PaymentDraft("PIX", 2_180), quantity=2, customer=True)
    cancelled = _sale(store, PaymentDraft("Dinheiro", 1_090))
    with store.read() as session:
        sale = session.get(Sale, cancelled)
        assert sale is not None
        number = sale.number
    cancel_sale(store, number)
    with store.read() as session:
        pix_item = session.get(Sale, pix).items[0].id  # type: ignore[union-attr]
    credit = record_exchange(store, ExchangeDraft(original_sale_id=pix, returned={pix_item: 1}))
    refund = record_exchange(store, ExchangeDraft(original_sale_id=pix, returned={pix_item: 1}, refund=True))
    assert credit.settlement.kind == "credit" and refund.settlement.kind == "credit"
    add_movement(store, kind="suprimento", amount_cents=5_000, reason="troco do banco", operator="Ana")
    add_movement(store, kind="sangria", amount_cents=3_000, reason="depósito", operator="Ana")
    with store.read() as session:
        turno = current_turno(session)
        assert turno is not None
        found = figures(session, turno)
    assert found.expected.by_method["Dinheiro"] == 10_000 + 1_090 + 5_000 - 3_000
    assert found.expected.by_method["PIX"] == 2_180 - 1_090  # one unit refunded through PIX
    assert found.sales_count == 2 and found.sales_cents == 1_090 + 2_180
    assert found.cancelled_count == 1 and found.cancelled_cents == 1_090
    assert found.returns_count == 2 and found.refunded_cents == 1_090
    assert found.credit_granted_cents == 1_090
    credit_sale = _sale(store, PaymentDraft("Crédito em Loja", 1_090), customer=True)
    with store.read() as session:
        turno = current_turno(session)
        assert turno is not None
        again = figures(session, turno)
    assert credit_sale and again.expected.credit_used_cents == 1_090
    assert "Crédito em Loja" not in again.expected.by_method  # moves no money: never counted
    summary = close_turno(store, counted={"Dinheiro": 13_090, "PIX": 1_090}, operator="Ana")
    assert summary["difference"] == {"Dinheiro": 0, "PIX": 0, **{k: 0 for k in summary["difference"]
                                                                  if k not in ("Dinheiro", "PIX")}}


def test_refused_inputs_write_nothing(store: Store) -> None:
    with pytest.raises(DomainErrors) as no_turno:
        add_movement(store, kind="sangria", amount_cents=100, reason="x", operator="Ana")
    assert _codes(no_turno) == ["turno_not_open"]
    with pytest.raises(DomainErrors) as negative:
        open_turno(store, operator="Ana", fundo_cents=-1)
    assert _codes(negative) == ["turno_amount_negative"]
    open_turno(store, operator="Ana", fundo_cents=5_000)
    with pytest.raises(DomainErrors) as twice:
        open_turno(store, operator="Ana", fundo_cents=5_000)
    assert _codes(twice) == ["turno_already_open"] and "Ana" in message_for(twice.value.errors[0])
    with pytest.raises(DomainErrors) as above:
        add_movement(store, kind="sangria", amount_cents=5_001, reason="depósito", operator="Ana")
    assert _codes(above) == ["turno_sangria_above_drawer"]
    assert "R$ 50,01" in message_for(above.value.errors[0]) and "R$ 50,00" in message_for(above.value.errors[0])
    with pytest.raises(DomainErrors) as bad:
        add_movement(store, kind="suprimento", amount_cents=0, reason="", operator="Ana")
    assert sorted(_codes(bad)) == ["turno_amount_positive", "turno_reason_missing"]
    with pytest.raises(DomainErrors) as no_reason:  # R$ 10,00 short, above the R$ 5,00 limit
        close_turno(store, counted={"Dinheiro": 4_000}, operator="Ana")
    assert _codes(no_reason) == ["turno_reason_missing"]
    with pytest.raises(DomainErrors) as negative_count:
        close_turno(store, counted={"Dinheiro": -1}, operator="Ana")
    assert _codes(negative_count) == ["turno_amount_negative"]
    with pytest.raises(DomainErrors) as unknown:
        close_turno(store, counted={"Bitcoin": 1}, operator="Ana")
    assert _codes(unknown) == ["turno_method_unknown"]
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(TurnoMovement)) == 0
        assert session.scalar(select(func.count()).select_from(OutboxItem)) == 0
        assert current_turno(session) is not None
    close_turno(store, counted={"Dinheiro": 4_000}, operator="Ana", reason="troco dado a mais")
    with pytest.raises(DomainErrors) as closed:
        close_turno(store, counted={"Dinheiro": 4_000}, operator="Ana", reason="de novo")
    assert _codes(closed) == ["turno_already_closed"]
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Turno)) == 1


def test_selling_needs_an_open_turno_where_the_store_asks(store: Store) -> None:
    _sale(store, PaymentDraft("Dinheiro", 1_090))  # off by default: folders from before turnos sell
    apply_settings_input(store, {"turno_required": "sim"})
    with pytest.raises(DomainErrors) as closed:
        _sale(store, PaymentDraft("Dinheiro", 1_090))
    assert _codes(closed)[0] == "turno_closed" and "abra o caixa" in message_for(closed.value.errors[0])
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Sale)) == 1
    open_turno(store, operator="Ana", fundo_cents=0)
    _sale(store, PaymentDraft("Dinheiro", 1_090))


def test_blind_close_hides_the_expected_amounts_until_the_fechamento(store: Store) -> None:
    apply_settings_input(store, {"turno_blind": "sim"})
    open_turno(store, operator="Ana", fundo_cents=10_000)
    _sale(store, PaymentDraft("Dinheiro", 1_090))
    with store.read() as session:
        turno = current_turno(session)
        assert turno is not None and turno.blind
        assert expected_for_cashier(session, turno) is None
    summary = close_turno(store, counted={"Dinheiro": 11_000}, operator="Ana")  # 0,90 over: within the limit
    assert summary["expected"]["Dinheiro"] == 11_090 and summary["difference"]["Dinheiro"] == -90


def test_each_movement_and_the_cash_difference_queue_one_posting(store: Store) -> None:
    when = dt.datetime(2026, 12, 7, 2, 30, tzinfo=dt.UTC)  # 23:30 of the 6th in Brasília
    open_turno(store, operator="Ana", fundo_cents=10_000, now=when)
    add_movement(store, kind="suprimento", amount_cents=2_000, reason="troco", operator="Ana", now=when)
    add_movement(store, kind="sangria", amount_cents=5_000, reason="cofre", operator="Ana", now=when)
    close_turno(store, counted={"Dinheiro": 6_500}, operator="Ana", reason="nota rasgada", now=when)
    with store.read() as session:
        items = session.scalars(select(OutboxItem).order_by(OutboxItem.id)).all()
    assert [i.kind for i in items] == [outbox.CAIXA_LANCAMENTO] * 3
    assert [(i.payload["papel"], i.payload["debCred"], i.payload["valor_cents"]) for i in items] == [
        ("suprimento", "C", 2_000), ("sangria", "D", 5_000), ("falta", "D", 500)]
    assert {i.payload["data"] for i in items} == {"2026-12-06"}
    assert len({i.payload["uid"] for i in items}) == 3 and len({i.chain for i in items}) == 1

"""Troca/devolução domain rules and what they record (no network)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from pdv_bling.counter.lookups import store_credit_balance
from pdv_bling.counter.returns import find_original_sale, record_exchange, returnable
from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.coupon import format_coupon, parse_coupon
from pdv_bling.domain.errors import DomainError, DomainErrors
from pdv_bling.domain.exchange import ExchangeDraft, check_prerequisites, settle
from pdv_bling.domain.nfce import make_access_key
from pdv_bling.domain.sale import AddressDraft, CustomerDraft, ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.store import outbox
from pdv_bling.store.engine import Store
from pdv_bling.store.models import Customer, FiscalDocument, OutboxItem, Sale, StoreCreditEntry
from pdv_bling.store.settings import Settings, load_settings, save_settings
from tests.core.factories import seed_store

FULL_ADDRESS = AddressDraft(street="Rua das Flores", number="10", district="Centro", city="Campinas", uf="SP",
                            cep="13010-000")
MARIA = CustomerDraft(document="529.982.247-25", name="Maria Souza", address=FULL_ADDRESS)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "s.sqlite3")
    seed_store(s)
    return s


def _sale(store: Store, *lines: tuple[str, int], customer: CustomerDraft | None = MARIA) -> Sale:
    items = tuple(ItemDraft(sku=sku, quantity=q) for sku, q in lines)
    with store.read() as session:
        from pdv_bling.counter.lookups import find_product

        total = sum(find_product(session, i, field="x").price_cents * i.quantity for i in items)
    recorded = record_sale(store, SaleDraft(items=items, payments=(PaymentDraft("PIX", total),), customer=customer))
    with store.read() as session:
        sale = session.get(Sale, recorded.sale_id)
        assert sale is not None
        _ = [i.id for i in sale.items]
        return sale


class FakeCustomer:
    def __init__(self, **values: str | None) -> None:
        base = {"document": "52998224725", "street": "Rua", "number": "1", "district": "Centro", "city": "X",
                "uf": "SP", "cep": "01001000"}
        base.update(values)
        for key, value in base.items():
            setattr(self, key, value)


@pytest.mark.parametrize(
    ("customer", "settings", "code", "text"),
    [
        (None, Settings(), "customer_missing", "Vincule um cliente"),
        (FakeCustomer(document="12345678900"), Settings(), "cpf_invalid", "CPF inválido"),
        (FakeCustomer(street=""), Settings(), "customer_address_incomplete", "falta logradouro"),
        (FakeCustomer(district=None, cep=""), Settings(), "customer_address_incomplete", "falta bairro, CEP"),
        (FakeCustomer(), Settings(auto_return_invoice=False), "setting_return_invoice_off", "nota fiscal de devolução"),
        (FakeCustomer(), Settings(positive_customer_credit=False), "setting_positive_credit_off", "crédito de clientes"),
    ],
)
def test_each_prerequisite_failing(customer: object, settings: Settings, code: str, text: str) -> None:
    errors = check_prerequisites(customer, settings)  # type: ignore[arg-type]
    assert [e.code for e in errors] == [code]
    assert text in str(errors[0])


def test_prerequisites_met() -> None:
    assert check_prerequisites(FakeCustomer(), Settings()) == []  # type: ignore[arg-type]
    assert check_prerequisites(FakeCustomer(document="12ABC34501DE35"), Settings()) == []  # type: ignore[arg-type]


def test_sale_found_by_number_and_coupon_and_typo_refused(store: Store) -> None:
    sale = _sale(store, ("SKU-1", 1))
    with store.read() as session:
        assert find_original_sale(session, str(sale.number)).id == sale.id
        assert find_original_sale(session, format_coupon(sale.coupon)).id == sale.id
        typo = sale.coupon[:2] + ("0" if sale.coupon[2] != "0" else "1") + sale.coupon[3:]
        with pytest.raises(DomainError) as info:
            find_original_sale(session, typo)
        assert info.value.code == "coupon_check_digit"
        swapped = sale.coupon[1] + sale.coupon[0] + sale.coupon[2:]
        if swapped != sale.coupon:
            with pytest.raises(DomainError):
                parse_coupon(swapped)


def test_over_return_counts_earlier_returns(store: Store) -> None:
    sale = _sale(store, ("SKU-1", 3), ("SKU-2", 1))
    first = sale.items[0].id
    record_exchange(store, ExchangeDraft(original_sale_id=sale.id, returned={first: 2}))
    with pytest.raises(DomainErrors) as info:
        record_exchange(store, ExchangeDraft(original_sale_id=sale.id, returned={first: 2}))
    assert info.value.errors[0].code == "over_return"
    assert "há só 1 unidade" in str(info.value)
    with store.read() as session:
        assert returnable(session, session.get(Sale, sale.id)) == {first: 1, sale.items[1].id: 1}  # type: ignore[arg-type]


def test_three_settlement_cases() -> None:
    assert settle(5000, 7000).kind == "pay" and settle(5000, 7000).difference_cents == 2000
    assert settle(5000, 3000).kind == "credit" and settle(5000, 3000).difference_cents == 2000
    assert settle(5000, 5000).kind == "even" and settle(5000, 5000).difference_cents == 0
    assert settle(5000, 7000).credit_applied_cents == 5000 and settle(5000, 3000).credit_applied_cents == 3000


def test_exchange_paying_the_difference(store: Store) -> None:
    sale = _sale(store, ("SKU-1", 1))  # 10,90
    result = record_exchange(store, ExchangeDraft(
        original_sale_id=sale.id, returned={sale.items[0].id: 1}, new_items=(ItemDraft(sku="SKU-2"),),  # 20,90
        payments=(PaymentDraft("Dinheiro", 1500),),
    ))
    assert result.settlement.kind == "pay" and result.settlement.difference_cents == 1000
    assert result.new_sale is not None and result.new_sale.change_cents == 500
    with store.read() as session:
        new = session.get(Sale, result.new_sale.sale_id)
        assert new is not None and new.kind == "exchange" and new.origin_sale_id == sale.id
        paid = {p.method.name: p.amount_cents for p in new.payments}
        assert paid == {"Crédito em Loja": 1090, "Dinheiro": 1000}
        assert sum(paid.values()) == new.total_cents
    assert result.credit_balance_cents == 0


def test_credit_ledger_after_a_sequence_of_exchanges(store: Store) -> None:
    sale = _sale(store, ("SKU-3", 2))  # 2 x 30,90
    r1 = record_exchange(store, ExchangeDraft(original_sale_id=sale.id, returned={sale.items[0].id: 1},
                                              new_items=(ItemDraft(sku="SKU-1"),)))  # 30,90 back, 10,90 taken
    assert r1.settlement.kind == "credit" and r1.credit_granted_cents == 2000 and r1.credit_balance_cents == 2000
    # the credit pays part of a later sale
    record_sale(store, SaleDraft(items=(ItemDraft(sku="SKU-2"),),
                                 payments=(PaymentDraft("Crédito em Loja", 1500), PaymentDraft("PIX", 590)),
                                 customer=MARIA))
    r2 = record_exchange(store, ExchangeDraft(original_sale_id=sale.id, returned={sale.items[0].id: 1}))
    assert r2.settlement.kind == "credit" and r2.credit_granted_cents == 3090
    with store.read() as session:
        customer = session.scalars(select(Customer)).one()
        assert store_credit_balance(session, customer.id) == 2000 - 1500 + 3090
        amounts = [e.amount_cents for e in session.scalars(select(StoreCreditEntry).order_by(StoreCreditEntry.id))]
        assert amounts == [2000, -1500, 3090]
    with pytest.raises(DomainErrors) as info:  # more credit than the balance
        record_sale(store, SaleDraft(items=(ItemDraft(sku="SKU-5"),), payments=(PaymentDraft("Crédito em Loja", 5090),),
                                     customer=MARIA))
    assert info.value.errors[0].code == "store_credit_insufficient"


def test_pure_return_refund_grants_no_credit(store: Store) -> None:
    sale = _sale(store, ("SKU-1", 1))
    result = record_exchange(store, ExchangeDraft(original_sale_id=sale.id, returned={sale.items[0].id: 1}, refund=True))
    assert result.new_sale is None and result.credit_granted_cents == 0 and result.full_return


def test_outbox_chain_for_partial_and_full_returns(store: Store) -> None:
    partial = _sale(store, ("SKU-1", 2), ("SKU-2", 1))
    record_exchange(store, ExchangeDraft(original_sale_id=partial.id, returned={partial.items[0].id: 1}))
    full = _sale(store, ("SKU-4", 1))
    key = make_access_key(when=full.created_at.date(), cnpj="11222333000181", model="65", number=77)
    record_exchange(store, ExchangeDraft(original_sale_id=full.id, returned={full.items[0].id: 1}, devolution_key=key))
    with store.read() as session:
        def chain(sale_id: int) -> list[tuple[str, dict]]:
            items = session.scalars(select(OutboxItem).where(OutboxItem.chain == outbox.sale_chain(sale_id))
                                    .order_by(OutboxItem.id))
            return [(i.kind, i.payload) for i in items]

        partial_chain = chain(partial.id)
        assert [k for k, _ in partial_chain] == [outbox.CUSTOMER_UPSERT, outbox.SALE_CREATE, outbox.SALE_TRANSITION,
                                                 outbox.STOCK_ENTRY]
        entry = partial_chain[-1][1]
        assert entry["produto_id"] == 1001 and entry["quantidade"] == 1 and entry["deposit_id"] is None
        full_chain = chain(full.id)
        assert [k for k, _ in full_chain] == [outbox.CUSTOMER_UPSERT, outbox.SALE_CREATE, outbox.SALE_TRANSITION,
                                              outbox.SALE_CANCEL]
        assert session.get(Sale, full.id).status == "returned"  # type: ignore[union-attr]
        assert session.get(Sale, partial.id).status == "recorded"  # type: ignore[union-attr]
        doc = session.scalars(select(FiscalDocument)).one()
        assert doc.kind == "devolucao" and doc.sale_id == full.id and doc.model == "65"


def test_integration_mode_full_return_reverses_explicitly(store: Store) -> None:
    with store.transaction() as session:
        current = load_settings(session)
        save_settings(session, Settings(**{**current.__dict__, "stock_mode": "integration", "deposit_id": 77}))
    sale = _sale(store, ("SKU-1", 1), customer=MARIA)
    result = record_exchange(store, ExchangeDraft(original_sale_id=sale.id, returned={sale.items[0].id: 1}))
    assert result.bling_steps == (outbox.STOCK_REVERSE, outbox.ACCOUNTS_REVERSE, outbox.SALE_CANCEL)


def test_prerequisite_failure_writes_nothing(store: Store) -> None:
    sale = _sale(store, ("SKU-1", 1), customer=None)
    with store.read() as session:
        before = session.query(OutboxItem).count()
    with pytest.raises(DomainErrors) as info:
        record_exchange(store, ExchangeDraft(original_sale_id=sale.id, returned={sale.items[0].id: 1},
                                             customer=CustomerDraft(document="52998224725", name="Ana")))
    assert info.value.errors[0].code == "customer_address_incomplete"
    with store.read() as session:
        assert session.query(OutboxItem).count() == before
        assert session.query(Customer).count() == 0


def test_a_partial_return_names_the_sales_nfce_on_its_stock_entry_in_bling(store: Store) -> None:
    """Issue 27 item 5: the return keeps today's Bling adjustment and links the original NFC-e key."""
    with_note = _sale(store, ("SKU-1", 2))
    key = make_access_key(when=with_note.created_at.date(), cnpj="11222333000181", model="65", number=78)
    with store.transaction() as session:
        session.add(FiscalDocument(sale_id=with_note.id, kind="nfce", access_key=key, model="65", number=78, series=1,
                                   issued_at=with_note.created_at))
    without = _sale(store, ("SKU-2", 2))
    for sale in (with_note, without):
        record_exchange(store, ExchangeDraft(original_sale_id=sale.id, returned={sale.items[0].id: 1}))
    with store.read() as session:
        texts = {i.sale_id: i.payload["observacoes"] for i in session.scalars(
            select(OutboxItem).where(OutboxItem.kind == outbox.STOCK_ENTRY))}
    assert texts[with_note.id].endswith(f" item 1 NFC-e {key}")
    assert texts[without.id].endswith(" item 1") and "NFC-e" not in texts[without.id]

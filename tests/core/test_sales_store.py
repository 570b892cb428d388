from pathlib import Path

import pytest
from sqlalchemy import func, select

from pdv_bling.counter.cancellation import cancel_sale
from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.errors import DomainErrors
from pdv_bling.domain.sale import AddressDraft, CustomerDraft, ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.store import outbox
from pdv_bling.store.engine import Store
from pdv_bling.store.identity import INSTALLATION_KEY
from pdv_bling.store.models import Counter, Customer, OutboxItem, Product, Sale, SaleItem, SalePayment
from pdv_bling.store.settings import set_value
from tests.core.factories import seed_store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "s.sqlite3")
    seed_store(s)
    return s


def _counts(store: Store) -> tuple[int, ...]:
    with store.read() as session:
        return tuple(
            session.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (Sale, SaleItem, SalePayment, OutboxItem, Customer)
        )


def test_sale_items_payments_and_outbox_round_trip(store: Store) -> None:
    draft = SaleDraft(
        items=(ItemDraft(barcode="7890000000001", quantity=2), ItemDraft(sku="SKU-3", quantity=1)),
        payments=(PaymentDraft("PIX", 2000), PaymentDraft("Dinheiro", 5000)),
        seller="Ana",
        customer=CustomerDraft(document="529.982.247-25", name="Maria", address=AddressDraft(uf="sp", cep="01310-100")),
    )
    recorded = record_sale(store, draft)
    assert recorded.total_cents == 2 * 1090 + 3090
    assert recorded.change_cents == 7000 - 5270
    with store.read() as session:
        sale = session.get(Sale, recorded.sale_id)
        assert sale is not None
        assert [i.quantity for i in sale.items] == [2, 1]
        assert sum(p.amount_cents for p in sale.payments) == sale.total_cents  # net of change
        assert sale.customer is not None and sale.customer.uf == "SP" and sale.customer.cep == "01310100"
        kinds = [i.kind for i in session.scalars(select(OutboxItem).order_by(OutboxItem.id))]
        assert kinds == [outbox.CUSTOMER_UPSERT, outbox.SALE_CREATE, outbox.SALE_TRANSITION]
        assert sale.numero_loja == "PDV01-0000001"


def test_failure_midway_leaves_nothing(store: Store) -> None:
    before = _counts(store)
    bad = SaleDraft(
        items=(ItemDraft(barcode="7890000000001"), ItemDraft(barcode="0000")),
        payments=(PaymentDraft("Dinheiro", 100000),),
        customer=CustomerDraft(document="529.982.247-25", name="Maria"),
    )
    with pytest.raises(DomainErrors) as info:
        record_sale(store, bad)
    assert [e.code for e in info.value.errors] == ["product_not_found"]
    assert _counts(store) == before


def test_crash_inside_transaction_rolls_back_everything(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _counts(store)

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("power cut simulated after the sale rows were flushed")

    monkeypatch.setattr("pdv_bling.counter.sales.enqueue_sale_delivery", boom)
    with pytest.raises(RuntimeError):
        record_sale(store, SaleDraft(items=(ItemDraft(sku="SKU-1"),), payments=(PaymentDraft("PIX", 1090),)))
    assert _counts(store) == before


def test_payments_short_and_change_rules(store: Store) -> None:
    with pytest.raises(DomainErrors) as info:
        record_sale(store, SaleDraft(items=(ItemDraft(sku="SKU-1"),), payments=(PaymentDraft("PIX", 100),)))
    assert info.value.errors[0].code == "payments_short"
    with pytest.raises(DomainErrors) as info:
        record_sale(store, SaleDraft(items=(ItemDraft(sku="SKU-1"),), payments=(PaymentDraft("PIX", 5000),)))
    assert info.value.errors[0].code == "payments_excess_no_cash"


def test_cancel_queues_reversal_in_the_sale_chain(store: Store) -> None:
    recorded = record_sale(store, SaleDraft(items=(ItemDraft(sku="SKU-1"),), payments=(PaymentDraft("PIX", 1090),)))
    cancel_sale(store, recorded.number)
    with store.read() as session:
        items = session.scalars(select(OutboxItem).order_by(OutboxItem.id)).all()
        assert [i.kind for i in items] == [outbox.SALE_CREATE, outbox.SALE_TRANSITION, outbox.SALE_CANCEL]
        assert {i.chain for i in items} == {outbox.sale_chain(recorded.sale_id)}


def test_cancellation_uses_the_stock_mode_the_sale_was_posted_with(store: Store) -> None:
    from pdv_bling.store.settings import Settings, load_settings, save_settings

    def set_mode(mode: str, deposit: int | None) -> None:
        with store.transaction() as session:
            current = load_settings(session)
            save_settings(session, Settings(**{**current.__dict__, "stock_mode": mode, "deposit_id": deposit}))

    set_mode("integration", 55)
    recorded = record_sale(store, SaleDraft(items=(ItemDraft(sku="SKU-1"),), payments=(PaymentDraft("PIX", 1090),)))
    set_mode("transitions", None)  # the manager changes the setting while the sale is still queued
    cancel_sale(store, recorded.number)
    with store.read() as session:
        kinds = [i.kind for i in session.scalars(select(OutboxItem).order_by(OutboxItem.id))]
    assert kinds == [outbox.SALE_CREATE, outbox.STOCK_POST, outbox.ACCOUNTS_POST,
                     outbox.STOCK_REVERSE, outbox.ACCOUNTS_REVERSE, outbox.SALE_CANCEL]


def test_a_parent_of_variations_is_refused_by_every_reference_even_without_formato(store: Store) -> None:
    """A product some variation points to is a parent, whatever its formato says (older pulls left
    it empty): refused by barcode, SKU and id; its variation sells."""
    with store.transaction() as session:
        parent = session.scalars(select(Product).where(Product.sku == "SKU-2")).one()
        assert parent.formato is None
        session.add(Product(bling_id=2002, sku="SKU-2-P", barcode="7891111111111", name="Produto 2 P",
                            price_cents=2090, active=True, parent_id=parent.id, formato="S"))
        session.flush()
        parent_id = parent.id
    before = _counts(store)
    for item in (ItemDraft(barcode="7890000000002"), ItemDraft(sku="SKU-2"), ItemDraft(product_id=parent_id)):
        with pytest.raises(DomainErrors) as info:
            record_sale(store, SaleDraft(items=(item,), payments=(PaymentDraft("PIX", 2090),)))
        assert [e.code for e in info.value.errors] == ["product_has_variations"]
    assert _counts(store) == before
    recorded = record_sale(store, SaleDraft(items=(ItemDraft(barcode="7891111111111"),),
                                            payments=(PaymentDraft("PIX", 2090),)))
    assert recorded.total_cents == 2090


def test_sales_number_on_from_one_and_carry_the_installation(store: Store) -> None:
    with store.transaction() as session:
        set_value(session, INSTALLATION_KEY, "a" * 32)
    numbers = [record_sale(store, SaleDraft(items=(ItemDraft(sku="SKU-1"),), payments=(PaymentDraft("PIX", 1090),)))
               for _ in range(3)]
    assert [(r.number, r.numero_loja) for r in numbers] == [(1, "PDV01-0000001"), (2, "PDV01-0000002"),
                                                           (3, "PDV01-0000003")]
    with store.read() as session:
        sales = session.scalars(select(Sale).order_by(Sale.id)).all()
        assert [(s.number, s.installation_id, s.status, s.kind) for s in sales] == [
            (n, "a" * 32, "recorded", "sale") for n in (1, 2, 3)]
        assert session.get(Counter, "sale_number").value == 3  # type: ignore[union-attr]
        chains = {i.chain for i in session.scalars(select(OutboxItem))}
        assert chains == {outbox.sale_chain(s.id) for s in sales}

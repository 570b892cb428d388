"""Push end to end over real HTTP: the real client and drainer against the Bling stand-in."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from pdv_bling.base.zone import local
from pdv_bling.counter.cancellation import cancel_sale
from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.sandbox import SandboxServer
from pdv_bling.store import outbox
from pdv_bling.store.models import OutboxItem, PaymentMethod, Sale
from pdv_bling.store.settings import load_settings, save_settings
from tests.e2e.helpers import Terminal, mixed_sale, open_terminal, sellable


@pytest.fixture
def terminal(tmp_path: Path, sandbox: SandboxServer) -> Iterator[Terminal]:
    t = open_terminal(tmp_path / "t1", sandbox)
    yield t
    t.close()


def drain_all(t: Terminal, *, rounds: int = 200) -> None:
    for _ in range(rounds):
        t.service.drain_now()
        with t.ctx.store.transaction() as session:
            # make scheduled retries due now (the test does not wait for backoff)
            for item in session.scalars(select(OutboxItem).where(OutboxItem.state != outbox.DONE)):
                item.next_attempt_at = None
            counts = outbox.counts(session)
        if counts[outbox.PENDING] == 0:
            return
    raise AssertionError(f"queue not drained: {counts}")


def orders_by_loja(server: SandboxServer) -> dict[str, dict]:
    return server.inspect()["orders"]


def test_fifty_mixed_sales_delivered_exactly_once(terminal: Terminal, sandbox: SandboxServer) -> None:
    rng = random.Random(5)
    products = sellable(terminal.ctx, 12)
    recorded = [record_sale(terminal.ctx.store, mixed_sale(products, rng)) for _ in range(50)]
    drain_all(terminal)
    orders = orders_by_loja(sandbox)
    assert {r.numero_loja for r in recorded} <= set(orders)
    assert all(orders[r.numero_loja]["count"] == 1 for r in recorded)
    assert all(orders[r.numero_loja]["situacoes"] == [9] for r in recorded)  # Atendido
    with terminal.ctx.store.read() as session:
        assert all(s.bling_id for s in session.scalars(select(Sale)))
    # customers: one Bling contact per CPF, never duplicated
    contatos = [c for c in sandbox.state.contatos.values() if c.get("numeroDocumento")]
    docs = [c["numeroDocumento"] for c in contatos]
    assert len(docs) == len(set(docs))


def test_commit_then_drop_at_30_percent_gives_no_duplicate(terminal: Terminal, sandbox: SandboxServer) -> None:
    rng = random.Random(9)
    products = sellable(terminal.ctx, 8)
    recorded = [record_sale(terminal.ctx.store, mixed_sale(products, rng, with_customer=False)) for _ in range(30)]
    sandbox.set_faults(p_commit_drop=0.3, seed=3)
    drain_all(terminal)
    sandbox.set_faults(p_commit_drop=0.0)
    orders = orders_by_loja(sandbox)
    assert [orders[r.numero_loja]["count"] for r in recorded] == [1] * 30
    drops = sandbox.inspect()["requests"]["by_status"].get("dropped", 0)
    assert drops > 0, "the fault must actually have fired"


def test_validation_failure_parks_only_its_chain(terminal: Terminal, sandbox: SandboxServer) -> None:
    products = sellable(terminal.ctx, 3)
    good1 = record_sale(terminal.ctx.store, SaleDraft(items=(ItemDraft(barcode=products[0].barcode),),
                                                      payments=(PaymentDraft("PIX", products[0].price_cents),)))
    with terminal.ctx.store.transaction() as session:  # a DE-PARA pointing to a forma Bling does not know
        method = session.scalars(select(PaymentMethod).where(PaymentMethod.name == "Boleto")).one()
        method.bling_forma_pagamento_id = 999999
    bad = record_sale(terminal.ctx.store, SaleDraft(items=(ItemDraft(barcode=products[1].barcode),),
                                                    payments=(PaymentDraft("Boleto", products[1].price_cents),)))
    good2 = record_sale(terminal.ctx.store, SaleDraft(items=(ItemDraft(barcode=products[2].barcode),),
                                                      payments=(PaymentDraft("PIX", products[2].price_cents),)))
    report = terminal.service.drain_now()
    assert report.parked == 1
    orders = orders_by_loja(sandbox)
    assert good1.numero_loja in orders and good2.numero_loja in orders and bad.numero_loja not in orders
    with terminal.ctx.store.read() as session:
        parked = session.scalars(select(OutboxItem).where(OutboxItem.state == outbox.PARKED)).one()
        assert parked.sale_id == bad.sale_id and parked.kind == outbox.SALE_CREATE
        assert parked.error_code == "forma_pagamento_invalida"
        assert "DE-PARA" in (parked.suggested_fix or "")
        waiting = session.scalars(select(OutboxItem).where(OutboxItem.chain == parked.chain,
                                                           OutboxItem.state == outbox.PENDING)).all()
        assert [w.kind for w in waiting] == [outbox.SALE_TRANSITION]  # the rest of its chain waits
    # the manager fixes the mapping and retries: delivered
    with terminal.ctx.store.transaction() as session:
        method = session.scalars(select(PaymentMethod).where(PaymentMethod.name == "Boleto")).one()
        method.bling_forma_pagamento_id = next(
            f["id"] for f in sandbox.state.formas.values() if f["descricao"] == "Boleto"
        )
        assert outbox.retry(session, parked.id)
    drain_all(terminal)
    assert orders_by_loja(sandbox)[bad.numero_loja]["count"] == 1


def test_unmapped_payment_parks_with_the_de_para_message(terminal: Terminal, sandbox: SandboxServer) -> None:
    product = sellable(terminal.ctx, 1)[0]
    with terminal.ctx.store.transaction() as session:
        session.scalars(select(PaymentMethod).where(PaymentMethod.name == "Cheque")).one().bling_forma_pagamento_id = None
    sale = record_sale(terminal.ctx.store, SaleDraft(items=(ItemDraft(barcode=product.barcode),),
                                                     payments=(PaymentDraft("Cheque", product.price_cents),)))
    terminal.service.drain_now()
    with terminal.ctx.store.read() as session:
        item = session.scalars(select(OutboxItem).where(OutboxItem.state == outbox.PARKED)).one()
    assert item.sale_id == sale.sale_id
    assert item.error_code == "depara_incompleto"
    assert "Cheque" in (item.suggested_fix or "") and "Métodos de Pagamento" in (item.suggested_fix or "")
    assert sale.numero_loja not in orders_by_loja(sandbox)


def _set_mode(t: Terminal, **values: object) -> None:
    with t.ctx.store.transaction() as session:
        settings = load_settings(session)
        save_settings(session, settings.__class__(**{**settings.__dict__, **values}), previous=settings)


def _balance(server: SandboxServer, produto: int, deposito: int) -> float:
    return server.state.balances.get((produto, deposito), 0.0)


@pytest.mark.parametrize("mode", ["transitions", "integration"])
def test_stock_modes_post_to_the_right_deposit_once_and_cancel_reverses(
    terminal: Terminal, sandbox: SandboxServer, mode: str
) -> None:
    depositos = list(sandbox.state.depositos.values())
    padrao = next(d["id"] for d in depositos if d["padrao"])
    other = next(d["id"] for d in depositos if not d["padrao"])
    target = padrao if mode == "transitions" else other
    _set_mode(terminal, stock_mode=mode, deposit_id=None if mode == "transitions" else other)
    product = sellable(terminal.ctx, 1)[0]
    before = {d["id"]: _balance(sandbox, product.bling_id, d["id"]) for d in depositos}
    sale = record_sale(terminal.ctx.store, SaleDraft(items=(ItemDraft(barcode=product.barcode, quantity=3),),
                                                     payments=(PaymentDraft("PIX", 3 * product.price_cents),)))
    drain_all(terminal)
    after = {d["id"]: _balance(sandbox, product.bling_id, d["id"]) for d in depositos}
    assert after[target] == before[target] - 3
    assert all(after[d] == before[d] for d in after if d != target)
    order_id = orders_by_loja(sandbox)[sale.numero_loja]["ids"][0]
    open_contas = [c for c in sandbox.inspect()["contas_receber"]["open"] if c.get("pedido") == order_id]
    assert sum(round(c["valor"] * 100) for c in open_contas) == 3 * product.price_cents
    # cancellation: stock back to the same deposit, receivables reversed, order Cancelado
    cancel_sale(terminal.ctx.store, sale.number)
    drain_all(terminal)
    final = {d["id"]: _balance(sandbox, product.bling_id, d["id"]) for d in depositos}
    assert final == before
    inspect = sandbox.inspect()
    assert not [c for c in inspect["contas_receber"]["open"] if c.get("pedido") == order_id]
    assert inspect["orders"][sale.numero_loja]["situacoes"] == [12]


def test_nfce_reference_is_noted_on_the_order(terminal: Terminal, sandbox: SandboxServer) -> None:
    from pdv_bling.counter.fiscal import record_fiscal_document
    from pdv_bling.domain.nfce import make_access_key

    product = sellable(terminal.ctx, 1)[0]
    sale = record_sale(terminal.ctx.store, SaleDraft(items=(ItemDraft(barcode=product.barcode, quantity=2),),
                                                     payments=(PaymentDraft("PIX", 2 * product.price_cents),)))
    today = local(dt.datetime.now(dt.UTC)).date()  # issued with the sale, not before it (the store's zone)
    key = make_access_key(when=today, cnpj="11222333000181", number=4321)
    record_fiscal_document(terminal.ctx.store, sale_number=sale.number, access_key=key)
    drain_all(terminal)
    order_id = orders_by_loja(sandbox)[sale.numero_loja]["ids"][0]
    order = sandbox.state.orders[order_id]
    assert key in order.get("observacoes", "")
    assert len(order["itens"]) == 1 and order["situacao"]["id"] == 9  # the PUT kept items and situação
    assert orders_by_loja(sandbox)[sale.numero_loja]["count"] == 1


def test_an_unexpected_failure_parks_the_item_and_the_queue_goes_on(terminal: Terminal, sandbox: SandboxServer) -> None:
    products = sellable(terminal.ctx, 2)
    sales = [record_sale(terminal.ctx.store, SaleDraft(items=(ItemDraft(barcode=p.barcode),),
                                                       payments=(PaymentDraft("PIX", p.price_cents),)))
             for p in products]
    real = terminal.service.client.situacoes.vendas
    terminal.service.client.situacoes.vendas = lambda: {}  # type: ignore[method-assign]  # an account without "Atendido"
    report = terminal.service.drain_now()
    assert report.delivered == 2 and report.parked == 2  # both orders created, both transitions parked
    with terminal.ctx.store.transaction() as session:
        parked = session.scalars(select(OutboxItem).where(OutboxItem.state == outbox.PARKED)).all()
        assert {p.error_code for p in parked} == {"erro_interno"}
        assert all("Tentar novamente" in (p.suggested_fix or "") for p in parked)
        outbox.retry_all_parked(session)
    terminal.service.client.situacoes.vendas = real  # type: ignore[method-assign]
    drain_all(terminal)
    orders = orders_by_loja(sandbox)
    assert [orders[s.numero_loja]["count"] for s in sales] == [1, 1]
    assert [orders[s.numero_loja]["situacoes"] for s in sales] == [[9], [9]]

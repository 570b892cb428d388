"""§11 row 1: Bling refuses POST /contatos for a CPF another contact holds — inactive, excluded,
a "fantasma" no search returns. The customer push finds, reuses and reactivates the holder; a
sale's chain never stops for it; when nothing works it parks with a fix naming the customer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.sale import AddressDraft, CustomerDraft, ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.sandbox import SandboxServer
from pdv_bling.store import outbox
from pdv_bling.store.models import Customer, OutboxItem, Sale
from tests.e2e.helpers import Terminal, drain_all, open_terminal, sellable

pytestmark = pytest.mark.e2e
CPF = "39053344705"


@pytest.fixture
def terminal(tmp_path: Path, sandbox: SandboxServer) -> Iterator[Terminal]:
    t = open_terminal(tmp_path / "t", sandbox)
    yield t
    t.close()


def holder(sandbox: SandboxServer, **values: Any) -> dict[str, Any]:
    """A contact already in the account, added the way it got there (not through POST /contatos)."""
    body = {"nome": "Cliente Antigo", "numeroDocumento": CPF, "situacao": "A", **values}
    return dict(httpx.post(f"{sandbox.control_url}/contatos", json=body).json())


def sell_to(t: Terminal, document: str = CPF, name: str = "Joana Lima") -> int:
    product = sellable(t.ctx, 1)[0]
    customer = CustomerDraft(document=document, name=name, address=AddressDraft(
        street="Rua B", number="2", district="Centro", city="Campinas", uf="SP", cep="13010000"))
    return record_sale(t.ctx.store, SaleDraft(items=(ItemDraft(barcode=product.barcode),),
                                              payments=(PaymentDraft("PIX", product.price_cents),),
                                              customer=customer)).sale_id


def contacts_with(sandbox: SandboxServer, document: str = CPF) -> list[dict[str, Any]]:
    return [c for c in sandbox.state.contatos.values() if c.get("numeroDocumento", "").replace(".", "")
            .replace("-", "") == document]


def order_contact(t: Terminal, sandbox: SandboxServer, sale_id: int) -> int:
    with t.ctx.store.read() as session:
        sale = session.get(Sale, sale_id)
        assert sale is not None and sale.bling_id is not None
        return int(sandbox.state.orders[sale.bling_id]["contato"]["id"])


def test_the_stand_in_refuses_a_document_any_contact_holds(api: httpx.Client, sandbox: SandboxServer) -> None:
    ghost = holder(sandbox, situacao="E", nome="Maria Excluída")
    refused = api.post("/contatos", json={"nome": "Nova", "tipo": "F", "situacao": "A", "numeroDocumento": CPF})
    assert refused.status_code == 400
    assert "O CPF já está cadastrado no contato Maria Excluída" in refused.json()["error"]["fields"][0]["msg"]
    assert api.get("/contatos", params={"numeroDocumento": CPF}).json()["data"] == []  # the default search
    sandbox.set_traps(duplicate_document=False)
    assert api.post("/contatos", json={"nome": "Nova", "tipo": "F", "situacao": "A",
                                       "numeroDocumento": CPF}).status_code == 201
    assert len(contacts_with(sandbox)) == 2 and ghost["id"] in {c["id"] for c in contacts_with(sandbox)}


@pytest.mark.parametrize("case", ["inactive", "excluded", "formatted", "fantasma_with_id"])
def test_the_holder_is_found_reused_and_reactivated(terminal: Terminal, sandbox: SandboxServer, case: str) -> None:
    values: dict[str, Any] = {
        "inactive": {"situacao": "I"},
        "excluded": {"situacao": "E"},
        "formatted": {"numeroDocumento": "390.533.447-05"},  # numeroDocumento= misses it, pesquisa= finds it
        "fantasma_with_id": {"fantasma": True},
    }[case]
    if case == "fantasma_with_id":
        sandbox.set_traps(holder_id_in_message=True)
    old = holder(sandbox, **values)
    sale_id = sell_to(terminal)
    counts = drain_all(terminal)
    assert counts[outbox.PARKED] == 0  # the sale's chain never stopped
    # Bling: the old contact is the sale's customer, active again, and there is no twin
    assert order_contact(terminal, sandbox, sale_id) == old["id"]
    assert [c["id"] for c in contacts_with(sandbox)] == [old["id"]]
    assert sandbox.state.contatos[old["id"]]["situacao"] == "A"
    # store: the customer is linked to it, so the next sale needs no lookup at all
    with terminal.ctx.store.read() as session:
        customer = session.scalars(select(Customer).where(Customer.document == CPF)).one()
    assert customer.bling_contato_id == old["id"]


def test_nothing_works_parks_only_that_chain_with_a_fix_naming_the_contact(
    terminal: Terminal, sandbox: SandboxServer
) -> None:
    ghost = holder(sandbox, fantasma=True, nome="Contato Fantasma")  # no search returns it, no id in the answer
    blocked = sell_to(terminal, name="Joana Lima")
    other = sell_to(terminal, document="86288366757", name="Pedro Alves")
    counts = drain_all(terminal)
    assert counts[outbox.PARKED] == 1
    with terminal.ctx.store.read() as session:
        parked = session.scalars(select(OutboxItem).where(OutboxItem.state == outbox.PARKED)).one()
        waiting = session.scalars(select(OutboxItem.kind).where(OutboxItem.chain == parked.chain,
                                                                OutboxItem.state == outbox.PENDING)).all()
    assert parked.sale_id == blocked and parked.kind == outbox.CUSTOMER_UPSERT
    assert parked.error_code == "contato_documento_em_uso"
    fix = parked.suggested_fix or ""
    assert "Joana Lima" in fix and "Contato Fantasma" in fix and "***4705" in fix and CPF not in fix
    assert waiting == [outbox.SALE_CREATE, outbox.SALE_TRANSITION]
    assert order_contact(terminal, sandbox, other) != ghost["id"]  # the other sale went through
    assert [c["id"] for c in contacts_with(sandbox)] == [ghost["id"]]  # no twin was created
    # the manager finds the contact in Bling (here: the answer now carries its id) and retries
    sandbox.set_traps(holder_id_in_message=True)
    with terminal.ctx.store.transaction() as session:
        assert outbox.retry(session, parked.id)
    assert drain_all(terminal)[outbox.PARKED] == 0
    assert order_contact(terminal, sandbox, blocked) == ghost["id"]


def test_an_excluded_holder_bling_will_not_reactivate_parks(terminal: Terminal, sandbox: SandboxServer) -> None:
    sandbox.set_traps(reactivate_excluded=False)
    old = holder(sandbox, situacao="E", nome="Maria Excluída")
    sale_id = sell_to(terminal)
    assert drain_all(terminal)[outbox.PARKED] == 1
    with terminal.ctx.store.read() as session:
        parked = session.scalars(select(OutboxItem).where(OutboxItem.state == outbox.PARKED)).one()
    assert parked.sale_id == sale_id and "Maria Excluída" in (parked.suggested_fix or "")
    assert sandbox.state.contatos[old["id"]]["situacao"] == "E" and len(contacts_with(sandbox)) == 1

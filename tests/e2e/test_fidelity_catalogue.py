"""§11 rows 4-5: a variation's change is never missed, whichever way Bling dates it and lists it;
a product deleted without its dataAlteracao moving stops being sellable (list-page reconciliation)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.errors import DomainErrors
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.sandbox import SandboxServer
from pdv_bling.store.models import Product
from tests.e2e.helpers import Terminal, open_terminal

pytestmark = pytest.mark.e2e


@pytest.fixture
def terminal(tmp_path: Path, sandbox: SandboxServer) -> Iterator[Terminal]:
    t = open_terminal(tmp_path / "t", sandbox, pull=False)
    t.service.pull_now(["categorias", "produtos", "formas_pagamento"])
    from pdv_bling.runtime.demo import map_payments_by_name

    map_payments_by_name(t.ctx)
    yield t
    t.close()


def touch(sandbox: SandboxServer, ids: list[int], **body: Any) -> None:
    httpx.post(f"{sandbox.control_url}/products/touch", json={"ids": ids, **body}).raise_for_status()


def later_pull(t: Terminal, sandbox: SandboxServer) -> Any:
    """An incremental pull after the stand-in's clock moved 60 s on (the changes are in the window)."""
    t.service.puller.clock = lambda: dt.datetime.now(dt.UTC) + dt.timedelta(seconds=120)
    return t.service.pull_now(["produtos"])


def local(t: Terminal, bling_ids: list[int]) -> dict[int, Product]:
    with t.ctx.store.read() as session:
        return {p.bling_id: p for p in session.scalars(select(Product).where(Product.bling_id.in_(bling_ids)))}


def requests(sandbox: SandboxServer) -> dict[str, int]:
    return dict(sandbox.inspect()["requests"]["by_endpoint"])


@pytest.mark.parametrize("touches_parent", [False, True], ids=["parent-date-still", "parent-date-moves"])
@pytest.mark.parametrize("lists_children", [False, True], ids=["list-parents-only", "list-shows-children"])
def test_a_variation_change_is_never_missed(terminal: Terminal, sandbox: SandboxServer, touches_parent: bool,
                                            lists_children: bool) -> None:
    sandbox.set_traps(variation_touches_parent=touches_parent, list_shows_variations=lists_children)
    parent = next(p for p in sandbox.state.produtos.values() if p["formato"] == "V")
    priced, barcoded, retired, untouched = [c["id"] for c in parent["variacoes"]]
    sandbox.advance_clock(60)
    touch(sandbox, [priced], changes={"preco": 77.7})
    touch(sandbox, [barcoded], changes={"gtin": "7891000000014"})
    touch(sandbox, [retired], changes={"situacao": "I"})
    before = requests(sandbox)
    report = later_pull(terminal, sandbox)
    after = requests(sandbox)
    # Bling answered the price with its float noise; the store has it to the centavo
    assert sandbox.state.produtos[priced]["preco"] == 77.6999969482
    rows = local(terminal, [priced, barcoded, retired, untouched, parent["id"]])
    assert rows[priced].price_cents == 7770
    assert rows[barcoded].barcode == "7891000000014" and rows[barcoded].gtin == "7891000000014"
    assert rows[retired].active is False
    assert rows[untouched].active is True and rows[parent["id"]].active is True
    # one detail call (the parent, which brings its variations) and list pages for T and V
    assert report.detail_calls == 1
    assert after["GET /produtos/{idProduto}"] - before.get("GET /produtos/{idProduto}", 0) == 1
    assert after["GET /produtos"] - before["GET /produtos"] == 2


def test_a_deleted_product_stops_being_sellable_after_the_reconciliation(terminal: Terminal,
                                                                          sandbox: SandboxServer) -> None:
    simple = next(p for p in sandbox.state.produtos.values() if p["formato"] == "S" and "idProdutoPai" not in p
                  and p["codigo"])
    family = next(p for p in sandbox.state.produtos.values() if p["formato"] == "V")
    other_family = [p for p in sandbox.state.produtos.values() if p["formato"] == "V"][1]
    lone_child = other_family["variacoes"][0]["id"]
    sandbox.advance_clock(60)
    touch(sandbox, [simple["id"], family["id"], lone_child], delete=True)  # dataAlteracao does not move
    later_pull(terminal, sandbox)
    assert local(terminal, [simple["id"]])[simple["id"]].active is True  # the incremental pull cannot see it
    before = requests(sandbox)
    result = terminal.service.reconcile_now()
    after = requests(sandbox)
    gone = [simple["id"], family["id"], lone_child, *(c["id"] for c in family["variacoes"])]
    rows = local(terminal, gone + [c["id"] for c in other_family["variacoes"]])
    assert [rows[i].active for i in gone] == [False] * len(gone)
    assert [rows[c["id"]].active for c in other_family["variacoes"][1:]] == [True] * 3
    assert result.deactivated == len(gone) and not result.skipped
    # its cost is list pages only: (active parents and simple products) / 100 + (active variations) / 100
    parents = sum(1 for p in sandbox.state.produtos.values() if p["situacao"] == "A" and "idProdutoPai" not in p)
    children = sum(1 for p in sandbox.state.produtos.values() if p["situacao"] == "A" and "idProdutoPai" in p)
    pages = math.floor(parents / 100) + 1 + math.floor(children / 100) + 1
    assert result.requests == pages == after["GET /produtos"] - before["GET /produtos"]
    assert after.get("GET /produtos/{idProduto}") == before.get("GET /produtos/{idProduto}")
    # the counter refuses it now
    with pytest.raises(DomainErrors) as refused:
        record_sale(terminal.ctx.store, SaleDraft(items=(ItemDraft(sku=simple["codigo"]),),
                                                  payments=(PaymentDraft("PIX", 1000),)))
    assert [e.code for e in refused.value.errors] == ["product_inactive"]


def test_reconciliation_changes_nothing_when_bling_lists_no_active_product(terminal: Terminal,
                                                                          sandbox: SandboxServer) -> None:
    with sandbox.state.lock:
        for prod in sandbox.state.produtos.values():
            prod["situacao"] = "I"
    result = terminal.service.reconcile_now()
    assert result.skipped and result.deactivated == 0
    with terminal.ctx.store.read() as session:
        assert session.scalars(select(Product).where(Product.active.is_(False))).first() is None


def test_the_codigo_filter_answers_zero_or_one_row(api: httpx.Client, sandbox: SandboxServer) -> None:
    code = next(p["codigo"] for p in sandbox.state.produtos.values() if p["codigo"] and "idProdutoPai" in p)
    rows = api.get("/produtos", params={"codigo": code}).json()["data"]
    assert [r["codigo"] for r in rows] == [code]
    assert api.get("/produtos", params={"codigo": "NAO-EXISTE"}).json()["data"] == []


def test_the_scheduled_pull_reconciles_when_the_last_run_is_old(terminal: Terminal, sandbox: SandboxServer) -> None:
    from pdv_bling.sync.reconcile import INTERVAL, due

    victim = next(p for p in sandbox.state.produtos.values() if p["formato"] == "S" and "idProdutoPai" not in p)
    touch(sandbox, [victim["id"]], delete=True)
    assert due(terminal.ctx.store)  # never ran
    terminal.service._pull_job()  # what the scheduler runs every pull_interval_min
    assert local(terminal, [victim["id"]])[victim["id"]].active is False
    assert not due(terminal.ctx.store)
    assert due(terminal.ctx.store, now=dt.datetime.now(dt.UTC) + INTERVAL)
    before = requests(sandbox)
    terminal.service._pull_job()  # not due: a plain pull, no reconciliation pages
    after = requests(sandbox)
    assert after["GET /produtos"] - before["GET /produtos"] == 2  # the incremental pull's T and V pages

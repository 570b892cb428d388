"""Pull end to end: a first full product sync that resumes after an interruption and ends equal
to an uninterrupted one; incremental syncs fetch only what changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from pdv_bling.sandbox import SandboxServer
from pdv_bling.store.models import Category, Product, SyncState
from tests.e2e.helpers import Terminal, open_terminal


@pytest.fixture(autouse=True)
def fast_client(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PDV_BLING_RATE_PER_SECOND", "2000")


class Interrupted(Exception):
    """The app closed (or crashed) in the middle of the pull."""


def catalogue(t: Terminal) -> list[tuple[object, ...]]:
    with t.ctx.store.read() as session:
        cats = {c.id: c.bling_id for c in session.scalars(select(Category))}
        parents = {p.id: p.bling_id for p in session.scalars(select(Product))}
        return sorted(
            (p.bling_id, p.name, p.sku, p.barcode, p.price_cents, p.ncm, p.cest, p.origem, p.active,
             cats.get(p.category_id or -1), parents.get(p.parent_id or -1), tuple(sorted((p.attributes or {}).items())))
            for p in session.scalars(select(Product))
        )


def test_first_sync_of_1000_products_resumes_and_matches(
    tmp_path: Path, make_sandbox: Callable[..., SandboxServer]
) -> None:
    server = make_sandbox(products=1000, seed=4, rate_limit=5000.0)
    reference = open_terminal(tmp_path / "ref", server, pull=False)
    reference.service.pull_now(["categorias", "produtos"])
    expected = catalogue(reference)
    reference.close()
    assert len(expected) >= 1000

    t = open_terminal(tmp_path / "t", server, pull=False)
    real_get = t.service.client.produtos.get
    calls = {"n": 0}

    def flaky_get(product_id: int):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 437:
            raise Interrupted()
        return real_get(product_id)

    t.service.client.produtos.get = flaky_get  # type: ignore[method-assign]
    with pytest.raises(Interrupted):
        t.service.pull_now(["categorias", "produtos"])
    t.close()
    with_partial = open_terminal(tmp_path / "t", server, pull=False)
    with with_partial.ctx.store.read() as session:
        state = session.get(SyncState, "produtos")
        assert state is not None and state.last_success_at is None and state.cursor["index"] >= 420
    report = with_partial.service.pull_now(["categorias", "produtos"])
    assert report.detail_calls < 1000 - 400  # it resumed: it did not start over
    assert catalogue(with_partial) == expected
    with_partial.close()


def test_incremental_sync_fetches_only_changed_products(tmp_path: Path, sandbox: SandboxServer) -> None:
    t = open_terminal(tmp_path / "t", sandbox, pull=False)
    t.service.pull_now(["categorias", "produtos"])
    parents = [p for p in sandbox.state.produtos.values() if not p.get("idProdutoPai")]
    changed = [p["id"] for p in parents[:3]]
    deleted = parents[5]["id"]
    # an account where deleting moves dataAlteracao (UNKNOWN, §11 row 5; the other case is
    # caught by the reconciliation: tests/e2e/test_fidelity_catalogue.py)
    sandbox.set_traps(delete_touches_date=True)
    sandbox.advance_clock(60)
    sandbox.state.touch_products(changed, changes={"nome": "Nome Alterado"})
    sandbox.state.touch_products([deleted], delete=True, traps=sandbox.config.traps)
    before = dict(sandbox.inspect()["requests"]["by_endpoint"])
    t.service.puller.clock = lambda: dt.datetime.now(dt.UTC) + dt.timedelta(seconds=120)  # the sandbox moved 60 s on
    report = t.service.pull_now(["produtos"])
    after = sandbox.inspect()["requests"]["by_endpoint"]
    detail_calls = after.get("GET /produtos/{idProduto}", 0) - before.get("GET /produtos/{idProduto}", 0)
    assert report.detail_calls == 3 and detail_calls == 3
    with t.ctx.store.read() as session:
        names = {p.bling_id: p.name for p in session.scalars(select(Product).where(Product.bling_id.in_(changed)))}
        gone = session.scalars(select(Product).where(Product.bling_id == deleted)).one()
    assert set(names.values()) == {"Nome Alterado"}
    assert gone.active is False
    t.close()

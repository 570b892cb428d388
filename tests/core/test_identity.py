"""Installation identity and the guard against a database replaced silently (issue 13, item 1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select, update

from pdv_bling.base.paths import app_paths
from pdv_bling.cli.main import main
from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.management.settings_input import apply_settings_counted
from pdv_bling.store import outbox
from pdv_bling.store.context import AppContext
from pdv_bling.store.identity import INSTALLATION_KEY, installation_id
from pdv_bling.store.models import OutboxItem, Sale
from pdv_bling.store.problems import StoreProblem
from pdv_bling.store.settings import TERMINAL_CONFLICT, set_value
from pdv_bling.sync import series
from tests.core.factories import seed_store


def _sale(ctx: AppContext) -> Sale:
    recorded = record_sale(ctx.store, SaleDraft(items=(ItemDraft(barcode="7890000000001"),),
                                                 payments=(PaymentDraft("Dinheiro", 10_000),)))
    with ctx.store.read() as session:
        sale = session.get(Sale, recorded.sale_id)
        assert sale is not None
        return sale


def test_a_new_folder_gets_an_installation_id_in_the_database_and_beside_it(home: Path) -> None:
    with AppContext.open(home, log=False) as ctx, ctx.store.read() as session:
        own = installation_id(session)
    assert own and len(own) == 32
    on_disk = json.loads((home / "installation.json").read_text(encoding="utf-8"))
    assert on_disk[INSTALLATION_KEY] == own
    with AppContext.open(home, log=False) as ctx, ctx.store.read() as session:
        assert installation_id(session) == own  # stable across starts
    other = home.parent / "outra"
    with AppContext.open(other, log=False) as ctx, ctx.store.read() as session:
        assert installation_id(session) != own


def test_each_sale_carries_it_and_its_marker_names_it(home: Path) -> None:
    with AppContext.open(home, log=False) as ctx:
        seed_store(ctx.store, products=3)
        sale = _sale(ctx)
        with ctx.store.read() as session:
            own = installation_id(session)
    assert sale.installation_id == own
    assert series.marker(sale.numero_loja, sale.installation_id) == f"PDV-Bling {sale.numero_loja} #{own}"
    assert series.marker(sale.numero_loja) == f"PDV-Bling {sale.numero_loja}"  # sales from before ids


def test_an_empty_database_file_is_refused_not_recreated(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = app_paths(home).ensure().database
    database.write_bytes(b"")
    with pytest.raises(StoreProblem) as refused:
        AppContext.open(home, log=False)
    assert refused.value.code == "database_empty"
    assert "vazio" in str(refused.value) and "backups" in str(refused.value)
    assert database.stat().st_size == 0  # left exactly as it was
    assert main(["status"]) == 2  # PDV_BLING_HOME is this folder
    err = capsys.readouterr().err
    assert "erro:" in err and "vazio" in err and "Traceback" not in err


def test_a_lost_database_of_a_known_installation_is_refused(home: Path) -> None:
    with AppContext.open(home, log=False) as ctx:
        seed_store(ctx.store, products=3)
        _sale(ctx)
    database = app_paths(home).database
    for extra in ("", "-wal", "-shm"):
        database.with_name(database.name + extra).unlink(missing_ok=True)
    with pytest.raises(StoreProblem) as refused:
        AppContext.open(home, log=False)
    assert refused.value.code == "database_missing"
    assert "numeração" in str(refused.value)
    assert not database.exists()  # nothing was created in its place


def test_a_folder_from_before_installation_ids_gets_one(home: Path) -> None:
    with AppContext.open(home, log=False) as ctx, ctx.store.transaction() as session:
        set_value(session, INSTALLATION_KEY, None)
    (home / "installation.json").unlink()
    with AppContext.open(home, log=False) as ctx, ctx.store.read() as session:
        assert installation_id(session)
    assert (home / "installation.json").exists()


def test_a_new_terminal_id_renumbers_only_sales_that_never_left(home: Path) -> None:
    with AppContext.open(home, log=False) as ctx:
        seed_store(ctx.store, products=3)
        delivered, unknown, waiting, parked = (_sale(ctx) for _ in range(4))
        with ctx.store.transaction() as session:
            session.execute(update(Sale).where(Sale.id == delivered.id).values(bling_id=111))
            creates = {s.id: session.scalars(select(OutboxItem).where(
                OutboxItem.sale_id == s.id, OutboxItem.kind == outbox.SALE_CREATE)).one()
                for s in (delivered, unknown, waiting, parked)}
            creates[delivered.id].state = outbox.DONE
            creates[unknown.id].state, creates[unknown.id].result = outbox.IN_FLIGHT, {"maybe_sent": True}
            creates[parked.id].state, creates[parked.id].error_code = outbox.PARKED, "terminal_em_conflito"
            set_value(session, TERMINAL_CONFLICT, {"terminal": "PDV01", "numero_loja": "PDV01-0000001",
                                                          "pedido_id": 9, "numero": 9})
        settings, renumbered = apply_settings_counted(ctx.store, {"terminal_id": "LOJA2"})
        assert (settings.terminal_id, renumbered) == ("LOJA2", 2)
        with ctx.store.read() as session:
            numbers = {s.id: session.get(Sale, s.id).numero_loja for s in (delivered, unknown, waiting, parked)}
            requeued = session.get(OutboxItem, creates[parked.id].id)
            assert series.conflict_for(session, "PDV01") is None
        assert numbers == {delivered.id: "PDV01-0000001", unknown.id: "PDV01-0000002",
                           waiting.id: "LOJA2-0000003", parked.id: "LOJA2-0000004"}
        assert requeued is not None and (requeued.state, requeued.error_code) == (outbox.PENDING, None)
        sale = _sale(ctx)
        assert sale.numero_loja == "LOJA2-0000005" and sale.terminal_id == "LOJA2"


"""One life per record (issue 22): the store's records stay exactly once through a caixa restored
from its backup, a folder copied to a second PC, a commit whose answer was lost, the store restored
from an older copy, a caixa that leaves and joins again, and a terminal id freed by a rename.
Each test failed on the main branch before record ids and lives existed."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from pdv_bling.domain.errors import DomainError, DomainErrors
from pdv_bling.retaguarda import handover as handover_module
from pdv_bling.retaguarda.caixa import StoreLink
from pdv_bling.retaguarda.handover import hand_over
from pdv_bling.retaguarda.membership import join_store, leave_store
from pdv_bling.retaguarda.server import StoreServerError, open_server
from pdv_bling.store import lives, outbox
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import (
    OutboxItem,
    ReturnItem,
    Sale,
    SaleReturn,
    StoreCaixa,
    StoreCreditEntry,
    StoreSetAside,
)
from tests.store.helpers import join, make_store, sell
from tests.store.lifecycle_support import backup_folder, copy_folder, dump, restore_dump, restore_folder

pytestmark = pytest.mark.postgres


def numbers_in_store(server: object) -> list[str]:
    from pdv_bling.store.engine import Store

    assert isinstance(server, Store)
    with server.read() as session:
        return sorted(session.scalars(select(Sale.numero_loja)))


def reopen(home: Path) -> tuple[AppContext, StoreLink]:
    ctx = AppContext.open(home, log=False)
    link = ctx.store.coordinator
    assert isinstance(link, StoreLink)
    return ctx, link


def exchange(ctx: AppContext, reference: str) -> dict[str, object]:
    import json

    from pdv_bling.cli.exchange_input import parse_exchange_bytes
    from pdv_bling.cli.troca import record_exchange_input

    raw = json.dumps({"venda": reference, "devolver": [{"item": 1}]}).encode()
    return record_exchange_input(ctx, parse_exchange_bytes(raw))


# ---------------------------------------------------------------- case 1: a caixa restored from its backup


def test_a_caixa_restored_from_its_backup_loses_no_new_sale(tmp_path: Path, pg_url: str) -> None:
    server = make_store(pg_url)
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    first = sell(c1, ("SKU-1", 1))
    backup = backup_folder(c1)  # the day's copy: one sale in it
    second = sell(c1, ("SKU-2", 1))
    assert link1.sync_once().online
    link1.stop()
    c1.close()
    restore_folder(tmp_path / "PDV01", backup)  # pdv-bling db restore
    c1, link1 = reopen(tmp_path / "PDV01")
    third = sell(c1, ("SKU-3", 1))  # its local row id is the one `second` had
    report = link1.sync_once()
    assert report.online and report.problem is None, report.error
    assert numbers_in_store(server) == sorted([first.numero_loja, second.numero_loja, third.numero_loja])
    with c1.store.read() as session:
        assert session.get(Sale, third.sale_id).handed_over_at is not None
    with server.read() as session:  # the new sale's own queue is there, waiting to be sent
        store_third = session.scalars(select(Sale).where(Sale.numero_loja == third.numero_loja)).one()
        kinds = session.scalars(select(OutboxItem.kind).where(OutboxItem.sale_id == store_third.id)).all()
        assert outbox.SALE_CREATE in kinds
    link1.stop()


# ---------------------------------------------------------------- case 2: a joined folder copied to a second PC


def test_a_joined_folder_copied_to_a_second_pc_is_refused_by_name_then_joins_as_its_own_caixa(
        tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    server = make_store(pg_url)
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    sell(c1, ("SKU-1", 1))
    assert link1.sync_once().online
    copy_folder(tmp_path / "PDV01", tmp_path / "copia")
    monkeypatch.setenv("PDV_BLING_HOST_NAME", "PC-DOIS")  # the copy runs on the second PC from here on
    c2, link2 = reopen(tmp_path / "copia")  # opened elsewhere: a new life, what it inherited in doubt
    on_original = sell(c1, ("SKU-2", 1))
    on_copy = sell(c2, ("SKU-3", 1))
    assert on_copy.number > lives.NUMBER_GAP  # never a number of the original's
    assert link1.sync_once().online
    refused = link2.sync_once()
    assert refused.online and refused.problem is not None and refused.problem.code == "store_copied_folder"
    assert "PC-DOIS" in str(refused.error) and link1.host in str(refused.error)  # both PCs named
    assert on_copy.numero_loja not in numbers_in_store(server)  # refused, not skipped: still on the copy
    with server.read() as session:
        caixa = session.get(StoreCaixa, link1.installation)
        assert caixa is not None and caixa.problem["code"] == "store_copied_folder"
    assert link1.sync_once().online  # the original goes on, untouched

    link2.stop()
    joined = join_store(c2, pg_url, terminal="PDV03")  # the copy becomes a caixa of its own
    assert joined.split and joined.installation != link1.installation
    c2.close()
    c2, link2 = reopen(tmp_path / "copia")
    assert link2.sync_once().problem is None
    numbers = numbers_in_store(server)
    assert on_original.numero_loja in numbers
    assert [n for n in numbers if n.startswith("PDV03-")] == [f"PDV03-{on_copy.number:07d}"], numbers
    assert len(numbers) == 3  # the sale both copies inherited is there once
    for link, ctx in ((link1, c1), (link2, c2)):
        link.stop()
        ctx.close()


# ---------------------------------------------------------------- case 3: a commit whose answer was lost


def test_records_of_a_batch_whose_answer_was_lost_are_nobodys_while_the_store_is_away(
        tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    server = make_store(pg_url)
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    sold = sell(c1, ("SKU-2", 1))

    def lost(*_args: object, **_kw: object) -> int:
        raise ConnectionResetError("the COMMIT's answer never came")

    monkeypatch.setattr(handover_module, "_mark_local", lost)
    with pytest.raises(ConnectionResetError):
        hand_over(c1.store, server, installation=link1.installation)
    monkeypatch.undo()
    assert sold.numero_loja in numbers_in_store(server)  # the store committed it
    link1.url, link1._server = "postgresql+psycopg://pdv@127.0.0.1:1/x", None  # then the cable is pulled
    with pytest.raises(DomainErrors) as refused:
        exchange(c1, str(sold.number))
    assert refused.value.errors[0].code == "store_in_doubt"
    with pytest.raises((DomainError, DomainErrors)):
        from pdv_bling.counter.cancellation import cancel_sale

        cancel_sale(c1.store, sold.number)
    link1.url, link1._server = pg_url, None  # the store is back: the caixa asks, then owns nothing alone
    assert link1.sync_once().online
    with c1.store.read() as session:
        assert session.get(Sale, sold.sale_id).handed_over_at is not None
    exchange(c1, str(sold.number))  # claimed on the store like any store-owned sale
    with pytest.raises(DomainErrors) as twice:
        exchange(c1, str(sold.number))
    assert twice.value.errors[0].code == "over_return"
    assert link1.sync_once().online
    with server.read() as session:
        assert session.scalar(select(func.sum(ReturnItem.quantity))) == 1  # never 2 returned of 1 sold
    link1.stop()


def test_the_store_sets_aside_a_record_that_breaks_its_rules_and_takes_the_rest(
        tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from pdv_bling.retaguarda.handover_copy import RecordCopier, Waits

    server = make_store(pg_url)
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    sold = sell(c1, ("SKU-2", 1))
    exchange(c1, str(sold.number))  # this caixa's own sale, returned here before any handover

    def not_yet(self: RecordCopier, *_args: object) -> None:
        raise Waits("the return waits for a later batch")

    monkeypatch.setattr(RecordCopier, "copy_return", not_yet)
    hand_over(c1.store, server, installation=link1.installation)  # the sale reaches the store alone
    monkeypatch.undo()
    with server.transaction() as session:  # meanwhile the store took another return of that unit
        store_sale = session.scalars(select(Sale).where(Sale.numero_loja == sold.numero_loja)).one()
        other = SaleReturn(original_sale_id=store_sale.id, returned_cents=2090, settlement="credit",
                           installation_id="outro-caixa", origin_id=1)
        other.items.append(ReturnItem(sale_item_id=store_sale.items[0].id, quantity=1, value_cents=2090))
        session.add(other)
        store_sale_id = store_sale.id
    later = sell(c1, ("SKU-1", 1))
    report = link1.sync_once()
    assert report.online and report.handover is not None and report.handover.set_aside >= 1
    assert later.numero_loja in numbers_in_store(server)  # one bad record blocks nothing else
    with server.read() as session:
        aside = session.scalars(select(StoreSetAside).where(StoreSetAside.kind == "over_return")).one()
        assert aside.detail["sold"] == 1 and aside.detail["other_returns"]  # both records named
        returned = session.scalar(select(func.sum(ReturnItem.quantity)).join(SaleReturn).where(
            SaleReturn.original_sale_id == store_sale_id))
        assert returned == 1  # never 2 returned of 1 sold
    with c1.store.read() as session:
        assert all(r.handed_over_at is not None for r in session.scalars(select(SaleReturn)))
    link1.stop()


# ---------------------------------------------------------------- case 4: offline means offline


def test_a_refusal_from_a_store_that_answers_is_never_taken_for_offline(tmp_path: Path, pg_url: str,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import psycopg
    from sqlalchemy.exc import OperationalError

    from pdv_bling.retaguarda import caixa_claims

    make_store(pg_url)
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    sold = sell(c1, ("SKU-2", 1))
    exchange(c1, str(sold.number))  # 20,90 of credit granted here, not handed over
    lock_wait = psycopg.errors.LockNotAvailable("canceling statement due to lock timeout")

    def busy(*_args: object, **_kw: object) -> str:
        raise OperationalError("SELECT ... FOR UPDATE", {}, lock_wait)

    monkeypatch.setattr(caixa_claims.claims, "claim_credit", busy)
    with pytest.raises(DomainErrors) as refused:
        sell(c1, ("SKU-1", 1), method="Crédito em Loja")
    assert refused.value.errors[0].code == "store_busy"  # not "store_credit_needs_store", nothing spent offline
    assert "verifique o cabo" not in str(refused.value).lower()
    assert link1.online is not False
    with c1.store.read() as session:
        assert session.scalar(select(func.count()).select_from(StoreCreditEntry)
                              .where(StoreCreditEntry.amount_cents < 0)) == 0
    link1.stop()


def test_a_credit_claim_never_hands_over_beside_the_links_own_pass(tmp_path: Path, pg_url: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    import time

    from pdv_bling.retaguarda import caixa, caixa_claims

    make_store(pg_url)
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    sold = sell(c1, ("SKU-2", 1))
    exchange(c1, str(sold.number))
    running, overlaps = [0], [0]
    real = handover_module.hand_over

    def watched(*args: object, **kw: object) -> object:
        running[0] += 1
        overlaps[0] = max(overlaps[0], running[0])
        time.sleep(0.3)
        try:
            return real(*args, **kw)  # type: ignore[arg-type]
        finally:
            running[0] -= 1

    monkeypatch.setattr(caixa, "hand_over", watched)
    monkeypatch.setattr(caixa_claims, "hand_over", watched)
    passes = threading.Thread(target=lambda: [link1.sync_once() for _ in range(3)])
    passes.start()
    sell(c1, ("SKU-1", 1), method="Crédito em Loja")
    passes.join()
    assert overlaps[0] == 1
    link1.stop()


# ---------------------------------------------------------------- case 7: the store restored from an older copy


def test_a_store_restored_from_an_older_copy_gets_back_what_caixas_had_handed_over(
        tmp_path: Path, pg_url: str) -> None:
    server = make_store(pg_url)
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    before = sell(c1, ("SKU-1", 1))
    assert link1.sync_once().online
    backup = dump(pg_url, tmp_path / "loja.dump")  # the hour-old backup
    after = sell(c1, ("SKU-2", 1))
    assert link1.sync_once().online
    server.close()
    link1.stop()
    restore_dump(pg_url, backup)  # the store's server is restored: `after` is gone from it
    server = open_server(pg_url)
    assert after.numero_loja not in numbers_in_store(server)
    link1._server = None
    report = link1.sync_once()
    assert report.online and report.problem is None, report.error
    assert report.handover is not None and report.handover.resent >= 1
    assert numbers_in_store(server) == sorted([before.numero_loja, after.numero_loja])
    with server.read() as session:  # what the store may have sent before its restore is looked up first
        store_after = session.scalars(select(Sale).where(Sale.numero_loja == after.numero_loja)).one()
        items = session.scalars(select(OutboxItem).where(OutboxItem.sale_id == store_after.id)).all()
        assert items and all((i.result or {}).get("maybe_sent") for i in items if i.state != outbox.DONE)
    server.close()
    link1.stop()


# ---------------------------------------------------------------- case 8: leave and join again


def test_leave_is_refused_until_the_store_has_everything_and_a_caixa_can_join_again(
        tmp_path: Path, pg_url: str) -> None:
    server = make_store(pg_url)
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    sold = sell(c1, ("SKU-2", 1))
    link1.url, link1._server = "postgresql+psycopg://pdv@127.0.0.1:1/x", None
    with pytest.raises(StoreServerError) as offline:
        leave_store(c1)
    assert offline.value.code == "store_leave_offline"
    link1.url, link1._server = pg_url, None
    leave_store(c1)  # hands over first, then leaves
    assert sold.numero_loja in numbers_in_store(server)
    link1.stop()
    c1.close()
    c1 = AppContext.open(tmp_path / "PDV01", log=False)
    assert c1.store.coordinator is None
    with pytest.raises(DomainErrors) as owned:
        exchange(c1, str(sold.number))  # the store owns it now: only a caixa of the store may return it
    assert owned.value.errors[0].code == "store_sale_left"
    joined = join_store(c1, pg_url, terminal="PDV01")
    assert joined.already
    c1.close()
    c1, link1 = reopen(tmp_path / "PDV01")
    again = sell(c1, ("SKU-3", 1))
    assert link1.sync_once().problem is None
    assert again.numero_loja in numbers_in_store(server)
    link1.stop()


# ---------------------------------------------------------------- case 9: a terminal id freed by a rename


def test_a_series_once_used_is_never_given_to_another_caixa(tmp_path: Path, pg_url: str) -> None:
    server = make_store(pg_url)
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    sell(c1, ("SKU-1", 1))
    assert link1.sync_once().online
    join_store(c1, pg_url, terminal="PDV05")  # renamed
    c2 = AppContext.open(tmp_path / "nova", log=False)
    with pytest.raises(StoreServerError) as taken:
        join_store(c2, pg_url, terminal="PDV01")  # freed by the rename, but its numbers are PDV01's
    assert taken.value.code == "store_series_taken"
    assert "PDV02" in str(taken.value) or "sugestão" in str(taken.value)
    assert numbers_in_store(server) == ["PDV01-0000001"]
    link1.stop()

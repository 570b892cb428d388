"""Store mode (issue 24 item 4): a caixa's turnos reach the store database keyed by their uid — the
open one with what its drawer should hold now, a closed one whole with its counts, each movement
once, whatever pass is repeated; a fechamento is never undone by an older copy; `store status`
shows each caixa's open turno and flags one left open from an earlier day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from pdv_bling.counter.turno import add_movement, close_turno, open_turno
from pdv_bling.retaguarda import handover_turnos
from pdv_bling.retaguarda.handover import not_handed_over
from pdv_bling.retaguarda.status import collect, print_text
from pdv_bling.store import outbox
from pdv_bling.store.engine import Store
from pdv_bling.store.models import OutboxItem, Turno, TurnoCount, TurnoMovement, utcnow
from tests.store.helpers import join, make_store, sell

pytestmark = pytest.mark.postgres


def _store_turnos(server: Store) -> dict[str, tuple[bool, int | None, int, int]]:
    """uid -> (closed, expected cash, movements, counts) in the store database."""
    with server.read() as session:
        return {t.uid: (t.closed_at is not None, t.expected_cash_cents, len(t.movements), len(t.counts))
                for t in session.scalars(select(Turno))}


def test_a_turno_reaches_the_store_live_then_closed_whole_and_once(tmp_path: Path, pg_url: str) -> None:
    server = make_store(pg_url)
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    opened = open_turno(c1.store, operator="Ana", fundo_cents=10_000)
    sell(c1, ("SKU-1", 1), method="Dinheiro", customer=None)  # 10,90 in cash
    add_movement(c1.store, kind="suprimento", amount_cents=5_000, reason="troco", operator="Ana")
    assert link1.sync_once().online
    assert _store_turnos(server) == {opened.uid: (False, 16_090, 1, 0)}
    sell(c1, ("SKU-2", 1), method="Dinheiro", customer=None)  # 20,90 more in the drawer
    assert link1.sync_once().online
    assert _store_turnos(server) == {opened.uid: (False, 18_180, 1, 0)}  # the live figure moved
    close_turno(c1.store, counted={"Dinheiro": 18_000}, operator="Ana", reason="troco dado a mais")
    with c1.store.read() as session:
        assert not_handed_over(session) == 1  # the closed turno the store has not taken yet
    report = link1.sync_once()
    assert report.online and report.handover is not None and report.handover.remaining == 0
    for _ in range(2):  # again: nothing twice
        assert link1.sync_once().online
        assert _store_turnos(server) == {opened.uid: (True, 18_180, 1, 6)}
    with server.read() as session:
        turno = session.scalars(select(Turno)).one()
        assert turno.summary is not None and turno.summary["difference"]["Dinheiro"] == -180
        assert turno.installation_id == link1.installation
        postings = session.scalars(select(OutboxItem).where(OutboxItem.kind == outbox.CAIXA_LANCAMENTO)).all()
        assert sorted(p.payload["papel"] for p in postings) == ["diferenca", "suprimento"]
        assert {p.chain for p in postings} == {f"turno:{opened.uid}"}


def test_a_lost_answer_repeats_harmlessly_and_an_older_copy_never_reopens(tmp_path: Path, pg_url: str,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    server = make_store(pg_url)
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    opened = open_turno(c1.store, operator="Ana", fundo_cents=1_000)
    add_movement(c1.store, kind="sangria", amount_cents=500, reason="cofre", operator="Ana")
    close_turno(c1.store, counted={"Dinheiro": 500}, operator="Ana")
    real = handover_turnos.update

    def lost(*args: object, **kwargs: object) -> object:
        raise ConnectionError("the store committed; its answer never came")

    monkeypatch.setattr(handover_turnos, "update", lost)
    with pytest.raises(ConnectionError):
        handover_turnos.push_turnos(c1.store, server, installation=link1.installation, now=utcnow())
    monkeypatch.setattr(handover_turnos, "update", real)
    assert _store_turnos(server) == {opened.uid: (True, 500, 1, 6)}
    assert link1.sync_once().online
    assert _store_turnos(server) == {opened.uid: (True, 500, 1, 6)}
    with c1.store.transaction() as session:  # the caixa restored from a copy made before its fechamento
        session.execute(update(Turno).values(closed_at=None, closed_by=None, summary=None, handed_over_at=None))
        session.execute(TurnoCount.__table__.delete())
    assert link1.sync_once().online
    assert _store_turnos(server) == {opened.uid: (True, 500, 1, 6)}
    with server.read() as session:
        assert session.scalar(select(func.count()).select_from(TurnoMovement)) == 1


def test_store_status_shows_each_caixas_open_turno_and_flags_one_left_open_overnight(
        tmp_path: Path, pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    make_store(pg_url)
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    c2, link2 = join(tmp_path, pg_url, "PDV02")
    c3, link3 = join(tmp_path, pg_url, "PDV03")
    open_turno(c1.store, operator="Ana", fundo_cents=10_000)
    open_turno(c2.store, operator="Ana", fundo_cents=2_000, now=utcnow() - dt.timedelta(days=1, hours=2))
    for link in (link1, link2, link3):
        assert link.sync_once().online
    report = collect(c1)
    turnos = {c["terminal"]: c["turno"] for c in report["caixas"]}
    assert turnos["PDV03"] is None
    assert (turnos["PDV01"]["operator"], turnos["PDV01"]["expected_cash_cents"], turnos["PDV01"]["overnight"]) == (
        "Ana", 10_000, False)
    assert (turnos["PDV02"]["expected_cash_cents"], turnos["PDV02"]["overnight"]) == (2_000, True)
    print_text(report)
    out = capsys.readouterr().out
    assert "Caixa aberto por Ana desde" in out and "dinheiro esperado R$ 100,00" in out
    assert out.count("ficou aberto de um dia para o outro") == 1 and "Caixa fechado" in out

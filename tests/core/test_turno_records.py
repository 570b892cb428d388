"""The turno's records as a sale's: a retried call that names its record (uid) records nothing
twice, a fechamento's difference has the same id however often it is computed, and a store set
up through the first-run guide sells with its caixa open (folders from before turnos do not)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from pdv_bling.counter.turno import add_movement, open_turno
from pdv_bling.domain.errors import DomainErrors
from pdv_bling.domain.ids import new_uid
from pdv_bling.domain.turno import difference_uid
from pdv_bling.management.first_run import require_turno_for_a_new_store, save_progress
from pdv_bling.management.settings_input import apply_settings_input
from pdv_bling.store.engine import Store
from pdv_bling.store.models import OutboxItem, Turno, TurnoMovement
from pdv_bling.store.settings import load_settings
from tests.core.factories import seed_store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "s.sqlite3")
    seed_store(s)
    return s


def _count(store: Store, model: type[Turno] | type[TurnoMovement] | type[OutboxItem]) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_retried_abertura_or_movement_with_its_uid_is_recorded_once(store: Store) -> None:
    turno_uid, supply_uid = new_uid(), new_uid()
    first = open_turno(store, operator="Ana", fundo_cents=10_000, uid=turno_uid)
    again = open_turno(store, operator="ana", fundo_cents=10_000, uid=turno_uid.upper())  # as typed again
    assert first.id == again.id and first.uid == turno_uid
    dashed = f"{supply_uid[:8]}-{supply_uid[8:12]}-{supply_uid[12:16]}-{supply_uid[16:20]}-{supply_uid[20:]}"
    one = add_movement(store, kind="suprimento", amount_cents=2_000, reason="troco", operator="Ana", uid=supply_uid)
    two = add_movement(store, kind="suprimento", amount_cents=2_000, reason="troco", operator="Ana", uid=dashed)
    assert one.id == two.id and one.uid == supply_uid and two.cash_after_cents == 12_000
    assert (_count(store, Turno), _count(store, TurnoMovement), _count(store, OutboxItem)) == (1, 1, 1)
    with pytest.raises(DomainErrors) as other:  # the same uid for another movement: refused, not adopted
        add_movement(store, kind="sangria", amount_cents=2_000, reason="troco", operator="Ana", uid=supply_uid)
    assert [e.code for e in other.value.errors] == ["turno_uid_other"]
    with pytest.raises(DomainErrors) as other_turno:
        open_turno(store, operator="Ana", fundo_cents=5_000, uid=turno_uid)
    assert [e.code for e in other_turno.value.errors] == ["turno_uid_other"]
    with pytest.raises(DomainErrors) as bad:
        add_movement(store, kind="suprimento", amount_cents=-5, reason="", operator="Ana", uid="abc")
    assert sorted(e.code for e in bad.value.errors) == ["turno_amount_positive", "turno_reason_missing",
                                                         "turno_uid_invalid"]
    assert (_count(store, Turno), _count(store, TurnoMovement), _count(store, OutboxItem)) == (1, 1, 1)


def test_a_differences_id_is_the_turnos_and_the_methods() -> None:
    turno = new_uid()
    assert difference_uid(turno, "Dinheiro") == difference_uid(turno, "Dinheiro")
    assert len({difference_uid(turno, "Dinheiro"), difference_uid(turno, "PIX"),
                difference_uid(new_uid(), "Dinheiro")}) == 3
    assert len(difference_uid(turno, "PIX")) == 32


def test_a_blind_turnos_sangria_does_not_tell_the_drawer(store: Store) -> None:
    apply_settings_input(store, {"turno_blind": "sim"})
    open_turno(store, operator="Ana", fundo_cents=10_000)
    drop = add_movement(store, kind="sangria", amount_cents=1_000, reason="cofre", operator="Ana")
    assert drop.cash_after_cents is None


def test_the_first_run_guide_turns_turnos_on_for_a_new_store_only(tmp_path: Path, store: Store) -> None:
    with store.transaction() as session:
        assert load_settings(session).turno_required is False  # folders from before turnos keep selling
        save_progress(session, step="pronto", finished=True)
    with store.read() as session:
        assert load_settings(session).turno_required is True
    chosen = Store(tmp_path / "chosen.sqlite3")
    seed_store(chosen)
    apply_settings_input(chosen, {"turno_required": "sim"})
    apply_settings_input(chosen, {"turno_required": "não"})  # the manager's choice, kept
    demo = Store(tmp_path / "demo.sqlite3")
    seed_store(demo)
    apply_settings_input(demo, {"demo_mode": "sim"})
    for kept in (chosen, demo):
        with kept.transaction() as session:
            assert require_turno_for_a_new_store(session) is False
            save_progress(session, step="pronto", finished=True)
        with kept.read() as session:
            assert load_settings(session).turno_required is False

"""The store database's lineage (retaguarda/lineage.py): the verdicts of `judge`, and the lineage
read, ticked and rewound on a real PostgreSQL."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from sqlalchemy import delete, text

from pdv_bling.retaguarda.lineage import (
    GENERATION_KEY,
    STORE_UUID_KEY,
    Lineage,
    Remembered,
    declare_rewind,
    judge,
    read_lineage,
    tick,
)
from pdv_bling.retaguarda.localpg import LocalPostgres
from pdv_bling.retaguarda.server import init_store, open_server
from pdv_bling.store.models import Setting

NOW = Lineage(store_uuid="store-a", generation="gen-1", system_id=7001, db_oid=16384, clock_last=50)


def seen(**changes: object) -> Remembered:
    return replace(Remembered.of(NOW), **changes)  # type: ignore[arg-type]


# ---------------------------------------------------------------- judge: every verdict


def test_never_seen_is_adopted_as_same() -> None:
    assert judge(None, NOW) == "same"


def test_same_store_same_place_clock_not_behind_is_same() -> None:
    assert judge(seen(), NOW) == "same"
    assert judge(seen(clock=10), NOW) == "same"  # others ticked it since


@pytest.mark.parametrize("place", [{"system_id": 7002}, {"db_oid": 99999}, {"system_id": 1, "db_oid": 2}])
def test_new_server_or_new_database_with_the_clock_not_behind_is_moved(place: dict[str, int]) -> None:
    assert judge(seen(**place), NOW) == "moved"
    assert judge(seen(clock=50, **place), NOW) == "moved"  # a move right after the dump: equal clocks


def test_clock_behind_what_this_party_saw_is_rewound_wherever_it_lives() -> None:
    assert judge(seen(clock=51), NOW) == "rewound"  # restored into the same database
    assert judge(seen(clock=80, db_oid=1), NOW) == "rewound"  # dropped, re-created, restored
    assert judge(seen(clock=80, system_id=1), NOW) == "rewound"  # an old backup on a new server


def test_a_generation_someone_declared_is_new_generation() -> None:
    assert judge(seen(generation="gen-0"), NOW) == "new_generation"
    assert judge(seen(generation="gen-0", clock=900), NOW) == "new_generation"  # the clock restarted behind


def test_back_to_a_generation_already_replaced_is_rewound() -> None:
    """Restored again, to a backup from before a rewind this party saw declared."""
    assert judge(seen(generation="gen-2", retired=("gen-1",)), NOW) == "rewound"


def test_another_store_uuid_is_other_store_whatever_else_matches() -> None:
    assert judge(seen(store_uuid="store-b"), NOW) == "other_store"
    assert judge(seen(store_uuid="store-b", clock=900, generation="gen-9"), NOW) == "other_store"


def test_what_a_party_remembers_after_each_verdict() -> None:
    before = seen(clock=40, db_oid=1)
    assert before.seeing(NOW) == Remembered.of(NOW)  # moved: the new place, the higher clock
    assert seen(clock=90).seeing(NOW).clock == 90
    adopted = seen(generation="gen-0", clock=900).adopting(NOW)
    assert adopted.generation == "gen-1" and adopted.clock == 50 and adopted.retired == ("gen-0",)
    assert Remembered.from_json(adopted.as_json()) == adopted
    assert adopted.ticked(51).clock == 51 and adopted.ticked(3).clock == 50


# ---------------------------------------------------------------- on a real store database


pg = pytest.mark.postgres


@pg
def test_init_gives_the_store_an_identity_and_a_clock_of_committed_ticks(pg_url: str) -> None:
    init_store(pg_url)
    server = open_server(pg_url)
    with server.read() as session:
        first = read_lineage(session)
    assert first.clock_last == 0 and first.system_id and first.db_oid
    with server.transaction() as session:
        assert tick(session) == 1
    with pytest.raises(RuntimeError), server.transaction() as session:
        assert tick(session) == 2
        raise RuntimeError("rolled back")
    with server.read() as session:
        assert read_lineage(session) == replace(first, clock_last=1)  # what was committed
    with server.transaction() as session:
        assert tick(session) == 3  # a value is never given twice
    init_store(pg_url)  # init again (an upgrade): the identity stays
    with server.read() as session:
        again = read_lineage(session)
    assert again == replace(first, clock_last=3)
    server.close()


@pg
def test_a_store_made_before_lineage_gets_its_identity_once(pg_url: str) -> None:
    init_store(pg_url)
    server = open_server(pg_url)
    with server.transaction() as session:
        session.execute(delete(Setting).where(Setting.key.in_((STORE_UUID_KEY, GENERATION_KEY))))
    with server.transaction() as session:
        made = read_lineage(session)
    with server.read() as session:
        assert read_lineage(session) == made
    server.close()


@pg
def test_one_party_wins_a_rewind_declaration_and_the_other_adopts_its_generation(pg_url: str) -> None:
    init_store(pg_url)
    server = open_server(pg_url)
    with server.read() as session:
        rewound = read_lineage(session)
    results: dict[str, str] = {}
    first = server.sessions()
    results["first"] = declare_rewind(first, seen=rewound)  # holds the settings row until it commits

    def second() -> None:
        with server.transaction() as session:
            results["second"] = declare_rewind(session, seen=rewound)  # waits for the first, then loses

    thread = threading.Thread(target=second)
    thread.start()
    thread.join(0.5)
    assert thread.is_alive()  # blocked on the generation's row
    first.commit()
    first.close()
    thread.join(10)
    assert results["second"] == results["first"] != rewound.generation
    with server.read() as session:
        now = read_lineage(session)
    assert now.generation == results["first"]
    assert judge(Remembered.of(rewound), now) == "new_generation"
    with server.read() as session:  # only the winner ticked
        assert session.execute(text("SELECT last_value FROM store_clock")).scalar_one() == 1
    server.close()


@pg
def test_a_backup_taken_while_a_delivery_write_is_open_is_judged_rewound(
        pg_server: LocalPostgres, pg_url: str) -> None:
    """pg_dump reads sequences outside its snapshot: the sequence in the backup already counts the
    open transaction's tick, its data does not. The clock read from committed ticks does not."""
    init_store(pg_url)
    server = open_server(pg_url)
    with server.transaction() as session:
        tick(session)
    writing = server.sessions()
    clock = tick(writing)  # "attempt started" (the POST to Bling follows the commit)
    backup = pg_server.dump(pg_url.rsplit("/", 1)[1])
    writing.commit()
    writing.close()
    with server.read() as session:
        remembered = Remembered.of(read_lineage(session))
    assert remembered.clock == clock == 2
    server.close()
    pg_server.restore(pg_url.rsplit("/", 1)[1], backup, replace=True)
    server = open_server(pg_url)
    with server.read() as session:
        restored = read_lineage(session)
        assert session.execute(text("SELECT last_value FROM store_clock")).scalar_one() == 2  # the sequence: ahead
    assert restored.clock_last == 1
    assert judge(remembered, restored) == "rewound"
    server.close()

"""The store database's lineage: which store it is, which life of it, and how far its clock went.

A store database can be moved (pg_dump/pg_restore to a new server) or rewound (restored from an
older backup). Both keep every row, so nothing inside a row tells them apart from the database's
ordinary life; parties that talk to it (the integrador, every caixa's replica) keep what they last
saw (`Remembered`) in their own SQLite and compare it with what the database says now (`judge`):

- `store_uuid`: made once at `store init` (or lazily, once, for a store created before), kept in
  the store's `settings`. Another value means another store: refuse, never mix.
- `generation`: changed only when a rewind is declared (`declare_rewind`, compare-and-set).
- PostgreSQL's `system_identifier` and the database's OID: where this copy lives now.
- `clock`: every delivery-state transaction of the integrador ticks it (`tick`): the next value of
  the `store_clock` SEQUENCE (never rolls back, takes no row lock, so values only go forward),
  inserted into `store_clock_ticks` in the same transaction. The clock reads the highest committed
  tick, so it is exactly as old as the data beside it: a restore puts it back to the backup's
  snapshot, and a clock behind what a party saw is a rewind. (The sequence alone will not do:
  pg_dump reads a sequence outside its snapshot, a fraction of a second later; measured, a dump
  taken while ticking every 10 ms carried the sequence 5 to 19 ticks ahead of its data.)
"""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

from sqlalchemy import Connection, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from pdv_bling.retaguarda import catch_up
from pdv_bling.store.engine import Store
from pdv_bling.store.models import Setting, utcnow
from pdv_bling.store.settings import get_value, set_value

STORE_UUID_KEY = "store_uuid"
GENERATION_KEY = "store_generation"
CLOCK = "store_clock"
TICKS = "store_clock_ticks"
PRUNE_EVERY = 1000  # ticks; older ticks than the last PRUNE_EVERY are deleted then (only the highest counts)
KEEP_RETIRED = 20  # generations a party remembers as gone (a restore back to one of them is a rewind)

Verdict = Literal["same", "moved", "rewound", "new_generation", "other_store"]

_READ = text(
    "SELECT (SELECT value FROM settings WHERE key = :uuid_key), "
    "(SELECT value FROM settings WHERE key = :generation_key), "
    "(SELECT system_identifier FROM pg_control_system()), "
    "(SELECT oid FROM pg_database WHERE datname = current_database()), "
    f"(SELECT coalesce(max(clock), 0) FROM {TICKS})"
).bindparams(uuid_key=STORE_UUID_KEY, generation_key=GENERATION_KEY)
_MAYBE_SENT = text(
    "UPDATE outbox_items SET result = (CASE WHEN jsonb_typeof(result::jsonb) = 'object' THEN result::jsonb "
    "ELSE '{}'::jsonb END || '{\"maybe_sent\": true}'::jsonb)::text WHERE state <> 'done'"
)


@dataclass(frozen=True)
class Lineage:
    """What the store database says about itself now (`read_lineage`)."""

    store_uuid: str
    generation: str
    system_id: int
    db_oid: int
    clock_last: int  # the highest committed tick (0: never ticked)


@dataclass(frozen=True)
class Remembered:
    """What a party (an integrador host, a caixa's replica) last saw of its store, kept locally."""

    store_uuid: str
    generation: str
    system_id: int
    db_oid: int
    clock: int  # the highest clock value this party saw (read, or ticked and committed)
    retired: tuple[str, ...] = ()  # generations this party saw replaced

    @classmethod
    def of(cls, now: Lineage, *, retired: tuple[str, ...] = ()) -> Remembered:
        return cls(now.store_uuid, now.generation, now.system_id, now.db_oid, now.clock_last,
                   retired[-KEEP_RETIRED:])

    def seeing(self, now: Lineage) -> Remembered:
        """After `same` or `moved`: where the store lives now, and the highest clock seen."""
        return replace(self, system_id=now.system_id, db_oid=now.db_oid, clock=max(self.clock, now.clock_last))

    def adopting(self, now: Lineage) -> Remembered:
        """After `new_generation` (or this party's own rewind declaration): the store as it is now;
        the generation it replaced can never come back without a rewind."""
        gone = self.retired if self.generation == now.generation else (*self.retired, self.generation)
        return Remembered.of(now, retired=gone)

    def ticked(self, clock: int) -> Remembered:
        return self if clock <= self.clock else replace(self, clock=clock)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["retired"] = list(self.retired)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Remembered:
        return cls(str(data["store_uuid"]), str(data["generation"]), int(data["system_id"]), int(data["db_oid"]),
                   int(data["clock"]), tuple(str(g) for g in data.get("retired") or ()))


def judge(remembered: Remembered | None, now: Lineage) -> Verdict:
    """What happened to the store since this party last saw it (None: never seen; nothing to
    compare, so `same`: the caller adopts what it sees)."""
    if remembered is None:
        return "same"
    if now.store_uuid != remembered.store_uuid:
        return "other_store"
    if now.generation in remembered.retired:
        return "rewound"  # restored to before a rewind this party already saw declared
    if now.generation != remembered.generation:
        return "new_generation"
    if now.clock_last < remembered.clock:
        return "rewound"
    if (now.system_id, now.db_oid) != (remembered.system_id, remembered.db_oid):
        return "moved"
    return "same"


# ---------------------------------------------------------------- the store server


def _conn(conn_or_session: Connection | Session) -> Connection:
    return conn_or_session.connection() if isinstance(conn_or_session, Session) else conn_or_session


def ensure_identity(conn_or_session: Connection | Session) -> None:
    """The store's UUID and first generation, made once (`store init`; lazily, for a store made
    before lineage existed). INSERT ... ON CONFLICT DO NOTHING: of two parties doing it at once,
    the first commit wins and the other keeps the winner's values."""
    conn = _conn(conn_or_session)
    for key in (STORE_UUID_KEY, GENERATION_KEY):
        conn.execute(insert(Setting).values(key=key, value=str(uuid.uuid4()), updated_at=utcnow())
                     .on_conflict_do_nothing(index_elements=["key"]))


def read_lineage(conn_or_session: Connection | Session) -> Lineage:
    """The store's lineage in one query (inside the caller's transaction: a replica reads it in the
    same snapshot as its rows)."""
    conn = _conn(conn_or_session)
    row = conn.execute(_READ).one()
    if row[0] is None or row[1] is None:
        ensure_identity(conn)
        row = conn.execute(_READ).one()
    return Lineage(store_uuid=json.loads(row[0]), generation=json.loads(row[1]), system_id=int(row[2]),
                   db_oid=int(row[3]), clock_last=int(row[4]))


def tick(session: Session) -> int:
    """Advance the store's clock inside the caller's transaction (the caller remembers the value
    once its commit succeeded; rolled back, the value is never used again nor read)."""
    clock = int(session.execute(text(f"INSERT INTO {TICKS} (clock) VALUES (nextval('{CLOCK}')) RETURNING clock"))
                .scalar_one())
    if clock % PRUNE_EVERY == 0:
        session.execute(text(f"DELETE FROM {TICKS} WHERE clock < :floor"), {"floor": clock - PRUNE_EVERY})
    return clock


def declare_rewind(server_session: Session, *, seen: Lineage) -> str:
    """A rewind was seen (`seen` is the rewound store): set a new generation, compare-and-set
    against the one seen, and in the same transaction mark every store outbox item not done as
    "maybe sent", so the drainer looks each up in Bling before any new POST. Of several parties
    declaring at once one wins; the others mark nothing and get the winner's generation. Returns
    the generation in force."""
    new = str(uuid.uuid4())
    won = server_session.execute(
        update(Setting).where(Setting.key == GENERATION_KEY, Setting.value == seen.generation)
        .values(value=new, updated_at=utcnow()).returning(Setting.key)).first()
    if won is None:
        current = server_session.execute(text("SELECT value FROM settings WHERE key = :k"),
                                         {"k": GENERATION_KEY}).scalar_one()
        return str(json.loads(current))
    server_session.execute(_MAYBE_SENT)
    catch_up.begin(server_session)  # no new claim until every caixa handed over again what it lost
    tick(server_session)
    return new


# ---------------------------------------------------------------- a party's memory (local SQLite)


def load_remembered(session: Session, key: str) -> Remembered | None:
    data = get_value(session, key)
    return Remembered.from_json(data) if isinstance(data, dict) else None


def save_remembered(session: Session, key: str, remembered: Remembered | None) -> None:
    set_value(session, key, remembered.as_json() if remembered is not None else None)


def forget_other_store(local: Store, key: str, server: Store) -> bool:
    """`store init` on a host: when the database is another store than the one remembered under
    `key`, this host serves that store now and its memory starts over (True). The same store keeps
    the memory, so a restored backup that init only migrated is still judged a rewind."""
    with server.read() as session:
        now = read_lineage(session)
        session.commit()  # a store made before lineage gets its identity here
    with local.transaction() as session:
        remembered = load_remembered(session, key)
        if remembered is None or remembered.store_uuid == now.store_uuid:
            return False
        save_remembered(session, key, None)
        return True


class Watch:
    """One party's watch over its store (the integrador's): `check` judges the store and answers
    the verdict (a rewind is declared here); `saw` folds in a clock value this party ticked and
    committed. The memory is kept in the party's local settings under `key`."""

    def __init__(self, local: Store, key: str) -> None:
        self.local, self.key = local, key
        self._lock = threading.Lock()
        with local.read() as session:
            self.remembered = load_remembered(session, key)

    def check(self, server: Store) -> Verdict:
        with server.read() as session:
            now = read_lineage(session)
        verdict = judge(self.remembered, now)
        if verdict == "other_store":  # unless `store init` on this host (another process) said it is ours now
            with self._lock, self.local.read() as session:
                self.remembered = load_remembered(session, self.key)
            verdict = judge(self.remembered, now)
            if verdict == "other_store":
                return verdict
        if verdict == "rewound":
            with server.transaction() as session:
                generation = declare_rewind(session, seen=now)
                now = replace(read_lineage(session), generation=generation)
        with self._lock:
            before = self.remembered
            if before is None:
                self.remembered = Remembered.of(now)
            elif verdict in ("rewound", "new_generation"):
                self.remembered = before.adopting(now)
            else:
                self.remembered = before.seeing(now)
            if self.remembered != before:
                self._save()
        return verdict

    def saw(self, clock: int) -> None:
        with self._lock:
            if self.remembered is not None and clock > self.remembered.clock:
                self.remembered = self.remembered.ticked(clock)
                self._save()

    def _save(self) -> None:
        with self.local.transaction() as session:
            save_remembered(session, self.key, self.remembered)

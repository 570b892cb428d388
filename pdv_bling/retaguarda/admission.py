"""Which life of a caixa's data folder the store takes records from.

A folder keeps one installation id for ever; a restore, a copy or a rejoin begins a new life
(`store.lives`). Each handover batch names its life and a sequence number. The store, under the
caixa's row lock:

- takes the caixa's current life, with a sequence above the last one it committed;
- takes a new life from the same PC as the current one (a restore there), which supersedes it;
- refuses loudly, naming both PCs, a new life from another PC while the current one is not known
  gone (a copied folder: the manager confirms with `pdv-bling store join` on the new PC that the
  old one is gone, or joins the copy as another caixa), an old life that speaks after a newer one
  (two copies alive), and a sequence going backwards within one life (a database rewound without
  the app knowing): never skipping records, never mixing two copies' records.

A batch also names the caixa's terminal id. A store database restored from an older copy may have
lost the caixa's join, rename or return after `store leave`, and with it the caixa's series: the
batch puts them back (`register`, as a join would, refusing by name a terminal id or series another
caixa took meanwhile), so no series in use is ever free for another caixa.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pdv_bling.retaguarda.server import StoreServerError
from pdv_bling.store.engine import Store
from pdv_bling.store.models import StoreCaixa, StoreIncarnation, StoreSeries, utcnow


def admit(session: Session, *, installation: str, incarnation: str, host: str, seq: int,
          terminal: str | None = None, now: dt.datetime | None = None) -> None:
    """Admit a batch of `incarnation` numbered `seq` from the caixa numbering as `terminal`, or raise
    a StoreServerError (pt_BR)."""
    moment = now or utcnow()
    caixa = session.get(StoreCaixa, installation, with_for_update=True)
    if terminal and (caixa is None or caixa.left_at is not None or caixa.terminal_id != terminal):
        try:  # the store lost it: restored from an older copy
            register(session, installation, terminal, host=host)
        except StoreServerError as exc:  # and another caixa took the terminal id since
            raise StoreServerError("store_terminal_lost", "terminal", {"terminal": terminal, **exc.params}) from None
        caixa = session.get(StoreCaixa, installation, with_for_update=True)
    if caixa is None or caixa.left_at is not None:
        raise StoreServerError("store_caixa_not_member", None, {"installation": installation[:8]})
    if not incarnation:
        raise StoreServerError("store_life_unknown", None, {"terminal": caixa.terminal_id})
    life = session.get(StoreIncarnation, (installation, incarnation))
    if caixa.incarnation is None:
        life = _begin(session, caixa, incarnation, host, moment)
    elif caixa.incarnation != incarnation:
        life = _another_life(session, caixa, life, incarnation, host, moment)
    assert life is not None
    if seq <= life.last_seq:
        raise StoreServerError("store_sequence_back", None, {
            "terminal": caixa.terminal_id, "host": host, "seq": seq, "last": life.last_seq})
    life.last_seq, life.last_seen_at = seq, moment
    if caixa.problem is not None:
        caixa.problem = None


def _another_life(session: Session, caixa: StoreCaixa, life: StoreIncarnation | None, incarnation: str, host: str,
                  moment: dt.datetime) -> StoreIncarnation:
    current = session.get(StoreIncarnation, (caixa.installation_id, caixa.incarnation))
    if life is not None and life.superseded_at is not None:  # an older life speaks after a newer one
        raise StoreServerError("store_two_lives", None, {
            "terminal": caixa.terminal_id, "host": host, "other": current.host if current else "?"})
    if current is not None and current.host not in (None, host):
        raise StoreServerError("store_copied_folder", None, {
            "terminal": caixa.terminal_id, "host": host, "other": current.host})
    return _begin(session, caixa, incarnation, host, moment)


def _begin(session: Session, caixa: StoreCaixa, incarnation: str, host: str, moment: dt.datetime) -> StoreIncarnation:
    """`incarnation` becomes the caixa's current life (a previous one is superseded)."""
    if caixa.incarnation is not None and caixa.incarnation != incarnation:
        previous = session.get(StoreIncarnation, (caixa.installation_id, caixa.incarnation))
        if previous is not None and previous.superseded_at is None:
            previous.superseded_at = moment
    life = session.get(StoreIncarnation, (caixa.installation_id, incarnation))
    if life is None:
        life = StoreIncarnation(installation_id=caixa.installation_id, incarnation=incarnation, host=host[:200],
                                last_seq=0, first_seen_at=moment, last_seen_at=moment)
        session.add(life)
    caixa.incarnation, caixa.host = incarnation, host[:200]
    session.flush()
    return life


def confirm_new_pc(session: Session, *, installation: str, incarnation: str, host: str) -> None:
    """`store join` again on the PC that now holds the folder: the manager says the old PC is gone,
    so this life becomes the caixa's current one (the old one is refused from now on)."""
    caixa = session.get(StoreCaixa, installation, with_for_update=True)
    if caixa is not None:
        _begin(session, caixa, incarnation, host, utcnow())


def note_refusal(server: Store, installation: str, error: StoreServerError) -> None:
    """Keep why the store refused this caixa, for `store status` and the retaguarda's screens."""
    problem: dict[str, Any] = {"code": error.code, "params": dict(error.params), "at": utcnow().isoformat()}
    with server.transaction() as session:
        caixa = session.get(StoreCaixa, installation)
        if caixa is not None:
            caixa.problem = problem


def register(session: Session, me: str, terminal: str, *, host: str) -> bool:
    """A caixa numbering as `terminal`: its series (once used, its installation's for ever) and its
    row in the store. Returns whether the row was there."""
    holder = session.scalars(select(StoreCaixa).where(StoreCaixa.terminal_id == terminal)).first()
    if holder is not None and holder.installation_id != me:
        raise StoreServerError("store_terminal_taken", "terminal", {
            "terminal": terminal, "other": holder.installation_id[:8], "suggestion": _suggest(session)})
    series = session.get(StoreSeries, terminal, with_for_update=True)
    if series is not None and series.installation_id != me:  # freed by a rename: its numbers stay its own
        raise StoreServerError("store_series_taken", "terminal", {
            "terminal": terminal, "other": series.installation_id[:8], "suggestion": _suggest(session)})
    if series is None:
        session.add(StoreSeries(terminal_id=terminal, installation_id=me, first_used_at=utcnow()))
    mine = session.get(StoreCaixa, me, with_for_update=True)
    already = mine is not None
    if mine is None:
        mine = StoreCaixa(installation_id=me, terminal_id=terminal, host=host[:200], joined_at=utcnow(),
                          last_seen_at=utcnow(), not_handed_over=0)
        session.add(mine)
    mine.terminal_id, mine.last_seen_at, mine.left_at, mine.problem = terminal, utcnow(), None, None
    session.flush()
    return already


def _suggest(session: Session) -> str:
    taken = set(session.scalars(select(StoreCaixa.terminal_id))) | set(session.scalars(select(StoreSeries.terminal_id)))
    return next(f"PDV{n:02d}" for n in range(1, 1000) if f"PDV{n:02d}" not in taken)

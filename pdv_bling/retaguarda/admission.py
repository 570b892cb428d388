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
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from pdv_bling.retaguarda.server import StoreServerError
from pdv_bling.store.engine import Store
from pdv_bling.store.models import StoreCaixa, StoreIncarnation, utcnow


def admit(session: Session, *, installation: str, incarnation: str, host: str, seq: int,
          now: dt.datetime | None = None) -> None:
    """Admit a batch of `incarnation` numbered `seq`, or raise a StoreServerError (pt_BR)."""
    moment = now or utcnow()
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

"""Store mode in the windows: is this PC a caixa of a store, the store database for the screens
that show the store's state (Integração Bling, Fila de envio), and the caixa's link events on the
GUI thread.

    view_store(hub, "payments", queries.payment_mapping, on_done)   # on_done gets a StoreView
    change_store(hub, save, on_done=..., on_error=...)              # in the store's transaction

In single mode both use this PC's SQLite, exactly as before. On a caixa they use the store server
(PostgreSQL, through the caixa's link); when it cannot be reached a read falls back to this caixa's
own copy (`StoreView.offline`, with the pt_BR reason) and a change is refused with that reason.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QLabel
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from pdv_bling.retaguarda.caixa import StoreLink
from pdv_bling.retaguarda.caixa_service import StoreLinkChanged
from pdv_bling.retaguarda.server import unreachable
from pdv_bling.sync.queue_view import OutboxRow
from ui.hub import Hub

T = TypeVar("T")


def link_of(hub: Hub) -> StoreLink | None:
    """The caixa's link to the store server, or None in single mode."""
    link = hub.ctx.store.coordinator
    return link if isinstance(link, StoreLink) else None


def is_caixa(hub: Hub) -> bool:
    return link_of(hub) is not None


def store_banner(hub: Hub) -> QLabel:
    """A line over the store screens of a caixa: what they show (hidden in single mode)."""
    label = QLabel(QCoreApplication.translate(
        "StoreMode", "Loja com vários caixas: estas telas mostram a retaguarda (todos os caixas da loja)."))
    label.setWordWrap(True)
    label.setStyleSheet("background: #e8f0fb; color: #1e3a6e; padding: 4px 8px;")
    label.setVisible(is_caixa(hub))
    return label


def offline_text(view: StoreView[Any]) -> str:
    """What a store screen says when it shows this caixa's copy instead of the store's data."""
    return QCoreApplication.translate(
        "StoreMode", "Retaguarda sem conexão: mostrando a cópia deste caixa; alterações só com a retaguarda.") + (
        "\n" + view.error if view.error else "")


@dataclass(frozen=True)
class StoreView(Generic[T]):
    """What a store screen shows: the store's data, or (offline) this caixa's copy and why."""

    value: T
    store: bool = False  # read from the store server (all caixas)
    offline: bool = False  # store mode, but the store server did not answer
    error: str | None = None  # pt_BR, when offline


def view_store(hub: Hub, key: str, fn: Callable[[Session], T], on_done: Callable[[StoreView[T]], None], *,
               local_copy: bool = True) -> None:
    """Read `fn` from the store database on a worker thread (one query per `key` in flight).
    `local_copy`: offline, show what this caixa holds (its replica) instead of nothing."""
    link = link_of(hub)
    if link is None:
        hub.read_latest(key, lambda session: StoreView(fn(session)), on_done)
        return

    def job(local: Session) -> StoreView[Any]:
        try:
            with link.server().read() as remote:
                return StoreView(fn(remote), store=True)
        except (SQLAlchemyError, OSError) as exc:
            reason = str(unreachable(exc))
        return StoreView(fn(local) if local_copy else None, offline=True, error=reason)

    hub.read_latest(key, job, on_done)


def change_store(hub: Hub, change: Callable[[Session], T], *, on_done: Callable[[T], None],
                 on_error: Callable[[BaseException], None]) -> None:
    """Write `change` in one transaction of the store database (this PC's SQLite in single mode);
    on a caixa the replica then brings the change back here (the link is nudged)."""
    link = link_of(hub)

    def job() -> T:
        if link is None:
            with hub.ctx.store.transaction() as session:
                return change(session)
        try:
            with link.server().transaction() as session:
                result = change(session)
        except (SQLAlchemyError, OSError) as exc:
            raise unreachable(exc) from None
        link.recorded()
        return result

    hub.runner.submit(job, on_done=on_done, on_error=on_error)


def sale_cell(hub: Hub) -> Callable[[OutboxRow], str]:
    """The queue's "Venda" cell: the sale number; on a caixa of a store, whose queue holds every
    caixa's sales, the store-wide reference (PDV01-0000015)."""
    if is_caixa(hub):
        return lambda r: r.numero_loja or (str(r.sale_number) if r.sale_number is not None else "—")
    return lambda r: str(r.sale_number) if r.sale_number is not None else "—"


def store_queue_summary(hub: Hub, view: StoreView[Any], counts: str) -> str:
    """Fila de envio's summary on a caixa: the store's queue, and what is still only here."""
    if view.offline:
        text = offline_text(view) + "\n" + counts
    else:
        text = QCoreApplication.translate("StoreMode", "Fila da loja (todos os caixas): %1").replace("%1", counts)
    last = link_relay(hub).last
    if last is not None and last.not_handed_over:
        text += " · " + QCoreApplication.translate("StoreMode", "%1 ainda neste caixa").replace(
            "%1", str(last.not_handed_over))
    return text


def pull_through_integrator(service: Any) -> object:
    """Sincronizar Dados on a caixa (worker thread): the integrador pulls from Bling (every model),
    then this caixa copies the store. StoreServerError when it does not answer."""
    from pdv_bling.retaguarda.caixa_service import PULL_WAIT_S
    from pdv_bling.retaguarda.server import StoreServerError

    if not service.ask_pull():
        raise StoreServerError("store_integrator_silent", None, {"seconds": int(PULL_WAIT_S)})
    return service.pull_now()


# ---------------------------------------------------------------- the caixa's link, on the GUI thread


class LinkRelay(QObject):
    """Re-emits the core's StoreLinkChanged on the GUI thread; lists reload when a pass moved
    records (handed over) or brought news back (Bling ids of this caixa's sales)."""

    changed = Signal(object)  # StoreLinkChanged, emitted on the GUI thread
    _arrived = Signal(object)  # from the link's thread (queued to the GUI thread)

    def __init__(self, hub: Hub) -> None:
        super().__init__(hub)
        self.hub = hub
        self.last: StoreLinkChanged | None = getattr(hub.service, "last", None)
        self._arrived.connect(self._on_arrived)
        unsubscribe = hub.bus.subscribe(StoreLinkChanged, self._arrived.emit)
        self.destroyed.connect(lambda *_a: unsubscribe())

    def _on_arrived(self, event: StoreLinkChanged) -> None:
        self.last = event
        self.changed.emit(event)
        if event.moved or event.replicated:
            self.hub.changed()


_RELAYS: weakref.WeakKeyDictionary[Hub, LinkRelay] = weakref.WeakKeyDictionary()


def link_relay(hub: Hub) -> LinkRelay:
    relay = _RELAYS.get(hub)
    if relay is None:
        relay = _RELAYS[hub] = LinkRelay(hub)
    return relay

"""Fila de envio: what is waiting for Bling (pending) and what needs someone (Requer atenção),
with the last error, the suggested fix, "Tentar novamente" per item or for all parked, and
"Já está no Bling" for a parked stock entry whose outcome Bling cannot tell us."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from pdv_bling.store import outbox
from pdv_bling.store.models import utcnow
from pdv_bling.sync import queue_view
from ui import fmt, screen, words
from ui.hub import Hub
from ui.store_mode import StoreView, change_store, sale_cell, store_queue_summary, view_store
from ui.table import ATTENTION, RowsModel, rows_view


@dataclass(frozen=True)
class Shown:
    """A queue item as shown now: its status and next attempt change with the clock, so a list
    that did not change in the database still refreshes them."""

    row: queue_view.OutboxRow
    status: str
    next_at: dt.datetime | None

    def __getattr__(self, name: str) -> Any:  # the row's own fields (item_id, state, numero_loja...)
        if name == "row":  # not set yet (a copy being made): no recursion
            raise AttributeError(name)
        return getattr(self.row, name)


class OutboxWindow(QDialog):
    REFRESH_MS = 2000  # live while open: attempts, next attempts and errors follow the sender

    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.offline = False  # a caixa of a store whose retaguarda does not answer: read-only
        self.setWindowTitle(self.tr("Fila de envio ao Bling"))
        sale = sale_cell(hub)
        self.model: RowsModel[Shown] = RowsModel(
            [
                self.tr("Tipo"),
                self.tr("Venda"),
                self.tr("Situação"),
                self.tr("Tentativas"),
                self.tr("Próxima tentativa"),
                self.tr("Último problema"),
            ],
            [
                lambda s: words.outbox_kind(s.row.kind),
                lambda s: sale(s.row),
                lambda s: words.outbox_state(s.status),
                lambda s: str(s.row.attempts),
                self._next_attempt,
                lambda s: queue_view.problem(s.row)[:110],
            ],
            background=lambda s: ATTENTION if s.status == queue_view.PARKED else None,
            tooltip=lambda s: s.row.suggested_fix,
        )
        self.table = rows_view(self.model, stretch=5, fit_once=True)
        self.summary = QLabel()
        self.details = QPlainTextEdit()
        self.details.setTabChangesFocus(True)  # Tab moves on, never stays in the text
        self.details.setReadOnly(True)
        self.details.setMaximumHeight(120)
        self.details.setPlaceholderText(self.tr("Selecione um item para ver o problema e a correção sugerida."))
        self.technical = QCheckBox(self.tr("Detalhes técnicos"))
        self.technical.toggled.connect(lambda _c: self._selection_changed())
        self.retry_button = QPushButton(self.tr("Tentar novamente"))
        self.retry_all_button = QPushButton(self.tr("Tentar novamente todos"))
        self.send_button = QPushButton(self.tr("Enviar agora"))
        self.confirm_button = QPushButton(self.tr("Já está no Bling"))
        self.confirm_button.setToolTip(
            self.tr("Use depois de conferir no Bling que o lançamento existe (o Bling não permite consultá-lo).")
        )
        self.confirm_button.clicked.connect(self.confirm_selected)
        self.retry_button.clicked.connect(self.retry_selected)
        self.retry_all_button.clicked.connect(self.retry_all)
        self.send_button.clicked.connect(self.send_now)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        for button in (self.confirm_button, self.retry_button, self.retry_all_button, self.send_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.technical)
        layout.addLayout(buttons)
        screen.fit_to_screen(self, 900, 520)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        hub.data_changed.connect(self.reload)
        hub.overview_changed.connect(lambda _o: self.reload())  # the sender counted its items again
        self._live = QTimer(self, interval=self.REFRESH_MS)
        self._live.timeout.connect(self._tick)
        self._live.start()
        self.reload()

    def _tick(self) -> None:
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        view_store(self.hub, "outbox", queue_view.open_outbox, self._show_view)  # a caixa: the store's queue

    def _show_view(self, view: StoreView[list[queue_view.OutboxRow]]) -> None:
        self._show(view.value)
        self.offline = view.offline
        if view.store or view.offline:
            self.summary.setWordWrap(True)  # longer on a caixa: never wider than a 1024x600 screen
            self.summary.setText(store_queue_summary(self.hub, view, self.summary.text()))
        for button in (self.retry_button, self.retry_all_button, self.confirm_button):
            button.setEnabled(button.isEnabled() and not view.offline)

    def _next_attempt(self, shown: Shown) -> str:
        if shown.status == queue_view.PARKED:
            return "—"
        if shown.status == queue_view.BLOCKED:  # nothing is tried before the parked item of its sale goes through
            return self.tr("após o item que requer atenção")
        if shown.status == queue_view.SENDING:
            return self.tr("em andamento")
        if shown.row.behind:  # its sale's earlier step goes first
            return self.tr("após o item anterior da venda")
        return fmt.short_datetime(shown.next_at, never=self.tr("agora"))

    def _show(self, rows: list[queue_view.OutboxRow]) -> None:
        now = utcnow()
        self.model.set_rows([Shown(r, queue_view.status(r, now), queue_view.next_attempt(r, now)) for r in rows])
        parked = sum(1 for r in rows if r.state == outbox.PARKED)
        blocked_sales = {r.chain for r in rows if r.state == outbox.PARKED}
        waiting_sales = {r.chain for r in rows} - blocked_sales
        if rows:
            parts = [words.pending_sales(len(waiting_sales))] if waiting_sales else []
            if blocked_sales:
                parts.append(words.parked_sales(len(blocked_sales)))
            self.summary.setText(" · ".join(parts))
        else:
            self.summary.setText(self.tr("Nada aguardando envio: tudo foi entregue ao Bling."))
        self.retry_all_button.setEnabled(parked > 0)
        self._selection_changed()

    def selected(self) -> queue_view.OutboxRow | None:
        rows = self.table.selectionModel().selectedRows()
        shown = self.model.row_at(rows[0].row()) if rows else None
        return shown.row if shown is not None else None

    def _selection_changed(self) -> None:
        row = self.selected()
        self.retry_button.setEnabled(row is not None and row.state == outbox.PARKED and not self.offline)
        self.confirm_button.setVisible(row is not None and row.error_code in outbox.CONFIRMABLE)
        if row is None:
            self.details.clear()
            return
        fix = queue_view.way_fix(row)
        if fix is not None:  # trouble on the way to Bling: the Logs de API's check says it all
            parts = [fix.check]
        else:
            parts = [queue_view.problem(row) or self.tr("Nenhum problema registrado.")]
            if row.suggested_fix:
                parts.append(self.tr("Correção sugerida: %1").replace("%1", row.suggested_fix))
        detail = queue_view.technical(row)
        if self.technical.isChecked() and detail:
            parts.append(self.tr("Detalhes técnicos: %1").replace("%1", detail))
        text = "\n\n".join(parts)
        if self.details.toPlainText() != text:  # refreshed every 2 s: keep the reader's scroll
            self.details.setPlainText(text)

    def retry_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self._write(lambda session: outbox.retry(session, row.item_id), then=self._retried)

    def confirm_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self._write(lambda session: outbox.confirm_delivered(session, row.item_id), then=self.hub.after_local_write)

    def retry_all(self) -> None:
        self._write(outbox.retry_all_parked, then=self._retried)

    def _write(self, change: Callable[[Session], object], *, then: Callable[[], None]) -> None:
        """One manager action on the queue, in its own transaction on a worker thread (a caixa of a
        store: on the store's queue, which the integrador delivers)."""
        change_store(self.hub, change, on_done=lambda _result: then(),
                     on_error=lambda exc: self.summary.setText(words.error_text(exc)))

    def _retried(self) -> None:
        self.hub.after_local_write()
        self.send_now()

    def send_now(self) -> None:
        self.send_button.setEnabled(False)
        self.hub.runner.submit(
            self.hub.service.drain_now, on_done=lambda _r: self._sent(None), on_error=lambda exc: self._sent(exc)
        )

    def _sent(self, exc: BaseException | None) -> None:
        self.send_button.setEnabled(True)
        if exc is not None:
            self.summary.setText(words.error_text(exc))
        self.hub.changed()

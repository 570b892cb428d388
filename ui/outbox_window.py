"""Fila de envio: what is waiting for Bling (pending) and what needs someone (Requer atenção),
with the last error, the suggested fix, "Tentar novamente" per item or for all parked, and
"Já está no Bling" for a parked stock entry whose outcome Bling cannot tell us."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from pdv_bling.counter import queries
from pdv_bling.store import outbox
from ui import fmt, screen, words
from ui.hub import Hub
from ui.store_mode import StoreView, change_store, sale_cell, store_queue_summary, view_store
from ui.table import ATTENTION, RowsModel, rows_view


class OutboxWindow(QDialog):
    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.offline = False  # a caixa of a store whose retaguarda does not answer: read-only
        self.setWindowTitle(self.tr("Fila de envio ao Bling"))
        self.model: RowsModel[queries.OutboxRow] = RowsModel(
            [
                self.tr("Tipo"),
                self.tr("Venda"),
                self.tr("Situação"),
                self.tr("Tentativas"),
                self.tr("Próxima tentativa"),
                self.tr("Último erro"),
            ],
            [
                lambda r: words.outbox_kind(r.kind),
                sale_cell(hub),
                lambda r: words.outbox_state(r.state),
                lambda r: str(r.attempts),
                self._next_attempt,
                lambda r: (r.last_error or "").split("\n")[0][:80],
            ],
            background=lambda r: ATTENTION if r.state == outbox.PARKED else None,
            tooltip=lambda r: r.suggested_fix,
        )
        self.table = rows_view(self.model, stretch=5, fit_once=True)
        self.summary = QLabel()
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setMaximumHeight(120)
        self.details.setPlaceholderText(self.tr("Selecione um item para ver o erro e a correção sugerida."))
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
        layout.addLayout(buttons)
        screen.fit_to_screen(self, 900, 520)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        hub.data_changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        view_store(self.hub, "outbox", queries.open_outbox, self._show_view)  # a caixa: the store's queue

    def _show_view(self, view: StoreView[list[queries.OutboxRow]]) -> None:
        self._show(view.value)
        self.offline = view.offline
        if view.store or view.offline:
            self.summary.setWordWrap(True)  # longer on a caixa: never wider than a 1024x600 screen
            self.summary.setText(store_queue_summary(self.hub, view, self.summary.text()))
        for button in (self.retry_button, self.retry_all_button, self.confirm_button):
            button.setEnabled(button.isEnabled() and not view.offline)

    def _next_attempt(self, row: queries.OutboxRow) -> str:
        if row.state == outbox.PARKED:
            return "—"
        if row.blocked:  # nothing is tried before the parked item of its sale goes through
            return self.tr("após o item que requer atenção")
        return fmt.short_datetime(row.next_attempt_at, never=self.tr("agora"))

    def _show(self, rows: list[queries.OutboxRow]) -> None:
        self.model.set_rows(rows)
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

    def selected(self) -> queries.OutboxRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _selection_changed(self) -> None:
        row = self.selected()
        self.retry_button.setEnabled(row is not None and row.state == outbox.PARKED and not self.offline)
        self.confirm_button.setVisible(row is not None and row.error_code in outbox.CONFIRMABLE)
        if row is None:
            self.details.clear()
            return
        parts = [row.last_error or self.tr("Sem erro registrado.")]
        if row.suggested_fix:
            parts.append(self.tr("Correção sugerida: %1").replace("%1", row.suggested_fix))
        self.details.setPlainText("\n\n".join(parts))

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

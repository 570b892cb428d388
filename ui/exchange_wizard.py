"""Troca/Devolução: a QWizard that follows the manual's procedure (prerequisites, find the sale,
customer, items, settlement, confirm) and then says what happens in Bling. The Bling side is no
longer a manual step: the core queues it in the original sale's chain (see pdv_bling/counter/returns.py).

    ExchangeWizard(ctx, parent=window, on_done=callback)   # ctx: AppContext (or the Hub)

Only local SQLite work happens here (milliseconds); delivery to Bling is the drainer's job, so
the wizard works the same with the network down."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from pdv_bling.counter.returns import ExchangeResult, record_exchange
from pdv_bling.domain.coupon import format_coupon
from pdv_bling.domain.errors import DomainError, DomainErrors
from pdv_bling.domain.exchange import Settlement
from pdv_bling.store import outbox
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import SaleReturn
from ui import fmt, screen, words
from ui.exchange_async import AsyncStep, is_store_caixa
from ui.exchange_items import ItemsPage
from ui.exchange_pages import (
    BIG,
    ERROR_STYLE,
    HINT_STYLE,
    CustomerPage,
    FindSalePage,
    focus_later,
    message_label,
    sale_caption,
)
from ui.exchange_settlement import SettlementPage
from ui.exchange_state import ExchangeState
from ui.hub import Hub

# ---------------------------------------------------------------- 5. summary and confirm


class SummaryPage(QWizardPage):
    def __init__(self, state: ExchangeState, after: Callable[[ExchangeResult], None]) -> None:
        super().__init__()
        self.state = state
        self.after = after
        self.setTitle(self.tr("Conferir e confirmar"))
        self.setSubTitle(self.tr("Nada foi gravado ainda. Confirme para registrar a troca neste computador."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Confirmar"))
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.key = QLineEdit()
        self.key.setPlaceholderText(self.tr("44 dígitos (opcional)"))
        self.message = message_label()
        self.store_step = AsyncStep(self) if is_store_caixa(state.ctx) else None
        form = QFormLayout()
        form.addRow(self.tr("Chave da nota de devolução"), self.key)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def initializePage(self) -> None:
        state, s = self.state, self.state.settlement()
        assert state.sale is not None and state.customer is not None
        rows = {r.item_id: r for r in state.sale.rows}
        back = "".join(f"<li>{q} × {html.escape(rows[i].description)}</li>" for i, q in state.returned.items())
        new = "".join(f"<li>{ln.quantity} × {html.escape(ln.product.name)} — {fmt.money(ln.total_cents)}</li>"
                      for ln in state.new_lines) or "<li>" + self.tr("nenhum (devolução)") + "</li>"
        parts = [
            "<p><b>" + self.tr("Venda original") + ":</b> " + html.escape(sale_caption(state.sale)) + "</p>",
            "<p><b>" + self.tr("Cliente") + ":</b> " + html.escape(f"{state.customer.name} · {state.customer.document}") + "</p>",
            "<p><b>" + self.tr("Devolvidos") + f" ({fmt.money(s.returned_cents)}):</b></p><ul>{back}</ul>",
            "<p><b>" + self.tr("Novos") + f" ({fmt.money(s.new_total_cents)}):</b></p><ul>{new}</ul>",
            "<p><b>" + self.tr("Acerto") + ":</b> " + html.escape(self.settlement_text(s)) + "</p>",
            "<p><b>" + self.tr("No Bling") + ":</b> " + html.escape(bling_text(full=state.full_return, exchange=bool(state.new_lines))) + "</p>",
        ]
        self.summary.setText("".join(parts))
        self.message.clear()
        focus_later(self.key)

    def settlement_text(self, s: Settlement) -> str:
        state = self.state
        if s.kind == "pay":
            paid = " + ".join(
                p.name if len(state.payments) == 1 else f"{p.name} {fmt.money(p.amount_cents)}" for p in state.payments
            )
            return self.tr("o cliente paga %1 em %2").replace("%1", fmt.money(s.difference_cents)).replace("%2", paid)
        if s.kind == "credit" and state.refund:
            return self.tr("estornar %1 no pagamento original").replace("%1", fmt.money(s.difference_cents))
        if s.kind == "credit":
            return self.tr("%1 ficam como crédito em loja").replace("%1", fmt.money(s.difference_cents))
        return self.tr("sem diferença a pagar")

    def validatePage(self) -> bool:
        self.state.devolution_key = self.key.text().strip() or None
        draft, store = self.state.draft(), self.state.ctx.store
        if self.store_step is not None:  # store mode: the claims go to the store server, off the GUI thread
            result = self.store_step.take(repr(draft))
            if result is None:
                self.message.setStyleSheet(HINT_STYLE)
                self.message.setText(self.tr("Registrando (conferindo na retaguarda)…"))
                self.store_step.start(repr(draft), lambda: record_exchange(store, draft), self._failed)
                return False
        else:
            try:
                result = record_exchange(store, draft)
            except (DomainError, DomainErrors) as exc:
                self.message.setText(words.error_text(exc))
                return False
        self.state.result = result
        self.after(result)
        return True

    def _failed(self, exc: BaseException) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(words.error_text(exc))


def bling_text(*, full: bool, exchange: bool) -> str:
    if full and exchange:
        return QCoreApplication.translate(
            "ExchangeWizard", "a venda original será cancelada no Bling com estorno de estoque e contas; a nova venda não é cancelada."
        )
    if full:
        return QCoreApplication.translate(
            "ExchangeWizard", "a venda original será cancelada no Bling com estorno de estoque e contas."
        )
    return QCoreApplication.translate(
        "ExchangeWizard", "os itens devolvidos voltarão ao estoque do depósito da loja; a venda original continua Atendido."
    )


# ---------------------------------------------------------------- 6. done


class DonePage(QWizardPage):
    def __init__(self, state: ExchangeState) -> None:
        super().__init__()
        self.state = state
        self.setFinalPage(True)
        self.headline = QLabel()
        self.headline.setStyleSheet(BIG + " color: #1e7d32;")
        self.sale_label = QLabel()
        self.coupon_caption = QLabel(self.tr("Cupom de troca da nova venda"))
        self.coupon = QLabel()
        self.coupon.setStyleSheet("font-size: 36px; font-weight: bold; font-family: monospace;")
        self.coupon.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.credit = QLabel()
        self.credit.setStyleSheet("font-size: 16px;")
        self.bling = QLabel()
        self.bling.setWordWrap(True)
        self.delivery = QLabel()
        self.delivery.setWordWrap(True)
        self.nfce = QLabel(self.tr("Emita a nota fiscal da nova venda em Últimas vendas."))
        self.nfce.setStyleSheet(HINT_STYLE)
        self.print_button = QPushButton(self.tr("Imprimir comprovante (F8)"))
        self.credit_button = QPushButton(self.tr("Imprimir vale-crédito (F9)"))
        buttons = QHBoxLayout()
        for button in (self.print_button, self.credit_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        for widget in (self.headline, self.sale_label, self.coupon_caption, self.coupon, self.credit, self.bling,
                       self.delivery, self.nfce):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def initializePage(self) -> None:
        result = self.state.result
        assert result is not None
        sale = result.new_sale
        self.setTitle(self.tr("Troca registrada") if sale else self.tr("Devolução registrada"))
        self.setSubTitle(self.tr("O Bling será ajustado automaticamente: não é preciso cancelar nada no Bling."))
        self.headline.setText(self.tr("Tudo gravado neste computador."))
        for widget in (self.sale_label, self.coupon_caption, self.coupon, self.nfce):
            widget.setVisible(sale is not None)
        if sale is not None:
            text = self.tr("Nova venda nº %1 · Total %2").replace("%1", str(sale.number)).replace("%2", fmt.money(sale.total_cents))
            if sale.change_cents:
                text += " · " + self.tr("Troco %1").replace("%1", fmt.money(sale.change_cents))
            self.sale_label.setText(text)
            self.coupon.setText(format_coupon(sale.coupon))
        self.credit.setText(self.credit_text(result))
        self.credit_button.setVisible(result.credit_balance_cents > 0)
        self.bling.setText(self.tr("No Bling: %1").replace("%1", bling_text(full=result.full_return, exchange=sale is not None)))
        self.refresh_delivery()

    def credit_text(self, result: ExchangeResult) -> str:
        balance = self.tr("Saldo de crédito do cliente: %1").replace("%1", fmt.money(result.credit_balance_cents))
        if result.credit_granted_cents:
            granted = self.tr("Crédito concedido: %1").replace("%1", fmt.money(result.credit_granted_cents))
            return granted + " · " + balance
        if self.state.refund:
            return self.tr("Devolver ao cliente %1 no pagamento original.").replace(
                "%1", fmt.money(result.settlement.difference_cents)) + " · " + balance
        return balance

    def refresh_delivery(self) -> None:
        if self.state.result is None or self.state.sale is None:
            return
        with self.state.ctx.store.read() as session:
            state = outbox.sale_delivery_state(session, self.state.sale.sale_id)
        if is_store_caixa(self.state.ctx):  # a caixa hands over; the store's integrador adjusts Bling
            text = (self.tr("Na retaguarda: o integrador da loja ajusta o Bling (nenhuma ação manual no Bling).")
                    if state == outbox.DONE else
                    self.tr("Neste caixa: vai para a retaguarda sozinho, que ajusta o Bling (nenhuma ação manual no Bling)."))
        elif state == outbox.DONE:
            text = self.tr("Concluído no Bling.")
        elif state == outbox.PARKED:
            text = self.tr("Requer atenção: veja a Fila de envio.")
        else:
            text = self.tr("Na fila: será enviado ao Bling quando houver conexão (nenhuma ação manual no Bling).")
        self.delivery.setText(text)


# ---------------------------------------------------------------- the wizard


class ExchangeWizard(QWizard):
    FIND, CUSTOMER, ITEMS, SETTLEMENT, SUMMARY, DONE = range(6)
    recorded = Signal(object)  # ExchangeResult

    def __init__(
        self,
        ctx: AppContext | Hub,
        parent: QWidget | None = None,
        *,
        on_done: Callable[[ExchangeResult], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.hub = ctx if isinstance(ctx, Hub) else None
        self.state = ExchangeState(ctx.ctx if isinstance(ctx, Hub) else ctx)
        self.on_done = on_done
        self.setWindowTitle(self.tr("Troca/Devolução"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        for button, text in (
            (QWizard.WizardButton.BackButton, self.tr("< &Voltar")),
            (QWizard.WizardButton.NextButton, self.tr("&Avançar >")),
            (QWizard.WizardButton.CommitButton, self.tr("&Confirmar")),
            (QWizard.WizardButton.FinishButton, self.tr("&Concluir")),
            (QWizard.WizardButton.CancelButton, self.tr("Cancelar")),
        ):
            self.setButtonText(button, text)
        self.done_page = DonePage(self.state)
        for page_id, page in (
            (self.FIND, FindSalePage(self.state)),
            (self.CUSTOMER, CustomerPage(self.state)),
            (self.ITEMS, ItemsPage(self.state)),
            (self.SETTLEMENT, SettlementPage(self.state)),
            (self.SUMMARY, SummaryPage(self.state, self._recorded)),
            (self.DONE, self.done_page),
        ):
            self.setPage(page_id, page)
        self.setStartId(self.FIND)
        self.memory = screen.remember(self, "troca", self.state.ctx.paths.config, width=960, height=640)
        self.done_page.print_button.clicked.connect(self.print_exchange)
        self.done_page.credit_button.clicked.connect(self.print_credit)
        self.done_page.print_button.setVisible(self.hub is not None)
        QShortcut(QKeySequence(Qt.Key.Key_F8), self).activated.connect(self.print_exchange)
        QShortcut(QKeySequence(Qt.Key.Key_F9), self).activated.connect(self.print_credit)
        if self.hub is not None:
            self.hub.data_changed.connect(self.done_page.refresh_delivery)

    def print_exchange(self) -> None:
        """The exchange/return slip (with the new sale's coupon), once the exchange is recorded."""
        result = self.state.result
        if self.hub is not None and result is not None:
            from ui.slip_print import open_slip

            open_slip(self, self.hub, "exchange", result.return_id)

    def print_credit(self) -> None:
        result = self.state.result
        if self.hub is None or result is None or result.credit_balance_cents <= 0:
            return
        from ui.slip_print import open_slip

        store = self.hub.ctx.store
        with store.read() as session:
            recorded = session.get(SaleReturn, result.return_id)
            assert recorded is not None  # this wizard recorded it
            customer_id = recorded.customer_id
        if customer_id is not None:
            open_slip(self, self.hub, "credit", customer_id, return_id=result.return_id)

    def _recorded(self, result: ExchangeResult) -> None:
        if self.hub is not None:
            self.hub.after_local_write()
        self.recorded.emit(result)
        if self.on_done is not None:
            self.on_done(result)

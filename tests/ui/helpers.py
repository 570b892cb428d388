"""Data written straight into a store, as the sync service would have written it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from pdv_bling.counter.sales import RecordedSale, record_sale
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.store import outbox
from pdv_bling.store.engine import Store
from pdv_bling.store.models import ApiLogEntry, BlingDeposito, BlingFormaPagamento, OutboxItem, utcnow


def add_formas(store: Store) -> None:
    with store.transaction() as session:
        for bling_id, name in ((7001, "Dinheiro"), (7002, "Cartão de crédito"), (7003, "PIX"), (7004, "Boleto")):
            session.add(BlingFormaPagamento(bling_id=bling_id, descricao=name, tipo_pagamento=1, situacao=1))
        session.add(BlingDeposito(bling_id=8001, descricao="Depósito Loja Centro", situacao=1, padrao=True))


def sell(store: Store, *, sku: str = "SKU-1", quantity: int = 1, paid_cents: int = 100_00) -> RecordedSale:
    draft = SaleDraft(items=(ItemDraft(sku=sku, quantity=quantity),), payments=(PaymentDraft("Dinheiro", paid_cents),))
    return record_sale(store, draft)


def park_first_item(store: Store, sale_id: int, *, error: str = "Forma de pagamento sem DE-PARA") -> int:
    with store.transaction() as session:
        item = session.scalars(
            select(OutboxItem).where(OutboxItem.sale_id == sale_id).order_by(OutboxItem.id)
        ).first()
        assert item is not None
        item.state = outbox.PARKED
        item.attempts = 3
        item.last_error = error
        item.error_code = "payment_unmapped"
        item.suggested_fix = "Preencha o DE-PARA em Integração Bling > Métodos de Pagamento."
        return item.id


def add_log(store: Store, *, model: str, action: str, ok: bool, check: str | None = None, minutes_ago: int = 0) -> None:
    with store.transaction() as session:
        session.add(
            ApiLogEntry(
                model=model,
                action=action,
                ok=ok,
                check=check,
                at=utcnow() - dt.timedelta(minutes=minutes_ago),
                http_status=200 if ok else 400,
            )
        )


def open_wizard(qtbot: Any, ctx: Any, results: list[Any]) -> Any:
    """The Troca/Devolução wizard shown and active, each finished exchange appended to `results`."""
    from ui.exchange_wizard import ExchangeWizard

    wizard = ExchangeWizard(ctx, on_done=results.append)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.activateWindow()
    qtbot.waitActive(wizard)
    return wizard


def press_enter(qtbot: Any) -> None:
    """Enter where the focus is (a real cashier's keypress)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, Qt.Key.Key_Return)
    qtbot.wait(20)  # the next page takes the focus on the next event-loop turn

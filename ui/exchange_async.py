"""The troca/devolução wizard on a caixa of a store: the steps that talk to the store server
(finding any caixa's sale; confirming, which claims the units and any store credit there) run
off the GUI thread, and the page moves on by itself when they are done. A pulled cable costs
the cashier a message, never a frozen window. In single mode the wizard stays all-local."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QAbstractButton, QWizard, QWizardPage
from sqlalchemy.exc import SQLAlchemyError

from pdv_bling.retaguarda.caixa import StoreLink, locate_any_sale
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import Sale
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from ui.exchange_state import OriginalSale


def is_store_caixa(ctx: AppContext) -> bool:
    return isinstance(ctx.store.coordinator, StoreLink)


def find_any_sale(ctx: AppContext, reference: str) -> OriginalSale:
    """Any caixa's sale by coupon, "PDV01 15" or this caixa's number (copied here first), with
    what is still returnable across the store when the store server answers."""
    from ui.exchange_state import describe_original

    sale_id = locate_any_sale(ctx, reference)  # pt_BR DomainError when not found, or offline and not here
    link = ctx.store.coordinator
    taken = None
    if isinstance(link, StoreLink):
        try:
            taken = link.units_taken(ctx.store, sale_id)
        except (SQLAlchemyError, OSError):
            taken = None  # the confirmation claims on the store anyway (or says what is missing)
    with ctx.store.read() as session:
        sale = session.get(Sale, sale_id)
        assert sale is not None
        return describe_original(session, sale, taken=taken)


class AsyncStep(QObject):
    """One blocking step of a wizard page, on a worker thread. The page's validatePage asks
    `take(key)`: the result when the step for `key` has finished (the page then moves on), else
    None after `start(...)` (validatePage returns False and the wizard stays put meanwhile)."""

    _EMPTY = object()

    def __init__(self, page: QWizardPage) -> None:
        super().__init__(page)
        self.page = page
        self.runner = TaskRunner(self, max_threads=1)
        self.busy = False
        self._ready: tuple[str, Any] | None = None
        self._held: list[QAbstractButton] = []

    def take(self, key: str) -> Any | None:
        if self._ready is None or self._ready[0] != key:
            return None
        result, self._ready = self._ready[1], None
        return result

    def start(self, key: str, fn: Callable[[], Any], on_error: Callable[[BaseException], None]) -> None:
        if self.busy:
            return
        self.busy = True
        self._buttons(enabled=False)

        def done(result: Any) -> None:
            self.busy = False
            self._buttons(enabled=True)
            self._ready = (key, result)
            wizard = self.page.wizard()
            if wizard is not None and wizard.currentPage() is self.page:
                wizard.next()

        def failed(exc: BaseException) -> None:
            self.busy = False
            self._buttons(enabled=True)
            on_error(exc)

        self.runner.submit(fn, on_done=done, on_error=failed)

    def _buttons(self, *, enabled: bool) -> None:
        """Hold the wizard's buttons while the step runs; give them back as they were."""
        wizard = self.page.wizard()
        if wizard is None:
            return
        if not enabled:
            self._held = []
            for which in (QWizard.WizardButton.NextButton, QWizard.WizardButton.CommitButton,
                          QWizard.WizardButton.BackButton):
                button = wizard.button(which)
                if button is not None and button.isEnabled():
                    button.setEnabled(False)
                    self._held.append(button)
            return
        for button in self._held:
            button.setEnabled(True)
        self._held = []

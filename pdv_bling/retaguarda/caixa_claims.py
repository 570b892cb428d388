"""The caixa's link as the store's coordinator (`store.engine.Coordinator`): before a local write,
it claims on the store what other caixas could touch (units of a sale the store owns, store
credit), and cancels there a sale the store owns. Without the store server, what only this caixa
can have touched still works: its own sales not handed over (and not in doubt), and store credit
granted here and not handed over yet. Anything else is refused with a pt_BR message; an error the
store answers with (a refused constraint, a lock wait) is reported as such, never as "offline".
A part of `StoreLink` (caixa.py), which owns the connection and the handover lock."""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from pdv_bling.counter.lookups import find_payment_method
from pdv_bling.counter.sales import STORE_CREDIT
from pdv_bling.domain.documents import parse_document
from pdv_bling.domain.errors import DomainError, DomainErrors
from pdv_bling.domain.sale import SaleDraft
from pdv_bling.retaguarda import claims
from pdv_bling.retaguarda.handover import hand_over, in_doubt, settle
from pdv_bling.retaguarda.server import StoreServerError, is_offline, store_problem
from pdv_bling.store.engine import Store
from pdv_bling.store.models import Customer, Sale, StoreCreditEntry, utcnow

log = logging.getLogger(__name__)


class StoreCoordinator:
    """Claims and cancellations on the store (mixed into `StoreLink`)."""

    installation: str
    host: str

    if TYPE_CHECKING:
        def server(self) -> Store: ...
        def exclusive(self) -> AbstractContextManager[bool]: ...
        def _set_online(self, online: bool) -> None: ...

    # ------------------------------------------------------------ coordinator: credit

    def claim_credit(self, store: Store, draft: SaleDraft) -> str | None:
        amount, document = self._credit_wanted(store, draft)
        if amount <= 0 or document is None:
            return None
        try:
            with self.exclusive() as free:  # never beside the link's own pass
                if free:  # credit granted here counts once the store has it
                    hand_over(store, self.server(), installation=self.installation, host=self.host)
            claim = claims.claim_credit(self.server(), installation=self.installation, document=document,
                                        amount_cents=amount)
        except (SQLAlchemyError, OSError) as exc:
            if not is_offline(exc):  # the store answered: its refusal is not a reason to go it alone
                raise DomainErrors([store_problem(exc)]) from None
            self._set_online(False)
            local = self._local_credit(store, document)
            if amount > local:
                raise DomainErrors([DomainError("store_credit_needs_store", "pagamentos",
                                                {"balance": local, "amount": amount})]) from None
            return None  # only credit no other caixa can see: the local records decide
        except StoreServerError as exc:
            raise DomainErrors([exc]) from None
        self._set_online(True)
        return claim

    def _credit_wanted(self, store: Store, draft: SaleDraft) -> tuple[int, str | None]:
        with store.read() as session:
            amount = 0
            for payment in draft.payments:
                try:
                    method = find_payment_method(session, payment.method, field="pagamentos")
                except DomainError:
                    continue  # write_sale reports it
                if method.kind == STORE_CREDIT:
                    amount += payment.amount_cents
            if amount <= 0:
                return 0, None
            if draft.customer_id is not None:
                customer = session.get(Customer, draft.customer_id)
                return amount, customer.document if customer is not None else None
            if draft.customer is None:
                return amount, None
            try:
                return amount, parse_document(draft.customer.document).value
            except DomainError:
                return amount, None

    def _local_credit(self, store: Store, document: str) -> int:
        """Credit granted on this caixa and not handed over yet: no other caixa can spend it."""
        with store.read() as session:
            stmt = (select(func.coalesce(func.sum(StoreCreditEntry.amount_cents), 0))
                    .join(Customer, Customer.id == StoreCreditEntry.customer_id)
                    .where(Customer.document == document, StoreCreditEntry.handed_over_at.is_(None),
                           StoreCreditEntry.handover_batch.is_(None), StoreCreditEntry.origin_id.is_(None)))
            return int(session.execute(stmt).scalar_one())

    # ------------------------------------------------------------ coordinator: returns, cancel

    def claim_return(self, store: Store, draft: Any) -> tuple[str | None, dict[int, int] | None]:
        sale = self._owner_known(store, draft.original_sale_id)
        if sale is None or (sale.origin_id is None and sale.handed_over_at is None):
            return None, None  # this caixa's alone: the local records decide, online or not
        with store.read() as session:
            positions = claims.item_positions(session, sale.id)
        wanted = {positions[item]: units for item, units in draft.returned.items() if item in positions and units > 0}
        try:
            claim = claims.claim_units(self.server(), installation=self.installation, sale_uid=sale.uid, wanted=wanted)
        except (SQLAlchemyError, OSError) as exc:
            if not is_offline(exc):
                raise DomainErrors([store_problem(exc)]) from None
            self._set_online(False)
            raise DomainErrors([DomainError("store_needed_for_sale", "venda", {"value": sale.numero_loja})]) from None
        self._set_online(True)
        by_position = {position: item for item, position in positions.items()}
        return claim.claim_id, {by_position[p]: n for p, n in claim.already.items() if p in by_position}

    def _owner_known(self, store: Store, sale_id: int) -> Sale | None:
        """The sale, after asking the store about it when it was sent in a batch still in doubt:
        a sale in doubt is nobody's to change alone (refused with a message while offline)."""
        with store.read() as session:
            sale = session.get(Sale, sale_id)
            if sale is None or not in_doubt(sale):
                return sale
            label = sale.numero_loja
        try:
            with self.exclusive():
                settle(store, self.server())
        except (SQLAlchemyError, OSError) as exc:
            if is_offline(exc):
                self._set_online(False)
                raise DomainErrors([DomainError("store_in_doubt", "venda", {"value": label})]) from None
            raise DomainErrors([store_problem(exc)]) from None
        with store.read() as session:
            return session.get(Sale, sale_id)

    def release(self, claim_id: str) -> None:
        try:
            claims.release(self.server(), claim_id)
        except (SQLAlchemyError, OSError):
            log.warning("claim %s not released now; released later as unused", claim_id[:8])

    def cancel(self, store: Store, number: int) -> bool:
        from pdv_bling.counter.cancellation import find_sale_by_number

        with store.read() as session:
            sale_id = find_sale_by_number(session, number).id
        sale = self._owner_known(store, sale_id)
        assert sale is not None
        if sale.handed_over_at is None:
            return False
        try:
            claims.cancel_in_store(self.server(), sale_uid=sale.uid)
        except (SQLAlchemyError, OSError) as exc:
            if not is_offline(exc):
                raise DomainErrors([store_problem(exc)]) from None
            self._set_online(False)
            raise DomainError("store_needed_for_sale", "numero", {"value": sale.numero_loja}) from None
        with store.transaction() as session:
            local = find_sale_by_number(session, number)
            local.status, local.cancelled_at = "cancelled", utcnow()
        return True

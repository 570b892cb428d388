"""The hooks recording uses when another party must agree first (store mode: the store server).

In single mode `Store.coordinator` is None and recording is purely local. On a caixa of a store it
is the caixa's link to the store server (`retaguarda.caixa.StoreLink`): it claims returned units and
store credit on the store before the local write, releases the claim when the local write fails,
and cancels on the store a sale the store already owns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from pdv_bling.domain.sale import SaleDraft
    from pdv_bling.returns import ExchangeDraft
    from pdv_bling.store.engine import Store


class Coordinator(Protocol):
    def claim_credit(self, store: Store, draft: SaleDraft) -> str | None:
        """A claim id for the store credit the sale spends, None when none is needed; raises
        DomainErrors when the credit is not there (or cannot be checked now)."""

    def claim_return(self, store: Store, draft: ExchangeDraft) -> tuple[str | None, dict[int, int] | None]:
        """(claim id, units already returned per local sale item id) or (None, None) when the
        sale is this caixa's alone (not handed over): the local records decide."""

    def release(self, claim_id: str) -> None:
        """The local write failed: give the claim back (best effort; unused claims also expire)."""

    def cancel(self, store: Store, number: int) -> bool:
        """Cancel on the store a sale it owns; False when the sale is still this caixa's alone."""

    def recorded(self) -> None:
        """Something was recorded: hand it over soon."""

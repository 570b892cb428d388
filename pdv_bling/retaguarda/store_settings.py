"""Store-wide settings written where they live: the store database.

On a caixa of a store, Configurações' deposit, canal de venda, stock mode, SKU as barcode, customer
sending and exchange prerequisites belong to the whole store (the integrador uses them; the replica
copies them to every caixa). Written only to the caixa's SQLite they were overwritten by the next
replica pass. The terminal id is handed out by the store, and the send/pull intervals are the
integrador's business, so a caixa never changes those here.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from pdv_bling.counter.queries import products_synced
from pdv_bling.management.settings_input import parse_settings_input
from pdv_bling.retaguarda.replica import STORE_WIDE_SETTINGS
from pdv_bling.store.settings import Settings, load_settings, save_settings


def apply_store_wide_input(session: Session, values: Mapping[str, object]) -> Settings:
    """Validate the store-wide keys of `values` and save them in the store database's `session`
    (the caller's transaction: nothing written on any error). Other keys are ignored."""
    from pdv_bling.sync.stock_check import post_what_transitions_missed

    previous = load_settings(session)
    wanted = {key: value for key, value in values.items() if key in STORE_WIDE_SETTINGS}
    updated = parse_settings_input(previous, wanted, synced=products_synced(session))
    save_settings(session, updated, previous=previous)
    if previous.stock_mode != "integration" and updated.stock_mode == "integration":
        post_what_transitions_missed(session)  # the store's outbox, after a bad stock check
    return updated

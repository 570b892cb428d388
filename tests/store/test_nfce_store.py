"""NFC-e in store mode (issue 27 item 2): a caixa hands a sale that needs its note over at once,
the integrador serves it first, and the authorized note (with its XML) comes back to the caixa to
print; a cancellation at the caixa leaves the note "a cancelar no Bling" until the reconciliation
reads it cancelled."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from pdv_bling.counter.cancellation import cancel_sale
from pdv_bling.counter.nfce_status import A_CANCELAR, AUTORIZADA, CANCELADA, nfce_states
from pdv_bling.domain.nfce import group_key
from pdv_bling.sandbox import SandboxServer
from pdv_bling.slips.danfe import danfe_for_sale
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import NfceNote, Setting
from pdv_bling.sync.nfce_reconcile import reconcile_cancelled
from tests.store.helpers import RunningIntegrador, join, sell_one_unit

pytestmark = [pytest.mark.postgres, pytest.mark.e2e]


def wait_for(check: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def status_at(ctx: AppContext, sale_id: int) -> str | None:
    with ctx.store.read() as session:
        found = nfce_states(session, [sale_id]).get(sale_id)
        return found.status if found else None


def test_the_authorized_note_comes_back_to_the_caixa_and_a_cancellation_is_reconciled(
        tmp_path: Path, pg_url: str, bling: SandboxServer) -> None:
    bling.set_nfce(sefaz_latency_s=0.1, slow_share=0.0)
    running = RunningIntegrador(tmp_path, pg_url, bling)
    with running.server.transaction() as session:  # Configurações on any caixa: a store-wide setting
        session.add(Setting(key="nfce_source", value="bling"))
    ctx, link = join(tmp_path, pg_url, "PDV01")
    link.start()
    running.start()
    try:
        sale = sell_one_unit(ctx)
        assert sale.nfce
        started = time.monotonic()
        wait_for(lambda: status_at(ctx, sale.sale_id) == AUTORIZADA)
        elapsed = time.monotonic() - started
        with ctx.store.read() as session:
            note = session.scalars(select(NfceNote).where(NfceNote.sale_id == sale.sale_id)).one()
            danfe = danfe_for_sale(session, sale.number)  # ready to print at the caixa, from the XML
        assert group_key(note.access_key or "") in " ".join(str(getattr(b, "text", "")) for b in danfe.blocks)
        assert elapsed < 15, elapsed  # handed over at once, served first (figures: bench/bench_nfce.py)
        assert len(bling.inspect()["nfce"][sale.numero_loja]) == 1

        cancel_sale(ctx.store, sale.number)  # the store owns it: cancelled there, the note marked
        wait_for(lambda: status_at(ctx, sale.sale_id) == A_CANCELAR)
        bling.cancel_nfce(int(note.bling_id or 0))  # the manager cancels it in Bling's screens
        assert running.integrator.client is not None
        assert reconcile_cancelled(running.server, running.integrator.client) == 1
        wait_for(lambda: status_at(ctx, sale.sale_id) == CANCELADA)
    finally:
        running.stop()
        link.stop()
        ctx.close()

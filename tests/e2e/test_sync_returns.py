"""`pdv-bling sync` returns (issue 13 item 3): it stops when nothing more can be delivered now, with
one exit code and a pt_BR summary per reason; `--wait` keeps going until the queue is empty.

Every case runs the real command in a subprocess against the stand-in over HTTP, and checks how
long it took, what it said, and what the queue and Bling look like afterwards.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from pdv_bling.cli import exit_codes
from pdv_bling.cli.until_idle import idle_reason, queue_state
from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.sandbox import SandboxServer
from pdv_bling.store import outbox
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import ApiLogEntry, OutboxItem, PaymentMethod, utcnow
from tests.e2e.helpers import Account, open_terminal, sellable


def sync(home: Path, *args: str, timeout: float = 120, env: dict[str, str] | None = None
         ) -> tuple[int, str, float, dict[str, Any]]:
    env = {**os.environ, "PDV_BLING_HOME": str(home), **(env or {})}
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "pdv_bling", "sync", "--push", *args], capture_output=True,
                          text=True, env=env, timeout=timeout)
    took = time.monotonic() - started
    assert "Traceback" not in done.stderr, done.stderr
    report = json.loads(done.stdout)["push"] if "--json" in args else {}
    return done.returncode, done.stdout + done.stderr, took, report


def record(home: Path, server: SandboxServer, n: int = 2, *, method: str = "PIX") -> None:
    terminal = open_terminal(home, server)
    try:
        for product in sellable(terminal.ctx, n):
            record_sale(terminal.ctx.store, SaleDraft(items=(ItemDraft(barcode=product.barcode),),
                                                      payments=(PaymentDraft(method, product.price_cents),)))
    finally:
        terminal.close()


def states(home: Path) -> dict[str, int]:
    with AppContext.open(home, log=False) as ctx, ctx.store.read() as session:
        return dict(session.execute(select(OutboxItem.state, func.count()).group_by(OutboxItem.state)).all())


def test_everything_delivered_exits_0(tmp_path: Path, sandbox: SandboxServer) -> None:
    record(tmp_path / "t", sandbox, 3)
    code, text, took, _ = sync(tmp_path / "t")
    assert code == exit_codes.OK, text
    assert "Fila vazia: tudo foi enviado ao Bling." in text and "Enviados: 6." in text
    assert states(tmp_path / "t") == {"done": 6}
    assert len(sandbox.inspect()["orders"]) == 3
    with AppContext.open(tmp_path / "t", log=False) as ctx, ctx.store.read() as session:
        actions = list(session.scalars(select(ApiLogEntry.action).order_by(ApiLogEntry.id)))
    assert actions == [f"Venda {n}: {what}" for n in (1, 2, 3) for what in ("pedido criado", "situação → Atendido")]


def test_an_unmapped_payment_method_stops_at_once_with_the_blocked_code(tmp_path: Path, sandbox: SandboxServer) -> None:
    """The report that started it: one sale parked (Cheque without DE-PARA) made sync run 10 min."""
    home = tmp_path / "t"
    record(home, sandbox, 2)
    terminal = open_terminal(home, sandbox, pull=False)
    with terminal.ctx.store.transaction() as session:
        session.scalars(select(PaymentMethod).where(PaymentMethod.name == "Cheque")).one().bling_forma_pagamento_id = None
    product = sellable(terminal.ctx, 1)[0]
    record_sale(terminal.ctx.store, SaleDraft(items=(ItemDraft(barcode=product.barcode),),
                                              payments=(PaymentDraft("Cheque", product.price_cents),)))
    terminal.close()
    code, text, took, report = sync(home, "--json")
    assert code == exit_codes.SYNC_BLOCKED
    assert took < 30
    assert report["delivered"] == 4 and report["parked"] == 1 and report["blocked"] == 1
    assert report["stopped_because"] == "blocked_by_parked"
    code, text, _, _ = sync(home)
    assert code == exit_codes.SYNC_BLOCKED
    assert "1 item à espera, atrás de um item em \"Requer atenção\"" in text


def test_only_parked_items_left_exits_10(tmp_path: Path, sandbox: SandboxServer) -> None:
    home = tmp_path / "t"
    record(home, sandbox, 1)
    with AppContext.open(home, log=False) as ctx, ctx.store.transaction() as session:
        last = session.scalars(select(OutboxItem).order_by(OutboxItem.id.desc())).first()
        assert last is not None
        last.state, last.error_code = outbox.PARKED, "validacao"  # e.g. Bling refused the situação change
    code, text, took, _ = sync(home)
    assert code == exit_codes.SYNC_ONLY_PARKED, text
    assert "1 item em \"Requer atenção\"" in text and took < 30


def test_an_item_waiting_for_its_next_attempt_exits_12(tmp_path: Path, sandbox: SandboxServer) -> None:
    home = tmp_path / "t"
    record(home, sandbox, 1)
    with AppContext.open(home, log=False) as ctx, ctx.store.transaction() as session:
        first = session.scalars(select(OutboxItem).order_by(OutboxItem.id)).first()
        assert first is not None
        first.next_attempt_at = utcnow() + dt.timedelta(minutes=3)  # e.g. after a 503
    code, text, took, report = sync(home, "--json")
    assert code == exit_codes.SYNC_BACKOFF and took < 30
    assert report["pending"] == 2 and report["next_attempt_at"]
    assert sandbox.inspect()["orders"] == {}


def test_offline_exits_13_quickly_and_wait_gives_up_at_its_timeout(tmp_path: Path, account: Account) -> None:
    home = tmp_path / "t"
    record(home, account.server, 2)
    account.down()
    code, text, took, _ = sync(home)
    assert code == exit_codes.SYNC_OFFLINE, text
    assert "Sem conexão com o Bling" in text and took < 30
    code, text, took, _ = sync(home, "--wait", "--timeout", "4")
    assert code == exit_codes.SYNC_TIMEOUT, text
    assert took < 40
    with AppContext.open(home, log=False) as ctx, ctx.store.read() as session:
        assert session.scalar(select(func.count()).select_from(ApiLogEntry).where(ApiLogEntry.ok.is_(False))) == 1
    account.up()
    code, text, _, _ = sync(home, "--wait", "--timeout", "60")
    assert code == exit_codes.OK, text
    assert states(home) == {"done": 4}


def test_bling_server_errors_exit_14(tmp_path: Path, sandbox: SandboxServer) -> None:
    home = tmp_path / "t"
    record(home, sandbox, 1)
    sandbox.set_faults(p500=1.0, seed=1)
    code, text, took, _ = sync(home)
    assert code == exit_codes.SYNC_BLING_DOWN, text
    assert "O Bling está com falhas no momento" in text and took < 60


def _one_sale_never_sent(home: Path) -> None:
    from tests.core.factories import seed_store

    with AppContext.open(home, log=False) as ctx:
        seed_store(ctx.store)
        record_sale(ctx.store, SaleDraft(items=(ItemDraft(sku="SKU-1"),), payments=(PaymentDraft("PIX", 1090),)))


def test_not_connected_exits_15_and_parks_nothing(tmp_path: Path) -> None:
    home = tmp_path / "t"
    _one_sale_never_sent(home)
    code, text, took, _ = sync(home, env={"PDV_BLING_API_URL": "http://127.0.0.1:9/Api/v3"})  # no tokens saved
    assert code == exit_codes.SYNC_RECONNECT, text
    assert "pdv-bling connect" in text
    assert states(home) == {"pending": 2}


def test_no_os_keyring_exits_18_and_parks_nothing(tmp_path: Path) -> None:
    """Once "O Bling recusou os dados: No recommended backend was available": a machine problem."""
    home = tmp_path / "t"
    _one_sale_never_sent(home)
    code, text, took, _ = sync(home, env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
                                          "PDV_BLING_API_URL": ""})
    assert code == exit_codes.SYNC_NO_KEYRING, text
    assert "Nenhum cofre de senhas" in text and "recusou" not in text
    assert states(home) == {"pending": 2}


def test_wait_delivers_everything_through_429s(tmp_path: Path, make_sandbox: Any) -> None:
    server = make_sandbox()
    home = tmp_path / "t"
    record(home, server, 6)
    server.config.rate_limit = 4.0  # the client paces at 500/s here: most of its first tries get a 429
    code, text, took, report = sync(home, "--wait", "--timeout", "120", "--json")
    assert code == exit_codes.OK, text
    assert report["delivered"] == 12 and report["pending"] == 0
    assert len(server.inspect()["orders"]) == 6


@pytest.mark.parametrize(("parked", "blocked", "due_in", "expected"), [
    (0, 0, None, "empty"), (1, 0, None, "only_parked"), (1, 2, None, "blocked_by_parked"), (0, 0, 600, "backoff"),
])
def test_queue_state_reasons(tmp_path: Path, parked: int, blocked: int, due_in: int | None, expected: str) -> None:
    with AppContext.open(tmp_path / "h", log=False) as ctx, ctx.store.transaction() as session:
        if parked:
            outbox.enqueue(session, chain="sale:1", kind=outbox.SALE_CREATE).state = outbox.PARKED
            for _ in range(blocked):
                outbox.enqueue(session, chain="sale:1", kind=outbox.SALE_TRANSITION)
        if due_in:
            item = outbox.enqueue(session, chain="sale:2", kind=outbox.SALE_CREATE)
            item.next_attempt_at = utcnow() + dt.timedelta(seconds=due_in)
        session.flush()
        state = queue_state(session)
    assert idle_reason(state) == expected
    assert state.blocked == blocked

"""A turno's suprimentos, sangrias and cash differences reach Bling's Caixa e Bancos exactly once
(issue 24, item 3): through lost answers, 5xx and 429, after a restore that leaves them "maybe
sent", and never to a conta or category the store did not choose."""

from __future__ import annotations

import random
from pathlib import Path

from sqlalchemy import select

from pdv_bling.counter.turno import add_movement, close_turno, open_turno
from pdv_bling.management.settings_input import apply_settings_input
from pdv_bling.sandbox import SandboxServer
from pdv_bling.sandbox.routes_caixas import CATEGORIAS, CONTAS
from pdv_bling.store import outbox
from pdv_bling.store.models import OutboxItem
from tests.e2e.helpers import drain_all, open_terminal

CONTA = CONTAS[0]["id"]
MAPPING = {"caixa_conta_id": str(CONTA), "caixa_categoria_suprimento": str(CATEGORIAS[0]["id"]),
           "caixa_categoria_sangria": str(CATEGORIAS[1]["id"]), "caixa_categoria_sobra": str(CATEGORIAS[2]["id"]),
           "caixa_categoria_falta": str(CATEGORIAS[3]["id"])}


def _markers(sandbox: SandboxServer) -> list[str]:
    with sandbox.state.lock:
        return [lanc["observacoes"].rsplit("[pdv-bling ", 1)[-1] for lanc in sandbox.state.lancamentos.values()]


def _turnos(store: object, rng: random.Random, turnos: int) -> int:
    """Turnos with suprimentos and sangrias and a short count at each fechamento: the postings queued."""
    posted = 0
    for _ in range(turnos):
        open_turno(store, operator="Caixa", fundo_cents=20_000)  # type: ignore[arg-type]
        drawer = 20_000
        for _move in range(rng.randint(2, 5)):
            if rng.random() < 0.5:
                cents = rng.randint(100, 5_000)
                add_movement(store, kind="suprimento", amount_cents=cents, reason="troco", operator="Caixa")  # type: ignore[arg-type]
                drawer += cents
            else:
                cents = rng.randint(100, drawer)
                add_movement(store, kind="sangria", amount_cents=cents, reason="cofre", operator="Caixa")  # type: ignore[arg-type]
                drawer -= cents
            posted += 1
        close_turno(store, counted={"Dinheiro": drawer - 50}, operator="Caixa")  # type: ignore[arg-type]
        posted += 1  # the 0,50 falta
    return posted


def test_every_posting_exactly_once_through_lost_answers_5xx_and_429(tmp_path: Path, sandbox: SandboxServer) -> None:
    terminal = open_terminal(tmp_path / "caixa", sandbox, pull=False)
    try:
        apply_settings_input(terminal.ctx.store, MAPPING)
        posted = _turnos(terminal.ctx.store, random.Random(24), 6)
        sandbox.set_faults(p_commit_drop=0.3, p500=0.1, p503=0.1, p429=0.15, seed=11)
        counts = drain_all(terminal, rounds=400)
        sandbox.set_faults(p_commit_drop=0.0, p500=0.0, p503=0.0, p429=0.0)
        assert counts[outbox.PARKED] == 0 and counts[outbox.PENDING] == 0
        by_status = sandbox.inspect()["requests"]["by_status"]
        assert by_status.get("dropped", 0) > 0 and by_status.get("500", 0) + by_status.get("503", 0) > 0
        markers = _markers(sandbox)
        with terminal.ctx.store.read() as session:
            items = session.scalars(select(OutboxItem).where(OutboxItem.kind == outbox.CAIXA_LANCAMENTO)).all()
        assert len(items) == posted and len(markers) == posted == len(set(markers))
        assert sorted(m.rstrip("]") for m in markers) == sorted(i.payload["uid"] for i in items)
        with sandbox.state.lock:
            values = sorted((lanc["debCred"], round(lanc["valor"] * 100)) for lanc in sandbox.state.lancamentos.values())
        assert values == sorted((i.payload["debCred"], i.payload["valor_cents"]) for i in items)
    finally:
        terminal.close()


def test_a_maybe_sent_posting_is_looked_up_not_posted_again(tmp_path: Path, sandbox: SandboxServer) -> None:
    terminal = open_terminal(tmp_path / "caixa", sandbox, pull=False)
    try:
        apply_settings_input(terminal.ctx.store, MAPPING)
        open_turno(terminal.ctx.store, operator="Caixa", fundo_cents=10_000)
        add_movement(terminal.ctx.store, kind="sangria", amount_cents=4_000, reason="cofre", operator="Caixa")
        drain_all(terminal)
        with terminal.ctx.store.transaction() as session:  # as a restored backup leaves it: sent, not known
            item = session.scalars(select(OutboxItem).where(OutboxItem.kind == outbox.CAIXA_LANCAMENTO)).one()
            item.state, item.result = outbox.PENDING, {"maybe_sent": True}
        drain_all(terminal)
        assert len(_markers(sandbox)) == 1
        with terminal.ctx.store.read() as session:
            item = session.scalars(select(OutboxItem).where(OutboxItem.kind == outbox.CAIXA_LANCAMENTO)).one()
            assert item.state == outbox.DONE and item.result["found"] is True
    finally:
        terminal.close()


def test_unmapped_parks_with_the_fix_and_posts_once_mapped(tmp_path: Path, sandbox: SandboxServer) -> None:
    terminal = open_terminal(tmp_path / "caixa", sandbox, pull=False)
    try:
        open_turno(terminal.ctx.store, operator="Caixa", fundo_cents=0)
        add_movement(terminal.ctx.store, kind="suprimento", amount_cents=2_500, reason="troco", operator="Caixa")
        counts = drain_all(terminal)
        assert counts[outbox.PARKED] == 1 and _markers(sandbox) == []
        with terminal.ctx.store.read() as session:
            parked = session.scalars(select(OutboxItem).where(OutboxItem.state == outbox.PARKED)).one()
            assert parked.error_code == "caixa_nao_mapeado" and "conta financeira" in (parked.suggested_fix or "")
        apply_settings_input(terminal.ctx.store, {"caixa_conta_id": str(CONTA)})
        with terminal.ctx.store.transaction() as session:
            outbox.retry_all_parked(session)
        drain_all(terminal)
        with terminal.ctx.store.read() as session:
            parked = session.scalars(select(OutboxItem).where(OutboxItem.state == outbox.PARKED)).one()
            assert "categoria do suprimento" in (parked.suggested_fix or "")
        apply_settings_input(terminal.ctx.store, MAPPING)
        with terminal.ctx.store.transaction() as session:
            outbox.retry_all_parked(session)
        drain_all(terminal)
        assert len(_markers(sandbox)) == 1
    finally:
        terminal.close()

"""Verificar conta and the stock check with NFC-e through Bling (issue 27 items 4, 6, 10): whether
the account can issue (a natureza "Padrão venda cupom", the first issue's result), notes overdue
past the store's limit turn it red, and a note that moves stock on top of the order is named."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from pdv_bling.account_check import CheckReport, run_check
from pdv_bling.counter.nfce_status import nfce_overview
from pdv_bling.counter.sales import record_sale
from pdv_bling.sandbox import SandboxServer
from pdv_bling.store.models import utcnow
from pdv_bling.sync.stock_check import load_stock_check
from tests.e2e.helpers import Terminal, drain_all, mixed_sale, open_terminal, sellable, set_settings

pytestmark = pytest.mark.e2e


@pytest.fixture
def terminal(tmp_path: Path, sandbox: SandboxServer) -> Iterator[Terminal]:
    sandbox.set_nfce(sefaz_latency_s=0.05, slow_share=0.0)
    t = open_terminal(tmp_path / "t1", sandbox)
    set_settings(t, nfce_source="bling")
    yield t
    t.close()


def check(t: Terminal) -> CheckReport:
    return run_check(t.ctx.store, t.service.client)


def codes(report: CheckReport) -> dict[str, str]:
    return {r.code: r.status for r in report.results if r.topic in ("nfce", "estoque", "escopos")}


def sell(t: Terminal, seed: int, **kwargs: object) -> None:
    record_sale(t.ctx.store, mixed_sale(sellable(t.ctx, 10), random.Random(seed), with_customer=False),
                **kwargs)  # type: ignore[arg-type]


def test_the_check_says_whether_the_account_can_issue_and_how_the_first_note_went(
        terminal: Terminal, sandbox: SandboxServer) -> None:
    before = check(terminal)
    assert codes(before)["nfce_natureza_ok"] == "ok" and codes(before)["nfce_primeira_pendente"] == "nao_verificado"
    assert codes(before)["escopos_ok"] == "ok"  # NFC-e and Naturezas probed too
    sell(terminal, 1)
    drain_all(terminal)
    after = check(terminal)
    assert codes(after)["nfce_primeira_ok"] == "ok" and codes(after)["nfce_em_dia"] == "ok"
    sandbox.set_nfce(no_natureza=True)
    assert codes(check(terminal))["nfce_sem_natureza"] == "erro"


def test_a_first_note_rejected_is_an_error_with_where_to_look(terminal: Terminal, sandbox: SandboxServer) -> None:
    sandbox.set_nfce(reject_cstat=778)
    sell(terminal, 2)
    drain_all(terminal)
    found = {r.code: r for r in check(terminal).results}
    assert found["nfce_primeira_falhou"].status == "erro" and "rejeitou" in found["nfce_primeira_falhou"].explanation


def test_notes_past_the_stores_limit_turn_it_red(terminal: Terminal, sandbox: SandboxServer) -> None:
    set_settings(terminal, nfce_wait_limit_min=30)
    sandbox.set_nfce(never_authorize=True)
    sell(terminal, 3, now=utcnow() - dt.timedelta(hours=2))  # recorded offline two hours ago
    sell(terminal, 4)
    terminal.service.drain_now()
    with terminal.ctx.store.read() as session:
        overview = nfce_overview(session, limit_min=30)
    assert overview.pending == 2 and overview.overdue == 1
    assert codes(check(terminal))["nfce_atrasadas"] == "erro"


def test_turning_nfce_off_leaves_the_check_as_it_was(terminal: Terminal) -> None:
    set_settings(terminal, nfce_source="outro")
    report = check(terminal)
    assert not [r for r in report.results if r.topic == "nfce"]
    assert report.requests == 11  # the healthy account's count (README), no NFC-e probe


@pytest.mark.parametrize("note_posts", [False, True])
def test_the_stock_check_learns_whether_issuing_the_note_moves_stock(terminal: Terminal, sandbox: SandboxServer,
                                                                     note_posts: bool) -> None:
    sandbox.set_nfce(posts_stock=note_posts)  # the account's setting: the note posts stock too
    sell(terminal, 5)
    drain_all(terminal)
    with terminal.ctx.store.read() as session:
        verdict = load_stock_check(session)
    assert verdict is not None and verdict.note_moves_stock is note_posts
    assert verdict.status == ("moved_twice" if note_posts else "ok")
    found = {r.code: r for r in check(terminal).results if r.topic == "estoque"}
    if note_posts:
        twice = found["estoque_duas_vezes"]
        assert twice.status == "erro" and "NFC-e" in twice.explanation and "Preferências" in twice.fix
    else:
        assert "estoque_ok" in found

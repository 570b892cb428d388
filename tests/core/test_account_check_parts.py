"""The account check's pieces that need no network: scope names, the 403 fix, thresholds, the
day's request ledger, the stock-check adapter, and when the job decides to run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from pdv_bling.account_check import job as job_module
from pdv_bling.account_check import usage
from pdv_bling.account_check.checks_account import check_requests, duration_words
from pdv_bling.account_check.job import AccountCheckJob
from pdv_bling.account_check.model import CheckReport, CheckResult, load_last, save_last
from pdv_bling.account_check.stock_view import read_stock_check
from pdv_bling.base.events import Connected, EventBus, SyncProgress
from pdv_bling.bling.errors import BlingForbidden, error_from_response
from pdv_bling.bling.pacer import Pacer
from pdv_bling.bling.scopes import scope_for, scope_for_path
from pdv_bling.store.context import AppContext
from pdv_bling.store.settings import set_value
from pdv_bling.sync.fixes import suggest


@pytest.fixture
def ctx(tmp_path: Path) -> Any:
    context = AppContext.open(tmp_path / "home", log=False)
    yield context
    context.close()


@pytest.mark.parametrize(("path", "label"), [
    ("/pedidos/vendas/123/lancar-estoque", "Pedidos de Venda"),
    ("/contatos/consumidor-final", "Contatos"),
    ("/formas-pagamentos?pagina=1", "Formas de Pagamento"),
    ("/categorias/produtos", "Categorias de Produtos"),
    ("/produtos/variacoes/9", "Produtos"),
    ("/estoques/saldos", "Estoques"),
    ("http://127.0.0.1:5/Api/v3/situacoes/modulos/98310", "Situações"),
])
def test_every_path_we_call_has_its_scope(path: str, label: str) -> None:
    scope = scope_for_path(path)
    assert scope is not None and scope.label == label


def test_a_403_names_the_scope_of_the_path_that_answered() -> None:
    body = b'{"error":{"type":"insufficient_scope","message":"insufficient_scope","description":"x"}}'
    error = error_from_response(403, body)
    assert isinstance(error, BlingForbidden)
    error.path = "/contatos/consumidor-final"
    fix = suggest(error, model="pedidos_vendas")  # the path wins over the outbox item's model
    assert fix.code == "escopo_insuficiente" and '"Contatos"' in fix.check and "Área do Integrador" in fix.check
    error.path = None
    assert '"Pedidos de Venda"' in suggest(error, model="pedidos_vendas").check
    assert scope_for(path=None, model="nada") is None
    assert "Pedidos de" in suggest(error, model="nada").check  # the generic list, still a fix


def test_durations_in_words() -> None:
    assert [duration_words(s) for s in (0.4, 45, 600, 3600, 7500)] == [
        "menos de 1 s", "45 s", "10 min", "1 h", "2 h 5 min"]


@pytest.mark.parametrize(("used", "code"), [(0, "requisicoes_ok"), (95_999, "requisicoes_ok"),
                                            (96_000, "requisicoes_alto"), (120_000, "requisicoes_esgotadas")])
def test_request_thresholds(used: int, code: str) -> None:
    (found,) = check_requests(used, limit=120_000)
    assert found.code == code


def test_the_day_is_summed_over_processes(ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    pacer = Pacer(rate_per_second=1000, sleep=lambda _s: None)
    for _ in range(7):
        pacer.acquire()
    assert usage.flush(ctx.store, pacer) == 7
    monkeypatch.setattr(usage, "PROCESS_ID", "another-process")  # e.g. `pdv-bling sync` earlier today
    other = Pacer(rate_per_second=1000, sleep=lambda _s: None)
    for _ in range(5):
        other.acquire()
    assert usage.flush(ctx.store, other) == 12 and usage.today_total(ctx.store) == 12
    with ctx.store.transaction() as session:  # yesterday's figures do not count
        set_value(session, usage.USAGE_KEY, {"day": "2020-01-01", "processes": {"x": 99_000}})
    assert usage.today_total(ctx.store) == 0


@pytest.mark.parametrize(("row", "moved", "born"), [
    (None, None, None),
    # rows as pdv_bling.sync.stock_check writes them (its StockCheck exists in this build)
    ({"status": "ok", "numero_loja": "PDV01-0000012", "checked_at": "2026-11-30T10:00:00+00:00",
      "born_atendido": False}, True, False),
    ({"status": "born_atendido_no_stock", "born_atendido": True, "fix_code": "born_atendido_no_stock"}, False, True),
    ({"status": "pending", "numero_loja": "PDV01-0000013"}, None, None),  # measuring: "ainda não verificado"
    ({"something": "else"}, None, None),  # not recognised: "ainda não verificado"
])
def test_stock_check_adapter(ctx: AppContext, row: Any, moved: bool | None, born: bool | None) -> None:
    with ctx.store.transaction() as session:
        if row is not None:
            set_value(session, "stock_check", row)
    with ctx.store.read() as session:
        view = read_stock_check(session)
    assert (view.moved if view else None) == moved and (view.born_atendido if view else None) == born


class FakeScheduler:
    def __init__(self) -> None:
        self.jobs: dict[str, dict[str, Any]] = {}
        self.moved: list[tuple[str, dt.datetime]] = []

    def add_job(self, fn: Any, trigger: str, **kw: Any) -> None:
        self.jobs[kw["id"]] = {"fn": fn, "trigger": trigger, **kw}

    def modify_job(self, job_id: str, *, next_run_time: dt.datetime) -> None:
        self.moved.append((job_id, next_run_time))


class FakeClient:
    pacer = Pacer(rate_per_second=1000, sleep=lambda _s: None)


def test_the_job_runs_after_connect_after_a_pull_and_daily(ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    bus, scheduler, ran = EventBus(), FakeScheduler(), []
    state = {"value": "connected"}
    job = AccountCheckJob(ctx.store, FakeClient(), bus, connection_state=lambda: state["value"])  # type: ignore[arg-type]
    monkeypatch.setattr(job_module, "check_and_record", lambda *_a, **_k: ran.append(1))
    job.install(scheduler)
    assert {"account_check", "bling_usage"} <= set(scheduler.jobs)
    tick = scheduler.jobs["account_check"]["fn"]

    tick()  # never checked: due
    assert len(ran) == 1
    _record_check(ctx, finished=dt.datetime.now(dt.UTC))
    tick()  # checked a moment ago, nothing new: not again
    assert len(ran) == 1
    bus.publish(Connected(company_name="Loja"))
    assert scheduler.moved[-1][0] == "account_check"
    tick()
    assert len(ran) == 2
    bus.publish(SyncProgress(model="produtos", done=5, total=10))  # a pull in progress: nothing yet
    tick()
    assert len(ran) == 2
    bus.publish(SyncProgress(model="formas_pagamento", done=9, total=9, finished=True))
    state["value"] = "reconnection_needed"
    tick()  # due, but not connected: waits
    assert len(ran) == 2
    state["value"] = "connected"
    tick()
    assert len(ran) == 3
    _record_check(ctx, finished=dt.datetime.now(dt.UTC) - dt.timedelta(hours=25))
    tick()  # a day old
    assert len(ran) == 4


def _record_check(ctx: AppContext, *, finished: dt.datetime) -> None:
    report = CheckReport((CheckResult("fila", "fila_vazia", "ok", "Vendas na fila", "Nenhuma.", ""),), 12,
                         finished, finished)
    with ctx.store.transaction() as session:
        save_last(session, report)
    with ctx.store.read() as session:
        again = load_last(session)
    assert again == report


def test_a_text_missing_a_value_never_breaks_the_check(caplog: pytest.LogCaptureFixture) -> None:
    from pdv_bling.account_check.texts import result

    found = result("depara_forma_inativa", forma="PIX")  # `names` forgotten
    assert '"PIX"' in found.fix and "?" in found.explanation
    assert "without the value 'names'" in caplog.text

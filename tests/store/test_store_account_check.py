"""Verificar conta Bling in store mode: only the integrador talks to Bling, so a caixa (or
`pdv-bling check` on any PC of the store) asks it; the report is the store's (its DE-PARA, its
queue) and the day's request count set against 120,000 is the whole store's (`request_budget`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import update

from pdv_bling.account_check.model import load_last
from pdv_bling.bling.pacer import BLING_TZ
from pdv_bling.retaguarda.caixa_service import CaixaService
from pdv_bling.sandbox import SandboxServer
from pdv_bling.store.models import RequestBudget, utcnow
from tests.store.helpers import RunningIntegrador, join

pytestmark = [pytest.mark.postgres, pytest.mark.e2e]


@pytest.fixture(autouse=True)
def fast_client(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PDV_BLING_RATE_PER_SECOND", "500")



def _store_used_today(integrador: RunningIntegrador, used: int) -> None:
    """As if the store's caixas had made the integrador send `used` requests today."""
    day = utcnow().astimezone(BLING_TZ).date().isoformat()
    with integrador.server.transaction() as session:
        session.execute(update(RequestBudget).where(RequestBudget.day == day).values(used=used))


def test_a_caixa_asks_the_integrador_and_the_count_is_the_whole_stores(tmp_path: Path, pg_url: str,
                                                                       bling: SandboxServer) -> None:
    integrador = RunningIntegrador(tmp_path, pg_url, bling)  # its pull filled today's budget row
    _store_used_today(integrador, 100_000)
    integrador.start()
    try:
        ctx, link = join(tmp_path, pg_url, "PDV02")
        report = CaixaService(ctx, link).check_account()
    finally:
        integrador.stop()
    (requests,) = [r for r in report.results if r.topic == "requisicoes"]
    assert requests.code == "requisicoes_alto" and requests.status == "atencao"
    assert requests.params["used_count"] == 100_000 + report.requests  # the store's, the check's own included
    assert "pela loja inteira" in requests.explanation
    with integrador.server.read() as session:  # kept in the store database, for every caixa
        saved = load_last(session)
    assert saved is not None and saved.finished_at == report.finished_at
    with ctx.store.read() as session:  # not a check of this caixa's own folder
        assert load_last(session) is None
    depara = [r for r in report.results if r.topic == "depara"]
    assert depara and depara[0].status == "ok"  # the store's DE-PARA (mapped on the store server)


def test_pdv_bling_check_on_a_caixa_prints_the_integradors_report(tmp_path: Path, pg_url: str,
                                                                  bling: SandboxServer) -> None:
    integrador = RunningIntegrador(tmp_path, pg_url, bling).start()
    try:
        ctx, _link = join(tmp_path, pg_url, "PDV01")
        ctx.close()
        env = {**os.environ, "PDV_BLING_HOME": str(tmp_path / "PDV01")}
        done = subprocess.run([sys.executable, "-m", "pdv_bling", "check", "--json"], capture_output=True,
                              text=True, env=env, timeout=120)
    finally:
        integrador.stop()
    assert done.returncode in (0, 1), done.stderr
    data = json.loads(done.stdout[done.stdout.index("{"):])
    assert data["problem"] is None and data["requests"] > 0
    assert any(r["topic"] == "requisicoes" and "pela loja inteira" in r["explanation"] for r in data["results"])


def test_without_an_integrador_the_caixa_is_told_so(tmp_path: Path, pg_url: str) -> None:
    from pdv_bling.domain.errors import DomainError
    from pdv_bling.retaguarda.caixa_service import check_through_integrator
    from tests.store.helpers import make_store

    make_store(pg_url)
    _ctx, link = join(tmp_path, pg_url, "PDV01")
    with pytest.raises(DomainError) as stopped:
        check_through_integrator(link.server(), timeout_s=1.5)
    assert stopped.value.code == "store_integrator_stopped"
    assert "integrador da loja está parado" in str(stopped.value)

"""The integrador checks each caixa's numeroLoja series in Bling once, not once per sale: the
check was remembered for one terminal only, so with several caixas' sales interleaved every sale
cost an extra GET /pedidos/vendas (a third more requests per sale, found by the throughput bench)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pdv_bling.retaguarda.integrator import Integrator
from pdv_bling.retaguarda.server import init_store, open_server
from pdv_bling.runtime.demo import attach_to_sandbox, map_payments_by_name
from pdv_bling.sandbox import SandboxServer
from pdv_bling.store.context import AppContext
from pdv_bling.sync import series
from tests.store.helpers import join, sell_one_unit

pytestmark = [pytest.mark.postgres, pytest.mark.e2e]



def test_each_caixas_series_is_checked_once(tmp_path: Path, pg_url: str, bling: SandboxServer) -> None:
    init_store(pg_url)
    ctx = AppContext.open(tmp_path / "int", log=False)
    attach_to_sandbox(ctx, bling)
    integ = Integrator(ctx, pg_url)
    assert integ.run_once().role == "leader"
    server = open_server(pg_url)
    map_payments_by_name(AppContext(ctx.paths, server))
    caixas = [join(tmp_path, pg_url, terminal) for terminal in ("PDV01", "PDV02")]
    for _round in range(3):
        for c, link in caixas:  # one sale each, handed over in turn: the store's queue alternates
            sell_one_unit(c)
            assert link.sync_once().online
    mark = len(bling.inspect()["requests"]["log"])
    assert integ.run_once().delivered == 12  # 6 orders + 6 Atendido
    log = bling.inspect()["requests"]["log"][mark:]
    lookups = [e for e in log if e["method"] == "GET" and e["endpoint"] == "/pedidos/vendas"]
    assert len(lookups) == 2  # PDV01's series, PDV02's series
    checks = [e for e in log if e["endpoint"] in ("/estoques/saldos", "/pedidos/vendas/{idPedidoVenda}")]
    assert len(checks) == 3, checks  # the once-per-account stock check: balance before, born situação, after
    assert len(log) == 12 + 2 + 1 + 3  # + the Consumidor Final contact, looked up once
    with server.read() as session:
        assert series.series_checked(session, "PDV01") and series.series_checked(session, "PDV02")
        assert not series.series_checked(session, "PDV03")
    integ.stop()

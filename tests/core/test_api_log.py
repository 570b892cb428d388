"""Honest API log (issue 13 item 4, issue 14 "Logs de API in words"): network errors, time-outs,
5xx and 429 each have their own words and fix (never "O Bling recusou os dados"), repeats collapse
into one row with a count while the cause lasts, and every row says in words what was done.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from pdv_bling.bling.errors import (
    BlingError,
    BlingRateLimited,
    BlingServerError,
    BlingValidationError,
    KeyringUnavailable,
    OutcomeUnknown,
)
from pdv_bling.bling.http import BlingHttp, Exchange
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import ApiLogEntry
from pdv_bling.sync.apilog import ApiLog
from pdv_bling.sync.apiwords import activity, describe
from pdv_bling.sync.fixes import suggest


def transport(exc: Exception, method: str = "GET") -> BlingError:
    return BlingHttp._transport_error(exc, method)


REQUEST = httpx.Request("POST", "https://api.bling.com.br/Api/v3/pedidos/vendas")
TROUBLE = [
    (transport(httpx.ConnectError("[Errno 111] Connection refused")), "sem_conexao", "Não foi possível conectar"),
    (transport(httpx.ConnectError("[Errno -3] Temporary failure in name resolution")), "sem_conexao", "DNS"),
    (transport(httpx.ConnectTimeout("timed out")), "tempo_esgotado", "não respondeu a tempo"),
    (transport(httpx.ReadTimeout("timed out"), "GET"), "tempo_esgotado", "não respondeu a tempo"),
    (transport(httpx.ReadTimeout("timed out"), "POST"), "resposta_perdida", "resposta do Bling se perdeu"),
    (transport(httpx.RemoteProtocolError("closed"), "POST"), "resposta_perdida", "sem duplicar"),
    (BlingServerError("Um erro interno ocorreu.", status=503), "bling_indisponivel", "HTTP 503"),
    (OutcomeUnknown("Um erro interno ocorreu.", status=500), "bling_indisponivel", "HTTP 500"),
    (BlingRateLimited("Limite de requisições atingido.", status=429), "limite_por_segundo", "mais devagar"),
    (KeyringUnavailable("no backend"), "sem_cofre", "cofre de senhas"),
]


@pytest.mark.parametrize(("error", "code", "words"), TROUBLE, ids=[t[1] + str(i) for i, t in enumerate(TROUBLE)])
def test_trouble_on_the_way_has_its_own_words_and_fix(error: BlingError, code: str, words: str) -> None:
    fix = suggest(error, model="pedidos_vendas")
    assert fix.code == code
    assert words in fix.check
    assert "recusou" not in fix.check and "Corrija" not in fix.check


def test_a_real_refusal_still_says_what_bling_refused() -> None:
    fix = suggest(BlingValidationError("Não foi possível salvar a venda", status=400,
                                       description="O campo numero é obrigatório"), model="pedidos_vendas")
    assert fix.code == "validacao" and "O Bling recusou os dados: O campo numero é obrigatório" in fix.check


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[AppContext]:
    context = AppContext.open(tmp_path / "home", log=False)
    yield context
    context.close()


def exchange(method: str, path: str, *, error: BlingError | None = None, status: int | None = None) -> Exchange:
    ok = error is None
    return Exchange(method, path, status if status is not None else (200 if ok else None), ok, 12.0, error,
                    f"{method} {path}")


def rows(ctx: AppContext) -> list[ApiLogEntry]:
    with ctx.store.read() as session:
        return list(session.scalars(select(ApiLogEntry).order_by(ApiLogEntry.id)))


def test_offline_for_a_long_time_is_one_row_with_a_count(ctx: AppContext) -> None:
    offline = transport(httpx.ConnectError("refused"))
    log = ApiLog(ctx.store)
    for n in range(60):  # drain attempts for several sales and the re-probes, all while offline
        with activity(sale_number=n % 3 + 1, kind="sale_create"):
            log(exchange("POST", "/pedidos/vendas", error=offline))
        log(exchange("GET", "/empresas/me/dados-basicos", error=offline))
    ApiLog(ctx.store)(exchange("GET", "/empresas/me/dados-basicos", error=offline))  # the next `sync` process
    # One row per kind of request while the cause lasts (issue 23: the sales' failures never
    # counted under another model's words): the sales' sends, and the re-probes.
    sales, probes = sorted(rows(ctx), key=lambda r: r.model != "pedidos_vendas")
    assert (sales.model, sales.count, sales.action) == ("pedidos_vendas", 60, "Enviar vendas ao Bling")
    assert (probes.model, probes.count) == ("empresas", 61)
    for row in (sales, probes):
        assert row.error_code == "sem_conexao" and not row.ok
        assert row.last_at is not None and row.last_at >= row.at
        assert "Não foi possível conectar ao Bling" in (row.check or "")


def test_the_run_ends_when_something_works_and_a_new_cause_starts_its_own_row(ctx: AppContext) -> None:
    offline = transport(httpx.ConnectError("refused"))
    log = ApiLog(ctx.store)
    log(exchange("GET", "/produtos", error=offline))
    log(exchange("GET", "/produtos", error=offline))
    log(exchange("GET", "/produtos"))  # back online (a read that worked: no row of its own)
    log(exchange("GET", "/produtos", error=offline))
    log(exchange("GET", "/produtos", error=BlingRateLimited("Limite", status=429)))
    log(exchange("GET", "/produtos", error=BlingRateLimited("Limite", status=429)))
    assert [(r.error_code, r.count) for r in rows(ctx)] == [
        ("sem_conexao", 2), ("sem_conexao", 1), ("limite_por_segundo", 2)]


def test_a_records_own_refusal_repeats_on_its_row_but_other_sales_get_theirs(ctx: AppContext) -> None:
    refused = BlingValidationError("Não foi possível salvar a venda", status=400, description="Produto inválido")
    log = ApiLog(ctx.store)
    for sale in (5, 5, 6):
        with activity(sale_number=sale, kind="sale_create"):
            log(exchange("POST", "/pedidos/vendas", error=refused, status=400))
    assert [(r.action, r.count) for r in rows(ctx)] == [("Venda 5: criar pedido", 2), ("Venda 6: criar pedido", 1)]


def test_rows_are_in_words_and_keep_the_raw_request_apart(ctx: AppContext) -> None:
    log = ApiLog(ctx.store)
    with activity(sale_number=7, kind="sale_create"):
        log(exchange("POST", "/pedidos/vendas", status=201))
    with activity(sale_number=5, kind="sale_cancel", to="Cancelado"):
        log(exchange("PATCH", "/pedidos/vendas/16000000042/situacoes/12", status=204))
    with activity(sale_number=5, kind="stock_reverse"):
        log(exchange("POST", "/pedidos/vendas/16000000042/estornar-estoque", status=200))
    found = rows(ctx)
    assert [r.action for r in found] == ["Venda 7: pedido criado", "Venda 5: situação → Cancelado",
                                         "Venda 5: estoque estornado"]
    assert found[1].request == "PATCH /pedidos/vendas/16000000042/situacoes/12 → HTTP 204"


def test_words_without_a_sale() -> None:
    assert describe("GET", "/produtos", ok=False) == "Sincronizar produtos"
    assert describe("GET", "/empresas/me/dados-basicos", ok=True) == "Conexão com o Bling verificada"
    assert describe("PATCH", "/pedidos/vendas/9/situacoes/15", ok=True) == "Situação → situação 15"

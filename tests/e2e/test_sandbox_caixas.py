"""The stand-in's Caixa e Bancos: what a live account is documented (or guessed, as traps) to do."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from pdv_bling.sandbox import SandboxServer

pytestmark = pytest.mark.e2e
CAIXA, PIX, OLD = 14_000_000_001, 14_000_000_003, 14_000_000_005
SUPRIMENTO, INATIVA = 15_000_000_001, 15_000_000_009


def body(**extra: Any) -> dict[str, Any]:
    out = {"data": "2026-11-26", "competencia": "2026-11-26", "valor": 50.0, "debCred": "C",
           "observacoes": "Suprimento · [pdv-bling abc]", "idContaContabil": CAIXA, "contaFinanceira": {"id": CAIXA},
           "categoria": {"id": SUPRIMENTO}}
    out.update(extra)
    return out


def day(api: httpx.Client, when: str = "2026-11-26", **params: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = api.get("/caixas", params={"dataInicial": when, "dataFinal": when, **params}).json()["data"]
    return rows


def test_the_same_body_twice_makes_two_lancamentos(api: httpx.Client) -> None:
    """No duplicate protection is documented for Caixa e Bancos: none is modelled."""
    first, second = api.post("/caixas", json=body()), api.post("/caixas", json=body())
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] != second.json()["id"]
    assert len(day(api)) == 2


def test_list_rows_have_string_ids_and_filters_apply(api: httpx.Client) -> None:
    created = api.post("/caixas", json=body(valor=49.9)).json()["id"]
    api.post("/caixas", json=body(valor=10.0, debCred="D", contaFinanceira={"id": PIX}, idContaContabil=PIX))
    api.post("/caixas", json=body(data="2026-11-27", competencia="2026-11-27"))
    (row,) = day(api, valor=49.9)
    assert row["id"] == str(created) and round(row["valor"], 2) == 49.9
    assert [r["debCred"] for r in day(api, idContaFinanceira=PIX)] == ["D"]
    assert len(day(api)) == 2 and len(day(api, "2026-11-27")) == 1
    assert day(api, pesquisa="pdv-bling") == []  # pesquisa reads descricao only, which a POST cannot set
    assert day(api, situacaoConciliacao=1) == [] and len(day(api, situacaoConciliacao=2)) == 2
    detail = api.get(f"/caixas/{created}").json()
    assert detail["id"] == created and detail["categoria"]["id"] == SUPRIMENTO and detail["tipoLancamento"] == "2"


def test_without_dates_the_current_month_is_listed_in_pages_without_limite(api: httpx.Client,
                                                                          sandbox: SandboxServer) -> None:
    today = sandbox.clock.now().date()
    for i in range(105):
        api.post("/caixas", json=body(data=today.isoformat(), competencia=today.isoformat(), valor=1 + i))
    api.post("/caixas", json=body(data="2001-01-01", competencia="2001-01-01"))
    assert len(api.get("/caixas", params={"limite": 5}).json()["data"]) == 100  # no `limite`: pages of 100
    assert len(api.get("/caixas", params={"pagina": 2}).json()["data"]) == 5
    assert api.get("/caixas", params={"pagina": 3}).json()["data"] == []


def test_refusals(api: httpx.Client, sandbox: SandboxServer) -> None:
    def refused(resp: httpx.Response) -> str:
        assert resp.status_code == 400, resp.text
        return str(resp.json()["error"]["fields"][0]["element"])

    assert refused(api.post("/caixas", json=body(idContaContabil=OLD, contaFinanceira={"id": OLD}))) == "contaFinanceira"
    assert refused(api.post("/caixas", json=body(categoria={"id": INATIVA}))) == "categoria"
    assert refused(api.post("/caixas", json=body(valor=0))) == "valor"
    assert refused(api.post("/caixas", json=body(debCred="X"))) == "debCred"
    start, stop = dt.date(2025, 1, 1), dt.date(2026, 6, 1)
    assert api.get("/caixas", params={"dataInicial": start.isoformat(), "dataFinal": stop.isoformat()}).status_code == 400
    assert day(api) == []


@pytest.mark.parametrize(("reads", "sent", "ok"), [
    ("idContaContabil", {"contaFinanceira": {"id": CAIXA}}, False),
    ("idContaContabil", {"idContaContabil": CAIXA}, True),
    ("contaFinanceira", {"idContaContabil": CAIXA}, False),
    ("contaFinanceira", {"contaFinanceira": {"id": CAIXA}}, True),
    ("either", {"contaFinanceira": {"id": CAIXA}}, True),
])
def test_the_conta_field_the_account_reads(api: httpx.Client, sandbox: SandboxServer, reads: str,
                                           sent: dict[str, Any], ok: bool) -> None:
    sandbox.set_traps(caixas_conta_field=reads)
    payload = {k: v for k, v in body().items() if k not in ("idContaContabil", "contaFinanceira")}
    assert api.post("/caixas", json={**payload, **sent}).status_code == (201 if ok else 400)


def test_date_forms_and_wrapped_answers(api: httpx.Client, sandbox: SandboxServer) -> None:
    sandbox.set_traps(caixas_date_format="br", caixas_data_wrapped=True)
    created = api.post("/caixas", json=body()).json()["data"]["id"]
    assert api.get(f"/caixas/{created}").json()["data"]["id"] == created
    assert api.get("/caixas", params={"dataInicial": "2026-11-26", "dataFinal": "2026-11-26"}).status_code == 400
    assert len(day(api, "26/11/2026")) == 1
    sandbox.set_traps(caixas_date_format="iso")
    assert api.get("/caixas", params={"dataInicial": "26/11/2026", "dataFinal": "26/11/2026"}).status_code == 400


def test_contas_and_categorias_filters(api: httpx.Client) -> None:
    active = api.get("/contas-contabeis", params={"situacoes[]": 1}).json()["data"]
    assert OLD not in {c["id"] for c in active} and all("situacao" not in c for c in active)
    assert len(api.get("/contas-contabeis").json()["data"]) == 5
    no_bank = api.get("/contas-contabeis", params={"ocultarTipoContaBancaria": "true"}).json()["data"]
    assert "conta-bancaria" not in {c["tipo"] for c in no_bank}
    ativas = api.get("/categorias/receitas-despesas", params={"situacao": 1}).json()["data"]
    assert INATIVA not in {c["id"] for c in ativas}
    despesas = api.get("/categorias/receitas-despesas", params={"tipo": 1}).json()["data"]
    assert {c["tipo"] for c in despesas} == {1}
    assert api.get(f"/categorias/receitas-despesas/{INATIVA}").json()["data"]["situacao"] == 0

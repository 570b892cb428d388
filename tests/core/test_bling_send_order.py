"""The order of one send: token (a refresh, when due, happens first, outside the slot), the pacer's
slot, the gate (the integrador's lease check), then the request. A gate that refuses sends nothing."""

from __future__ import annotations

import httpx
import pytest
import respx

from pdv_bling.bling.pacer import Pacer
from tests.core.bling_support import API, TOKEN_URL, fresh_pair, make_harness, token_body

EMPRESA = f"{API}/empresas/me/dados-basicos"
OK_EMPRESA = {"data": {"id": "h", "nome": "Loja", "cnpj": "11222333000181"}}


class Refused(BaseException):
    pass


class RecordingPacer(Pacer):
    def __init__(self, steps: list[str]) -> None:
        super().__init__(rate_per_second=100.0, start_rate=100.0)
        self.steps = steps

    def acquire(self) -> None:
        self.steps.append("slot")
        super().acquire()


class Gate:
    def __init__(self, steps: list[str], *, refuse: bool = False) -> None:
        self.steps = steps
        self.refuse = refuse

    def before_send(self, method: str, path: str) -> None:
        self.steps.append(f"gate {method} {path}")
        if self.refuse:
            raise Refused(path)


@respx.mock
def test_a_due_refresh_happens_before_the_slot_and_the_gate() -> None:
    h = make_harness(pair=fresh_pair(hours=0))  # expired: the next send refreshes first
    steps: list[str] = []
    refresh = respx.post(TOKEN_URL).mock(side_effect=lambda _r: steps.append("refresh") or httpx.Response(
        200, json=token_body("access-2", "refresh-2")))
    api = respx.get(EMPRESA).mock(side_effect=lambda r: steps.append("send " + r.headers["Authorization"])
                                  or httpx.Response(200, json=OK_EMPRESA))
    h.client.http.pacer = RecordingPacer(steps)
    h.client.http.gate = Gate(steps)
    assert h.client.empresas.dados_basicos().nome == "Loja"
    assert steps == ["refresh", "slot", "gate GET /empresas/me/dados-basicos", "send Bearer access-2"]
    assert refresh.call_count == api.call_count == 1


@respx.mock
def test_a_gate_that_refuses_sends_nothing() -> None:
    h = make_harness()
    steps: list[str] = []
    api = respx.post(f"{API}/pedidos/vendas").respond(201, json={"data": {"id": 1}})
    h.client.http.gate = Gate(steps, refuse=True)
    with pytest.raises(Refused):
        h.client.http.request("POST", "/pedidos/vendas", body={"numeroLoja": "PDV01-1"})
    assert steps == ["gate POST /pedidos/vendas"]
    assert api.call_count == 0

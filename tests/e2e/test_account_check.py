"""Verificar conta Bling end to end: the stand-in's account is broken one way at a time (through
its control endpoint, over real HTTP) and the check reports exactly that problem, with its fix;
a healthy account is all ok, at a bounded request count, and nothing is written to Bling."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from pdv_bling.account_check import MAX_REQUESTS, CheckReport, CheckResult, check_and_record, run_check
from pdv_bling.bling.client import open_client
from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.sandbox import SandboxServer
from pdv_bling.store.models import ApiLogEntry, Customer, PaymentMethod, Product, Seller
from pdv_bling.store.settings import load_settings, save_settings
from tests.e2e.helpers import Terminal, open_terminal

Rig = tuple[SandboxServer, Terminal]


@pytest.fixture
def rig(tmp_path: Path, make_sandbox: Callable[..., SandboxServer]) -> Iterator[Rig]:
    server = make_sandbox(products=40, seed=3)
    terminal = open_terminal(tmp_path / "pdv", server)
    yield server, terminal
    terminal.close()


def break_account(server: SandboxServer, **knobs: Any) -> None:
    """The stand-in's control endpoint, as a tester would call it."""
    answer = httpx.post(f"{server.control_url}/account", json=knobs, timeout=5)
    assert answer.status_code == 200, answer.text


def check(terminal: Terminal) -> CheckReport:
    return run_check(terminal.ctx.store, terminal.service.client)


def problems(report: CheckReport) -> dict[str, CheckResult]:
    """Every finding that is not ok, by code."""
    return {r.code: r for r in report.results if r.status in ("atencao", "erro")}


def only_problem(report: CheckReport, code: str) -> CheckResult:
    found = problems(report)
    assert set(found) == {code}, [f"{r.code}: {r.explanation}" for r in found.values()]
    return found[code]


def set_settings(terminal: Terminal, **values: Any) -> None:
    with terminal.ctx.store.transaction() as session:
        previous = load_settings(session)
        save_settings(session, previous.__class__(**{**previous.__dict__, **values}), previous=previous)


def map_method(terminal: Terminal, name: str, forma_id: int | None) -> None:
    with terminal.ctx.store.transaction() as session:
        method = session.scalars(select(PaymentMethod).where(PaymentMethod.name == name)).one()
        method.bling_forma_pagamento_id = forma_id


def forma_id(server: SandboxServer, descricao: str) -> int:
    return next(int(f["id"]) for f in server.state.formas.values() if f["descricao"] == descricao)


def sell(terminal: Terminal, *, method: str = "Dinheiro", customer: Any = None) -> int:
    with terminal.ctx.store.read() as session:
        product = session.scalars(select(Product).where(Product.active.is_(True), Product.barcode.is_not(None),
                                                        Product.formato == "S").order_by(Product.id)).first()
        assert product is not None
        barcode, price = product.barcode, product.price_cents
    draft = SaleDraft(items=(ItemDraft(barcode=barcode, quantity=1),), payments=(PaymentDraft(method, price),),
                      customer=customer)
    return record_sale(terminal.ctx.store, draft).number


# ---------------------------------------------------------------- a healthy account


def test_healthy_account_is_all_ok_read_only_and_bounded(rig: Rig, capsys: pytest.CaptureFixture[str]) -> None:
    server, terminal = rig
    with terminal.ctx.store.transaction() as session:
        session.add(Seller(name="Marina", bling_vendedor_id=server.state.seed.vendedores[0]["id"]))
    sell(terminal)  # one sale waiting in the queue, nothing wrong with it
    before = server.inspect()
    report = check(terminal)
    after = server.inspect()

    assert report.problem is None and report.status == "ok", [r.explanation for r in problems(report).values()]
    statuses = {r.code: r.status for r in report.results}
    assert statuses["estoque_nao_verificado"] == "nao_verificado"  # until the stock check has run
    assert all(s == "ok" for code, s in statuses.items() if code != "estoque_nao_verificado")
    assert {"escopos_ok", "situacoes_ok", "deposito_ok", "depara_ok", "vendedores_ok", "consumidor_final_ok",
            "codigo_barras_ok", "requisicoes_ok", "relogio_ok", "fila_ok"} <= set(statuses)
    sent = sum(after["requests"]["by_endpoint"].values()) - sum(before["requests"]["by_endpoint"].values())
    assert report.requests == sent <= MAX_REQUESTS
    log = after["requests"]["log"][len(before["requests"]["log"]):]
    assert {entry["method"] for entry in log} == {"GET"}  # read-only
    assert after["orders_total"] == before["orders_total"] and after["stock_movements"] == before["stock_movements"]
    with capsys.disabled():
        print(f"\n[account check] healthy demo account: {report.requests} requests to Bling")


# ---------------------------------------------------------------- scopes


def test_missing_scope_is_named_with_the_screen_to_enable_it(rig: Rig) -> None:
    server, terminal = rig
    break_account(server, missing_scopes=["contatos"])
    report = check(terminal)
    found = only_problem(report, "escopos_faltando")
    assert found.status == "erro" and found.params["missing"] == ["contatos"]
    assert '"Contatos"' in found.fix and "Área do Integrador" in found.fix and "Iniciar integração" in found.fix
    cf = next(r for r in report.results if r.topic == "consumidor_final")
    assert cf.status == "nao_verificado" and "Contatos" in cf.explanation  # not reported as missing
    with terminal.ctx.store.read() as session:
        logged = session.scalars(select(ApiLogEntry).where(ApiLogEntry.http_status == 403)).all()
    assert logged and all('"Contatos"' in (e.check or "") for e in logged)  # the API log names it too


def test_several_missing_scopes_are_all_listed(rig: Rig) -> None:
    server, terminal = rig
    break_account(server, missing_scopes=["pedidos_vendas", "estoques"])
    found = only_problem(check(terminal), "escopos_faltando")
    assert found.params["missing"] == ["pedidos_vendas", "estoques"]
    assert '"Pedidos de Venda" e "Estoques"' in found.fix


def test_a_403_parks_with_the_scope_named_and_comes_back_once_fixed(rig: Rig) -> None:
    server, terminal = rig
    break_account(server, missing_scopes=["pedidos_vendas"])
    number = sell(terminal)
    report = terminal.service.drain_now()
    assert report.parked == 1
    with terminal.ctx.store.read() as session:
        from pdv_bling.store.models import OutboxItem

        item = session.scalars(select(OutboxItem).where(OutboxItem.state == "parked")).one()
        assert item.error_code == "escopo_insuficiente"
        assert '"Pedidos de Venda"' in (item.suggested_fix or "")
    break_account(server, missing_scopes=[])  # the manager enabled it (and connected again)
    checked = check_and_record(terminal.ctx.store, terminal.service.client)
    assert "escopos_faltando" not in problems(checked)
    assert terminal.service.drain_now().delivered >= 1
    numero_loja = f"PDV01-{number:07d}"
    assert server.inspect()["orders"][numero_loja]["count"] == 1


# ---------------------------------------------------------------- situações


def test_renamed_situacao(rig: Rig) -> None:
    server, terminal = rig
    break_account(server, renamed_situacoes={"Atendido": "Concluído"})
    found = only_problem(check(terminal), "situacao_renomeada")
    assert found.status == "erro" and found.params["nome"] == "Atendido" and found.params["atual"] == "Concluído"
    assert 'renomeie "Concluído" de volta para "Atendido"' in found.fix


def test_missing_situacao(rig: Rig) -> None:
    server, terminal = rig
    break_account(server, missing_situacoes=["Cancelado"])
    found = only_problem(check(terminal), "situacao_ausente")
    assert found.params["nome"] == "Cancelado" and "cancelamento" in found.explanation


# ---------------------------------------------------------------- deposit


def test_inactive_store_deposit(rig: Rig) -> None:
    server, terminal = rig
    fundos = next(d for d in server.state.depositos.values() if not d["padrao"])
    set_settings(terminal, deposit_id=fundos["id"])
    assert not problems(check(terminal))  # active: fine
    break_account(server, inactive_depositos=[fundos["id"]])
    found = only_problem(check(terminal), "deposito_loja_inativo")
    assert found.status == "erro" and "Depósito Fundos" in found.explanation
    assert "reative o depósito" in found.fix and "Configurações > Depósito do Bling" in found.fix


def test_inactive_padrao_deposit_when_the_store_posts_to_it(rig: Rig) -> None:
    server, terminal = rig
    break_account(server, inactive_depositos=["padrao"])
    found = only_problem(check(terminal), "deposito_sem_padrao")
    assert found.status == "erro" and "padrão" in found.fix


def test_deposit_that_ignores_its_balance_is_a_warning(rig: Rig) -> None:
    server, terminal = rig
    break_account(server, desconsiderar_saldo=["padrao"])
    found = only_problem(check(terminal), "deposito_desconsidera_saldo")
    assert found.status == "atencao" and "Desconsiderar saldo" in found.fix


# ---------------------------------------------------------------- DE-PARA


def test_unmapped_payment_method(rig: Rig) -> None:
    _server, terminal = rig
    map_method(terminal, "PIX", None)
    found = only_problem(check(terminal), "depara_sem_vinculo")
    assert found.status == "atencao" and '"PIX"' in found.explanation
    assert "Integração Bling > Métodos de Pagamento" in found.fix


def test_mapped_but_inactive_forma(rig: Rig) -> None:
    server, terminal = rig
    break_account(server, inactive_formas=["Cartão de Crédito"])
    found = only_problem(check(terminal), "depara_forma_inativa")
    assert found.status == "erro" and found.params["forma"] == "Cartão de Crédito"
    assert '"Cartão de Crédito"' in found.params["names"]
    assert 'reative a forma "Cartão de Crédito"' in found.fix


def test_forma_that_no_longer_exists(rig: Rig) -> None:
    _server, terminal = rig
    map_method(terminal, "Cheque", 99_999_999)
    found = only_problem(check(terminal), "depara_forma_inexistente")
    assert '"Cheque"' in found.explanation


def test_forma_only_for_payments_is_a_warning(rig: Rig) -> None:
    server, terminal = rig
    break_account(server, formas_finalidade={"Boleto": 1})
    found = only_problem(check(terminal), "depara_finalidade")
    assert found.status == "atencao" and found.params["forma"] == "Boleto" and "Recebimentos" in found.fix


# ---------------------------------------------------------------- sellers and Consumidor Final


def test_seller_not_linked(rig: Rig) -> None:
    _server, terminal = rig
    with terminal.ctx.store.transaction() as session:
        session.add(Seller(name="Beto"))
    found = only_problem(check(terminal), "vendedor_sem_vinculo")
    assert found.status == "atencao" and '"Beto"' in found.explanation and "Integração Bling > Vendedores" in found.fix


def test_seller_linked_to_an_inactive_vendedor(rig: Rig) -> None:
    server, terminal = rig
    vendedor = server.state.seed.vendedores[1]
    with terminal.ctx.store.transaction() as session:
        session.add(Seller(name="Paulo", bling_vendedor_id=vendedor["id"]))
    break_account(server, inactive_vendedores=[vendedor["contato"]["nome"]])
    found = only_problem(check(terminal), "vendedor_inativo")
    assert found.status == "erro" and '"Paulo"' in found.explanation


def test_no_consumidor_final(rig: Rig) -> None:
    server, terminal = rig
    break_account(server, no_consumidor_final=True)
    found = only_problem(check(terminal), "consumidor_final_ausente")
    assert found.status == "erro" and "404" in found.explanation and "Consumidor Final" in found.fix


# ---------------------------------------------------------------- barcodes


def test_products_without_gtin_are_counted(tmp_path: Path, make_sandbox: Callable[..., SandboxServer]) -> None:
    server = make_sandbox(products=40, seed=3)
    break_account(server, products_without_gtin=7)
    terminal = open_terminal(tmp_path / "pdv", server)  # the first pull brings them without a barcode
    try:
        found = only_problem(check(terminal), "produtos_sem_gtin")
        assert found.status == "atencao" and found.params["count"] == 7 and len(found.details) == 7
        assert "GTIN/EAN" in found.fix
    finally:
        terminal.close()


def test_duplicated_skus_with_sku_as_barcode(tmp_path: Path, make_sandbox: Callable[..., SandboxServer]) -> None:
    server = make_sandbox(products=40, seed=3)
    already = _shared_codes(server)  # the seed's own (variation codes like -VER for Verde and Vermelho)
    break_account(server, duplicated_skus=2)
    twins = _shared_codes(server) - already
    assert len(twins) == 2
    terminal = open_terminal(tmp_path / "pdv", server, pull=False)
    set_settings(terminal, sku_as_barcode=True)
    terminal.service.pull_now(["categorias", "produtos", "formas_pagamento", "depositos", "vendedores", "situacoes"])
    from pdv_bling.runtime.demo import map_payments_by_name

    map_payments_by_name(terminal.ctx)
    try:
        found_all = problems(check(terminal))
        # the seed also has products without SKU, as real catalogues do (issue 15, field guide §11 row 10)
        assert set(found_all) == {"codigo_duplicado", "produtos_sem_sku"}, list(found_all)
        found = found_all["codigo_duplicado"]
        assert found.status == "erro" and found.params["count"] == len(already) + 2 and found.params["modo"] == "SKU"
        assert all(any(line.startswith(f"{code} (") for line in found.details) for code in twins)
    finally:
        terminal.close()


def _shared_codes(server: SandboxServer) -> set[str]:
    codes = [p["codigo"] for p in server.state.produtos.values()
             if p["situacao"] == "A" and p["formato"] != "V" and p["codigo"]]
    return {c for c in codes if codes.count(c) > 1}


# ---------------------------------------------------------------- clock and requests


def test_clock_an_hour_off(rig: Rig) -> None:
    server, terminal = rig
    break_account(server, date_skew_s=-3600)  # Bling's clock behind: this PC is an hour ahead
    found = only_problem(check(terminal), "relogio_errado")
    assert found.status == "erro" and "1 h adiantado" in found.explanation and "Brasília" in found.fix
    assert 3590 <= found.params["skew_s"] <= 3610


def test_clock_a_few_minutes_off_is_a_warning(rig: Rig) -> None:
    server, terminal = rig
    break_account(server, date_skew_s=240)
    found = only_problem(check(terminal), "relogio_desviado")
    assert "atrasado" in found.explanation


# ---------------------------------------------------------------- the queue


def test_queued_sale_with_unmapped_forma_is_listed_before_it_is_sent(rig: Rig) -> None:
    server, terminal = rig
    map_method(terminal, "Vale Presente", None)
    number = sell(terminal, method="Vale Presente")
    found = problems(check(terminal))
    assert set(found) == {"fila_forma", "depara_sem_vinculo"}
    assert found["fila_forma"].details == (f'Venda {number}: "Vale Presente" sem DE-PARA',)
    assert server.inspect()["orders_total"] == 0  # listed before any attempt to send it


def test_queued_sale_with_a_forma_gone_inactive(rig: Rig) -> None:
    server, terminal = rig
    number = sell(terminal, method="PIX")
    break_account(server, inactive_formas=["PIX"])
    found = problems(check(terminal))
    assert set(found) == {"fila_forma", "depara_forma_inativa"}
    assert found["fila_forma"].details == (f'Venda {number}: "PIX" ligado à forma "PIX", inativa no Bling',)


def test_queued_sale_with_a_product_inactive_in_bling(rig: Rig) -> None:
    server, terminal = rig
    number = sell(terminal)
    with terminal.ctx.store.read() as session:
        from pdv_bling.store.models import SaleItem

        product_id = session.scalars(select(SaleItem.product_bling_id)).one()
    server.state.touch_products([product_id], changes={"situacao": "I"})  # deactivated in Bling since
    found = only_problem(check(terminal), "fila_produto")
    assert found.details[0].startswith(f"Venda {number}: produto") and found.details[0].endswith("inativo no Bling")
    assert "reative o produto" in found.fix


def test_queued_sale_with_customer_data_bling_refuses(rig: Rig) -> None:
    _server, terminal = rig
    from pdv_bling.domain.sale import AddressDraft, CustomerDraft

    number = sell(terminal, customer=CustomerDraft(document="52998224725", name="Maria Souza",
                                                   address=AddressDraft(uf="SP", cep="01001000")))
    with terminal.ctx.store.transaction() as session:  # a record from an older version, name never filled
        session.scalars(select(Customer)).one().name = " "
    found = only_problem(check(terminal), "fila_cliente")
    assert found.details == (f"Venda {number}: cliente ***4725 sem nome",)


# ---------------------------------------------------------------- could not run


def test_not_connected_says_so(rig: Rig) -> None:
    _server, terminal = rig
    terminal.service.client.store.clear_tokens()
    with open_client(terminal.ctx) as client:
        report = run_check(terminal.ctx.store, client)
    assert report.problem == "not_connected" and report.requests == 0 and report.status == "erro"


def test_offline_says_so_and_checks_nothing(rig: Rig) -> None:
    server, terminal = rig
    server.stop()  # a pulled cable
    report = check(terminal)
    assert report.problem == "offline" and report.results == ()


# ---------------------------------------------------------------- pdv-bling check


def _cli(home: Path, *args: str, api_url: str | None = None) -> tuple[int, str]:
    import os
    import subprocess
    import sys

    env = {**os.environ, "PDV_BLING_HOME": str(home), "PDV_BLING_RATE_PER_SECOND": "500"}
    if api_url:
        env["PDV_BLING_API_URL"] = api_url
    done = subprocess.run([sys.executable, "-m", "pdv_bling", "check", *args], capture_output=True, text=True,
                          env=env, timeout=120)
    return done.returncode, done.stdout


def test_cli_exit_codes_and_json(rig: Rig, tmp_path: Path) -> None:
    import json

    server, terminal = rig
    home = terminal.ctx.paths.data
    code, out = _cli(home)
    assert code == 0 and "Resultado: tudo certo" in out
    map_method(terminal, "PIX", None)
    code, out = _cli(home)
    assert code == 1 and "⚠ ATENÇÃO" in out and "Como corrigir:" in out
    break_account(server, no_consumidor_final=True)
    code, out = _cli(home, "--json")
    report = json.loads(out)
    assert code == 2 and report["status"] == "erro" and report["erros"] == 1 and report["requests"] <= MAX_REQUESTS
    assert {r["code"] for r in report["results"] if r["status"] == "erro"} == {"consumidor_final_ausente"}
    with terminal.ctx.store.read() as session:  # the app shows the last check, whoever ran it
        from pdv_bling.account_check import load_last

        last = load_last(session)
    assert last is not None and last.status == "erro"
    code, out = _cli(tmp_path / "never-connected", api_url=server.base_url)
    assert code == 3 and "não está conectada" in out


def test_the_service_checks_by_itself_after_a_connect(rig: Rig) -> None:
    import time

    from pdv_bling.account_check import load_last
    from pdv_bling.base.events import Connected

    server, terminal = rig
    break_account(server, missing_situacoes=["Atendido"])
    terminal.service.start()
    terminal.service.bus.publish(Connected(company_name="Loja"))  # what "Iniciar integração" announces
    deadline = time.monotonic() + 20
    last = None
    while time.monotonic() < deadline and last is None:
        time.sleep(0.2)
        with terminal.ctx.store.read() as session:
            last = load_last(session)
    assert last is not None and {r.code for r in last.results if r.status == "erro"} == {"situacao_ausente"}


def test_stand_in_command_line_knobs() -> None:
    import argparse

    from pdv_bling.cli.sandbox import _args, config_from_args

    parser = argparse.ArgumentParser()
    _args(parser)
    args = parser.parse_args(["--missing-scope", "contatos", "--missing-scope", "estoques", "--rename-situacao",
                              "Atendido=Concluído", "--inactive-deposito", "padrao", "--date-skew", "-90",
                              "--no-consumidor-final", "--products-without-gtin", "3"])
    knobs = config_from_args(args).account
    assert knobs.missing_scopes == ["contatos", "estoques"] and knobs.renamed_situacoes == {"Atendido": "Concluído"}
    assert knobs.inactive_depositos == ["padrao"] and knobs.date_skew_s == -90 and knobs.no_consumidor_final
    with SandboxServer(config_from_args(parser.parse_args(["--products", "10", "--products-without-gtin", "3",
                                                          "--inactive-deposito", "padrao"]))) as server:
        assert sum(1 for p in server.state.produtos.values() if p.get("gtin") == "") == 3
        assert server.state.depositos[server.state.deposito_padrao]["situacao"] == 0


# ---------------------------------------------------------------- the stock check of an earlier sale


def test_the_stock_check_of_a_delivered_sale_is_what_the_check_shows(rig: Rig) -> None:
    """Before any sale: "ainda não verificado". After the first delivered sale the once-per-account
    stock check has measured Bling's balance: ok names the sale; on an account whose transitions
    move no stock (§11 row 2) the check is an erro with the stock check's own fix."""
    from tests.e2e.helpers import drain_all

    server, terminal = rig
    assert {r.code: r.status for r in check(terminal).results}["estoque_nao_verificado"] == "nao_verificado"
    sell(terminal)
    drain_all(terminal)
    shown = {r.code: r for r in check(terminal).results}
    assert "estoque_ok" in shown and shown["estoque_ok"].status == "ok"
    assert "PDV01-0000001" in shown["estoque_ok"].explanation


def test_transitions_that_move_no_stock_show_as_an_erro_with_the_fix(rig: Rig) -> None:
    from pdv_bling.sync.fixes import STOCK_CHECK_FIXES
    from tests.e2e.helpers import drain_all

    server, terminal = rig
    server.set_traps(transition_stock=False)  # the account's Atendido transition posts no stock
    sell(terminal)
    drain_all(terminal)
    found = only_problem(check(terminal), "estoque_nao_baixou")
    assert found.status == "erro" and "PDV01-0000001" in found.explanation
    assert found.fix == STOCK_CHECK_FIXES["no_stock_moved"].check


def test_the_check_keeps_the_company_that_every_slip_names(rig: Rig) -> None:
    """Bling's company data (GET /empresas/me/dados-basicos), read by the check anyway, is kept
    and printed atop the slips (issue 23): no request more."""
    from pdv_bling.slips.build import for_print
    from pdv_bling.slips.layout import lay_out, plain_text
    from pdv_bling.store.settings import BLING_COMPANY, get_value

    _server, terminal = rig
    store = terminal.ctx.store
    with store.read() as session:
        sellable = session.scalars(select(Product).where(Product.active.is_(True), Product.barcode.is_not(None))).first()
        assert sellable is not None
    recorded = record_sale(store, SaleDraft(items=(ItemDraft(barcode=sellable.barcode),),
                                            payments=(PaymentDraft("PIX", sellable.price_cents),)))
    check_and_record(store, terminal.service.client)
    with store.read() as session:
        assert get_value(session, BLING_COMPANY) == {"nome": "Loja Demonstração LTDA", "cnpj": "12.345.678/0001-95"}
        top = plain_text(lay_out(for_print(session, "sale", recorded.number)[0], 48)).splitlines()[:2]
    assert [line.strip() for line in top] == ["Loja Demonstração LTDA", "CNPJ 12.345.678/0001-95"]

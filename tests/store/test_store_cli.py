"""The whole store from the command line (issue 26, items 1 and 5): every store-wide command acts on
the store database from any PC of the store, says where it acted, and refuses (never a silent local
write) when the store is not there; busy, unreachable and refused each have their own exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from filelock import FileLock
from sqlalchemy import select

from pdv_bling.cli.main import main
from pdv_bling.store import outbox
from pdv_bling.store.context import AppContext
from pdv_bling.store.engine import Store
from pdv_bling.store.models import BlingFormaPagamento, OutboxItem, PaymentMethod, Seller
from pdv_bling.store.settings import load_settings, set_value
from tests.store.helpers import join, make_store, sell

UNREACHABLE = "postgresql+psycopg://pdv@127.0.0.1:1/nada"


def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], home: Path, *args: str
        ) -> tuple[int, str, str]:
    monkeypatch.setenv("PDV_BLING_HOME", str(home))
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def _store_with_forma(url: str) -> Store:
    server = make_store(url)
    with server.transaction() as session:
        session.add(BlingFormaPagamento(bling_id=777, descricao="Dinheiro da Loja", situacao=1))
        session.query(PaymentMethod).filter(PaymentMethod.name == "Dinheiro").update(
            {PaymentMethod.bling_forma_pagamento_id: None})
    return server


def _method(store: Store, name: str) -> int | None:
    with store.read() as session:
        found = session.scalars(select(PaymentMethod).where(PaymentMethod.name == name)).one()
        return found.bling_forma_pagamento_id


def test_depara_and_operador_on_a_caixa_act_on_the_store(tmp_path: Path, pg_url: str,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    server = _store_with_forma(pg_url)
    ctx, link = join(tmp_path, pg_url, "PDV01")
    link.stop()
    ctx.close()
    home = tmp_path / "PDV01"
    code, out, err = cli(monkeypatch, capsys, home, "depara", "map", "Dinheiro", "Dinheiro da Loja")
    assert code == 0, err
    assert "na retaguarda" in out
    assert _method(server, "Dinheiro") == 777  # the store's DE-PARA, which delivery reads
    with AppContext.open(home, log=False) as again:
        assert _method(again.store, "Dinheiro") == 777  # and the caixa's copy came back at once
    code, out, err = cli(monkeypatch, capsys, home, "operador", "add", "Beatriz")
    assert code == 0 and "na retaguarda" in out, err
    with server.read() as session:
        assert session.scalars(select(Seller).where(Seller.name == "Beatriz")).first() is not None
    code, out, _ = cli(monkeypatch, capsys, home, "depara", "list", "--json")
    assert code == 0 and {"method": "Dinheiro", "bling_id": 777, "bling_name": "Dinheiro da Loja"} in json.loads(out)
    server.close()


def test_a_store_wide_change_without_the_store_writes_nothing(tmp_path: Path, pg_url: str,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    server = _store_with_forma(pg_url)
    ctx, link = join(tmp_path, pg_url, "PDV01")
    link.stop()
    with ctx.store.transaction() as session:
        set_value(session, "store_url", UNREACHABLE)  # the cable is pulled
    ctx.close()
    home = tmp_path / "PDV01"
    code, _, err = cli(monkeypatch, capsys, home, "depara", "map", "Dinheiro", "Dinheiro da Loja")
    assert code == 5 and "Retaguarda sem conexão" in err and "Nada foi gravado" in err
    with AppContext.open(home, log=False) as again:
        assert _method(again.store, "Dinheiro") is None
    code, out, err = cli(monkeypatch, capsys, home, "depara", "list")
    assert code == 5 and "cópia deste caixa" in err and "Dinheiro → Não informado" in out
    code, _, err = cli(monkeypatch, capsys, home, "config", "set", "terminal_id=PDV09")
    assert code == 2 and "dado pela loja" in err
    code, _, err = cli(monkeypatch, capsys, home, "connect", "--no-browser")
    assert code == 2 and "integrador da loja" in err
    assert _method(server, "Dinheiro") is None
    server.close()


def test_outbox_on_a_caixa_and_on_the_integrador_host_is_the_stores(tmp_path: Path, pg_url: str,
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    server = make_store(pg_url)
    ctx, link = join(tmp_path, pg_url, "PDV01")
    sold = sell(ctx, ("SKU-1", 1))
    assert link.sync_once().online
    link.stop()
    ctx.close()
    with server.transaction() as session:  # the integrador parked the sale's order
        item = session.scalars(select(OutboxItem).where(OutboxItem.kind == outbox.SALE_CREATE)).one()
        item.state, item.error_code = outbox.PARKED, "depara_incompleto"
        parked_id = item.id
    caixa = tmp_path / "PDV01"
    code, out, err = cli(monkeypatch, capsys, caixa, "outbox", "list")
    assert code == 0, err
    assert sold.numero_loja in out and "Requer atenção" in out and "Fila vazia" not in out
    code, out, err = cli(monkeypatch, capsys, caixa, "outbox", "retry", "--all-parked")
    assert code == 0 and "1 item" in out, err
    with server.read() as session:
        assert session.get(OutboxItem, parked_id).state == outbox.PENDING  # type: ignore[union-attr]
    # the integrador's host: `store init` remembered the store; status shows the store's queue
    host = tmp_path / "integrador"
    assert cli(monkeypatch, capsys, host, "store", "init", pg_url)[0] == 0
    code, out, err = cli(monkeypatch, capsys, host, "status", "--json")
    report = json.loads(out)
    assert code == 0 and report["mode"] == "integrador" and report["store"]["reachable"], err
    assert report["outbox"]["pending"] >= 1  # the store's, not this host's empty SQLite
    code, out, _ = cli(monkeypatch, capsys, host, "outbox", "list", "--json")
    assert code == 0 and any(row["numero_loja"] == sold.numero_loja for row in json.loads(out))
    code, out, err = cli(monkeypatch, capsys, host, "config", "set", "stock_mode=integration")
    assert code == 0 and "na retaguarda" in out, err
    with server.read() as session:
        assert load_settings(session).stock_mode == "integration"
    code, _, err = cli(monkeypatch, capsys, host, "sync")
    assert code == 2 and "integrador da loja" in err  # said, not a silent local drain
    server.close()


def test_push_while_the_link_holds_its_lock_is_busy_not_unreachable(tmp_path: Path, pg_url: str,
                                                                     monkeypatch: pytest.MonkeyPatch,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    make_store(pg_url).close()
    ctx, link = join(tmp_path, pg_url, "PDV01")
    link.stop()
    ctx.close()
    home = tmp_path / "PDV01"
    held = FileLock(str(home / "handover.lock"))
    with held.acquire(timeout=5):
        monkeypatch.setattr("pdv_bling.retaguarda.caixa.FileLock", _no_wait_lock)
        code, out, _ = cli(monkeypatch, capsys, home, "sync", "--push", "--json")
    push = json.loads(out)["push"]
    assert code == 3 and push["busy"] is True and push["online"] is None and push["error"] == "busy"
    assert "Outro processo deste caixa" in push["message"]
    code, out, _ = cli(monkeypatch, capsys, home, "sync", "--push", "--json")
    assert code == 0 and json.loads(out)["push"]["online"] is True


class _no_wait_lock(FileLock):  # noqa: N801 - stands in for filelock.FileLock in the caixa's link
    """The link's lock, waiting 0.2 s instead of 10 s (the test holds it from another object)."""

    def acquire(self, timeout: float | None = None, *args: object, **kwargs: object) -> object:  # type: ignore[override]
        return super().acquire(timeout=0.2)


def test_troca_add_json_gives_the_new_sale_and_a_refused_unit_names_the_line_typed(
        tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from pdv_bling.store.models import Sale

    server = make_store(pg_url)
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    c2, link2 = join(tmp_path, pg_url, "PDV02")
    sell(c1, ("SKU-1", 1), ("SKU-2", 1))
    assert link1.sync_once().online
    for ctx, link in ((c1, link1), (c2, link2)):
        link.stop()
        ctx.close()
    exchange = tmp_path / "troca.json"
    exchange.write_text(json.dumps({"venda": "PDV01 1", "devolver": [{"item": 2}],
                                    "novos": [{"sku": "SKU-3", "quantidade": 1}],
                                    "pagamentos": [{"forma": "PIX", "valor": "10,00"}]}))
    code, out, err = cli(monkeypatch, capsys, tmp_path / "PDV02", "troca", "add", str(exchange), "--json")
    assert code == 0, err
    result = json.loads(out)
    with AppContext.open(tmp_path / "PDV02", log=False) as again, again.store.read() as session:
        new = session.scalars(select(Sale).where(Sale.numero_loja == result["new_sale_numero_loja"])).one()
        assert new.number == result["new_sale_number"] and new.numero_loja.startswith("PDV02-")
        assert result["new_sale_coupon"].replace("-", "") == new.coupon
    # the second item is already returned: another caixa asking for it again is told which line
    again_file = tmp_path / "de-novo.json"
    again_file.write_text(json.dumps({"venda": "PDV01 1", "devolver": [{"sku": "SKU-1"}, {"item": 2}]}))
    code, _, err = cli(monkeypatch, capsys, tmp_path / "PDV01", "troca", "add", str(again_file))
    assert code == 2 and "devolver[1]: devolução de 1 unidade, mas para devolver há só 0" in err, err
    assert "itens[" not in err
    server.close()

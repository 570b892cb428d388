"""Exchanges and store credit across caixas: decided on the store server under row locks."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pdv_bling.bling.tokens import Credentials, SandboxFileTokenStore, TokenPair
from pdv_bling.cli.exchange_input import parse_exchange
from pdv_bling.cli.troca import record_exchange_input
from pdv_bling.domain.coupon import format_coupon
from pdv_bling.domain.errors import DomainError, DomainErrors
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import ReturnItem, StoreClaim
from tests.store.helpers import join, make_store, sell

pytestmark = pytest.mark.postgres


def test_any_caixa_exchanges_any_caixas_sale_and_no_unit_is_returned_twice(tmp_path: Path, pg_url: str) -> None:
    server = make_store(pg_url)
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    c2, link2 = join(tmp_path, pg_url, "PDV02")
    c3, link3 = join(tmp_path, pg_url, "PDV03")
    sold = sell(c1, ("SKU-1", 1), ("SKU-2", 1))
    assert link1.sync_once().online
    # caixa 2 and caixa 3 both try to return the same unit at the same instant
    outcomes: list[object] = []
    barrier = threading.Barrier(2)

    def attempt(ctx: object, reference: str) -> None:
        barrier.wait()
        try:
            outcomes.append(record_exchange_input(ctx, parse_exchange(  # type: ignore[arg-type]
                {"venda": reference, "devolver": [{"item": 1, "quantidade": 1}]})))
        except (DomainError, DomainErrors) as exc:
            outcomes.append(exc)
        except Exception as exc:  # anything else is a bug: shown by the assertion below, not lost in a thread
            outcomes.append(repr(exc))

    threads = [threading.Thread(target=attempt, args=(c2, format_coupon(sold.coupon))),
               threading.Thread(target=attempt, args=(c3, "PDV01 1"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    refused = [o for o in outcomes if isinstance(o, DomainErrors)]
    accepted = [o for o in outcomes if isinstance(o, dict)]
    assert len(accepted) == 1 and len(refused) == 1, outcomes
    assert refused[0].errors[0].code == "over_return"
    assert accepted[0]["credit_granted_cents"] == 1090
    for link in (link2, link3):
        link.sync_once()
    with server.read() as session:
        assert session.scalar(select(func.sum(ReturnItem.quantity))) == 1
        assert session.scalar(select(func.count()).select_from(StoreClaim).where(StoreClaim.state == "open")) == 0

    # the credit granted at one caixa is spent at another, once
    for link in (link1, link2, link3):
        link.sync_once()
    spent = sell(c1, ("SKU-1", 1), method="Crédito em Loja")
    assert spent.total_cents == 1090
    with pytest.raises(DomainErrors) as again:
        sell(c3, ("SKU-1", 1), method="Crédito em Loja")
    assert again.value.errors[0].code == "store_credit_insufficient"


def test_offline_rules(tmp_path: Path, pg_url: str) -> None:
    make_store(pg_url)
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    own = sell(c1, ("SKU-2", 2))
    handed = sell(c1, ("SKU-3", 1))
    link1.sync_once()
    later = sell(c1, ("SKU-1", 1))
    link1.url, link1._server = "postgresql+psycopg://pdv@127.0.0.1:1/x", None  # cable pulled
    # its own sale not handed over yet: nobody else can have touched it
    result = record_exchange_input(c1, parse_exchange({"venda": str(later.number), "devolver": [{"item": 1}]}))
    assert result["credit_granted_cents"] == 1090
    # the credit granted here and not handed over can be spent here
    sell(c1, ("SKU-1", 1), method="Crédito em Loja")
    with pytest.raises(DomainErrors) as needs:
        sell(c1, ("SKU-1", 1), method="Crédito em Loja")
    assert needs.value.errors[0].code == "store_credit_needs_store"
    # a sale the store owns needs the store server
    with pytest.raises(DomainErrors) as blocked:
        record_exchange_input(c1, parse_exchange({"venda": str(handed.number), "devolver": [{"item": 1}]}))
    assert blocked.value.errors[0].code == "store_needed_for_sale"
    assert "retaguarda está sem conexão" in str(blocked.value)
    _ = own


def test_cli_store_init_join_status_and_exit_codes(tmp_path: Path, pg_url: str) -> None:
    env = {**os.environ, "PDV_BLING_HOME": str(tmp_path / "caixa")}
    url = pg_url.replace("postgresql+psycopg", "postgresql")

    def run(*args: str, home: str = "caixa") -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pdv_bling", *args], capture_output=True, text=True,
                              env={**env, "PDV_BLING_HOME": str(tmp_path / home)}, timeout=120)

    assert run("store", "status", "--json").returncode == 6  # not in a store
    assert run("store", "init", url, home="retaguarda").returncode == 0
    joined = run("store", "join", url, "--terminal", "PDV02", "--json")
    assert joined.returncode == 0, joined.stderr
    assert json.loads(joined.stdout)["terminal"] == "PDV02"
    other = run("store", "join", url, "--terminal", "PDV02", home="other")
    assert other.returncode == 2 and "já pertence a outro caixa" in other.stderr
    status = run("store", "status", "--json")
    assert status.returncode == 0
    data = json.loads(status.stdout)
    assert [c["terminal"] for c in data["caixas"]] == ["PDV02"] and data["integrador"]["running"] is False
    # an integrador host with no keyring at all is told the way out (18) before anything else
    no_keyring = run("integrator", "--once", "--store", url, home="int")
    assert no_keyring.returncode == 18 and "EncryptedFileKeyring" in no_keyring.stderr, no_keyring.stderr
    # with the encrypted file keyring chosen but never connected to Bling, it does not even try to
    # lead (issue 26): refused
    passphrase = tmp_path / "passphrase"
    passphrase.write_text("uma frase longa e aleatória\n")
    passphrase.chmod(0o600)
    env.update(PYTHON_KEYRING_BACKEND="pdv_bling.base.filekeyring.EncryptedFileKeyring",
               PDV_BLING_KEYRING_FILE=str(tmp_path / "cofre.cfg"), PDV_BLING_KEYRING_PASSPHRASE_FILE=str(passphrase))
    alone = run("integrator", "--once", "--store", url, home="int")
    assert alone.returncode == 2 and "não assume o envio" in alone.stdout, alone.stderr
    # connected (to a loopback stand-in's address), it tries; the store is unreachable: standby
    api = "http://127.0.0.1:1/Api/v3"
    with AppContext.open(tmp_path / "int", log=False) as ctx:
        tokens = SandboxFileTokenStore(ctx.paths.data, api_url=api)
        tokens.save_credentials(Credentials("id", "secret"))
        tokens.save_tokens(TokenPair("a", "r", dt.datetime.now(dt.UTC) + dt.timedelta(hours=6)))
    env["PDV_BLING_API_URL"] = api
    # a store server that does not answer is said as such (5), never "em espera" (3: another leads)
    unreachable = run("integrator", "--once", "--store", "postgresql://pdv@127.0.0.1:1/x", home="int")
    assert unreachable.returncode == 5 and "Retaguarda sem conexão" in unreachable.stderr

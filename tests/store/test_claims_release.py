"""Claims a dead PC left open on the store, and credit through a forced race (issue 22, items 4 and 7).

- `pdv-bling store claims list|release CAIXA --confirmar CAIXA`: a caixa that claimed a unit and
  died holds it; the manager sees the claim, must name the caixa twice, and the unit is free again.
- The interleaving issue 22 describes, forced: the link's pass committed a credit grant on the
  store and was stopped before marking it here, then a credit sale's own handover hit a unique
  violation. The old code took that for "offline" and spent the credit locally while another
  caixa spent it on the store (balance −20,90). Now the violation is an error, the sale is
  refused with words, and the store's balance never goes below zero."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from pdv_bling.domain.errors import DomainError, DomainErrors
from pdv_bling.retaguarda import caixa_claims, claims
from pdv_bling.retaguarda import handover as handover_module
from pdv_bling.retaguarda.handover import hand_over
from pdv_bling.store.models import Customer, Sale, StoreCreditEntry
from tests.store.helpers import join, make_store, sell
from tests.store.test_lifecycle import exchange

pytestmark = pytest.mark.postgres


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pdv_bling", "store", "claims", *args], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PDV_BLING_HOME": str(home)})


def test_a_dead_pcs_claim_is_listed_and_released_only_when_named_twice(tmp_path: Path, pg_url: str) -> None:
    server = make_store(pg_url)
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    c2, link2 = join(tmp_path, pg_url, "PDV02")
    c3, link3 = join(tmp_path, pg_url, "PDV03")
    sold = sell(c1, ("SKU-1", 1))
    assert link1.sync_once().online
    with server.read() as session:
        uid = session.scalars(select(Sale.uid).where(Sale.numero_loja == sold.numero_loja)).one()
    claims.claim_units(server, installation=link2.installation, sale_uid=uid, wanted={0: 1})  # then PDV02 dies
    with pytest.raises(DomainErrors) as held:
        exchange(c3, "PDV01 1")
    assert held.value.errors[0].code == "over_return"
    listed = _cli(tmp_path / "PDV03", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [(c["terminal"], c["units"], c["claims"]) for c in json.loads(listed.stdout)] == [("PDV02", 1, 1)]
    unconfirmed = _cli(tmp_path / "PDV03", "release", "PDV02")
    assert unconfirmed.returncode == 2 and "PDV02" in unconfirmed.stderr and "Traceback" not in unconfirmed.stderr
    assert _cli(tmp_path / "PDV03", "release", "PDV09", "--confirmar", "PDV09").returncode == 2  # unknown caixa
    released = _cli(tmp_path / "PDV03", "release", "PDV02", "--confirmar", "PDV02")
    assert released.returncode == 0 and "1 reserva liberada do caixa PDV02" in released.stdout, released.stderr
    assert json.loads(_cli(tmp_path / "PDV03", "list", "--json").stdout) == []
    assert exchange(c3, "PDV01 1")["credit_granted_cents"] == 1090
    for link in (link1, link2, link3):
        link.stop()
    for ctx in (c1, c2, c3):
        ctx.close()


def test_a_unique_violation_during_a_credit_claim_never_spends_the_credit_twice(
        tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    server = make_store(pg_url)
    c1, link1 = join(tmp_path, pg_url, "PDV01")
    c2, link2 = join(tmp_path, pg_url, "PDV02")
    sold = sell(c1, ("SKU-2", 1))
    exchange(c1, str(sold.number))  # 20,90 of credit granted on PDV01

    def paused(*_args: object, **_kw: object) -> int:
        raise InterruptedError("the link's pass stops between the store's commit and its local mark")

    monkeypatch.setattr(handover_module, "_mark_local", paused)
    with pytest.raises(InterruptedError):
        hand_over(c1.store, link1.server(), installation=link1.installation)  # committed on the store only
    duplicate = psycopg.errors.UniqueViolation("duplicate key value violates unique constraint")

    def racing(*_a: object, **_k: object) -> None:
        raise IntegrityError("INSERT INTO store_credit_ledger ...", {}, duplicate)

    monkeypatch.setattr(caixa_claims, "hand_over", racing)  # the credit claim's own handover
    with pytest.raises((DomainError, DomainErrors)) as refused:
        sell(c1, ("SKU-2", 1), method="Crédito em Loja")
    assert "sem conexão" not in str(refused.value) and "cabo" not in str(refused.value), str(refused.value)
    monkeypatch.undo()
    assert link1.sync_once().online  # the batch in doubt is settled with the store
    sell(c2, ("SKU-2", 1), method="Crédito em Loja")  # the other caixa spends the store's credit
    with pytest.raises(DomainErrors) as spent:
        sell(c1, ("SKU-2", 1), method="Crédito em Loja")
    assert spent.value.errors[0].code == "store_credit_insufficient"
    assert link1.sync_once().online and link2.sync_once().online
    with server.read() as session:
        maria = session.scalars(select(Customer).where(Customer.document == "52998224725")).one()
        balance = session.scalar(select(func.sum(StoreCreditEntry.amount_cents))
                                 .where(StoreCreditEntry.customer_id == maria.id))
    assert balance == 0
    for link in (link1, link2):
        link.stop()

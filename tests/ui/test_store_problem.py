"""At app start (issue 13 item 5): a damaged database with a good automatic backup is offered for
restore; declining, or any other problem, shows the pt_BR message and the app does not start."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from pdv_bling.base.paths import app_paths
from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import Sale
from tests.core.factories import seed_store
from ui import guards
from ui.store_problem import open_or_offer_restore


def damaged_store(home: Path) -> None:
    with AppContext.open(home, log=False) as ctx:  # the daily backup is taken here, before the sale
        seed_store(ctx.store)
    with AppContext.open(home, log=False) as ctx:
        record_sale(ctx.store, SaleDraft(items=(ItemDraft(sku="SKU-1"),), payments=(PaymentDraft("PIX", 1090),)))
    app_paths(home).database.write_bytes(b"definitely not sqlite" * 50)


@pytest.mark.parametrize("answer", [True, False])
def test_a_damaged_database_offers_the_last_good_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer: bool, no_modal_questions: list[str]
) -> None:
    home = tmp_path / "home"
    damaged_store(home)
    asked: list[str] = []
    monkeypatch.setattr(guards, "ask", lambda _p, _t, text: asked.append(text) or answer)
    ctx = open_or_offer_restore(lambda: AppContext.open(home, log=False))
    assert len(asked) == 1 and "Restaurar a cópia automática de" in asked[0]
    if not answer:
        assert ctx is None
        assert "está danificado" in no_modal_questions[-1]
        assert b"definitely not sqlite" in app_paths(home).database.read_bytes()  # untouched
        return
    assert ctx is not None
    try:
        with ctx.store.read() as session:
            assert session.scalars(select(Sale)).all() == []  # the copy is from before the sale
    finally:
        ctx.close()
    assert list(home.glob("danificado-*/pdv-bling.sqlite3"))


def test_another_problem_is_told_and_the_app_does_not_start(tmp_path: Path, no_modal_questions: list[str]) -> None:
    home = tmp_path / "um-arquivo"
    home.write_text("x")
    assert open_or_offer_restore(lambda: AppContext.open(home, log=False)) is None
    assert "é um arquivo, não uma pasta" in no_modal_questions[-1]


def test_a_bad_environment_setting_is_told(no_modal_questions: list[str]) -> None:
    from pdv_bling.bling.config import BlingConfig

    def open_session() -> object:
        return BlingConfig.from_env(environ={"PDV_BLING_RATE_PER_SECOND": "rápido"})

    assert open_or_offer_restore(open_session) is None
    assert "PDV_BLING_RATE_PER_SECOND: use um número maior que 0" in no_modal_questions[-1]

"""Pure pieces behind issue 15: the stock check's verdicts and its settings row, URL batches
under Bling's 414 limit, token pieces under Windows Credential Manager's 2,560 bytes."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from urllib.parse import urlencode

import pytest

from pdv_bling.bling.errors import OAuthError
from pdv_bling.bling.oauth import pair_from_token_response
from pdv_bling.bling.tokens import split_secret, utf16_size
from pdv_bling.bling.wire import array_batches
from pdv_bling.store.engine import Store
from pdv_bling.sync.stock_check import StockCheck, load_stock_check, save_stock_check, verdict

MEASURED = StockCheck(sale_id=1, produto_id=5, quantidade=3, before=10, after=7, mode="transitions",
                      transition_ran=True, born_atendido=False)


@pytest.mark.parametrize(("after", "changes", "status"), [
    (7, {}, "ok"),
    (10, {}, "no_stock_moved"),
    (10, {"transition_ran": False}, "born_atendido_no_stock"),
    (10, {"born_atendido": True}, "born_atendido_no_stock"),
    (10, {"mode": "integration", "born_atendido": True}, "no_stock_moved"),  # integration creates in Atendido
    (4, {}, "moved_twice"),
    (9, {}, "unclear"),
    (13, {}, "unclear"),
])
def test_verdicts(after: float, changes: dict[str, object], status: str) -> None:
    got, fix = verdict(replace(MEASURED, after=after, **changes))  # type: ignore[arg-type]
    assert got == status and fix == (None if status == "ok" else status)


def test_the_settings_row_round_trips(tmp_path: object) -> None:
    store = Store(":memory:")
    with store.read() as session:
        assert load_stock_check(session) is None
    now = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
    check = replace(MEASURED, status="ok", checked_at=now, started_at=now, pedido_id=22, born_situacao_id=6)
    with store.transaction() as session:
        save_stock_check(session, check)
    with store.read() as session:
        assert load_stock_check(session) == check


def test_array_batches_keep_each_query_under_the_limit() -> None:
    ids = list(range(16_000_000_000, 16_000_000_300))
    batches = list(array_batches("idsProdutos", ids))
    assert [v for b in batches for _k, v in b] == [str(i) for i in ids]  # all, in order, once
    assert len(batches) == 3 and all(len(urlencode(b)) <= 4000 for b in batches)
    assert list(array_batches("x", [])) == []


def test_secret_pieces_fit_windows_credential_manager_even_outside_the_bmp() -> None:
    text = "eyJ" + "a" * 2500 + "😀" * 700 + "ç" * 300  # 4 bytes per emoji in UTF-16
    pieces = split_secret(text)
    assert "".join(pieces) == text
    assert max(utf16_size(p) for p in pieces) <= 2000 < 2560
    assert split_secret("") == [""]


@pytest.mark.parametrize("token_type", ["Bearer", "bearer", "BEARER", None])
def test_token_type_without_case(token_type: str | None) -> None:
    body = {"access_token": "a", "refresh_token": "r", "expires_in": 60, "token_type": token_type}
    assert pair_from_token_response(body, now=dt.datetime.now(dt.UTC)).access_token == "a"


def test_a_token_of_another_type_is_refused() -> None:
    with pytest.raises(OAuthError):
        pair_from_token_response({"access_token": "a", "refresh_token": "r", "token_type": "mac"},
                                 now=dt.datetime.now(dt.UTC))

"""One time zone for everything a person reads (issue 23 item 4): the PC's own, or the one the
store chose in Configurações, on the slip, the backups' names and the NFC-e's month; Bling's own
dates (an order's `data`, the request budget's day) stay in Brasília time. The PC is faked in
Manaus (UTC-4) and Rio Branco (UTC-5): at 03:30 UTC it is already the 31st in São Paulo, still
the 30th there."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pdv_bling.base import zone
from pdv_bling.bling.pacer import next_bling_midnight
from pdv_bling.bling.wire import fmt_datetime
from pdv_bling.counter.fiscal import record_fiscal_document
from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.errors import DomainErrors
from pdv_bling.domain.nfce import make_access_key
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.management.settings_input import apply_settings_input
from pdv_bling.slips.build import sale_slip
from pdv_bling.slips.layout import lay_out, plain_text
from pdv_bling.store.backups import daily_backup, when_text
from pdv_bling.store.context import AppContext
from pdv_bling.store.engine import Store
from pdv_bling.store.models import Sale
from pdv_bling.store.settings import load_settings
from pdv_bling.sync.handlers import today_sp
from tests.core.factories import seed_store

MANAUS, RIO_BRANCO = ZoneInfo("America/Manaus"), ZoneInfo("America/Rio_Branco")
LATE = dt.datetime(2026, 1, 31, 3, 30, tzinfo=dt.UTC)  # SP 31/01 00:30 · Manaus 30/01 23:30 · Rio Branco 22:30


@pytest.fixture
def pc_in_manaus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zone, "pc_zone", lambda: MANAUS)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "zone.sqlite3")
    seed_store(s)
    return s


def _sale_at(store: Store, moment: dt.datetime) -> int:
    recorded = record_sale(store, SaleDraft(items=(ItemDraft(sku="SKU-1"),), payments=(PaymentDraft("Dinheiro", 1090),)))
    with store.transaction() as session:
        sale = session.get(Sale, recorded.sale_id)
        assert sale is not None
        sale.created_at = moment
    return recorded.number


def _slip_text(store: Store, number: int) -> str:
    with store.read() as session:
        return plain_text(lay_out(sale_slip(session, number), 48))


def test_the_slip_prints_the_pcs_time_then_the_stores_choice(store: Store, pc_in_manaus: None) -> None:
    number = _sale_at(store, LATE)
    assert "30/01/2026 23:30" in _slip_text(store, number)  # the PC's clock (Manaus), not São Paulo's 00:30
    apply_settings_input(store, {"time_zone": "America/Rio_Branco"})
    assert zone.local_zone() == RIO_BRANCO
    assert "30/01/2026 22:30" in _slip_text(store, number)
    apply_settings_input(store, {"time_zone": ""})  # back to the PC's own
    assert "30/01/2026 23:30" in _slip_text(store, number)


def test_backup_names_and_dates_are_the_stores_day(store: Store, tmp_path: Path, pc_in_manaus: None) -> None:
    made = daily_backup(store, tmp_path / "backups", now=LATE)
    assert made is not None and made.name == "pdv-bling-diario-2026-01-30.sqlite3"  # São Paulo: already the 31st
    assert when_text(LATE) == "30/01/2026 23:30"


def test_the_choice_is_kept_with_the_data_folder_and_applied_when_it_opens(tmp_path: Path, pc_in_manaus: None) -> None:
    with AppContext.open(tmp_path / "home", log=False) as ctx:
        apply_settings_input(ctx.store, {"time_zone": " America/Rio_Branco "})
        with ctx.store.read() as session:
            assert load_settings(session).time_zone == "America/Rio_Branco"
    zone.use_store_zone(None)
    assert zone.local_zone() == MANAUS
    with AppContext.open(tmp_path / "home", log=False) as ctx:
        assert zone.local_zone() == RIO_BRANCO
        backups = sorted(p.name for p in ctx.paths.backups.glob("pdv-bling-diario-*"))
        today = dt.datetime.now(RIO_BRANCO).date().isoformat()
        assert backups and backups[-1] == f"pdv-bling-diario-{today}.sqlite3"


@pytest.mark.parametrize("bad", ["America/Atlantida", "Brasília", "../etc/passwd", "America/Sao Paulo", "UTC-3"])
def test_an_unknown_zone_is_refused_in_portuguese_naming_it(store: Store, bad: str) -> None:
    with pytest.raises(DomainErrors) as refused:
        apply_settings_input(store, {"time_zone": bad})
    text = str(refused.value)
    assert "Fuso horário" in text and "fuso horário desconhecido" in text and "America/Manaus" in text
    assert bad[:20] in text
    with store.read() as session:
        assert load_settings(session).time_zone == ""  # nothing written


def test_blings_own_dates_stay_in_brasilia_time(pc_in_manaus: None) -> None:
    zone.use_store_zone("America/Rio_Branco")
    assert today_sp(LATE) == dt.date(2026, 1, 31)  # an order's `data`: Bling's day
    assert fmt_datetime(LATE) == "2026-01-31 00:30:00"
    assert next_bling_midnight(LATE) == dt.datetime(2026, 2, 1, tzinfo=zone.BLING_ZONE)  # the budget's day


def test_the_nfce_month_is_the_stores(store: Store, pc_in_manaus: None) -> None:
    """23:30 on 31 January in Manaus is February in São Paulo: the NFC-e issued then says January."""
    moment = dt.datetime(2026, 2, 1, 3, 30, tzinfo=dt.UTC)
    number = _sale_at(store, moment)
    key = make_access_key(uf="13", when=dt.date(2026, 1, 31), cnpj="11222333000181", number=number)
    doc = record_fiscal_document(store, sale_number=number, access_key=key, now=moment + dt.timedelta(minutes=5))
    assert doc.access_key == key

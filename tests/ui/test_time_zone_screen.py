"""The screens show times in the same zone as the slips and backups (issue 23 item 4): the PC's
own, faked here in Manaus, or the one chosen in Configurações › Fuso horário, never Qt's idea of
the zone and never São Paulo's by default."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from pdv_bling.base import zone
from pdv_bling.slips.words import local_time
from pdv_bling.store.settings import load_settings
from tests.ui.conftest import wait_idle
from ui import fmt
from ui.hub import Hub
from ui.settings_dialog import SettingsDialog

LATE = dt.datetime(2026, 1, 31, 3, 30, tzinfo=dt.UTC)  # SP 31/01 00:30 · Manaus 30/01 23:30 · Rio Branco 22:30


@pytest.fixture(autouse=True)
def pc_in_manaus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zone, "pc_zone", lambda: ZoneInfo("America/Manaus"))


def test_the_screen_and_the_slip_read_the_same_time() -> None:
    assert fmt.short_datetime(LATE) == "30/01/26, 23:30"
    assert fmt.long_datetime(LATE) == "30/01/2026 23:30:00"
    assert local_time(LATE) == "30/01/2026 23:30"
    zone.use_store_zone("America/Rio_Branco")
    assert fmt.short_datetime(LATE) == "30/01/26, 22:30" and local_time(LATE) == "30/01/2026 22:30"


def test_configuracoes_saves_a_zone_and_refuses_an_unknown_one_in_portuguese(qtbot: QtBot, hub: Hub) -> None:
    dialog = SettingsDialog(hub)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, hub)
    line = dialog.time_zone.lineEdit()
    assert line is not None and "America/Manaus" in line.placeholderText()  # the PC's, shown when empty
    dialog.time_zone.setCurrentText("America/Atlantida")
    dialog.save()
    wait_idle(qtbot, hub)
    assert "Fuso horário desconhecido: America/Atlantida" in dialog.message.text()
    dialog.time_zone.setCurrentText("America/Rio_Branco")
    dialog.save()
    wait_idle(qtbot, hub)
    with hub.ctx.store.read() as session:
        assert load_settings(session).time_zone == "America/Rio_Branco"
    assert fmt.short_datetime(LATE) == "30/01/26, 22:30"  # applied at once

"""`pdv-bling caixa` beyond the walk-through of test_caixa_cli.py: a retried command naming its
record (--id) records it once, another record's id or a malformed one is refused with nothing
written; a fechamento cego's cashier sees what was counted, not what was expected (the X report
hides it unless --completo, the Z report has it); the drawer's kick pulse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pdv_bling.cli.main import main
from pdv_bling.domain.ids import new_uid
from pdv_bling.management.settings_input import apply_settings_input
from pdv_bling.slips import thermal
from pdv_bling.slips.printer import PrinterConfig
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import OutboxItem, Turno, TurnoCount, TurnoMovement
from tests.core.factories import seed_store


@pytest.fixture
def folder(home: Path) -> Path:
    with AppContext.open(home, log=False) as ctx:
        seed_store(ctx.store)
    return home


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["caixa", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def _rows(home: Path) -> tuple[int, ...]:
    with AppContext.open(home, log=False) as ctx, ctx.store.read() as session:
        return tuple(int(session.scalar(select(func.count()).select_from(m)) or 0)
                     for m in (Turno, TurnoMovement, TurnoCount, OutboxItem))


def test_a_retried_command_with_its_id_records_once(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    turno, supply = new_uid(), new_uid()
    answers = []
    for _ in range(2):  # the first answer lost: the script runs the same command again
        code, out, _ = _run(capsys, "abrir", "--operador", "Ana", "--fundo", "10", "--id", turno, "--json")
        assert code == 0
        answers.append(json.loads(out)["turno"])
        code, out, _ = _run(capsys, "suprimento", "5,00", "--motivo", "troco", "--operador", "Ana", "--id", supply,
                            "--json")
        assert code == 0 and json.loads(out)["uid"] == supply and json.loads(out)["dinheiro_no_caixa_cents"] == 1_500
    assert answers[0] == answers[1] and _rows(folder) == (1, 1, 0, 1)
    code, _out, err = _run(capsys, "sangria", "5,00", "--motivo", "cofre", "--operador", "Ana", "--id", supply)
    assert code == 2 and "já foi usado por outro registro" in err
    code, _out, err = _run(capsys, "sangria", "5,00", "--motivo", "cofre", "--operador", "Ana", "--id", "12-34")
    assert code == 2 and "Identificador (--id)" in err
    assert _rows(folder) == (1, 1, 0, 1)


def test_a_blind_fechamento_shows_the_cashier_what_was_counted_only(folder: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    with AppContext.open(folder, log=False) as ctx:
        apply_settings_input(ctx.store, {"turno_blind": "sim"})
    assert _run(capsys, "abrir", "--operador", "Ana", "--fundo", "100")[0] == 0
    code, out, _ = _run(capsys, "sangria", "10", "--motivo", "cofre", "--operador", "Ana", "--json")
    assert code == 0 and json.loads(out)["dinheiro_no_caixa_cents"] is None
    code, out, _ = _run(capsys, "relatorio", "--x", "--json")
    reading = json.loads(out)["resumo"]
    assert code == 0 and "expected" not in reading and reading["sangrias_cents"] == 1_000
    code, out, _ = _run(capsys, "relatorio", "--x")
    assert "R$ 90,00" not in out and "Fechamento cego" in out
    code, out, _ = _run(capsys, "relatorio", "--x", "--completo", "--json")
    assert json.loads(out)["resumo"]["expected"]["Dinheiro"] == 9_000  # the manager asks
    code, out, _ = _run(capsys, "fechar", "--operador", "Ana", "--contagem", "Dinheiro=89", "--json")
    closed = json.loads(out)
    assert code == 0 and closed["counted"]["Dinheiro"] == 8_900 and closed["blind"] is True
    assert not {"expected", "difference", "total_difference_cents"} & set(closed)
    code, out, _ = _run(capsys, "fechar", "--operador", "Ana", "--contagem", "Dinheiro=89")
    assert code == 2
    code, out, _ = _run(capsys, "relatorio", "--z", "--json")
    assert json.loads(out)["resumo"]["total_difference_cents"] == -100  # the manager's Z has it


def test_the_drawer_kick_is_a_short_pulse_on_the_thermal_printer_only() -> None:
    dummy = thermal.dummy_printer()
    assert thermal.open_drawer(PrinterConfig(kind="network", host="127.0.0.1"), printer=dummy) is True
    assert bytes(dummy.output) == b"\x1bp\x00\x19\xfa"  # ESC p, pin 2, 50 ms on, 500 ms off
    assert thermal.open_drawer(PrinterConfig()) is False  # a system printer has no drawer: nothing sent

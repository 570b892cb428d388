"""`pdv-bling caixa` (issue 24): abertura, suprimento, sangria and fechamento from the command
line, money typed as the counter types it; bad input refused in pt_BR naming its field, exit 2,
nothing written; a retried command with its --id records once; selling with no turno open refused
where the store asks for an open caixa; the drawer's kick pulse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pdv_bling.cli.main import main
from pdv_bling.domain.ids import new_uid
from pdv_bling.management.settings_input import apply_settings_input
from pdv_bling.slips import thermal
from pdv_bling.slips.drawer import kick_pulse, open_drawer
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


def _rows(home: Path) -> tuple[int, int, int, int]:
    with AppContext.open(home, log=False) as ctx, ctx.store.read() as session:
        return tuple(int(session.scalar(select(func.count()).select_from(m)) or 0)  # type: ignore[return-value]
                     for m in (Turno, TurnoMovement, TurnoCount, OutboxItem))


def test_a_turno_from_abertura_to_fechamento(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "abrir", "--operador", "ana", "--fundo", "100,00")
    assert code == 0 and "Caixa aberto por Ana" in out and "R$ 100,00" in out
    code, out, _ = _run(capsys, "suprimento", "--valor", "12.34", "--motivo", "troco", "--operador", "Ana", "--json")
    assert code == 0 and json.loads(out)["amount_cents"] == 1_234 and json.loads(out)["cash_after_cents"] == 11_234
    code, out, _ = _run(capsys, "sangria", "--valor", "1.000,00", "--motivo", "cofre", "--operador", "Ana")
    assert code == 2
    code, out, _ = _run(capsys, "sangria", "--valor", "34,00", "--motivo", "depósito banco", "--operador", "Ana")
    assert code == 0 and "Sangria de R$ 34,00 registrada" in out and "R$ 78,34" in out
    code, out, _ = _run(capsys, "fechar", "--operador", "Ana", "--cedula", "50=1", "--cedula", "20=1",
                        "--cedula", "5=1", "--cedula", "0,25=4", "--cedula", "2=1", "--forma", "pix=0", "--json")
    summary = json.loads(out)
    assert code == 0 and summary["counted"]["Dinheiro"] == 7_800 and summary["difference"]["Dinheiro"] == -34
    assert _rows(folder)[:2] == (1, 2)
    with AppContext.open(folder, log=False) as ctx, ctx.store.read() as session:
        count = session.scalars(select(TurnoCount).where(TurnoCount.method == "Dinheiro")).one()
        assert count.notes == {"5000": 1, "2000": 1, "500": 1, "25": 4, "200": 1}
        papeis = [i.payload["papel"] for i in session.scalars(select(OutboxItem).order_by(OutboxItem.id))]
    assert papeis == ["suprimento", "sangria", "diferenca"]
    code, out, _ = _run(capsys, "turnos", "--json")
    assert code == 0 and [t["total_difference_cents"] for t in json.loads(out)] == [-34]


@pytest.mark.parametrize(("argv", "words"), [
    (("abrir", "--operador", "Ana", "--fundo", "-5"), "Fundo de troco"),
    (("abrir", "--operador", "Ana", "--fundo", "12,345"), "Fundo de troco"),
    (("abrir", "--operador", "Zé Ninguém", "--fundo", "10"), "Operador"),
    (("abrir", "--operador", "Ana", "--fundo", "10", "--id", "não-é-uid"), "Identificador"),
])
def test_a_refused_abertura_names_its_field_and_writes_nothing(folder: Path, capsys: pytest.CaptureFixture[str],
                                                               argv: tuple[str, ...], words: str) -> None:
    code, _out, err = _run(capsys, *argv)
    assert code == 2 and err.startswith("erro: ") and words in err, err
    with pytest.raises(SystemExit) as missing:
        main(["caixa", "abrir", "--operador", "Ana"])
    assert missing.value.code == 2 and "faltam argumentos obrigatórios: --fundo" in capsys.readouterr().err
    assert _rows(folder) == (0, 0, 0, 0)


@pytest.mark.parametrize(("argv", "words"), [
    (("sangria", "--valor", "100,01", "--motivo", "cofre", "--operador", "Ana"), "maior que o dinheiro no caixa"),
    (("sangria", "--valor", "-1", "--motivo", "cofre", "--operador", "Ana"), "Valor"),
    (("suprimento", "--valor", "0", "--motivo", "troco", "--operador", "Ana"), "Valor: informe um valor maior"),
    (("suprimento", "--valor", "10", "--motivo", "  ", "--operador", "Ana"), "Motivo"),
    (("fechar", "--operador", "Ana", "--dinheiro", "-1"), "Dinheiro contado"),
    (("fechar", "--operador", "Ana", "--forma", "Bitcoin=1"), "Forma de pagamento"),
    (("fechar", "--operador", "Ana", "--forma", "PIX"), "NOME=VALOR"),
    (("fechar", "--operador", "Ana", "--forma", "PIX=1", "--forma", "pix=2"), "mais de uma vez"),
    (("fechar", "--operador", "Ana", "--cedula", "3=1"), "não é uma cédula"),
    (("fechar", "--operador", "Ana", "--cedula", "100=-1"), "quantidade inválida"),
    (("fechar", "--operador", "Ana", "--dinheiro", "50"), "Motivo"),  # R$ 50,00 short: above the limit
])
def test_refused_movements_and_counts_write_nothing(folder: Path, capsys: pytest.CaptureFixture[str],
                                                    argv: tuple[str, ...], words: str) -> None:
    assert _run(capsys, "abrir", "--operador", "Ana", "--fundo", "100")[0] == 0
    code, _out, err = _run(capsys, *argv)
    assert code == 2 and words in err, err
    assert _rows(folder) == (1, 0, 0, 0)


def test_closing_twice_and_moving_a_closed_caixa_are_refused(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "fechar", "--operador", "Ana", "--dinheiro", "0")[0] == 2  # never opened
    assert _run(capsys, "abrir", "--operador", "Ana", "--fundo", "10")[0] == 0
    assert _run(capsys, "fechar", "--operador", "Ana", "--dinheiro", "10")[0] == 0
    code, _out, err = _run(capsys, "fechar", "--operador", "Ana", "--dinheiro", "10")
    assert code == 2 and "já foi fechado" in err
    code, _out, err = _run(capsys, "sangria", "--valor", "1", "--motivo", "x", "--operador", "Ana")
    assert code == 2 and "Não há caixa aberto" in err
    assert _rows(folder) == (1, 0, 9 - 3, 0)  # a count per method that moves money; no posting: no difference


def test_a_retried_command_with_its_id_records_once(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    turno, supply = new_uid(), new_uid()
    for _ in range(2):
        assert _run(capsys, "abrir", "--operador", "Ana", "--fundo", "10", "--id", turno)[0] == 0
        assert _run(capsys, "suprimento", "--valor", "5", "--motivo", "troco", "--operador", "Ana", "--id", supply)[0] == 0
    assert _rows(folder) == (1, 1, 0, 1)


def test_selling_with_no_turno_open_is_refused_where_the_store_asks(folder: Path, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    with AppContext.open(folder, log=False) as ctx:
        apply_settings_input(ctx.store, {"turno_required": "sim"})
    sale = tmp_path / "venda.json"
    sale.write_text(json.dumps({"itens": [{"sku": "SKU-1"}], "pagamentos": [{"forma": "Dinheiro", "valor": "10,90"}]}))
    assert main(["sale", "add", str(sale)]) == 2
    assert "O caixa está fechado" in capsys.readouterr().err
    assert _run(capsys, "abrir", "--operador", "Ana", "--fundo", "10")[0] == 0
    assert main(["sale", "add", str(sale)]) == 0


def test_the_blind_x_report_hides_the_expected_amounts_unless_the_manager_asks(
        folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with AppContext.open(folder, log=False) as ctx:
        apply_settings_input(ctx.store, {"turno_blind": "sim"})
    assert _run(capsys, "abrir", "--operador", "Ana", "--fundo", "100")[0] == 0
    code, out, _ = _run(capsys, "sangria", "--valor", "10", "--motivo", "cofre", "--operador", "Ana")
    assert code == 0 and "Dinheiro no caixa" not in out
    code, out, _ = _run(capsys, "relatorio", "--x", "--json")
    hidden = json.loads(out)
    assert code == 0 and hidden["revealed"] is False and hidden["expected_cash_cents"] is None
    assert {m["expected_cents"] for m in hidden["methods"]} == {None}
    code, out, _ = _run(capsys, "relatorio", "--x")
    assert "R$ 90,00" not in out and "oculto" in out
    code, out, _ = _run(capsys, "relatorio", "--x", "--esperado", "--json")
    assert json.loads(out)["expected_cash_cents"] == 9_000
    code, out, _ = _run(capsys, "fechar", "--operador", "Ana", "--dinheiro", "89", "--json")
    closed = json.loads(out)
    assert code == 0 and "expected" not in closed and "difference" not in closed and closed["counted"]["Dinheiro"] == 8_900
    code, out, _ = _run(capsys, "relatorio", "--z", "--json")
    assert json.loads(out)["total_difference_cents"] == -100  # the manager's Z shows it


def test_the_drawer_kick_is_a_short_pulse_on_the_thermal_printer_only(folder: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert kick_pulse() == b"\x1bp\x00\x19\xfa" and kick_pulse(5) == b"\x1bp\x01\x19\xfa"  # 50 ms on, 500 ms off
    dummy = thermal.dummy_printer()
    assert open_drawer(PrinterConfig(kind="network", host="127.0.0.1"), printer=dummy) is True
    assert bytes(dummy.output) == kick_pulse()
    assert open_drawer(PrinterConfig()) is False  # a system printer has no drawer: nothing sent
    code, _out, err = _run(capsys, "gaveta")
    assert code == 2 and "impressora térmica" in err

"""`pdv-bling caixa` (issue 24): the turno from the command line, as a PDV script or a manager
would type it: bad input refused in pt_BR naming the field (exit 2, nothing written), then
abertura → sale → sangria → fechamento → Relatório Z, its PDF read back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader


def _cli(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PDV_BLING_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "pdv_bling", *args], env=env, capture_output=True, text=True,
                          input=stdin, timeout=120)


def _ok(run: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert run.returncode == 0, run.stderr
    return run


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def test_a_turno_from_the_command_line(tmp_path: Path) -> None:
    home = tmp_path / "José caixa"
    _ok(_cli(home, "operador", "add", "Ana"))
    refused = [
        (("caixa", "abrir", "--operador", "Ana", "--fundo", "-5"), "Fundo de troco"),
        (("caixa", "abrir", "--operador", "Ana", "--fundo", "1e20"), "Fundo de troco"),
        (("caixa", "abrir", "--operador", "Beto", "--fundo", "10"), "Beto"),
        (("caixa", "sangria", "10", "--motivo", "cofre", "--operador", "Ana"), "Não há caixa aberto"),
    ]
    for args, words in refused:
        run = _cli(home, *args)
        assert run.returncode == 2 and words in run.stderr and "Traceback" not in run.stderr, (args, run.stderr)
    _ok(_cli(home, "config", "set", "turno_required=sim"))
    sale = json.dumps({"itens": [{"sku": "CAM-P-AZ", "quantidade": 1}], "pagamentos": [
        {"forma": "Dinheiro", "valor": "100,00"}]})
    no_turno = _cli(home, "sale", "add", "-", stdin=sale)
    assert no_turno.returncode == 2 and "O caixa está fechado" in no_turno.stderr
    _ok(_cli(home, "caixa", "abrir", "--operador", "Ana", "--fundo", "150,00"))
    again = _cli(home, "caixa", "abrir", "--operador", "Ana", "--fundo", "150,00")
    assert again.returncode == 2 and "já está aberto" in again.stderr
    above = _cli(home, "caixa", "sangria", "150,01", "--motivo", "cofre", "--operador", "Ana")
    assert above.returncode == 2 and "R$ 150,01 maior que o dinheiro no caixa (R$ 150,00)" in above.stderr
    _ok(_cli(home, "caixa", "sangria", "100", "--motivo", "depósito no banco", "--operador", "Ana"))
    x = json.loads(_ok(_cli(home, "caixa", "relatorio", "--x", "--json")).stdout)
    assert x["tipo"] == "x" and x["resumo"]["expected"]["Dinheiro"] == 15_000 - 10_000  # the drawer now
    bad_count = _cli(home, "caixa", "fechar", "--operador", "Ana", "--contagem", "Dinheiro=abc")
    assert bad_count.returncode == 2 and "Contagem" in bad_count.stderr
    short = _cli(home, "caixa", "fechar", "--operador", "Ana", "--cedulas", "20=2")  # 40,00 of 50,00
    assert short.returncode == 2 and "informe o motivo" in short.stderr
    closed = json.loads(_ok(_cli(home, "caixa", "fechar", "--operador", "Ana", "--cedulas", "20=2,5=1,2=2,0,50=2",
                                 "--motivo", "troco errado", "--json")).stdout)
    assert closed["expected"]["Dinheiro"] == 5_000 and closed["counted"]["Dinheiro"] == 5_000
    twice = _cli(home, "caixa", "fechar", "--operador", "Ana", "--contagem", "Dinheiro=50")
    assert twice.returncode == 2 and "já foi fechado" in twice.stderr
    pdf = tmp_path / "Relatório Z.pdf"
    report = _ok(_cli(home, "caixa", "relatorio", "--z", "--pdf", str(pdf), "--escpos", str(tmp_path / "z.bin")))
    assert "RELATÓRIO Z" in report.stdout
    text = _pdf_text(pdf)
    glyphs = "".join(text.split())  # the PDF's text extraction splits a line where its glyphs' spacing varies
    for words in ("RELATÓRIO Z", "FECHAMENTO DE CAIXA", "Aberto por Ana", "Fechado por Ana", "Fundo de troco",
                  "R$ 150,00", "Sangrias", "-R$ 100,00", "depósito no banco", "Dinheiro", "R$ 50,00",
                  "Motivo da diferença: troco errado"):
        assert "".join(words.split()) in glyphs, (words, text)  # CI saw "15 :16" for "15:16"
    thermal = (tmp_path / "z.bin").read_bytes()  # code page 860: every letter printable, none as "?"
    assert "RELATÓRIO Z - FECHAMENTO DE CAIXA".encode("cp860") in thermal and b" ? " not in thermal
    listed = json.loads(_ok(_cli(home, "caixa", "turnos", "--json")).stdout)
    assert [row["turno"] for row in listed] == [1] and listed[0]["fechado"]
    queue = _ok(_cli(home, "outbox", "list"))
    assert "Lançamento no Caixa e Bancos" in queue.stdout and "turno de caixa" in queue.stdout

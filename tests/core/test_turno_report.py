"""Relatório X and Z (issue 24): per payment method, with the sales count, the average ticket,
cancellations, returns and movements; the X closes nothing, the Z is the fechamento as recorded;
the same slip on paper of 80 and 58 mm, as ESC/POS bytes and as a PDF; the last 30 days' turnos."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from pdv_bling.counter.cancellation import cancel_sale
from pdv_bling.counter.sales import record_sale
from pdv_bling.counter.turno import add_movement, close_turno, open_turno
from pdv_bling.counter.turno_report import report, turnos_of_last_days
from pdv_bling.domain.errors import DomainError
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.slips import thermal
from pdv_bling.slips.build import for_print
from pdv_bling.slips.layout import Line, columns_for, lay_out, plain_text
from pdv_bling.slips.turno_slip import turno_slip
from pdv_bling.store.context import AppContext
from pdv_bling.store.engine import Store
from pdv_bling.store.models import Turno
from tests.core.factories import seed_store


def _sell(store: Store, *payments: PaymentDraft, quantity: int = 1) -> int:
    return record_sale(store, SaleDraft(items=(ItemDraft(sku="SKU-1", quantity=quantity),),
                                        payments=payments)).number


def _day(store: Store) -> None:
    """Fundo 100,00; cash 10,90 paid with 20,00; PIX 21,80; card 10,90 cancelled; suprimento
    50,00; sangria 30,00."""
    open_turno(store, operator="Ana", fundo_cents=10_000)
    _sell(store, PaymentDraft("Dinheiro", 2_000))
    _sell(store, PaymentDraft("PIX", 2_180), quantity=2)
    cancel_sale(store, _sell(store, PaymentDraft("Cartão de Débito", 1_090)))
    add_movement(store, kind="suprimento", amount_cents=5_000, reason="troco do banco", operator="Ana")
    add_movement(store, kind="sangria", amount_cents=3_000, reason="depósito", operator="Ana")


def test_the_x_report_is_the_open_turno_and_closes_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    seed_store(store)
    _day(store)
    with store.read() as session:
        x = report(session, kind="x")
        with pytest.raises(DomainError) as z_open:
            report(session, kind="z", turno_id=x.turno_id)
        assert z_open.value.code == "turno_report_z_open"
        assert session.get(Turno, x.turno_id).closed_at is None  # type: ignore[union-attr]
    assert (x.sales_count, x.sales_cents, x.average_ticket_cents) == (2, 3_270, 1_635)
    assert (x.cancelled_count, x.cancelled_cents) == (1, 1_090)
    assert (x.suprimentos_cents, x.sangrias_cents, x.expected_cash_cents) == (5_000, 3_000, 10_000 + 1_090 + 2_000)
    assert {m.method: (m.sales_cents, m.expected_cents) for m in x.methods} == {
        "Dinheiro": (1_090, 13_090), "PIX": (2_180, 2_180)}  # the cancelled card sale moved nothing
    text = plain_text(lay_out(turno_slip(x), columns_for(80)))
    for words in ("RELATÓRIO X (PARCIAL)", "Vendas (2)", "Ticket médio", "R$ 16,35", "Cancelamentos (1)",
                  "Suprimentos (1)", "troco do banco", "Sangrias (1)", "Dinheiro esperado no caixa"):
        assert words in text, words


def test_the_z_report_is_the_fechamento_as_recorded(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    seed_store(store)
    _day(store)
    close_turno(store, counted={"Dinheiro": 13_000, "PIX": 2_180}, operator="Ana")
    _sell(store, PaymentDraft("PIX", 1_090))  # after the fechamento: not the Z's
    with store.read() as session:
        z = report(session, kind="z")
        with pytest.raises(DomainError) as x_closed:
            report(session, kind="x", turno_id=z.turno_id)
        assert x_closed.value.code == "turno_report_x_closed"
        slip, _config = for_print(session, "turno_z", 0)
    assert z.total_difference_cents == -90 and z.sales_count == 2
    assert {m.method: (m.expected_cents, m.counted_cents, m.difference_cents) for m in z.methods} == {
        "Dinheiro": (13_090, 13_000, -90), "PIX": (2_180, 2_180, 0)}
    for paper in (80, 58):
        lines = lay_out(slip, columns_for(paper))
        assert all(len(line.text) <= columns_for(paper) for line in lines if isinstance(line, Line))
        assert "Diferença (falta)" in plain_text(lines) and "-R$ 0,90" in plain_text(lines)
    assert "RELATÓRIO Z (FECHAMENTO)".encode("cp860") in thermal.slip_bytes(slip, paper_mm=80)


def test_the_last_30_days_turnos_are_listed_newest_first(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    seed_store(store)
    now = dt.datetime.now(dt.UTC)
    open_turno(store, operator="Ana", fundo_cents=0, now=now - dt.timedelta(days=40))
    close_turno(store, counted={}, operator="Ana", now=now - dt.timedelta(days=40))
    open_turno(store, operator="Ana", fundo_cents=0, now=now - dt.timedelta(days=2))
    close_turno(store, counted={"Dinheiro": 100}, operator="Ana", now=now - dt.timedelta(days=2))
    open_turno(store, operator="Ana", fundo_cents=500, now=now - dt.timedelta(days=35))  # left open
    with store.read() as session:
        listed = turnos_of_last_days(session, now=now)
    assert [(t.id, t.total_difference_cents) for t in listed] == [(3, None), (2, 100)]


def test_the_z_report_as_a_pdf(home: Path, tmp_path: Path) -> None:
    with AppContext.open(home, log=False) as ctx:
        seed_store(ctx.store)
        _day(ctx.store)
        close_turno(ctx.store, counted={"Dinheiro": 13_000, "PIX": 2_180}, operator="Ana")
    pdf = tmp_path / "z.pdf"
    env = {**os.environ, "PDV_BLING_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "pdv_bling", "caixa", "relatorio", "--z", "--pdf", str(pdf)],
                          capture_output=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr.decode()
    compact = "".join("".join(page.extract_text() for page in PdfReader(pdf).pages).split())
    for words in ("RELATÓRIOZ(FECHAMENTO)", "CaixaPDV01", "Vendas(2)", "R$32,70", "Ticketmédio", "R$16,35",
                  "Cancelamentos(1)", "Suprimentos(1)", "R$50,00", "Sangrias(1)", "R$30,00", "Dinheiro",
                  "EsperadoR$130,90", "ContadoR$130,00", "Diferença(falta)-R$0,90", "DIFERENÇATOTAL-R$0,90",
                  "NÃOÉDOCUMENTOFISCAL"):
        assert words in compact, words

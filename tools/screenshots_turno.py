"""The turno de caixa's pictures for the README, on the 1024x600 counter screen (the child run of
tools/screenshots.py): the fechamento wizard with the drawer counted, its conferência, and the
Relatório Z on screen as the counter prints it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import func, select

from pdv_bling.counter.turno import add_movement, close_turno, open_turno
from pdv_bling.store.models import Sale, Turno
from ui.hub import Hub
from ui.main_window import MainWindow
from ui.slip_print import SlipDialog
from ui.turno_close import TurnoCloseWizard


def shots(app: QApplication, hub: Hub, window: MainWindow, suffix: str,
          settle: Callable[[QApplication, Hub], None]) -> list[tuple[str, Callable[[], QWidget]]]:
    def wizard(step: int) -> QWidget:
        _open_turno(hub)
        dialog = TurnoCloseWizard(hub, ["Ana Souza"], window)
        dialog.show()
        settle(app, hub)
        for value, quantity in ((10_000, 2), (5_000, 3), (2_000, 4), (1_000, 6), (500, 3), (100, 7), (25, 4)):
            dialog.notes[value].setValue(quantity)
        for _ in range(step):
            dialog.go(1)
        app.processEvents()
        return dialog

    def z_report() -> QWidget:
        _open_turno(hub)
        close_turno(hub.ctx.store, counted={"Dinheiro": 54_800, "PIX": 18_970}, operator="Ana Souza",
                    reason="moedas de R$ 0,25 no troco")
        from pdv_bling.slips.build import for_print

        with hub.ctx.store.read() as session:
            slip, config = for_print(session, "turno_z", 0)
        dialog = SlipDialog(hub, slip, config, parent=window)
        dialog.resize(1000, 560)
        dialog.show()
        return dialog

    return [(f"fechamento-contagem{suffix}.png", lambda: wizard(0)),
            (f"fechamento-conferencia{suffix}.png", lambda: wizard(2)),
            (f"relatorio-z{suffix}.png", z_report)]


def _open_turno(hub: Hub) -> None:
    """A turno opened before the demo's day of sales, with a suprimento and a sangria (once)."""
    store = hub.ctx.store
    with store.read() as session:
        if session.scalar(select(func.count()).select_from(Turno).where(Turno.closed_at.is_(None))):
            return
        first = session.scalar(select(func.min(Sale.created_at)))
    opened = (first or dt.datetime.now(dt.UTC)) - dt.timedelta(minutes=30)
    open_turno(store, operator="Ana Souza", fundo_cents=20_000, now=opened)
    add_movement(store, kind="suprimento", amount_cents=10_000, reason="troco trazido do banco", operator="Ana Souza",
                 now=opened + dt.timedelta(minutes=5))
    add_movement(store, kind="sangria", amount_cents=30_000, reason="depósito no cofre", operator="Ana Souza")

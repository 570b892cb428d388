"""Integração Bling > Autenticação on a caixa of a store. The caixa never talks to Bling: the
store's integrador holds the Bling authorization (connected once on its own PC), so instead of
"Iniciar integração" this tab says so and shows the store as every caixa sees it: the retaguarda,
the integrador, the store's queue and the day's requests, and each caixa's last contact."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui import fmt, words
from ui.hub import Hub
from ui.store_mode import link_relay

DAILY_LIMIT = 120_000


def _when(raw: Any) -> str:
    try:
        return fmt.short_datetime(dt.datetime.fromisoformat(raw)) if raw else "—"
    except ValueError:
        return "—"


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class StoreAuthTab(QWidget):
    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.report: dict[str, Any] | None = None
        self.status = QLabel(self.tr("Este computador é um caixa da loja: a conexão com o Bling é feita no integrador da loja."))
        self.status.setWordWrap(True)
        self.status.setStyleSheet("font-size: 15px; color: #1e5aa8; font-weight: bold;")
        self.detail = QLabel(self.tr("Consultando a retaguarda…"))
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refresh_button = QPushButton(self.tr("Atualizar"))
        self.refresh_button.clicked.connect(self.reload)
        steps = QLabel(self.tr(
            "Nada precisa ser conectado neste caixa. Para conectar ou reconectar o Bling da loja, no computador do "
            "integrador (retaguarda): pdv-bling connect, depois pdv-bling integrator (veja o README, "
            "\"Loja com vários caixas\"). As vendas deste caixa vão para a retaguarda e de lá para o Bling."))
        steps.setWordWrap(True)
        steps.setStyleSheet("color: #444;")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Status da integração.")), 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.detail)
        layout.addWidget(steps)
        layout.addStretch(1)
        link_relay(hub).changed.connect(lambda event: self.reload() if event.moved else None)
        self.reload()

    def reload(self) -> None:
        from pdv_bling.retaguarda.status import collect

        ctx = self.hub.ctx
        self.refresh_button.setEnabled(False)
        self.hub.runner.submit(lambda: collect(ctx), on_done=self.show_report, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        from ui import words

        self.refresh_button.setEnabled(True)
        self.detail.setText(html.escape(words.error_text(exc)))

    def show_report(self, report: dict[str, Any]) -> None:
        self.report = report
        self.refresh_button.setEnabled(True)
        here = self.tr("Este caixa: %1").replace("%1", html.escape(str(report.get("terminal") or "")))
        waiting = report.get("not_handed_over_here") or 0
        if waiting:
            here += " · " + words.records_not_handed_over(waiting)
        if not report.get("store_reachable"):
            self.detail.setText(
                "<p>" + here + "</p><p style='color:#b26a00'><b>" + self.tr("Retaguarda: sem conexão") + "</b><br>"
                + html.escape(str(report.get("error") or "")) + "</p><p>"
                + self.tr("As vendas continuam sendo registradas neste caixa e vão para a retaguarda sozinhas quando a conexão voltar.")
                + "</p>")
            return
        parts = ["<p>" + here + "</p>", "<p>" + self._integrador(report["integrador"]) + "</p>",
                 "<p>" + self._queue(report) + "</p>", self._caixas(report["caixas"])]
        self.detail.setText("".join(parts))

    def _integrador(self, integ: dict[str, Any]) -> str:
        if integ.get("running"):
            head = "<b style='color:#1e7d32'>" + self.tr("Integrador: ativo") + "</b>"
            who = self.tr("em %1, último sinal %2").replace("%1", html.escape(str(integ.get("holder") or "—"))).replace(
                "%2", _when(integ.get("heartbeat_at")))
            return head + " — " + who + self._health(integ)
        return ("<b style='color:#b3261e'>" + self.tr("Integrador: parado") + "</b> — " + self.tr(
            "as vendas ficam guardadas na retaguarda até ele voltar. No computador da retaguarda, inicie o serviço "
            "pdv-bling integrator.") + self._health(integ))

    def _health(self, integ: dict[str, Any]) -> str:
        """The leader's own Bling side, as it recorded it (nothing when it has recorded nothing)."""
        from pdv_bling.domain.store_messages import INTEGRATOR_HEALTH

        if integ.get("health") == "ok":
            return "<br>" + self.tr("Bling: funcionando")
        if integ.get("health") != "failing":
            return ""
        why = html.escape(INTEGRATOR_HEALTH.get(integ.get("health_reason") or "", integ.get("health_reason") or ""))
        text = (self.tr("Passou a vez por falhas no Bling desde %1: %2") if integ.get("stepped_down")
                else self.tr("Bling: falhando desde %1: %2"))
        return "<br><span style='color:#b26a00'>" + text.replace("%1", _when(integ.get("health_since"))).replace(
            "%2", why) + "</span>"

    def _queue(self, report: dict[str, Any]) -> str:
        out = report["outbox"]
        queue = words.store_queue(out["pending"] + out["in_flight"], out["parked"], out["done"])
        used = int(report.get("requests_today") or 0)
        requests = self.tr("Requisições ao Bling hoje (loja inteira): %1 de %2").replace("%1", _number(used)).replace(
            "%2", _number(DAILY_LIMIT))
        return queue + "<br>" + requests

    def _caixas(self, caixas: list[dict[str, Any]]) -> str:
        rows = "".join(
            "<tr><td><b>" + html.escape(c["terminal"]) + "</b></td><td>" + html.escape(c.get("host") or "") + "</td><td>"
            + self.tr("último contato %1").replace("%1", _when(c.get("last_seen_at"))) + "</td><td>"
            + words.not_handed_over(c.get("not_handed_over") or 0) + "</td></tr>"
            for c in caixas)
        return "<p><b>" + self.tr("Caixas da loja") + "</b></p><table cellspacing='6'>" + rows + "</table>"

"""The findings of an account check, one card each (erros first): mark, title, explanation,
examples, and "Como corrigir". Used by Integração Bling > Verificar conta and the first-run guide.
The words come from the core (pdv_bling/account_check/texts.py, pt_BR)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from pdv_bling.account_check import CheckReport, CheckResult
from ui import fmt, screen, words

ORDER = {"erro": 0, "atencao": 1, "nao_verificado": 2, "ok": 3}
LOOK = {  # mark, border colour, background
    "erro": ("✖", "#b3261e", "#fdecea"),
    "atencao": ("⚠", "#b26a00", "#fff4e0"),
    "nao_verificado": ("–", "#8a8a8a", "#f4f4f4"),
    "ok": ("✔", "#1e7d32", "#eef7ee"),
}
MAX_DETAILS = 8


class ResultCard(QFrame):
    def __init__(self, result: CheckResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result = result
        mark, border, background = LOOK[result.status]
        self.setObjectName("card")
        self.setStyleSheet(f"#card {{ background: {background}; border-left: 5px solid {border}; }}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        self.title = QLabel(f"{mark}  {result.title}")
        self.title.setStyleSheet(f"font-weight: bold; color: {border};")
        self.explanation = _wrapped(result.explanation)
        layout.addWidget(self.title)
        layout.addWidget(self.explanation)
        if result.details:
            shown = list(result.details[:MAX_DETAILS])
            if len(result.details) > MAX_DETAILS:
                shown.append(self.tr("… e mais %1").replace("%1", str(len(result.details) - MAX_DETAILS)))
            details = _wrapped("\n".join(f"· {line}" for line in shown))
            details.setStyleSheet("color: #555;")
            layout.addWidget(details)
        self.fix: QLabel | None = None
        if result.fix and result.status in ("erro", "atencao"):
            self.fix = _wrapped(self.tr("Como corrigir: %1").replace("%1", result.fix))
            self.fix.setStyleSheet("color: #222; font-weight: 600;")
            layout.addWidget(self.fix)


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CheckPanel(QWidget):
    """Summary line plus the scrollable cards."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: CheckReport | None = None
        self.cards: list[ResultCard] = []
        self.summary = QLabel(self.tr("A conta ainda não foi verificada."))
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        self.body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.body)
        screen.keyboard_scroll(scroll)  # the findings further down, by keyboard too (1024x600)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(scroll, 1)

    def show_report(self, report: CheckReport | None) -> None:
        self.report = report
        for card in self.cards:
            card.setParent(None)
            card.deleteLater()
        self.cards = []
        if report is None:
            self.summary.setText(self.tr("A conta ainda não foi verificada."))
            self.summary.setStyleSheet("font-size: 15px; font-weight: bold; color: #444;")
            return
        self.summary.setText(self.summary_text(report))
        colour = LOOK[report.status][1]
        self.summary.setStyleSheet(f"font-size: 15px; font-weight: bold; color: {colour};")
        ordered = sorted(report.results, key=lambda r: ORDER[r.status])
        for index, result in enumerate(ordered):
            card = ResultCard(result)
            self.body_layout.insertWidget(index, card)
            self.cards.append(card)

    def summary_text(self, report: CheckReport) -> str:
        when = fmt.short_datetime(report.finished_at)
        requests = self.tr("%1 requisições ao Bling").replace("%1", str(report.requests))
        if report.problem is not None:
            return self.tr("Não foi possível verificar (%1): %2").replace("%1", when).replace(
                "%2", problem_text(report.problem))
        erros, atencoes = report.count("erro"), report.count("atencao")
        if report.status == "ok":
            head = self.tr("✔ Tudo certo com a conta Bling")
        else:
            parts = [words.errors_count(erros)] if erros else []
            if atencoes:
                parts.append(words.warnings_count(atencoes))
            head = ("✖ " if erros else "⚠ ") + ", ".join(parts)
        return self.tr("%1 — verificada em %2, %3").replace("%1", head).replace("%2", when).replace("%3", requests)


def problem_text(code: str) -> str:
    from PySide6.QtCore import QCoreApplication

    words = {
        "not_connected": QCoreApplication.translate("CheckPanel", "a conta Bling não está conectada (Autenticação)"),
        "reconnection_needed": QCoreApplication.translate(
            "CheckPanel", "a autorização do Bling expirou: clique em Iniciar integração na aba Autenticação"),
        "offline": QCoreApplication.translate("CheckPanel", "o Bling não respondeu (sem internet?)"),
        "daily_limit": QCoreApplication.translate("CheckPanel", "o limite diário de requisições do Bling foi atingido"),
        "keyring_unavailable": QCoreApplication.translate("CheckPanel", "nenhum cofre de senhas do sistema disponível"),
    }
    return words.get(code, code)

"""The pages of Primeiros passos. Most embed the screen the manager will use later (Autenticação,
Sincronizar Dados, Métodos de Pagamento, Vendedores, Verificar conta), so the guide teaches the
real screens; the barcode and stock pages save their settings when the manager moves on."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from pdv_bling.account_check import CheckReport, load_last
from pdv_bling.counter import queries
from pdv_bling.management import first_run
from pdv_bling.store.settings import StockMode, load_settings, save_settings
from ui import words
from ui.account_check_tab import AccountCheckTab
from ui.auth_tab import AuthTab
from ui.hub import Hub
from ui.payments_tab import PaymentsTab
from ui.sellers_tab import SellersTab
from ui.service import CONNECTED
from ui.sync_tab import SyncTab

NOTE = "background: #fff4d6; border: 1px solid #f0c36d; padding: 8px;"
INFO = "background: #eef4fb; border: 1px solid #c9dcf0; padding: 8px;"
FIRST_PULL = ("produtos", "formas_pagamento", "vendedores", "depositos")


def _note(text: str, style: str = NOTE) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(style)
    return label


class _Page(QWizardPage):
    def __init__(self, hub: Hub, title: str, subtitle: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.box = QVBoxLayout(self)


class ConnectPage(_Page):
    def __init__(self, hub: Hub) -> None:
        super().__init__(hub, self.tr("1. Conectar ao Bling"),
                         self.tr("Autorize o PDV Bling na conta Bling da loja (usuário administrador principal)."))
        self.auth = AuthTab(hub)
        self.box.addWidget(self.auth)
        hub.connection_changed.connect(lambda _s: self.completeChanged.emit())

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.auth.start_button.setFocus()

    def isComplete(self) -> bool:  # noqa: N802
        return self.hub.connection == CONNECTED


class BarcodePage(_Page):
    def __init__(self, hub: Hub) -> None:
        super().__init__(hub, self.tr("2. Código de barras"),
                         self.tr("Como o leitor encontra os produtos: pelo GTIN/EAN do cadastro do Bling ou pelo SKU."))
        self.gtin = QRadioButton(self.tr("&GTIN/EAN do produto (recomendado)"))
        self.sku = QRadioButton(self.tr("&SKU como código de barras"))
        group = QButtonGroup(self)
        group.addButton(self.gtin)
        group.addButton(self.sku)
        self.locked = QLabel()
        self.locked.setWordWrap(True)
        self.box.addWidget(self.gtin)
        self.box.addWidget(self.sku)
        self.box.addWidget(_note(self.tr(
            "Atenção (manual da integração): caso a loja trabalhe com SKU como código de barras, ative esta função ANTES de iniciar a sincronização. Depois da primeira sincronização de produtos ela fica bloqueada; para mudar é preciso fazer uma Nova integração do zero.")))
        self.box.addWidget(self.locked)
        self.box.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802
        with self.hub.ctx.store.read() as session:
            settings, synced = load_settings(session), queries.products_synced(session)
        (self.sku if settings.sku_as_barcode else self.gtin).setChecked(True)
        for button in (self.gtin, self.sku):
            button.setEnabled(not synced)
        self.locked.setText(self.tr("Bloqueado: os produtos já foram sincronizados com esta escolha.") if synced else "")
        (self.sku if settings.sku_as_barcode else self.gtin).setFocus()

    def validatePage(self) -> bool:  # noqa: N802
        with self.hub.ctx.store.transaction() as session:
            previous = load_settings(session)
            if not queries.products_synced(session):
                wanted = dataclasses.replace(previous, sku_as_barcode=self.sku.isChecked())
                save_settings(session, wanted, previous=previous)
        return True


class PullPage(_Page):
    def __init__(self, hub: Hub) -> None:
        super().__init__(hub, self.tr("3. Primeira sincronização"),
                         self.tr("Traga do Bling os produtos, categorias, vendedores, formas de pagamento e depósitos."))
        self.sync = SyncTab(hub)
        self.box.addWidget(self.sync)
        self.done = False
        hub.bridge.sync_progress.connect(lambda e: self._refresh() if e.finished else None)

    def initializePage(self) -> None:  # noqa: N802
        self.sync.all_button.setFocus()
        self._refresh()

    def _refresh(self) -> None:
        self.hub.read(queries.last_sync, self._dates)

    def _dates(self, dates: Mapping[str, dt.datetime | None]) -> None:
        self.done = all(dates.get(model) is not None for model in FIRST_PULL)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return self.done


class DeParaPage(_Page):
    def __init__(self, hub: Hub) -> None:
        super().__init__(hub, self.tr("4. DE-PARA das formas de pagamento"),
                         self.tr("Relacione cada método de pagamento do PDV a uma forma de pagamento do Bling."))
        self.payments = PaymentsTab(hub)
        self.box.addWidget(self.payments)

    def initializePage(self) -> None:  # noqa: N802
        self.payments.reload()
        self.payments.table.setFocus()

    def validatePage(self) -> bool:  # noqa: N802
        if self.payments.rows:
            self.payments.save()
        return True


class SellersPage(_Page):
    def __init__(self, hub: Hub) -> None:
        super().__init__(hub, self.tr("5. Vendedores"),
                         self.tr("Cadastre os operadores do caixa e vincule cada um a um vendedor do Bling."))
        self.sellers = SellersTab(hub)
        self.box.addWidget(self.sellers)

    def initializePage(self) -> None:  # noqa: N802
        self.sellers.reload()
        self.sellers.import_button.setFocus()

    def validatePage(self) -> bool:  # noqa: N802
        if self.sellers.rows:
            self.sellers.save()
        return True


class StockPage(_Page):
    def __init__(self, hub: Hub) -> None:
        super().__init__(hub, self.tr("6. Estoque e contas"),
                         self.tr("Como as vendas baixam o estoque e lançam as contas no Bling, e em qual depósito."))
        self.transitions = QRadioButton(self.tr("&Transições do Bling (Em aberto → Atendido lança estoque e contas)"))
        self.integration = QRadioButton(self.tr("&Lançar estoque e contas pela integração"))
        group = QButtonGroup(self)
        group.addButton(self.transitions)
        group.addButton(self.integration)
        self.deposit = QComboBox()
        form = QFormLayout()
        form.addRow(self.tr("&Depósito do Bling"), self.deposit)
        self.box.addWidget(self.transitions)
        self.box.addWidget(_note(self.tr(
            "Com transições, configure no Bling (Perfil da empresa > Todas as configurações > Sistema > Gerenciador de transições): Em aberto → Atendido com Lançar estoque e Lançar contas; Atendido → Cancelado com Estornar estoque e Estornar contas. Salve."), INFO))
        self.box.addWidget(self.integration)
        self.box.addLayout(form)
        self.box.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802
        with self.hub.ctx.store.read() as session:
            settings, deposits = load_settings(session), queries.bling_depositos(session)
        (self.transitions if settings.stock_mode == "transitions" else self.integration).setChecked(True)
        self.deposit.clear()
        self.deposit.addItem(self.tr("Padrão da conta Bling"), None)
        for choice in deposits:
            self.deposit.addItem(choice.label, choice.bling_id)
        found = self.deposit.findData(settings.deposit_id) if settings.deposit_id is not None else 0
        self.deposit.setCurrentIndex(max(0, found))
        (self.transitions if settings.stock_mode == "transitions" else self.integration).setFocus()

    def validatePage(self) -> bool:  # noqa: N802
        mode: StockMode = "transitions" if self.transitions.isChecked() else "integration"
        with self.hub.ctx.store.transaction() as session:
            previous = load_settings(session)
            wanted = dataclasses.replace(previous, stock_mode=mode, deposit_id=self.deposit.currentData())
            save_settings(session, wanted, previous=previous)
        return True


class CheckPage(_Page):
    def __init__(self, hub: Hub) -> None:
        super().__init__(hub, self.tr("7. Verificar conta Bling"),
                         self.tr("O PDV Bling confere a conta (só leitura). Corrija o que aparecer em vermelho."))
        self.check = AccountCheckTab(hub)
        self.box.addWidget(self.check)

    def initializePage(self) -> None:  # noqa: N802
        self.check.run_check()
        self.check.button.setFocus()


class ReadyPage(_Page):
    def __init__(self, hub: Hub) -> None:
        super().__init__(hub, self.tr("8. Pronto para vender"), self.tr("A integração está configurada."))
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.box.addWidget(self.verdict)
        self.box.addWidget(self.summary)
        self.box.addWidget(_note(self.tr(
            "No caixa: Nova venda (F2), Troca/Devolução (F3), Sincronizar agora (F5). As vendas ficam guardadas neste computador e vão ao Bling sozinhas, com ou sem internet no momento da venda. Faça a primeira venda de teste depois de conferir vendedores, clientes e vendas (manual da integração). Este guia pode ser aberto de novo pelo botão Primeiros passos."), INFO))
        self.box.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802
        self.hub.read(lambda s: (load_last(s), first_run.setup_summary(s)), self._show)

    def _show(self, data: tuple[CheckReport | None, first_run.SetupSummary]) -> None:
        report, summary = data
        self.summary.setText(self._summary_text(summary))
        erros = report.count("erro") if report is not None and report.problem is None else None
        atencoes = report.count("atencao") if report is not None else 0
        if erros is None:
            self.verdict.setText(self.tr("A conta ainda não foi verificada: volte ao passo 7."))
            self.verdict.setStyleSheet("font-size: 15px; font-weight: bold; color: #b26a00;")
        elif erros:
            self.verdict.setText(self.tr("A verificação encontrou %1: as vendas ficam guardadas, mas corrija antes de vender, em Integração Bling > Verificar conta.").replace("%1", words.errors_count(erros)))
            self.verdict.setStyleSheet("font-size: 15px; font-weight: bold; color: #b3261e;")
        else:
            text = self.tr("✔ Tudo pronto para vender.")
            if atencoes:
                text += " " + self.tr("(%1 no passo 7.)").replace("%1", words.warnings_count(atencoes))
            self.verdict.setText(text)
            self.verdict.setStyleSheet("font-size: 15px; font-weight: bold; color: #1e7d32;")

    def _summary_text(self, s: first_run.SetupSummary) -> str:
        lines = [
            self.tr("Código de barras: %1").replace("%1", self.tr("SKU") if s.sku_as_barcode else self.tr("GTIN/EAN")),
            self.tr("Estoque e contas: %1").replace("%1", self.tr("transições do Bling") if s.stock_mode == "transitions"
                                                     else self.tr("lançados pela integração")),
            self.tr("Depósito: %1").replace("%1", s.deposit or self.tr("padrão da conta Bling")),
            self.tr("DE-PARA: %1 de %2 métodos relacionados").replace("%1", str(s.methods_mapped)).replace("%2", str(s.methods)),
            self.tr("Operadores vinculados a vendedores do Bling: %1 de %2").replace("%1", str(s.operators_linked))
            .replace("%2", str(s.operators)),
        ]
        return "\n".join("• " + line for line in lines)

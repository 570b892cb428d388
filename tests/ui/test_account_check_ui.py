"""Verificar conta, Vendedores, the status bar / tray erro signal, and Primeiros passos."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import delete, select

from pdv_bling.account_check import CheckReport
from pdv_bling.account_check.model import save_last
from pdv_bling.account_check.texts import result
from pdv_bling.management import first_run
from pdv_bling.store.models import BlingVendedor, Product, Seller, SyncState, utcnow
from pdv_bling.store.settings import load_settings
from tests.ui.conftest import wait_idle
from tests.ui.fakes import FakeService
from tests.ui.helpers import add_formas
from ui.first_run import FirstRunWizard, open_if_needed
from ui.hub import Hub
from ui.integration_window import CHECK, IntegrationWindow
from ui.main_window import MainWindow


def broken_report() -> CheckReport:
    now = utcnow()
    return CheckReport((
        result("deposito_ok", nome="Geral"),
        result("depara_sem_vinculo", count=1, names='"PIX"'),
        result("escopos_faltando", labels="Contatos", quoted="\"Contatos\"", where="no módulo \"Contatos\"", needs="enviar clientes", missing=["contatos"]),
        result("estoque_nao_verificado"),
    ), 13, now, now)


def test_check_tab_runs_on_a_worker_and_shows_erros_first_with_fixes(qtbot: QtBot, hub: Hub,
                                                                     service: FakeService) -> None:
    service.check_report = broken_report()
    window = IntegrationWindow(hub)
    qtbot.addWidget(window)
    window.tabs.setCurrentIndex(CHECK)
    window.show()
    wait_idle(qtbot, hub)
    tab = window.check
    assert "ainda não foi verificada" in tab.panel.summary.text()
    tab.button.click()
    wait_idle(qtbot, hub)
    assert service.checks == 1 and threading.get_ident() not in service.threads
    cards = tab.panel.cards
    assert [c.result.status for c in cards] == ["erro", "atencao", "nao_verificado", "ok"]
    assert cards[0].fix is not None and "Área do Integrador" in cards[0].fix.text()
    assert cards[0].fix.text().startswith("Como corrigir:")
    assert cards[3].fix is None  # nothing to do for an ok
    assert "1 erro, 1 ponto de atenção" in tab.panel.summary.text() and "13 requisições" in tab.panel.summary.text()


def test_status_bar_and_tray_show_an_erro_of_the_last_check(qtbot: QtBot, hub: Hub, service: FakeService) -> None:
    window = MainWindow(hub)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, hub)
    indicator = window.check_indicator
    assert not indicator.isVisible()  # never checked: nothing to say
    service.check_report = broken_report()
    hub.runner.submit(service.check_account)  # e.g. the daily job, in the background
    qtbot.waitUntil(lambda: indicator.isVisible(), timeout=5000)
    assert indicator.text() == "⚠ Conta Bling: 1 erro"
    assert "Conta Bling com 1 erro" in window.tray.tooltip
    assert window.tray.notifications[-1][0] == "Verificar conta Bling"
    indicator.click()
    dialog = window.dialogs["integration"]
    assert isinstance(dialog, IntegrationWindow) and dialog.tabs.currentIndex() == CHECK
    service.check_report = None  # fixed: all ok
    hub.runner.submit(service.check_account)
    qtbot.waitUntil(lambda: not indicator.isVisible(), timeout=5000)
    assert "Conta Bling" not in window.tray.tooltip


def test_sellers_tab_links_imports_and_adds(qtbot: QtBot, hub: Hub) -> None:
    with hub.ctx.store.transaction() as session:
        session.add(BlingVendedor(bling_id=701, nome="Marina Souza", situacao="A"))
        session.add(BlingVendedor(bling_id=702, nome="Paulo Lima", situacao="I"))
    window = IntegrationWindow(hub)
    qtbot.addWidget(window)
    window.show()
    tab = window.sellers
    tab.reload()
    wait_idle(qtbot, hub)
    assert [r.name for r in tab.rows] == ["Ana"] and tab.combos[0].currentText().startswith("Vendedor 501")
    tab.combos[0].setCurrentIndex(tab.combos[0].findData(701))
    tab.import_button.click()  # Marina gets an operator; Paulo is inactive in Bling
    wait_idle(qtbot, hub)
    wait_idle(qtbot, hub)
    with hub.ctx.store.read() as session:
        linked = {s.name: s.bling_vendedor_id for s in session.scalars(select(Seller))}
    assert linked == {"Ana": 701}  # Marina's vendedor is already Ana's: no twin
    tab.new_name.setText("Beto")
    qtbot.keyClick(tab.new_name, Qt.Key.Key_Return)
    wait_idle(qtbot, hub)
    wait_idle(qtbot, hub)
    assert [r.name for r in tab.rows] == ["Ana", "Beto"] and "fff4d6" in tab.combos[1].styleSheet()
    tab.new_name.setText("beto")
    tab.add_button.click()
    wait_idle(qtbot, hub)
    assert "já existe um operador" in tab.summary.text()


def _wizard(qtbot: QtBot, hub: Hub, *, resume: bool = False) -> FirstRunWizard:
    wizard = FirstRunWizard(hub, resume=resume)
    qtbot.addWidget(wizard)
    wizard.show()
    wait_idle(qtbot, hub)
    return wizard


def test_first_run_guide_walks_the_eight_steps_by_keyboard(qtbot: QtBot, hub: Hub, service: FakeService) -> None:
    service.state = "not_connected"
    with hub.ctx.store.transaction() as session:  # a new store: nothing pulled yet
        session.execute(delete(Product))
    hub.refresh_connection()
    wait_idle(qtbot, hub)
    wizard = _wizard(qtbot, hub)
    assert wizard.currentId() == 0 and not wizard.currentPage().isComplete()
    wizard.pages[0].auth.start_button.click()  # the fake connects at once
    wait_idle(qtbot, hub)
    qtbot.waitUntil(lambda: wizard.currentPage().isComplete(), timeout=5000)
    qtbot.keyClick(wizard, Qt.Key.Key_Return)
    assert wizard.currentId() == 1
    assert wizard.pages[1].gtin.isChecked() and wizard.pages[1].gtin.hasFocus()
    qtbot.keyClick(wizard.pages[1].gtin, Qt.Key.Key_Down)  # arrows move between the two options
    assert wizard.pages[1].sku.isChecked()
    qtbot.keyClick(wizard, Qt.Key.Key_Return)
    with hub.ctx.store.read() as session:
        assert load_settings(session).sku_as_barcode is True
    assert wizard.currentId() == 2
    page = wizard.pages[2]
    assert not page.isComplete()
    page.sync.all_button.click()  # first pull, with progress
    wait_idle(qtbot, hub)
    qtbot.waitUntil(page.isComplete, timeout=5000)
    add_formas(hub.ctx.store)
    for expected in (3, 4, 5):
        wizard.next()
        wait_idle(qtbot, hub)
        assert wizard.currentId() == expected
    wizard.pages[5].integration.setChecked(True)
    wizard.next()
    wait_idle(qtbot, hub)
    assert wizard.currentId() == 6 and service.checks == 1  # the check runs on entering its step
    with hub.ctx.store.read() as session:
        settings = load_settings(session)
        progress = first_run.load_progress(session)
    assert settings.stock_mode == "integration" and progress.step == "verificar" and not progress.finished
    wizard.next()
    wait_idle(qtbot, hub)
    assert "Tudo pronto para vender" in wizard.pages[7].verdict.text()
    wizard.accept()
    with hub.ctx.store.read() as session:
        assert first_run.load_progress(session).finished


def test_first_run_guide_resumes_where_it_was_left(qtbot: QtBot, hub: Hub, service: FakeService) -> None:
    with hub.ctx.store.transaction() as session:
        first_run.save_progress(session, step="depara")
        session.add(SyncState(model="produtos", last_success_at=utcnow()))
    wizard = _wizard(qtbot, hub, resume=True)
    assert wizard.currentId() == 3
    wizard.close()
    opened: list[bool] = []
    open_if_needed(wizard, hub, lambda: opened.append(True))
    wait_idle(qtbot, hub)
    assert opened == [True]  # left half-way: it opens again at start-up
    with hub.ctx.store.transaction() as session:
        first_run.save_progress(session, step="pronto", finished=True)
        save_last(session, broken_report())
    open_if_needed(wizard, hub, lambda: opened.append(True))
    wait_idle(qtbot, hub)
    assert opened == [True]  # finished: never again by itself (the menu replays it)

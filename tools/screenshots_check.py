"""Screenshots of Verificar conta Bling and of each step of Primeiros passos (tools/screenshots.py).

The check results are real: a stand-in on 127.0.0.1 is pulled by a throwaway data folder and
then broken with its account knobs, and `run_check` reads it over HTTP. The guide's screens use a
stand-in service that answers like a store being set up (never connected, then connected...).
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from pdv_bling.account_check import AccountChecked, CheckReport, run_check
from pdv_bling.account_check.model import save_last
from pdv_bling.base import events as ev
from pdv_bling.runtime.demo import attach_to_sandbox, map_payments_by_name
from pdv_bling.runtime.service import SyncService
from pdv_bling.sandbox import SandboxConfig, SandboxServer
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import (
    BlingDeposito,
    BlingFormaPagamento,
    BlingVendedor,
    PaymentMethod,
    Seller,
    SyncState,
    utcnow,
)
from ui.first_run import FirstRunWizard
from ui.first_run_pages import ConnectPage, PullPage
from ui.hub import Hub
from ui.integration_window import CHECK

Save = Callable[[QApplication, Hub, QWidget, Path], None]


def real_reports() -> tuple[CheckReport, CheckReport]:
    """(a broken account, a healthy one with one warning), each from a real check over HTTP."""
    os.environ.setdefault("PDV_BLING_RATE_PER_SECOND", "500")
    with tempfile.TemporaryDirectory() as home, SandboxServer(SandboxConfig(products=40, rate_limit=1000)) as server:
        ctx = AppContext.open(Path(home), log=False)
        attach_to_sandbox(ctx, server)
        service = SyncService(ctx)
        service.pull_now(["categorias", "produtos", "formas_pagamento", "depositos", "vendedores", "situacoes"])
        map_payments_by_name(ctx)
        vendedor = server.state.seed.vendedores[0]
        with ctx.store.transaction() as session:
            session.add(Seller(name=vendedor["contato"]["nome"], bling_vendedor_id=vendedor["id"]))
            session.add(Seller(name="Caixa 2"))
        healthy = run_check(ctx.store, service.client)
        httpx.post(f"{server.control_url}/account", timeout=5, json={
            "missing_scopes": ["estoques"], "inactive_formas": ["Cartão de Crédito"], "date_skew_s": -5400})
        broken = run_check(ctx.store, service.client)
        service.stop()
        ctx.close()
    return broken, healthy


def check_tab(app: QApplication, hub: Hub, window: Any, report: CheckReport, save: Save, out: Path) -> None:
    with hub.ctx.store.transaction() as session:
        save_last(session, report)
    hub.bus.publish(AccountChecked(report.status, report.count("erro"), report.count("atencao")))
    dialog = window.open_integration(CHECK)
    dialog.resize(980, 700)
    save(app, hub, dialog, out / "verificar-conta.png")
    dialog.close()
    save(app, hub, window, out / "main-window-erro-conta.png")


class GuideStandIn:
    """A store being set up: not connected until "Iniciar integração"; pulls report progress."""

    def __init__(self, ctx: AppContext, bus: ev.EventBus, report: CheckReport) -> None:
        self.ctx, self.bus, self.report, self.state = ctx, bus, report, "not_connected"
        self.gate = threading.Event()

    def start(self) -> None: ...
    def stop(self) -> None: ...
    def nudge(self) -> None: ...

    def customer_at_counter(self, state: str) -> None: ...
    def drain_now(self) -> None: ...
    def disconnect(self) -> None: ...
    def pull_now(self, models: list[str] | None = None) -> None:
        """The first pull, held half-way until the picture is taken."""
        self.bus.publish(ev.SyncProgress(model="categorias", done=20, total=20, finished=True))
        self.bus.publish(ev.SyncProgress(model="produtos", done=1240, total=2000, eta_seconds=252))
        self.gate.wait(20)
        _catalogue(self.ctx)
        for model in ("clientes", "produtos", "vendedores", "formas_pagamento", "depositos"):
            self.bus.publish(ev.SyncProgress(model=model, done=1, total=1, finished=True))

    def connection_state(self) -> str:
        return self.state

    def connect_interactive(self, open_browser: object) -> str | None:
        self.state = "connected"
        return "Loja Exemplo Modas Ltda"

    def check_account(self) -> CheckReport:
        with self.ctx.store.transaction() as session:
            save_last(session, self.report)
        return self.report


def _catalogue(ctx: AppContext) -> None:
    now = utcnow()
    with ctx.store.transaction() as session:
        names = ("Dinheiro", "Crédito em Loja", "Pontos de Fidelidade", "Boleto", "Vale Presente", "Cheque",
                 "Cartão de Crédito", "Cartão de Débito", "PIX")
        mapping = {name: 11001 + i for i, name in enumerate(names)}
        for name, bling_id in mapping.items():
            session.add(BlingFormaPagamento(bling_id=bling_id, descricao=name, situacao=1))
        for bling_id, name in ((7001, "Marina Souza"), (7002, "Paulo Lima"), (7003, "Renata Alves")):
            session.add(BlingVendedor(bling_id=bling_id, nome=name, situacao="A"))
        session.add(BlingDeposito(bling_id=14001, descricao="Geral", situacao=1, padrao=True))
        session.add(BlingDeposito(bling_id=14002, descricao="Loja Centro", situacao=1, padrao=False))
        for model in ("categorias", "produtos", "vendedores", "formas_pagamento", "depositos"):
            session.add(SyncState(model=model, last_success_at=now))
        for method in session.scalars(select(PaymentMethod)):
            method.bling_forma_pagamento_id = mapping.get(method.name)
        session.add(Seller(name="Marina Souza", bling_vendedor_id=7001))
        session.add(Seller(name="Caixa 2"))


def guide(app: QApplication, report: CheckReport, save: Save, out: Path) -> None:
    """One PNG per step, as a new store sees it."""
    with tempfile.TemporaryDirectory() as home:
        ctx = AppContext.open(Path(home), log=False)
        bus = ev.EventBus()
        service = GuideStandIn(ctx, bus, report)
        hub = Hub(ctx, service, bus)
        wizard = FirstRunWizard(hub)
        wizard.show()
        save(app, hub, wizard, out / "primeiros-passos-1-conectar.png")
        connect, pull = wizard.pages[0], wizard.pages[2]
        assert isinstance(connect, ConnectPage) and isinstance(pull, PullPage)
        connect.auth.start_integration()
        save(app, hub, wizard, out / "primeiros-passos-1-conectado.png")
        wizard.next()
        save(app, hub, wizard, out / "primeiros-passos-2-codigo-de-barras.png")
        wizard.next()
        pull.sync.sync(None)  # the first pull under way: per model, with its ETA
        for _ in range(100):
            app.processEvents()
            if "faltam" in pull.sync.rows["produtos"].eta.text():
                break
            hub.runner.wait(20)
        wizard.grab().save(str(out / "primeiros-passos-3-sincronizacao.png"))
        print(out / "primeiros-passos-3-sincronizacao.png")
        service.gate.set()
        save(app, hub, wizard, out / "primeiros-passos-3-sincronizado.png")
        names = ("4-de-para", "5-vendedores", "6-estoque", "7-verificar", "8-pronto")
        for name in names:
            hub.runner.wait(5000)
            app.processEvents()
            wizard.next()
            save(app, hub, wizard, out / f"primeiros-passos-{name}.png")
        wizard.close()
        hub.shutdown()
        ctx.close()

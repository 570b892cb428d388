"""Wiring a fresh data folder to a stand-in, and building mixed sales from its catalogue."""

from __future__ import annotations

import random
import socket
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from pdv_bling.counter.lookups import sellable_products
from pdv_bling.domain.sale import AddressDraft, CustomerDraft, ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.runtime.demo import attach_to_sandbox, map_payments_by_name
from pdv_bling.runtime.service import SyncService
from pdv_bling.sandbox import SandboxConfig, SandboxServer
from pdv_bling.store.context import AppContext
from pdv_bling.store.models import Product

CPFS = ["52998224725", "11144477735", "39053344705", "86288366757", "15350946056"]


@dataclass
class Terminal:
    ctx: AppContext
    service: SyncService

    def close(self) -> None:
        self.service.stop()
        self.ctx.close()


def open_terminal(home: Path, server: SandboxServer, *, pull: bool = True, terminal_id: str = "PDV01") -> Terminal:
    ctx = AppContext.open(home)
    attach_to_sandbox(ctx, server)
    from pdv_bling.store.settings import load_settings, save_settings

    with ctx.store.transaction() as session:
        settings = load_settings(session)
        save_settings(session, settings.__class__(**{**settings.__dict__, "terminal_id": terminal_id}))
    service = SyncService(ctx)
    if pull:
        service.pull_now(["categorias", "produtos", "formas_pagamento", "depositos", "vendedores", "situacoes"])
        map_payments_by_name(ctx)
    return Terminal(ctx, service)


def sellable(ctx: AppContext, n: int = 10) -> list[Product]:
    with ctx.store.read() as session:
        return list(
            session.scalars(
                select(Product).where(sellable_products(), Product.barcode.is_not(None)).order_by(Product.id).limit(n)
            )
        )


def mixed_sale(products: list[Product], rng: random.Random, *, with_customer: bool | None = None) -> SaleDraft:
    picked = rng.sample(products, k=rng.randint(1, 3))
    items = tuple(ItemDraft(barcode=p.barcode, quantity=rng.randint(1, 3)) for p in picked)
    total = sum(i.quantity * p.price_cents for i, p in zip(items, picked, strict=True))
    kind = rng.choice(["cash", "pix", "split"])
    if kind == "cash":
        payments: tuple[PaymentDraft, ...] = (PaymentDraft("Dinheiro", total + rng.choice([0, 50, 1000])),)
    elif kind == "pix":
        payments = (PaymentDraft("PIX", total),)
    else:
        first = total // 3
        payments = (PaymentDraft("Cartão de Crédito", first), PaymentDraft("Dinheiro", total - first + 100))
    customer = None
    if with_customer if with_customer is not None else rng.random() < 0.4:
        doc = rng.choice(CPFS)
        customer = CustomerDraft(document=doc, name=f"Cliente {doc[-4:]}",
                                 address=AddressDraft(street="Rua A", number="1", district="Centro", city="São Paulo",
                                                      uf="SP", cep="01001000"))
    return SaleDraft(items=items, payments=payments, customer=customer)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Account:
    """A stand-in that can go away and come back on the same address with the same state."""

    def __init__(self, tmp_path: Path) -> None:
        self.config = SandboxConfig(products=60, seed=2, rate_limit=1000.0, port=_free_port(),
                                    state_file=tmp_path / "bling-state.sqlite3")
        self.server: SandboxServer = SandboxServer(self.config).start()

    def down(self) -> None:
        self.server.stop()

    def up(self) -> None:
        self.server = SandboxServer(self.config).start()

    def balance(self, produto: int) -> dict[int, float]:
        return {d: self.server.state.balances.get((produto, d), 0.0) for d in self.server.state.depositos}


def drain_all(t: Terminal, *, rounds: int = 200) -> dict[str, int]:
    """Drain until nothing is pending outside parked chains; scheduled retries are made due now."""
    from pdv_bling.store import outbox
    from pdv_bling.store.models import OutboxItem

    counts: dict[str, int] = {}
    for _ in range(rounds):
        t.service.drain_now()
        with t.ctx.store.transaction() as session:
            open_items = session.scalars(select(OutboxItem).where(OutboxItem.state != outbox.DONE)).all()
            for item in open_items:
                item.next_attempt_at = None
            parked_chains = {i.chain for i in open_items if i.state == outbox.PARKED}
            counts = outbox.counts(session)
        if not [i for i in open_items if i.chain not in parked_chains]:  # only parked chains wait
            return counts
    raise AssertionError(f"queue not drained: {counts}")


def set_settings(t: Terminal, **values: object) -> None:
    from pdv_bling.store.settings import load_settings, save_settings

    with t.ctx.store.transaction() as session:
        settings = load_settings(session)
        save_settings(session, settings.__class__(**{**settings.__dict__, **values}), previous=settings)

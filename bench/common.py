"""Shared pieces of the reliability harnesses and the drain benchmark (not a test module).

- `StandIn`: the Bling stand-in as a separate process (`pdv-bling sandbox --state FILE`), with its
  control API; `issue_tokens()` goes through the real OAuth flow (authorize + token).
- `setup_terminal`: a data folder connected to a stand-in (in-process `SandboxServer` or `StandIn`),
  catalogue pulled, payment methods mapped by name.
- `record_workload`: mixed sales (with/without customer, several payments), cancellations and
  exchanges (full and partial returns).
- `expected_from_local` / `compare`: the figures the stand-in must show, computed from the LOCAL
  records only, and an exact comparison against `/__sandbox__/inspect`.
- `resolve_parked_stock_entries`: what a manager does with an item parked for a human check.
- `LIVE_TRAPS`, `seed_holders`: the live-account knobs on (field guide §11) for the harnesses.
- `worst_windows`: Bling's block rules measured on the stand-in's request log.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import random
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, urlparse

import httpx
from sqlalchemy import select

from pdv_bling.bling.client import API_URL_SETTING
from pdv_bling.bling.oauth import pair_from_token_response
from pdv_bling.bling.tokens import Credentials, SandboxFileTokenStore
from pdv_bling.counter.cancellation import cancel_sale
from pdv_bling.counter.lookups import sellable_products
from pdv_bling.counter.returns import record_exchange
from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.exchange import ExchangeDraft, return_marker
from pdv_bling.domain.sale import AddressDraft, CustomerDraft, ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.runtime.demo import map_payments_by_name
from pdv_bling.runtime.service import SyncService
from pdv_bling.store import outbox
from pdv_bling.store.context import AppContext
from pdv_bling.store.engine import Store
from pdv_bling.store.models import BlingDeposito, OutboxItem, Product, ReturnItem, Sale, SaleReturn
from pdv_bling.store.settings import load_settings, save_settings, set_value

CPFS = ["52998224725", "11144477735", "39053344705", "86288366757", "15350946056"]
CATALOGUE = ["categorias", "produtos", "formas_pagamento", "depositos", "vendedores", "situacoes"]
EM_ABERTO, ATENDIDO, CANCELADO = 6, 9, 12


class Account(Protocol):
    """What a data folder needs to be connected: SandboxServer and StandIn both have it."""

    @property
    def base_url(self) -> str: ...
    @property
    def client_id(self) -> str: ...
    @property
    def client_secret(self) -> str: ...
    def issue_tokens(self) -> dict[str, Any]: ...


# ---------------------------------------------------------------- the stand-in as a process


class StandIn:
    def __init__(self, state: Path, *, products: int = 120, seed: int = 1, rate_limit: float = 1000.0,
                 extra: list[str] | None = None, log: Path | None = None) -> None:
        args = [sys.executable, "-m", "pdv_bling", "sandbox", "--state", str(state), "--products", str(products),
                "--seed", str(seed), "--rate-limit", str(rate_limit), *(extra or [])]
        err = open(log or state.with_suffix(".log"), "ab")  # noqa: SIM115 (lives as long as the process)
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=err, text=True)
        values: dict[str, str] = {}
        while len(values) < 3:
            line = self.proc.stdout.readline() if self.proc.stdout else ""
            if not line:
                raise RuntimeError(f"stand-in did not start (see {err.name})")
            key, _, value = line.strip().partition("=")
            values[key] = value
        self.base_url, self.client_id, self.client_secret = values["base_url"], values["client_id"], values["client_secret"]
        self.root_url = self.base_url.removesuffix("/Api/v3")
        self.http = httpx.Client(timeout=30)

    def issue_tokens(self) -> dict[str, Any]:
        """A token pair through the real flow: POST /oauth/authorize (approve), then /oauth/token
        with `enable-jwt: 1`, as the client sends it (JWT-sized tokens when the stand-in issues them)."""
        answer = self.http.post(f"{self.base_url}/oauth/authorize",
                                data={"response_type": "code", "client_id": self.client_id, "state": "bench"})
        code = parse_qs(urlparse(answer.headers["Location"]).query)["code"][0]
        basic = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        token = self.http.post(f"{self.base_url}/oauth/token",
                               headers={"Authorization": f"Basic {basic}", "enable-jwt": "1"},
                               data={"grant_type": "authorization_code", "code": code})
        token.raise_for_status()
        return dict(token.json())

    def inspect(self, *, all_balances: bool = False) -> dict[str, Any]:
        url = f"{self.root_url}/__sandbox__/inspect" + ("?balances=all" if all_balances else "")
        return dict(self.http.get(url).json())

    def set_faults(self, **values: Any) -> dict[str, Any]:
        return dict(self.http.post(f"{self.root_url}/__sandbox__/faults", json=values).json())

    @property
    def control_url(self) -> str:
        return f"{self.root_url}/__sandbox__"

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.http.close()


# ---------------------------------------------------------------- live-account knobs (field guide §11)

# Every knob the product handles by itself, on (the rest are defaults already: duplicate documents,
# reservations kept after lancar-estoque, JWT tokens, 414 past 8 KB, code 36). Knobs that need the
# manager (orders born Atendido whatever is sent, transitions that move no stock) have their own
# end-to-end tests: with them a correct Bling is reached only after "Lançar pela integração".
LIVE_TRAPS: dict[str, Any] = {
    "born_atendido": "default", "holder_id_in_message": True, "desconsiderar_saldo": True,
    "list_shows_variations": True, "token_type_lower": True, "reservations": True, "reserve_after_posting": True,
}


def live_trap_flags() -> list[str]:
    """`pdv-bling sandbox` flags for LIVE_TRAPS."""
    flags: list[str] = []
    for name, value in LIVE_TRAPS.items():
        text = ("on" if value else "off") if isinstance(value, bool) else str(value)
        flags += ["--trap-" + name.replace("_", "-"), text]
    return flags


def seed_holders(control_url: str) -> dict[str, str]:
    """Contacts already holding the workload's CPFs, as live accounts have them (§11 row 1): an
    inactive one, an excluded one, one whose document is stored formatted, a "fantasma" no search
    returns; the fifth CPF is new to the account."""
    kinds: list[tuple[str, dict[str, Any]]] = [
        ("inactive", {"situacao": "I"}), ("excluded", {"situacao": "E"}), ("formatted", {}),
        ("fantasma", {"fantasma": True})]
    made = {}
    for doc, (kind, values) in zip(CPFS, kinds, strict=False):
        shown = f"{doc[:3]}.{doc[3:6]}.{doc[6:9]}-{doc[9:]}" if kind == "formatted" else doc
        body = {"nome": f"Contato antigo {kind}", "numeroDocumento": shown, "situacao": "A", **values}
        httpx.post(f"{control_url}/contatos", json=body, timeout=10).raise_for_status()
        made[doc] = kind
    return made


# ---------------------------------------------------------------- data folders


@dataclass
class Terminal:
    home: Path
    ctx: AppContext
    service: SyncService

    def close(self) -> None:
        self.service.stop()
        self.ctx.close()


def attach(ctx: AppContext, account: Account) -> None:
    """What `pdv_bling.runtime.demo.attach_to_sandbox` does, for any account (tokens via `issue_tokens`)."""
    with ctx.store.transaction() as session:
        set_value(session, API_URL_SETTING, account.base_url)
    store = SandboxFileTokenStore(ctx.paths.data, api_url=account.base_url)
    store.save_credentials(Credentials(account.client_id, account.client_secret))
    store.save_tokens(pair_from_token_response(account.issue_tokens(), now=dt.datetime.now(dt.UTC)))


def setup_terminal(home: Path, account: Account, *, terminal_id: str = "PDV01", pull: bool = True,
                   **settings_values: Any) -> Terminal:
    ctx = AppContext.open(home)
    attach(ctx, account)
    with ctx.store.transaction() as session:
        settings = load_settings(session)
        save_settings(session, settings.__class__(**{**settings.__dict__, "terminal_id": terminal_id,
                                                     **settings_values}), previous=settings)
    service = SyncService(ctx)
    if pull:
        service.pull_now(CATALOGUE)
        map_payments_by_name(ctx)
    return Terminal(home, ctx, service)


def reopen(home: Path) -> Terminal:
    ctx = AppContext.open(home)
    return Terminal(home, ctx, SyncService(ctx))


def sellable(ctx: AppContext, n: int = 10) -> list[Product]:
    with ctx.store.read() as session:
        stmt = select(Product).where(sellable_products(), Product.barcode.is_not(None)).order_by(Product.id)
        return list(session.scalars(stmt.limit(n)))


def mixed_sale(products: list[Product], rng: random.Random, *, with_customer: bool | None = None) -> SaleDraft:
    picked = rng.sample(products, k=rng.randint(1, 3))
    items = tuple(ItemDraft(barcode=p.barcode, quantity=rng.randint(1, 3)) for p in picked)
    total = sum(i.quantity * p.price_cents for i, p in zip(items, picked, strict=True))
    kind = rng.choice(["cash", "pix", "split", "three"])
    if kind == "cash":
        payments: tuple[PaymentDraft, ...] = (PaymentDraft("Dinheiro", total + rng.choice([0, 50, 1000])),)
    elif kind == "pix":
        payments = (PaymentDraft("PIX", total),)
    elif kind == "split":
        first = total // 3
        payments = (PaymentDraft("Cartão de Crédito", first), PaymentDraft("Dinheiro", total - first + 100))
    else:
        a, b = total // 4, total // 3
        payments = (PaymentDraft("Cartão de Débito", a), PaymentDraft("PIX", b), PaymentDraft("Dinheiro", total - a - b))
    customer = None
    if with_customer if with_customer is not None else rng.random() < 0.4:
        doc = rng.choice(CPFS)
        customer = CustomerDraft(document=doc, name=f"Cliente {doc[-4:]}",
                                 address=AddressDraft(street="Rua A", number="1", district="Centro",
                                                      city="São Paulo", uf="SP", cep="01001000"))
    return SaleDraft(items=items, payments=payments, customer=customer)


# ---------------------------------------------------------------- the workload


@dataclass
class Workload:
    sales: list[int] = field(default_factory=list)  # local sale ids
    cancelled: list[int] = field(default_factory=list)
    full_returns: list[int] = field(default_factory=list)
    partial_returns: list[int] = field(default_factory=list)


def record_sales(ctx: AppContext, rng: random.Random, n: int, work: Workload, *, catalogue: int = 12) -> None:
    products = sellable(ctx, catalogue)
    for _ in range(n):
        work.sales.append(record_sale(ctx.store, mixed_sale(products, rng)).sale_id)


def record_changes(ctx: AppContext, rng: random.Random, work: Workload, *, cancels: int, exchanges: int) -> None:
    """Cancel `cancels` sales; return/exchange `exchanges` sales with a customer (half full, half partial)."""
    touched = set(work.cancelled) | set(work.full_returns) | set(work.partial_returns)
    with ctx.store.read() as session:
        rows = [(s.id, s.number, s.customer_id, [(i.id, i.quantity) for i in s.items])
                for s in session.scalars(select(Sale).where(Sale.kind == "sale", Sale.id.in_(work.sales)))]
    free = [r for r in rows if r[0] not in touched]
    rng.shuffle(free)
    with_customer = [r for r in free if r[2] is not None]
    for index, (sale_id, _number, _customer, lines) in enumerate(with_customer[:exchanges]):
        if index % 2 == 0:  # full return, refunded
            record_exchange(ctx.store, ExchangeDraft(original_sale_id=sale_id, returned=dict(lines), refund=True))
            work.full_returns.append(sale_id)
        else:  # one unit back, a like-for-like unit out when it leaves units sold (else a partial of 2+ lines)
            item_id, qty = lines[0]
            if qty == 1 and len(lines) == 1:
                continue
            record_exchange(ctx.store, ExchangeDraft(original_sale_id=sale_id, returned={item_id: 1},
                                                     new_items=_same_product(ctx, item_id)))
            work.partial_returns.append(sale_id)
    chosen = {r[0] for r in with_customer[:exchanges]}
    for sale_id, number, _c, _l in [r for r in free if r[0] not in chosen][:cancels]:
        cancel_sale(ctx.store, number)
        work.cancelled.append(sale_id)


def _same_product(ctx: AppContext, sale_item_id: int) -> tuple[ItemDraft, ...]:
    from pdv_bling.store.models import SaleItem

    with ctx.store.read() as session:
        line = session.get(SaleItem, sale_item_id)
        assert line is not None and line.product_id is not None
        product = session.get(Product, line.product_id)
        assert product is not None
        return (ItemDraft(barcode=product.barcode, quantity=1, unit_price_cents=line.unit_price_cents),)


# ---------------------------------------------------------------- expected figures and comparison


@dataclass
class Expected:
    situacao: dict[str, int]  # numeroLoja -> final situação id
    open_cents: dict[str, int]  # numeroLoja -> open contas a receber
    stock: dict[tuple[int, int], float]  # (produto, deposito) -> net quantity moved
    entries: list[str]  # observacoes markers of partial-return stock entries


def expected_from_local(ctx: AppContext) -> Expected:
    return expected_from_store(ctx.store)


def expected_from_store(store: Store) -> Expected:
    """`expected_from_local` of any store: a data folder's, or the store server's."""
    with store.read() as session:
        settings = load_settings(session)
        padrao = session.scalars(select(BlingDeposito.bling_id).where(BlingDeposito.padrao.is_(True))).one()
        deposit = settings.deposit_id if settings.stock_mode == "integration" and settings.deposit_id else padrao
        situacao, open_cents = {}, {}
        stock: dict[tuple[int, int], float] = defaultdict(float)
        for sale in session.scalars(select(Sale)):
            active = sale.status not in ("cancelled", "returned")
            # either mode leaves the order Atendido: moved there by the transition, or created
            # there by "Lançar pela integração" (which then posts stock and contas explicitly)
            kept = ATENDIDO
            situacao[sale.numero_loja] = kept if active else CANCELADO
            open_cents[sale.numero_loja] = sum(p.amount_cents for p in sale.payments) if active else 0
            for item in sale.items:
                if active and item.product_bling_id:
                    stock[(item.product_bling_id, deposit)] -= item.quantity
        entries = []
        for ret in session.scalars(select(SaleReturn).where(SaleReturn.full_return.is_(False))):
            original = session.get(Sale, ret.original_sale_id)
            assert original is not None
            for line in session.scalars(select(ReturnItem).where(ReturnItem.return_id == ret.id)):
                sold = next(i for i in original.items if i.id == line.sale_item_id)
                stock[(int(sold.product_bling_id or 0), deposit)] += line.quantity
                entries.append(return_marker(original.numero_loja, ret.uid, sold.position + 1))
    return Expected(situacao, open_cents, {k: v for k, v in stock.items() if v}, entries)


def compare(expected: Expected, inspect: dict[str, Any], *, prefix: str = "") -> dict[str, Any]:
    """Exact comparison; every list in the result must be empty for "nothing lost, nothing twice"."""
    orders = {k: v for k, v in inspect["orders"].items() if k.startswith(prefix)}
    missing = sorted(set(expected.situacao) - set(orders))
    extra = sorted(set(orders) - set(expected.situacao))
    twice = sorted(k for k, v in orders.items() if v["count"] != 1)
    wrong_situacao = sorted(k for k, v in orders.items() if k in expected.situacao and v["situacoes"] != [expected.situacao[k]])
    open_cents: Counter[str] = Counter()
    for conta in inspect["contas_receber"]["open"]:
        if str(conta.get("numeroLoja") or "").startswith(prefix):
            open_cents[conta["numeroLoja"]] += round(conta["valor"] * 100)
    wrong_receivables = sorted(k for k in expected.open_cents if open_cents.get(k, 0) != expected.open_cents[k])
    moved: dict[tuple[int, int], float] = defaultdict(float)
    markers: Counter[str] = Counter()
    for deposit, movements in inspect["stock_movements"].items():
        for mov in movements:
            sign = {"E": 1, "S": -1}.get(mov["operacao"], 0)
            moved[(int(mov["produto"]["id"]), int(deposit))] += sign * float(mov["quantidade"])
            markers[mov.get("observacoes") or ""] += 1
    moved = {k: v for k, v in moved.items() if abs(v) > 1e-9}
    wrong_stock = sorted(k for k in set(moved) | set(expected.stock) if abs(moved.get(k, 0) - expected.stock.get(k, 0)) > 1e-9)
    entries_not_once = sorted(m for m in expected.entries if markers[m] != 1)
    # no order is left reserving stock: the virtual balance equals the physical one everywhere
    leftover_reservations = sorted(inspect.get("balances_virtual", {}))
    return {"orders_checked": len(expected.situacao), "missing": missing, "extra": extra, "duplicated": twice,
            "wrong_situacao": wrong_situacao, "wrong_receivables": wrong_receivables, "wrong_stock": wrong_stock,
            "return_entries_not_once": entries_not_once, "leftover_reservations": leftover_reservations,
            "open_receivables_cents": sum(expected.open_cents.values()),
            "stock_cells": len(expected.stock), "return_entries": len(expected.entries)}


def all_clean(result: dict[str, Any]) -> bool:
    return not any(isinstance(v, list) and v for v in result.values())


def contact_twins(ctx: AppContext, inspect: dict[str, Any] | None = None) -> list[str]:
    """CPFs with more than one active Bling contact (looked up through the real client), and
    with `inspect`, CPFs more than one contact of any situação holds."""
    twins = []
    holders = (inspect or {}).get("contatos_por_documento", {})
    for doc in CPFS:
        active = [c for c in SyncService(ctx).client.contatos.find_by_documento(doc) if c.situacao == "A"]
        if len(active) > 1 or holders.get(doc, 0) > 1:
            twins.append(doc)
    return twins


# ---------------------------------------------------------------- the outbox from outside


def outbox_states(home: Path) -> Counter[str]:
    ctx = AppContext.open(home)
    try:
        with ctx.store.read() as session:
            return Counter(session.scalars(select(OutboxItem.state)))
    finally:
        ctx.close()


CHECKS: dict[str, Any] = {  # confirmar_lancamento: is the posting there? (from the order's flags)
    outbox.STOCK_POST: lambda e: e["estoque"][0] is not None,
    outbox.ACCOUNTS_POST: lambda e: bool(e["contas"][0]),
    outbox.STOCK_REVERSE: lambda e: e["estoque"][0] is None,
    outbox.ACCOUNTS_REVERSE: lambda e: not e["contas"][0],
}


def resolve_parked_stock_entries(home: Path, inspect: dict[str, Any]) -> dict[str, int]:
    """A manager's check of items parked for a human check: a stock entry ("confirmar_estoque",
    looked up by its `observacoes` marker) or an order's stock/contas posting whose answer was lost
    ("confirmar_lancamento", looked up on the order). Present -> "Já está no Bling"; absent ->
    Tentar novamente."""
    ctx = AppContext.open(home)
    try:
        return resolve_parked_in(ctx.store, inspect)
    finally:
        ctx.close()


def resolve_parked_in(store: Store, inspect: dict[str, Any]) -> dict[str, int]:
    """`resolve_parked_stock_entries` on any outbox (a data folder's, or the store server's)."""
    markers = Counter(m.get("observacoes") for ms in inspect["stock_movements"].values() for m in ms)
    found = retried = 0
    with store.transaction() as session:  # a lost sale ("venda_perdida") is recorded again by a person
        stmt = select(OutboxItem).where(OutboxItem.state == outbox.PARKED,
                                        OutboxItem.error_code.in_(("confirmar_estoque", "confirmar_lancamento")))
        for item in session.scalars(stmt):
            if item.error_code == "confirmar_estoque":
                present = bool(markers[(item.payload or {}).get("observacoes")])
            else:
                sale = session.get(Sale, item.sale_id)
                assert sale is not None
                present = CHECKS[item.kind](inspect["orders"][sale.numero_loja])
            if present:
                assert outbox.confirm_delivered(session, item.id)
                found += 1
            else:
                outbox.retry(session, item.id)
                retried += 1
    return {"found": found, "retried": retried}


# ---------------------------------------------------------------- Bling's block rules


def worst_windows(log: list[dict[str, Any]], *, error_window: float = 10.0, token_window: float = 60.0) -> dict[str, int]:
    """Largest number of error answers (4xx/5xx/dropped) in any 10 s, of token calls in any 60 s."""
    def worst(times: list[float], width: float) -> int:
        times.sort()
        best, lo = 0, 0
        for hi, t in enumerate(times):
            while times[lo] <= t - width:
                lo += 1
            best = max(best, hi - lo + 1)
        return best

    errors = [e["t"] for e in log if e["status"] == "dropped" or int(e["status"]) >= 400]
    tokens = [e["t"] for e in log if e["endpoint"].endswith("/oauth/token") or e["path"].endswith("/oauth/token")]
    return {"worst_errors_10s": worst(errors, error_window), "worst_token_calls_60s": worst(tokens, token_window)}


def sync_env(home: Path, rate: float) -> dict[str, str]:
    return {**os.environ, "PDV_BLING_HOME": str(home), "PDV_BLING_RATE_PER_SECOND": str(rate)}


def stamp() -> str:
    return time.strftime("%H:%M:%S")


def set_settings(ctx: AppContext, **values: Any) -> None:
    with ctx.store.transaction() as session:
        settings = load_settings(session)
        save_settings(session, settings.__class__(**{**settings.__dict__, **values}), previous=settings)


def other_deposit(ctx: AppContext) -> int:
    """A deposit that is not Bling's padrão (the store's own, in "Lançar pela integração")."""
    with ctx.store.read() as session:
        return int(session.scalars(select(BlingDeposito.bling_id).where(BlingDeposito.padrao.is_(False))).first() or 0)


def drain_until_done(terminal: Terminal, *, home: Path, standin: StandIn | None, limit_s: float,
                     pause: float = 0.3) -> Counter[str]:
    """In-process drain passes until nothing is pending (parked stock entries resolved as a
    manager would); respects each item's persisted backoff, not the app's offline re-probe."""
    stats: Counter[str] = Counter()
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        report = terminal.service.drain_now()
        stats["passes"] += 1
        stats["stopped_passes"] += report.stopped_by is not None
        if report.parked_total and standin is not None:
            resolved = resolve_parked_stock_entries(home, standin.inspect())
            stats["parked_stock_entries"] += resolved["found"] + resolved["retried"]
            stats["parked_found_in_bling"] += resolved["found"]
            stats["parked_retried"] += resolved["retried"]
            if resolved["found"] or resolved["retried"]:
                continue
        if report.pending == 0:  # what is still parked waits for a person, not for another pass
            stats["left_parked"] = report.parked_total
            break
        time.sleep(pause)
    return stats


def merge_expected(parts: list[Expected]) -> Expected:
    """Several terminals into one account: orders side by side, stock moved by all of them."""
    stock: dict[tuple[int, int], float] = defaultdict(float)
    for part in parts:
        for key, value in part.stock.items():
            stock[key] += value
    return Expected({k: v for p in parts for k, v in p.situacao.items()},
                    {k: v for p in parts for k, v in p.open_cents.items()},
                    {k: v for k, v in stock.items() if v}, [e for p in parts for e in p.entries])

"""Recording at the counter: a sale, its cancellation and its NFC-e reference, each written with
its outbox rows in one SQLite transaction. Never touches the network; the cashier never waits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pdv_bling.counter.lookups import (
    find_payment_method,
    find_product,
    find_seller,
    store_credit_balance,
    upsert_customer,
)
from pdv_bling.counter.turno import has_open_turno
from pdv_bling.domain.coupon import new_coupon
from pdv_bling.domain.errors import DomainError, DomainErrors, as_errors, collect
from pdv_bling.domain.sale import (
    PricedLine,
    SaleDraft,
    Tender,
    check_high_cash,
    check_quantity,
    check_sale_total,
    compute_totals,
)
from pdv_bling.store import outbox
from pdv_bling.store.engine import Store
from pdv_bling.store.identity import INSTALLATION_KEY
from pdv_bling.store.models import (
    Counter,
    Customer,
    PaymentMethod,
    Product,
    Sale,
    SaleItem,
    SalePayment,
    StoreCreditEntry,
    table_of,
    utcnow,
)
from pdv_bling.store.settings import Settings, load_settings_with

STORE_CREDIT = "store_credit"


@dataclass(frozen=True)
class RecordedSale:
    sale_id: int
    number: int
    numero_loja: str
    coupon: str
    total_cents: int
    change_cents: int
    nfce: bool = False  # its NFC-e is issued through Bling (the customer waits for the DANFE)


# The sale's statements, built once (bound parameters; plain Core on the tables): this is the
# cashier's path, and the ORM's unit of work and per-call statement building cost more than the
# statements themselves (bench/bench_local.py).
_BUMP_SALE_NUMBER = (update(table_of(Counter)).where(table_of(Counter).c.name == "sale_number")
                     .values(value=table_of(Counter).c.value + 1).returning(table_of(Counter).c.value))
_INSERT_SALE = insert(table_of(Sale)).returning(table_of(Sale).c.id)
_INSERT_ITEMS = insert(table_of(SaleItem))
_INSERT_PAYMENTS = insert(table_of(SalePayment))


def next_sale_number(session: Session) -> int:
    """The next number of this caixa's own sequence, in one statement."""
    bumped = session.execute(_BUMP_SALE_NUMBER).scalar_one_or_none()
    if bumped is not None:
        return int(bumped)
    session.add(Counter(name="sale_number", value=1))
    return 1


def numero_loja_for(settings: Settings, number: int) -> str:
    """Unique per Bling account: the terminal id plus the terminal's own sequence."""
    return f"{settings.terminal_id}-{number:07d}"


class ClaimCreditFirst(Exception):  # noqa: N818 - a signal inside record_sale, never seen outside
    """Store mode: the sale spends store credit, which the store server must grant first."""


def record_sale(
    store: Store, draft: SaleDraft, *, now: dt.datetime | None = None, allow_high_cash: bool = False
) -> RecordedSale:
    """Validate and write the sale with its items, payments and outbox rows, atomically.

    Raises DomainErrors (every problem found) and writes nothing on any error. Cash of more than
    10x the total is refused unless `allow_high_cash` (the cashier confirmed it). In store mode,
    store credit spent is first claimed on the store server (`Store.coordinator`); nothing else
    waits: a sale that spends no store credit never asks the coordinator anything (its write finds
    out, in the same transaction, whether credit is spent).
    """
    coordinator = store.coordinator
    claim: str | None = None
    claimed = coordinator is None  # single mode: nothing to ask
    try:
        for _attempt in range(4):  # a coupon collision (1 in 10^9) draws another one; a credit claim retries
            try:
                with store.transaction() as session:
                    recorded = write_sale(session, draft, now=now or utcnow(), credit_claim=claim,
                                          allow_high_cash=allow_high_cash, claim_credit_first=not claimed)
                break
            except ClaimCreditFirst:  # rolled back, nothing written: claim on the store, then write
                assert coordinator is not None
                claim, claimed = coordinator.claim_credit(store, draft), True
            except IntegrityError as exc:
                if "coupon" not in str(exc.orig):
                    raise
        else:
            raise RuntimeError("could not draw a unique exchange coupon")
    except BaseException:
        if claim is not None and coordinator is not None:
            coordinator.release(claim)
        raise
    if coordinator is not None:
        if recorded.nfce:  # a customer waits for the note: hand it over now, no quiet period
            coordinator.recorded(urgent=True)
        else:
            coordinator.recorded()
    return recorded


def write_sale(
    session: Session,
    draft: SaleDraft,
    *,
    now: dt.datetime,
    kind: str = "sale",
    origin_sale_id: int | None = None,
    exchange_credit_cents: int = 0,
    credit_claim: str | None = None,
    allow_high_cash: bool = False,
    claim_credit_first: bool = False,
) -> RecordedSale:
    """The body of `record_sale`, inside the caller's transaction (exchanges reuse it).
    `claim_credit_first`: raise ClaimCreditFirst (before writing) when the sale spends store credit."""
    settings, facts = load_settings_with(session, INSTALLATION_KEY)
    errors: list[DomainError] = []
    products = _resolve_items(session, draft, errors)
    methods = _resolve_payments(session, draft, errors)
    seller_ref = draft.seller
    seller = collect(errors, lambda: find_seller(session, seller_ref)) if seller_ref is not None else None
    customer = _resolve_customer(session, draft, errors)
    if settings.turno_required and not has_open_turno(session):
        errors.insert(0, DomainError("turno_closed", "turno"))
    if errors:
        raise DomainErrors(errors)
    if claim_credit_first and any(method.kind == STORE_CREDIT for method in methods):
        raise ClaimCreditFirst
    lines = [
        PricedLine(item.quantity, item.unit_price_cents if item.unit_price_cents is not None else product.price_cents)
        for item, product in zip(draft.items, products, strict=True)
    ]
    tenders = [Tender(p.amount_cents, m.gives_change) for p, m in zip(draft.payments, methods, strict=True)]
    if kind == "sale":  # zero total and the cap (issue 13 item 5)
        as_errors(lambda: check_sale_total(lines, discount_cents=draft.discount_cents))
    totals = as_errors(lambda: compute_totals(lines, tenders, discount_cents=draft.discount_cents))
    if kind == "sale":  # cash of more than 10x the total: a typo unless confirmed
        as_errors(lambda: check_high_cash(totals, tenders, allow_high_cash=allow_high_cash))
    if credit_claim is None:  # with a claim, the store server already checked the store-wide balance
        _check_store_credit(session, draft, methods, customer, exempt=exchange_credit_cents)
    elif customer is None:
        raise DomainErrors([DomainError("store_credit_needs_customer", "pagamentos")])
    number = next_sale_number(session)
    numero_loja, coupon = numero_loja_for(settings, number), new_coupon()
    sale_id = session.execute(_INSERT_SALE, {
        "number": number,
        "numero_loja": numero_loja,
        "coupon": coupon,
        "terminal_id": settings.terminal_id,
        "installation_id": str(facts[INSTALLATION_KEY]) if facts.get(INSTALLATION_KEY) else None,
        "created_at": now,
        "seller_id": seller.id if seller else None,
        "customer_id": customer.id if customer else None,
        "items_total_cents": totals.items_total_cents,
        "discount_cents": totals.discount_cents,
        "total_cents": totals.total_cents,
        "change_cents": totals.change_cents,
        "status": "recorded",
        "kind": kind,
        "origin_sale_id": origin_sale_id,
    }).scalar_one()
    session.execute(_INSERT_ITEMS, [
        {"sale_id": sale_id, "position": position, "product_id": product.id, "product_bling_id": product.bling_id,
         "sku": product.sku, "description": product.name, "quantity": line.quantity,
         "unit_price_cents": line.unit_price_cents, "total_cents": line.total_cents}
        for position, (line, product) in enumerate(zip(lines, products, strict=True))
    ])
    session.execute(_INSERT_PAYMENTS, [
        {"sale_id": sale_id, "position": position, "payment_method_id": method.id, "amount_cents": net}
        for position, (method, net) in enumerate(zip(methods, totals.net_payments, strict=True))
    ])
    _debit_store_credit(session, sale_id, methods, totals.net_payments, customer, now=now,
                        exempt=exchange_credit_cents, claim=credit_claim)
    nfce = kind == "sale" and settings.nfce_source == "bling"
    enqueue_sale_delivery(session, sale_id, customer, settings, nfce=nfce)
    return RecordedSale(sale_id, number, numero_loja, coupon, totals.total_cents, totals.change_cents, nfce)


def enqueue_sale_delivery(session: Session, sale_id: int, customer: Customer | None, settings: Settings, *,
                          nfce: bool = False) -> None:
    """customer (when needed) -> order -> its NFC-e (when issued through Bling: right after the
    order, so the customer waits for 4 requests only) -> stock and receivables, in the sale's own chain."""
    steps: list[tuple[str, dict[str, Any] | None, int | None]] = []
    if customer is not None and settings.send_real_customer and customer.bling_contato_id is None:
        steps.append((outbox.CUSTOMER_UPSERT, None, customer.id))
    steps.append((outbox.SALE_CREATE, None, None))
    if nfce:
        steps += [(kind, None, None) for kind in outbox.NFCE_STEPS]
    if settings.stock_mode == "transitions":
        steps.append((outbox.SALE_TRANSITION, {"to": "Atendido"}, None))
    else:
        steps += [(outbox.STOCK_POST, {"deposit_id": settings.deposit_id}, None), (outbox.ACCOUNTS_POST, None, None)]
    outbox.enqueue_all(session, chain=outbox.sale_chain(sale_id), sale_id=sale_id, steps=steps)


# ---------------------------------------------------------------- helpers


def _resolve_items(session: Session, draft: SaleDraft, errors: list[DomainError]) -> list[Product]:
    if not draft.items:
        errors.append(DomainError("items_empty", "itens"))
    products: list[Product] = []
    for index, item in enumerate(draft.items):
        field = f"itens[{index}]"
        collect(errors, partial(check_quantity, item.quantity, field=f"{field}.quantidade"))
        if item.unit_price_cents is not None and item.unit_price_cents < 0:
            errors.append(DomainError("money_negative", f"{field}.preco"))
        product = collect(errors, partial(find_product, session, item, field=field))
        if product is not None:
            products.append(product)
    return products


def _resolve_payments(session: Session, draft: SaleDraft, errors: list[DomainError]) -> list[PaymentMethod]:
    if not draft.payments:
        errors.append(DomainError("payments_empty", "pagamentos"))
    methods: list[PaymentMethod] = []
    for index, payment in enumerate(draft.payments):
        field = f"pagamentos[{index}]"
        if payment.amount_cents <= 0:
            errors.append(DomainError("money_invalid", f"{field}.valor", {"value": payment.amount_cents}))
        method = collect(errors, partial(find_payment_method, session, payment.method, field=f"{field}.forma"))
        if method is not None:
            methods.append(method)
    return methods


def _resolve_customer(session: Session, draft: SaleDraft, errors: list[DomainError]) -> Customer | None:
    if draft.customer_id is not None:
        customer = session.get(Customer, draft.customer_id)
        if customer is None:
            errors.append(DomainError("customer_missing", "cliente"))
        return customer
    if draft.customer is None:
        return None
    customer_draft = draft.customer
    return collect(errors, lambda: upsert_customer(session, customer_draft))


def _check_store_credit(
    session: Session, draft: SaleDraft, methods: list[PaymentMethod], customer: Customer | None, *, exempt: int
) -> None:
    """Store credit paid from the ledger needs a customer with enough balance. `exempt` is the
    returned value of an exchange applied directly to its new sale (never in the ledger)."""
    paid = sum(p.amount_cents for p, m in zip(draft.payments, methods, strict=True) if m.kind == STORE_CREDIT)
    amount = paid - exempt
    if amount <= 0:
        return
    if customer is None:
        raise DomainErrors([DomainError("store_credit_needs_customer", "pagamentos")])
    balance = store_credit_balance(session, customer.id)
    if amount > balance:
        raise DomainErrors([DomainError("store_credit_insufficient", "pagamentos", {"balance": balance, "amount": amount})])


def _debit_store_credit(
    session: Session,
    sale_id: int,
    methods: list[PaymentMethod],
    net: tuple[int, ...],
    customer: Customer | None,
    *,
    now: dt.datetime,
    exempt: int,
    claim: str | None = None,
) -> None:
    used = sum(amount for method, amount in zip(methods, net, strict=True) if method.kind == STORE_CREDIT) - exempt
    if used > 0 and customer is not None:
        session.add(
            StoreCreditEntry(customer_id=customer.id, amount_cents=-used, reason="sale_payment", sale_id=sale_id,
                             created_at=now, claim_id=claim)
        )

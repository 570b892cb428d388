"""Exchanges and returns (troca/devolução), recorded locally in one transaction, with the Bling
side queued in the original sale's chain (replacing the manual's step 7, done by hand before):

- full return of a sale never returned before: the original order is cancelled in Bling with
  stock and receivables reversed (the same chain as a cancellation, in the store's stock mode);
- partial return: one stock entry (POST /estoques, operação E) per returned line, to the deposit
  the sale's stock left from; the original order stays Atendido;
- the new sale goes through the normal path, its returned value paid with "Crédito em Loja", so
  its parcelas equal its total. The new sale is never cancelled.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import partial

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pdv_bling.counter.cancellation import (
    enqueue_cancellation,
    find_sale_by_number,
    stock_posting,
    store_owned,
)
from pdv_bling.counter.lookups import find_product, store_credit_balance, upsert_customer
from pdv_bling.counter.sales import STORE_CREDIT, RecordedSale, write_sale
from pdv_bling.counter.turno import has_open_turno
from pdv_bling.domain.coupon import parse_coupon
from pdv_bling.domain.errors import DomainError, DomainErrors, as_errors
from pdv_bling.domain.exchange import (
    ExchangeDraft,
    Settlement,
    SoldLine,
    check_prerequisites,
    net_line_values,
    return_marker,
    returned_value,
    settle,
)
from pdv_bling.domain.nfce import parse_access_key
from pdv_bling.domain.sale import PaymentDraft, SaleDraft
from pdv_bling.store import outbox
from pdv_bling.store.engine import Store
from pdv_bling.store.models import (
    Customer,
    FiscalDocument,
    PaymentMethod,
    ReturnItem,
    Sale,
    SaleItem,
    SaleReturn,
    StoreCreditEntry,
    utcnow,
)
from pdv_bling.store.settings import load_settings


@dataclass(frozen=True)
class ExchangeResult:
    return_id: int
    settlement: Settlement
    new_sale: RecordedSale | None
    credit_granted_cents: int
    credit_balance_cents: int
    full_return: bool
    bling_steps: tuple[str, ...]  # outbox kinds queued on the original sale's chain


def find_original_sale(session: Session, reference: str) -> Sale:
    """By sale number (digits) or by exchange coupon (its check characters refuse typos)."""
    compact = re.sub(r"[\s-]", "", reference or "")
    if compact.isdigit() and len(compact) < 8:
        return find_sale_by_number(session, int(compact))
    coupon = parse_coupon(compact)
    sale = session.scalars(select(Sale).where(Sale.coupon == coupon)).first()
    if sale is None:
        raise DomainError("sale_not_found", "cupom", {"value": coupon})
    return sale


def returned_so_far(session: Session, sale_id: int) -> dict[int, int]:
    stmt = (
        select(ReturnItem.sale_item_id, func.sum(ReturnItem.quantity))
        .join(SaleReturn, SaleReturn.id == ReturnItem.return_id)
        .where(SaleReturn.original_sale_id == sale_id)
        .group_by(ReturnItem.sale_item_id)
    )
    return {int(item_id): int(qty) for item_id, qty in session.execute(stmt)}


def sold_lines(sale: Sale) -> dict[int, SoldLine]:
    nets = net_line_values([i.total_cents for i in sale.items], sale.discount_cents)
    return {i.id: SoldLine(i.id, i.quantity, net) for i, net in zip(sale.items, nets, strict=True)}


def returnable(session: Session, sale: Sale) -> dict[int, int]:
    """Units still returnable per sale item (sold minus earlier returns)."""
    done = returned_so_far(session, sale.id)
    return {i.id: i.quantity - done.get(i.id, 0) for i in sale.items}


def preview_settlement(session: Session, draft: ExchangeDraft) -> Settlement:
    """What the wizard's settlement page shows (no writes)."""
    sale = _original(session, draft.original_sale_id)
    value = returned_value(sold_lines(sale), returned_so_far(session, sale.id), draft.returned)
    return settle(value, _new_total(session, draft))


def record_exchange(store: Store, draft: ExchangeDraft, *, now: dt.datetime | None = None) -> ExchangeResult:
    """Validate everything, then write return, devolution reference, new sale, credit and outbox.

    In store mode, units of a sale the store owns are first claimed on the store server (no unit is
    returned twice across caixas), and so is earlier store credit that pays the difference (no
    credit spent twice across caixas; offline, only credit granted here and not handed over yet,
    as for a sale). Every claim goes back if anything after it fails."""
    coordinator = store.coordinator
    if coordinator is None:  # a folder that left a store may not change what the store owns
        return _record_exchange(store, draft, now=now or utcnow(), claim=None, store_already=None, credit_claim=None,
                                single=True)
    taken: list[str] = []
    try:
        claim, store_already = coordinator.claim_return(store, draft)
        taken += [claim] if claim is not None else []
        credit_claim = coordinator.claim_credit(store, _credit_spent(store, draft)) if draft.new_items else None
        taken += [credit_claim] if credit_claim is not None else []
        result = _record_exchange(store, draft, now=now or utcnow(), claim=claim, store_already=store_already,
                                  credit_claim=credit_claim)
    except BaseException:
        for claim_id in taken:
            coordinator.release(claim_id)
        raise
    coordinator.recorded()
    return result


def _credit_spent(store: Store, draft: ExchangeDraft) -> SaleDraft:
    """The new sale as the store-credit claim sees it: the difference's payments (earlier credit
    among them) and the exchange's customer. The returned value applied to the new sale is not
    in the ledger and is never claimed."""
    customer_id = draft.customer_id
    if customer_id is None and draft.customer is None:
        with store.read() as session:
            original = session.get(Sale, draft.original_sale_id)
            customer_id = original.customer_id if original is not None else None
    return SaleDraft(items=draft.new_items, payments=draft.payments, customer_id=customer_id,
                     customer=draft.customer if customer_id is None else None)


def _record_exchange(store: Store, draft: ExchangeDraft, *, now: dt.datetime, claim: str | None,
                     store_already: dict[int, int] | None, credit_claim: str | None,
                     single: bool = False) -> ExchangeResult:
    with store.transaction() as session:
        settings = load_settings(session)
        sale = _original(session, draft.original_sale_id)
        if single and store_owned(sale):
            raise DomainErrors([DomainError("store_sale_left", "venda", {"value": sale.numero_loja})])
        customer = _customer(session, draft, sale)
        problems = check_prerequisites(customer, settings)
        if settings.turno_required and draft.refund and not has_open_turno(session):  # money out of the drawer
            problems.insert(0, DomainError("turno_closed", "turno"))
        if problems:
            raise DomainErrors(problems)
        assert customer is not None
        already = store_already if store_already is not None else returned_so_far(session, sale.id)
        value = as_errors(lambda: returned_value(sold_lines(sale), already, draft.returned))
        settlement = settle(value, _new_total(session, draft))
        # nothing returned before (the store's answer lists every line, with zeros) and every unit now
        full = not any(already.values()) and all(draft.returned.get(i.id, 0) == i.quantity for i in sale.items)
        sale_return = SaleReturn(original_sale_id=sale.id, customer_id=customer.id, returned_cents=value,
                                 settlement=_settlement_name(settlement, draft), full_return=full, created_at=now,
                                 claim_id=claim)
        for item in sale.items:
            if draft.returned.get(item.id):
                quantity = draft.returned[item.id]
                sale_return.items.append(ReturnItem(sale_item_id=item.id, quantity=quantity, value_cents=0))
        session.add(sale_return)
        session.flush()
        _devolution_reference(session, sale, draft.devolution_key, now)
        new_sale = _new_sale(session, draft, settlement, customer, sale, now, credit_claim=credit_claim) \
            if draft.new_items else None
        sale_return.new_sale_id = new_sale.sale_id if new_sale else None
        credit = _grant_credit(session, settlement, draft, customer, sale_return, now)
        steps = _queue_bling_side(session, sale, sale_return, full=full)
        return ExchangeResult(sale_return.id, settlement, new_sale, credit, store_credit_balance(session, customer.id),
                              full, steps)


# ---------------------------------------------------------------- pieces


def _original(session: Session, sale_id: int) -> Sale:
    sale = session.get(Sale, sale_id)
    if sale is None:
        raise DomainErrors([DomainError("sale_not_found", "venda", {"value": sale_id})])
    if sale.status == "cancelled":
        raise DomainErrors([DomainError("sale_already_cancelled", "venda", {"value": sale.number})])
    return sale


def _customer(session: Session, draft: ExchangeDraft, sale: Sale) -> Customer | None:
    if draft.customer is not None:
        try:
            return upsert_customer(session, draft.customer)
        except DomainError as exc:
            raise DomainErrors([exc]) from None
    if draft.customer_id is not None:
        return session.get(Customer, draft.customer_id)
    return sale.customer


def _new_total(session: Session, draft: ExchangeDraft) -> int:
    total = 0
    for index, item in enumerate(draft.new_items):
        product = as_errors(partial(find_product, session, item, field=f"novos[{index}]"))
        price = item.unit_price_cents if item.unit_price_cents is not None else product.price_cents
        total += price * item.quantity
    return total


def _new_sale(session: Session, draft: ExchangeDraft, settlement: Settlement, customer: Customer, original: Sale,
              now: dt.datetime, *, credit_claim: str | None = None) -> RecordedSale:
    credit_method = session.scalars(select(PaymentMethod).where(PaymentMethod.kind == STORE_CREDIT)).first()
    if credit_method is None:
        raise DomainErrors([DomainError("payment_method_unknown", "pagamentos", {"value": "Crédito em Loja"})])
    payments = list(draft.payments)
    if settlement.credit_applied_cents:
        payments.insert(0, PaymentDraft(credit_method.id, settlement.credit_applied_cents))
    sale_draft = SaleDraft(items=draft.new_items, payments=tuple(payments), seller=draft.seller,
                           customer_id=customer.id)
    return write_sale(session, sale_draft, now=now, kind="exchange", origin_sale_id=original.id,
                      exchange_credit_cents=settlement.credit_applied_cents, credit_claim=credit_claim)


def _grant_credit(session: Session, settlement: Settlement, draft: ExchangeDraft, customer: Customer,
                  sale_return: SaleReturn, now: dt.datetime) -> int:
    if settlement.kind != "credit" or draft.refund:
        return 0
    amount = settlement.difference_cents
    session.add(StoreCreditEntry(customer_id=customer.id, amount_cents=amount, reason="exchange",
                                 return_id=sale_return.id, created_at=now))
    return amount


def _devolution_reference(session: Session, sale: Sale, key: str | None, now: dt.datetime) -> None:
    if not key:
        return
    parsed = as_errors(lambda: parse_access_key(key, field="chave_devolucao"))
    session.add(FiscalDocument(sale_id=sale.id, kind="devolucao", access_key=parsed.key, model=parsed.model,
                               number=parsed.number, series=parsed.series, issued_at=now))


def _queue_bling_side(session: Session, sale: Sale, sale_return: SaleReturn, *, full: bool) -> tuple[str, ...]:
    mode, deposit = stock_posting(session, sale)  # back to where the sale's stock left from
    if full:
        sale.status = "returned"
        enqueue_cancellation(session, sale)
        return tuple(k for k in (outbox.STOCK_REVERSE, outbox.ACCOUNTS_REVERSE, outbox.SALE_CANCEL)
                     if mode == "integration" or k == outbox.SALE_CANCEL)
    items = {i.id: i for i in sale.items}
    note = _sale_nfce_key(session, sale.id)  # the original NFC-e, named on each adjustment in Bling
    for line in sale_return.items:
        sold: SaleItem = items[line.sale_item_id]
        outbox.enqueue(
            session,
            chain=outbox.sale_chain(sale.id),
            kind=outbox.STOCK_ENTRY,
            sale_id=sale.id,
            payload={
                "produto_id": sold.product_bling_id,
                "quantidade": line.quantity,
                "deposit_id": deposit,
                "return_id": sale_return.id,  # store mode: the handover puts the store's id here
                # names the return by its own id, the same after any restore (the text the manager
                # searches Bling for: a movement cannot be looked up), never by a row id
                "observacoes": return_marker(sale.numero_loja, sale_return.uid, sold.position + 1)
                               + (f" NFC-e {note}" if note else ""),
            },
        )
    return (outbox.STOCK_ENTRY,) * len(sale_return.items)


def _sale_nfce_key(session: Session, sale_id: int) -> str | None:
    """The access key of the sale's own NFC-e (issued through Bling or typed in), if any. The
    fiscal devolução note is not issued here: the manager issues it in Bling (docs/nfce.md)."""
    return session.scalars(select(FiscalDocument.access_key).where(
        FiscalDocument.sale_id == sale_id, FiscalDocument.kind == "nfce").order_by(FiscalDocument.id.desc())).first()


def _settlement_name(settlement: Settlement, draft: ExchangeDraft) -> str:
    if settlement.kind == "credit" and draft.refund:
        return "refund"
    return settlement.kind

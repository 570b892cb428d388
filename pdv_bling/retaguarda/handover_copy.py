"""One handover batch's copy of a caixa's records into the store database: each record found by
its own id (`uid`, made with the record: never a rowid, which a restore or a copy rewinds) or by a
natural key (CPF/CNPJ, access key), else inserted; the outbox items rebuilt with the store's ids.

The store's ledger checks its rules as records enter (returned units never above sold ones, a
customer's credit never below zero, one cancellation per sale, one numeroLoja per sale). A record
that breaks one is set aside for the manager with both records named (`StoreSetAside`), never
silently accepted; it and what depends on it leave the caixa, and every other record goes on.
`handover` runs each record in its own savepoint inside the batch's transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from pdv_bling.retaguarda import catch_up
from pdv_bling.store import outbox
from pdv_bling.store.models import (
    Customer,
    FiscalDocument,
    OutboxItem,
    PaymentMethod,
    Product,
    ReturnItem,
    Sale,
    SaleItem,
    SalePayment,
    SaleReturn,
    Seller,
    StoreClaim,
    StoreCreditEntry,
    StoreSetAside,
    utcnow,
)

CUSTOMER_FIELDS = ("tipo", "name", "email", "phone", "street", "number", "complement", "district", "city", "uf", "cep")
SALE_FIELDS = ("uid", "number", "numero_loja", "coupon", "terminal_id", "created_at", "items_total_cents",
               "discount_cents", "total_cents", "change_cents", "status", "kind", "bling_id", "bling_numero",
               "cancelled_at")


class SetAside(Exception):  # noqa: N818 - a record the store's rules refuse, not a failure of the pass
    """The record breaks one of the store's rules: `kind` names it, `detail` names both records."""

    def __init__(self, kind: str, detail: dict[str, Any]) -> None:
        super().__init__(kind)
        self.kind, self.detail = kind, detail


class Waits(Exception):  # noqa: N818
    """A dependency is not in the store yet (a later batch brings it): the record waits, and what
    `meanwhile` writes on the store (in its own savepoint) stays while it does."""

    def __init__(self, uid: str, *, meanwhile: Callable[[Session], None] | None = None) -> None:
        super().__init__(uid)
        self.meanwhile = meanwhile


@dataclass
class Copied:
    """Local ids handed over in this batch (set-aside records included: the store owns them now)."""

    customers: list[int] = field(default_factory=list)
    sales: list[int] = field(default_factory=list)
    documents: list[int] = field(default_factory=list)
    returns: list[int] = field(default_factory=list)
    credits: list[int] = field(default_factory=list)
    items: list[int] = field(default_factory=list)
    set_aside: list[str] = field(default_factory=list)  # record uids

    @property
    def records(self) -> int:
        return len(self.sales) + len(self.documents) + len(self.returns) + len(self.credits) + len(self.items)


class RecordCopier:
    """Finds or copies records in the store, translating the caixa's local ids into the store's."""

    def __init__(self, src: Session, dst: Session, installation: str) -> None:
        self.src, self.dst, self.installation = src, dst, installation
        self._by_uid: dict[tuple[str, str], int] = {}
        self._customers: dict[int, int] = {}
        self._docs: dict[int, int] = {}
        self.aside: set[str] = set(dst.scalars(select(StoreSetAside.record_uid).where(
            StoreSetAside.installation_id == installation)))

    # ------------------------------------------------------------ ids

    def _store_id(self, model: Any, uid: str) -> int | None:
        key = (model.__tablename__, uid)
        if key not in self._by_uid:
            found = self.dst.scalars(select(model.id).where(model.uid == uid)).first()
            if found is None:
                return None
            self._by_uid[key] = int(found)
        return self._by_uid[key]

    def _local(self, model: Any, local_id: int | None) -> Any:
        return self.src.get(model, local_id) if local_id is not None else None

    def _needed(self, model: Any, local_id: int | None) -> int | None:
        """The store id of a record this one depends on: None when there is none; raises Waits when
        it is not in the store yet, SetAside when it was set aside."""
        record = self._local(model, local_id)
        if record is None:
            return None
        if record.uid in self.aside:
            raise SetAside("depends_on_set_aside", {"depends_on": record.uid, "table": model.__tablename__})
        found = self._store_id(model, record.uid)
        if found is None:
            raise Waits(record.uid)
        return found

    def sale_in_store(self, sale: Sale) -> int | None:
        return self._store_id(Sale, sale.uid)

    # ------------------------------------------------------------ customers

    def customer(self, customer: Customer, *, push: bool = False) -> int:
        if customer.id in self._customers and not push:
            return self._customers[customer.id]
        values = {f: getattr(customer, f) for f in CUSTOMER_FIELDS}
        self.dst.execute(pg_insert(Customer).values(
            document=customer.document, bling_contato_id=customer.bling_contato_id, created_at=customer.created_at,
            updated_at=utcnow(), handed_over_at=utcnow(), **values).on_conflict_do_nothing(index_elements=["document"]))
        row = self.dst.scalars(select(Customer).where(Customer.document == customer.document)
                               .with_for_update()).one()
        if push:  # the cashier's latest data wins for what the cashier typed; never Bling's id
            for name, value in values.items():
                if value is not None:
                    setattr(row, name, value)
            if row.bling_contato_id is None and customer.bling_contato_id is not None:
                row.bling_contato_id = customer.bling_contato_id
        self._customers[customer.id] = row.id
        return row.id

    def customer_id(self, local_id: int | None) -> int | None:
        customer = self._local(Customer, local_id)
        return self.customer(customer) if customer is not None else None

    # ------------------------------------------------------------ sales

    def copy_sale(self, sale: Sale, now: dt.datetime) -> None:
        if self.sale_in_store(sale) is not None:
            return
        origin_sale = self._needed(Sale, sale.origin_sale_id)
        holder = self.dst.scalars(select(Sale).where(Sale.numero_loja == sale.numero_loja)).first()
        if holder is not None:  # another record under this number: never two sales for one numeroLoja
            raise SetAside("numero_loja_in_use", {"numero_loja": sale.numero_loja, "record": sale.uid,
                                                  "holder": holder.uid, "holder_terminal": holder.terminal_id})
        copy = Sale(**{f: getattr(sale, f) for f in SALE_FIELDS},
                    installation_id=sale.installation_id or self.installation, origin_id=sale.origin_id or sale.id,
                    customer_id=self.customer_id(sale.customer_id), seller_id=self._seller(sale.seller_id),
                    origin_sale_id=origin_sale, handed_over_at=now)
        for line in sale.items:
            copy.items.append(SaleItem(
                position=line.position, product_id=self._product(line.product_bling_id),
                product_bling_id=line.product_bling_id, sku=line.sku, description=line.description,
                quantity=line.quantity, unit_price_cents=line.unit_price_cents, total_cents=line.total_cents))
        for pay in sale.payments:
            copy.payments.append(SalePayment(position=pay.position, payment_method_id=self._method(pay.method),
                                             amount_cents=pay.amount_cents))
        self.dst.add(copy)
        self.dst.flush()
        self._by_uid[(Sale.__tablename__, sale.uid)] = copy.id

    def _seller(self, local_id: int | None) -> int | None:
        seller = self._local(Seller, local_id)
        if seller is None:
            return None
        found = self.dst.scalars(select(Seller).where(Seller.name == seller.name)).first()
        if found is None:
            found = Seller(name=seller.name, bling_vendedor_id=seller.bling_vendedor_id, active=seller.active)
            self.dst.add(found)
            self.dst.flush()
        return found.id

    def _method(self, method: PaymentMethod) -> int:
        found = self.dst.scalars(select(PaymentMethod).where(PaymentMethod.name == method.name)).first()
        if found is None:
            found = PaymentMethod(name=method.name, kind=method.kind, gives_change=method.gives_change,
                                  bling_forma_pagamento_id=method.bling_forma_pagamento_id, active=method.active)
            self.dst.add(found)
            self.dst.flush()
        return found.id

    def _product(self, bling_id: int | None) -> int | None:
        if bling_id is None:
            return None
        return self.dst.scalars(select(Product.id).where(Product.bling_id == bling_id)).first()

    def _store_item(self, local_item_id: int) -> SaleItem:
        line = self.src.get(SaleItem, local_item_id)
        assert line is not None
        store_sale = self._needed(Sale, line.sale_id)
        found = self.dst.scalars(select(SaleItem).where(SaleItem.sale_id == store_sale,
                                                        SaleItem.position == line.position)).first()
        if found is None:
            raise Waits(str(local_item_id))
        return found

    # ------------------------------------------------------------ documents, returns, credit

    def copy_document(self, doc: FiscalDocument, now: dt.datetime) -> None:
        found = self.dst.scalars(select(FiscalDocument.id).where(FiscalDocument.access_key == doc.access_key)).first()
        if found is None:
            sale_id = self._needed(Sale, doc.sale_id)
            assert sale_id is not None
            copy = FiscalDocument(sale_id=sale_id, kind=doc.kind, access_key=doc.access_key, model=doc.model,
                                  number=doc.number, series=doc.series, issued_at=doc.issued_at,
                                  created_at=doc.created_at, handed_over_at=now, xml=doc.xml,
                                  link_danfe=doc.link_danfe)
            self.dst.add(copy)
            self.dst.flush()
            found = copy.id
        self._docs[doc.id] = found

    def _store_document(self, local_id: int, waiting: str) -> int:
        """The store's id of a local fiscal document, by its access key (handed over in this batch
        or an earlier one)."""
        if local_id not in self._docs:
            doc = self.src.get(FiscalDocument, local_id)
            found = self.dst.scalars(select(FiscalDocument.id).where(
                FiscalDocument.access_key == doc.access_key)).first() if doc is not None else None
            if found is None:
                raise Waits(waiting)
            self._docs[local_id] = int(found)
        return self._docs[local_id]

    def copy_return(self, ret: SaleReturn, now: dt.datetime) -> None:
        if self._store_id(SaleReturn, ret.uid) is not None:
            return
        original = self._needed(Sale, ret.original_sale_id)
        new_sale = self._needed(Sale, ret.new_sale_id)
        assert original is not None
        store_sale = self.dst.get(Sale, original, with_for_update=True)  # the sale's units, one caixa at a time
        assert store_sale is not None
        lines = [(self._store_item(line.sale_item_id), line) for line in ret.items]
        self._check_units(store_sale, ret, lines)
        copy = SaleReturn(uid=ret.uid, original_sale_id=original, new_sale_id=new_sale,
                          customer_id=self.customer_id(ret.customer_id), returned_cents=ret.returned_cents,
                          settlement=ret.settlement, full_return=ret.full_return, created_at=ret.created_at,
                          installation_id=ret.installation_id or self.installation, origin_id=ret.origin_id or ret.id,
                          claim_id=ret.claim_id, handed_over_at=now)
        for store_item, line in lines:
            copy.items.append(ReturnItem(sale_item_id=store_item.id, quantity=line.quantity,
                                         value_cents=line.value_cents))
        self.dst.add(copy)
        if ret.full_return and store_sale.status == "recorded":
            store_sale.status = "returned"
        self._consume(ret.claim_id)
        self.dst.flush()
        self._by_uid[(SaleReturn.__tablename__, ret.uid)] = copy.id

    def _check_units(self, sale: Sale, ret: SaleReturn, lines: list[tuple[SaleItem, ReturnItem]]) -> None:
        """Returned units (the store's returns plus this one) never above the units sold."""
        for store_item, line in lines:
            before = int(self.dst.execute(select(func.coalesce(func.sum(ReturnItem.quantity), 0))
                                          .where(ReturnItem.sale_item_id == store_item.id)).scalar_one())
            if before + line.quantity > store_item.quantity:
                others = list(self.dst.scalars(select(SaleReturn.uid).join(ReturnItem, ReturnItem.return_id == SaleReturn.id)
                                               .where(ReturnItem.sale_item_id == store_item.id)))
                raise SetAside("over_return", {"record": ret.uid, "sale": sale.numero_loja, "item": store_item.position,
                                               "sold": store_item.quantity, "returned_before": before,
                                               "returning": line.quantity, "other_returns": others})

    def copy_credit(self, entry: StoreCreditEntry, now: dt.datetime) -> None:
        if self._store_id(StoreCreditEntry, entry.uid) is not None:
            return
        sale_id, return_id = self._needed(Sale, entry.sale_id), self._needed(SaleReturn, entry.return_id)
        customer_id = self.customer_id(entry.customer_id)
        assert customer_id is not None
        if entry.amount_cents < 0:
            self.dst.get(Customer, customer_id, with_for_update=True)  # one spender at a time
            balance = int(self.dst.execute(select(func.coalesce(func.sum(StoreCreditEntry.amount_cents), 0))
                                           .where(StoreCreditEntry.customer_id == customer_id)).scalar_one())
            if balance + entry.amount_cents < 0:
                claim = self.dst.scalars(select(StoreClaim.state).where(StoreClaim.claim_id == entry.claim_id)).first() \
                    if entry.claim_id else "none"
                if claim in (None, "open") and catch_up.waiting(self.dst):  # claimed on a store rewound since,
                    # whose caixas are still handing over again: the grant may come back; keep its credit
                    raise Waits(entry.uid, meanwhile=self._reclaim(entry, customer_id) if claim is None else None)
                customer = self.dst.get(Customer, customer_id)
                raise SetAside("credit_below_zero", {"record": entry.uid, "balance": balance,
                                                     "spending": -entry.amount_cents,
                                                     "customer": _masked(customer.document if customer else "")})
        self.dst.add(StoreCreditEntry(
            uid=entry.uid, customer_id=customer_id, amount_cents=entry.amount_cents, reason=entry.reason,
            sale_id=sale_id, return_id=return_id, created_at=entry.created_at,
            installation_id=entry.installation_id or self.installation, origin_id=entry.origin_id or entry.id,
            claim_id=entry.claim_id, handed_over_at=now))
        self._consume(entry.claim_id)
        self.dst.flush()

    def _reclaim(self, entry: StoreCreditEntry, customer_id: int) -> Callable[[Session], None]:
        """The claim the rewound store lost, open again: nobody else spends this credit meanwhile."""
        def reclaim(dst: Session) -> None:
            dst.add(StoreClaim(claim_id=entry.claim_id, installation_id=entry.installation_id or self.installation,
                               kind="credit", customer_id=customer_id, amount_cents=-entry.amount_cents, state="open",
                               created_at=utcnow()))
        return reclaim

    def _consume(self, claim_id: str | None) -> None:
        if claim_id:
            self.dst.execute(update(StoreClaim).where(StoreClaim.claim_id == claim_id, StoreClaim.state == "open")
                             .values(state="consumed"))

    # ------------------------------------------------------------ outbox

    def copy_item(self, item: OutboxItem, now: dt.datetime) -> None:
        if self._store_id(OutboxItem, item.uid) is not None:
            return
        sale_id = self._needed(Sale, item.sale_id)
        payload = dict(item.payload or {})
        if "fiscal_document_id" in payload:
            payload["fiscal_document_id"] = self._store_document(int(payload["fiscal_document_id"]), item.uid)
        if item.kind == outbox.STOCK_ENTRY and payload.get("return_id") is not None:
            local_return = self._local(SaleReturn, int(payload["return_id"]))
            payload["return_id"] = self._needed(SaleReturn, int(payload["return_id"]))
            if local_return is not None:  # an item queued before markers named the return by its uid
                payload["observacoes"] = with_return_uid(str(payload.get("observacoes", "")), local_return.uid)
        chain = outbox.sale_chain(sale_id) if item.chain.startswith("sale:") and sale_id is not None else item.chain
        if item.kind == outbox.SALE_CANCEL:
            self._one_cancellation(item, chain)
        result = dict(item.result or {})
        delivered_here = item.state == outbox.DONE and not result.get("handed_over")
        if not delivered_here and (result.get("maybe_sent") or result.get("handed_over")):
            result = {"maybe_sent": True}  # a restored or re-sent record: the store may have sent it before
        elif not delivered_here:
            result = {}
        self.dst.add(OutboxItem(
            uid=item.uid, chain=chain, kind=item.kind, sale_id=sale_id, customer_id=self.customer_id(item.customer_id),
            payload=payload, state=outbox.DONE if delivered_here else outbox.PENDING, attempts=0,
            result=result or None, created_at=item.created_at, done_at=item.done_at if delivered_here else None,
            installation_id=item.installation_id or self.installation, origin_id=item.origin_id or item.id,
            handed_over_at=now))
        self.dst.flush()

    def _one_cancellation(self, item: OutboxItem, chain: str) -> None:
        other = self.dst.scalars(select(OutboxItem.uid).where(OutboxItem.chain == chain,
                                                              OutboxItem.kind == outbox.SALE_CANCEL)).first()
        if other is not None:
            raise SetAside("double_cancel", {"record": item.uid, "other": other, "chain": chain})

    def set_aside(self, problem: SetAside, *, uid: str, table: str, now: dt.datetime) -> None:
        self.dst.add(StoreSetAside(installation_id=self.installation, kind=problem.kind, record_uid=uid,
                                   detail={**problem.detail, "table": table}, created_at=now))
        self.dst.flush()
        self.aside.add(uid)


def _masked(document: str) -> str:
    return f"***{document[-4:]}" if document else ""


def with_return_uid(text: str, uid: str) -> str:
    """The partial-return stock entry's `observacoes` with the return named by its own id."""
    head, sep, tail = text.partition(" #")
    if not sep:
        return text
    _old, sep2, rest = tail.partition(" ")
    return f"{head} #{uid}{sep2}{rest}"

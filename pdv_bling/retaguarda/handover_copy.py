"""One handover pass's copy of a caixa's records into the store database: each record found by its
key (installation and local id, or a natural key) or inserted, the outbox items rebuilt with the
store's ids. `handover` runs it inside the store's transaction and marks the caixa after."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

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
    utcnow,
)

CUSTOMER_FIELDS = ("tipo", "name", "email", "phone", "street", "number", "complement", "district", "city", "uf", "cep")


SALE_FIELDS = ("number", "numero_loja", "coupon", "terminal_id", "created_at", "items_total_cents", "discount_cents",
               "total_cents", "change_cents", "status", "kind", "bling_id", "bling_numero", "cancelled_at")


@dataclass
class Copied:
    """Local ids handed over in this pass, per table."""

    customers: list[int] = field(default_factory=list)
    sales: list[int] = field(default_factory=list)
    documents: list[int] = field(default_factory=list)
    returns: list[int] = field(default_factory=list)
    credits: list[int] = field(default_factory=list)
    items: list[int] = field(default_factory=list)


class RecordCopier:
    """Finds or copies records in the store, translating the caixa's ids into the store's."""

    def __init__(self, src: Session, dst: Session, installation: str) -> None:
        self.src, self.dst, self.installation = src, dst, installation
        self._sales: dict[int, int] = {}
        self._customers: dict[int, int] = {}
        self._returns: dict[int, int] = {}
        self._docs: dict[int, int] = {}

    # ------------------------------------------------------------ keys

    def key_of(self, sale: Sale) -> tuple[str, int]:
        """(installation, id there): own sales by this folder's id (sales from before installation
        ids were all delivered before joining, and take the folder's id in the store)."""
        if sale.origin_id is not None:
            return str(sale.installation_id), sale.origin_id
        return self.installation, sale.id

    def sale_in_store(self, sale: Sale) -> int | None:
        if sale.id in self._sales:
            return self._sales[sale.id]
        installation, origin = self.key_of(sale)
        found = self.dst.scalars(select(Sale.id).where(Sale.installation_id == installation,
                                                       Sale.origin_id == origin)).first()
        if found is not None:
            self._sales[sale.id] = found
        return found

    def can_map_sale(self, local_id: int | None) -> bool:
        if local_id is None:
            return True
        sale = self.src.get(Sale, local_id)
        return sale is not None and self.sale_in_store(sale) is not None

    def sale_id(self, local_id: int | None) -> int | None:
        if local_id is None:
            return None
        sale = self.src.get(Sale, local_id)
        return self.sale_in_store(sale) if sale is not None else None

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
        if local_id is None:
            return None
        customer = self.src.get(Customer, local_id)
        return self.customer(customer) if customer is not None else None

    # ------------------------------------------------------------ sales

    def copy_sale(self, sale: Sale, now: dt.datetime) -> int:
        existing = self.sale_in_store(sale)
        if existing is not None:
            return existing
        installation, origin = self.key_of(sale)
        copy = Sale(**{f: getattr(sale, f) for f in SALE_FIELDS}, installation_id=installation, origin_id=origin,
                    customer_id=self.customer_id(sale.customer_id), seller_id=self._seller(sale.seller_id),
                    origin_sale_id=self.sale_id(sale.origin_sale_id), handed_over_at=now)
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
        self._sales[sale.id] = copy.id
        return copy.id

    def _seller(self, local_id: int | None) -> int | None:
        seller = self.src.get(Seller, local_id) if local_id is not None else None
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

    def item_id(self, local_item_id: int) -> int | None:
        line = self.src.get(SaleItem, local_item_id)
        if line is None:
            return None
        store_sale = self.sale_id(line.sale_id)
        if store_sale is None:
            return None
        return self.dst.scalars(select(SaleItem.id).where(SaleItem.sale_id == store_sale,
                                                          SaleItem.position == line.position)).first()

    # ------------------------------------------------------------ documents, returns, credit

    def copy_document(self, doc: FiscalDocument, now: dt.datetime) -> bool:
        found = self.dst.scalars(select(FiscalDocument.id).where(FiscalDocument.access_key == doc.access_key)).first()
        if found is None:
            sale_id = self.sale_id(doc.sale_id)
            if sale_id is None:
                return False
            copy = FiscalDocument(sale_id=sale_id, kind=doc.kind, access_key=doc.access_key, model=doc.model,
                                  number=doc.number, series=doc.series, issued_at=doc.issued_at,
                                  created_at=doc.created_at, handed_over_at=now)
            self.dst.add(copy)
            self.dst.flush()
            found = copy.id
        self._docs[doc.id] = found
        return True

    def return_id(self, local_id: int | None) -> int | None:
        if local_id is None:
            return None
        if local_id not in self._returns:
            ret = self.src.get(SaleReturn, local_id)
            key = (ret.installation_id, ret.origin_id) if ret is not None and ret.origin_id else (self.installation,
                                                                                                  local_id)
            found = self.dst.scalars(select(SaleReturn.id).where(SaleReturn.installation_id == key[0],
                                                                 SaleReturn.origin_id == key[1])).first()
            if found is None:
                return None
            self._returns[local_id] = found
        return self._returns[local_id]

    def copy_return(self, ret: SaleReturn, now: dt.datetime) -> bool:
        if self.return_id(ret.id) is not None:
            return True
        original = self.sale_id(ret.original_sale_id)
        new_sale = self.sale_id(ret.new_sale_id)
        if original is None or (ret.new_sale_id is not None and new_sale is None):
            return False
        items = [(self.item_id(line.sale_item_id), line) for line in ret.items]
        if any(store_item is None for store_item, _line in items):
            return False
        copy = SaleReturn(original_sale_id=original, new_sale_id=new_sale, customer_id=self.customer_id(ret.customer_id),
                          returned_cents=ret.returned_cents, settlement=ret.settlement, full_return=ret.full_return,
                          created_at=ret.created_at, installation_id=self.installation, origin_id=ret.id,
                          claim_id=ret.claim_id, handed_over_at=now)
        for store_item, line in items:
            assert store_item is not None
            copy.items.append(ReturnItem(sale_item_id=store_item, quantity=line.quantity, value_cents=line.value_cents))
        self.dst.add(copy)
        if ret.full_return:
            sale = self.dst.get(Sale, original, with_for_update=True)
            if sale is not None and sale.status == "recorded":
                sale.status = "returned"
        self._consume(ret.claim_id)
        self.dst.flush()
        self._returns[ret.id] = copy.id
        return True

    def copy_credit(self, entry: StoreCreditEntry, now: dt.datetime) -> bool:
        exists = self.dst.scalars(select(StoreCreditEntry.id).where(
            StoreCreditEntry.installation_id == self.installation, StoreCreditEntry.origin_id == entry.id)).first()
        if exists is not None:
            return True
        sale_id, return_id = self.sale_id(entry.sale_id), self.return_id(entry.return_id)
        if (entry.sale_id is not None and sale_id is None) or (entry.return_id is not None and return_id is None):
            return False
        self.dst.add(StoreCreditEntry(
            customer_id=self.customer_id(entry.customer_id), amount_cents=entry.amount_cents, reason=entry.reason,
            sale_id=sale_id, return_id=return_id, created_at=entry.created_at, installation_id=self.installation,
            origin_id=entry.id, claim_id=entry.claim_id, handed_over_at=now))
        self._consume(entry.claim_id)
        return True

    def _consume(self, claim_id: str | None) -> None:
        if claim_id:
            self.dst.execute(update(StoreClaim).where(StoreClaim.claim_id == claim_id, StoreClaim.state == "open")
                             .values(state="consumed"))

    # ------------------------------------------------------------ outbox

    def copy_item(self, item: OutboxItem, now: dt.datetime) -> bool:
        exists = self.dst.scalars(select(OutboxItem.id).where(OutboxItem.installation_id == self.installation,
                                                              OutboxItem.origin_id == item.id)).first()
        if exists is not None:
            return True
        sale_id = self.sale_id(item.sale_id)
        if item.sale_id is not None and sale_id is None:
            return False
        payload = dict(item.payload or {})
        if "fiscal_document_id" in payload:
            doc = self._docs.get(int(payload["fiscal_document_id"]))
            if doc is None:
                return False
            payload["fiscal_document_id"] = doc
        if item.kind == outbox.STOCK_ENTRY and payload.get("return_id") is not None:
            store_return = self.return_id(int(payload["return_id"]))
            if store_return is None:
                return False
            payload["return_id"] = store_return
            payload["observacoes"] = return_marker(str(payload.get("observacoes", "")), store_return)
        chain = outbox.sale_chain(sale_id) if item.chain.startswith("sale:") and sale_id is not None else item.chain
        self.dst.add(OutboxItem(
            chain=chain, kind=item.kind, sale_id=sale_id, customer_id=self.customer_id(item.customer_id),
            payload=payload, state=outbox.DONE if item.state == outbox.DONE else outbox.PENDING,
            attempts=0, result=item.result if item.state == outbox.DONE else None, created_at=item.created_at,
            done_at=item.done_at if item.state == outbox.DONE else None, installation_id=self.installation,
            origin_id=item.id, handed_over_at=now))
        return True


def return_marker(text: str, store_return_id: int) -> str:
    """The partial-return stock entry's `observacoes` names the return by its store-wide id."""
    head, sep, tail = text.partition(" #")
    if not sep:
        return text
    _old, sep2, rest = tail.partition(" ")
    return f"{head} #{store_return_id}{sep2}{rest}"

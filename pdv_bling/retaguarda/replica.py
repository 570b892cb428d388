"""The caixa's local copy of the store: what it needs to sell and exchange offline.

Copied from the store server into the caixa's SQLite, incrementally: the catalogue (categories,
products), Bling's lists (vendedores, formas de pagamento, depósitos, situações), the payment
methods with the store's DE-PARA, the sellers, the store-wide settings (stock mode, deposit...),
customers with their Bling contact ids, other caixas' store-credit entries (balances) and what the
store learnt about this caixa's own sales (Bling ids, cancellations), and when the integrador last pulled
each model from Bling.

Every insert/update on the store server stamps `store_xid` (the writing transaction's id, by a
trigger). A pass reads, in one REPEATABLE READ snapshot, the rows with `store_xid >= cursor` and then
sets the cursor to the snapshot's xmin: every transaction below it had finished when the snapshot
was taken, so a transaction still running then is read again next pass, never missed. Re-reading a
row is harmless (upserts by natural key). Small lists are replaced whole when their fingerprint
(count, last stamp) changes, which also carries deletions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, func, select, text
from sqlalchemy.orm import Session

from pdv_bling.store.engine import Store
from pdv_bling.store.models import (
    Base,
    BlingDeposito,
    BlingFormaPagamento,
    BlingSituacao,
    BlingVendedor,
    Category,
    Customer,
    FiscalDocument,
    NfceNote,
    PaymentMethod,
    Product,
    Sale,
    Seller,
    StoreCreditEntry,
    SyncState,
    utcnow,
)
from pdv_bling.store.settings import get_value, set_value

CURSOR_KEY = "store_replica_cursor"
STORE_WIDE_SETTINGS = ("deposit_id", "loja_id", "stock_mode", "sku_as_barcode", "send_real_customer",
                       "auto_return_invoice", "positive_customer_credit", "nfce_source", "nfce_wait_limit_min")
REPLICATED_SETTINGS = (*STORE_WIDE_SETTINGS, "account_check_last")  # + the integrador's last account check
WHOLE_LISTS: tuple[type[BlingVendedor] | type[BlingFormaPagamento] | type[BlingDeposito] | type[BlingSituacao], ...] = (BlingVendedor, BlingFormaPagamento, BlingDeposito, BlingSituacao)
PRODUCT_FIELDS = ("sku", "gtin", "barcode", "name", "price_cents", "unidade", "ncm", "cest", "origem", "formato",
                  "active", "attributes", "bling_updated_at", "synced_at")
INCREMENTAL = ("products", "customers", "credit", "sales", "notes")
NOTE_FIELDS = ("bling_id", "state", "situacao", "numero", "serie", "access_key", "link_danfe", "xml", "reason_code",
               "reason", "created_at", "updated_at", "authorized_at", "cancel_asked_at", "cancelled_at")
CUSTOMER_FIELDS = ("tipo", "name", "email", "phone", "street", "number", "complement", "district", "city", "uf",
                   "cep", "bling_contato_id")


@dataclass
class ReplicaReport:
    changed: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.changed.values())


def replicate(local: Store, server: Store, *, installation: str) -> ReplicaReport:
    """One pass: read the store's changes in one snapshot, apply them in one local transaction."""
    with local.read() as session:
        cursor: dict[str, Any] = dict(get_value(session, CURSOR_KEY) or {})
    with server.engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
        xmin = int(conn.execute(text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")).scalar_one())
        snapshot = _read(conn, cursor, installation)
    report = ReplicaReport()
    if not snapshot["lists"] and not any(snapshot[name] for name in INCREMENTAL):
        return report  # nothing new: no local write (the cursor stays; the next pass reads from it)
    with local.transaction() as session:
        _apply(session, snapshot, report, installation)
        cursor.update({name: xmin for name in INCREMENTAL})
        cursor.update(snapshot["fingerprints"])
        set_value(session, CURSOR_KEY, cursor)
    return report


# ---------------------------------------------------------------- reading (store server)


def _since(cursor: dict[str, Any], name: str) -> int:
    return int(cursor.get(name, 0))


def _rows(conn: Connection, stmt: Any) -> list[dict[str, Any]]:
    return [dict(row._mapping) for row in conn.execute(stmt)]


def _read(conn: Connection, cursor: dict[str, Any], installation: str) -> dict[str, Any]:
    data: dict[str, Any] = {"fingerprints": {}, "lists": {}}
    names = [m.__tablename__ for m in WHOLE_LISTS] + ["categories", "payment_methods", "sellers", "settings"]
    for name in names:
        table = Base.metadata.tables[name]
        count, last = conn.execute(select(func.count(), func.max(table.c.store_xid))).one()
        fingerprint = [int(count), int(last or 0)]
        if cursor.get(table.name) != fingerprint:
            data["lists"][table.name] = _rows(conn, select(table))
            data["fingerprints"][table.name] = fingerprint
    parent = Product.__table__.alias("parent")
    products = Product.__table__
    data["products"] = _rows(conn, select(products, parent.c.bling_id.label("parent_bling"),
                                          Category.__table__.c.bling_id.label("category_bling"))
                             .outerjoin(parent, products.c.parent_id == parent.c.id)
                             .outerjoin(Category.__table__, products.c.category_id == Category.__table__.c.id)
                             .where(products.c.store_xid >= _since(cursor, "products"))
                             .order_by(products.c.parent_id.is_not(None), products.c.id))
    data["customers"] = _rows(conn, select(Customer.__table__).where(
        Customer.__table__.c.store_xid >= _since(cursor, "customers")))
    ledger = StoreCreditEntry.__table__
    data["credit"] = _rows(conn, select(ledger, Customer.__table__.c.document)
                           .join(Customer.__table__, ledger.c.customer_id == Customer.__table__.c.id)
                           .where(ledger.c.store_xid >= _since(cursor, "credit")))
    data["sync_state"] = _rows(conn, select(SyncState.__table__.c.model, SyncState.__table__.c.last_success_at))
    sales = Sale.__table__
    data["sales"] = _rows(conn, select(sales.c.uid, sales.c.installation_id, sales.c.origin_id, sales.c.status,
                                       sales.c.bling_id, sales.c.bling_numero, sales.c.cancelled_at)
                          .where(sales.c.store_xid >= _since(cursor, "sales")))
    notes = NfceNote.__table__
    data["notes"] = _rows(conn, select(notes, sales.c.uid.label("sale_uid"))  # this caixa's sales' NFC-e
                          .join(sales, notes.c.sale_id == sales.c.id)
                          .where(notes.c.store_xid >= _since(cursor, "notes"), sales.c.installation_id == installation))
    return data


# ---------------------------------------------------------------- applying (caixa)


def _apply(session: Session, data: dict[str, Any], report: ReplicaReport, installation: str) -> None:
    lists = data["lists"]
    for model in WHOLE_LISTS:
        name = model.__tablename__
        if name in lists:
            session.execute(delete(model))
            for row in lists[name]:
                session.add(model(**{k: v for k, v in row.items() if k != "store_xid"}))
            report.changed[name] = len(lists[name])
    if "settings" in lists:
        for row in lists["settings"]:
            if row["key"] in REPLICATED_SETTINGS:
                set_value(session, row["key"], row["value"])
        report.changed["settings"] = len(lists["settings"])
    if "categories" in lists:
        report.changed["categories"] = _categories(session, lists["categories"])
    if "payment_methods" in lists:
        report.changed["payment_methods"] = _by_name(session, PaymentMethod, lists["payment_methods"],
                                                     ("kind", "gives_change", "bling_forma_pagamento_id", "active"))
    if "sellers" in lists:
        report.changed["sellers"] = _by_name(session, Seller, lists["sellers"], ("bling_vendedor_id", "active"))
    session.flush()
    report.changed["products"] = _products(session, data["products"])
    report.changed["customers"] = _customers(session, data["customers"])
    report.changed["credit"] = _credit(session, data["credit"])
    report.changed["sales"] = _sales(session, data["sales"], installation)
    report.changed["notes"] = _notes(session, data["notes"])
    report.changed["sync_state"] = _sync_state(session, data["sync_state"])


def _categories(session: Session, rows: list[dict[str, Any]]) -> int:
    local = {c.bling_id: c for c in session.scalars(select(Category))}
    seen = set()
    for row in rows:
        seen.add(row["bling_id"])
        category = local.get(row["bling_id"]) or Category(bling_id=row["bling_id"])
        category.descricao, category.parent_bling_id = row["descricao"], row["parent_bling_id"]
        session.add(category)
    for bling_id, category in local.items():
        if bling_id not in seen:
            session.delete(category)
    return len(rows)


def _by_name(session: Session, model: type[PaymentMethod] | type[Seller], rows: list[dict[str, Any]],
             fields: tuple[str, ...]) -> int:
    local: dict[str, Any] = {r.name: r for r in session.scalars(select(model)).all()}  # type: ignore[attr-defined]
    for row in rows:
        record = local.get(row["name"])
        if record is None:
            record = model(name=row["name"])
            session.add(record)
        for name in fields:
            setattr(record, name, row[name])
    return len(rows)


def _products(session: Session, rows: list[dict[str, Any]]) -> int:
    if not rows:
        return 0
    categories = {int(b): int(i) for b, i in session.execute(select(Category.bling_id, Category.id))}
    wanted = [r["bling_id"] for r in rows] + [r["parent_bling"] for r in rows if r["parent_bling"]]
    local: dict[int, Product] = {}
    for chunk in range(0, len(wanted), 500):
        for product in session.scalars(select(Product).where(Product.bling_id.in_(wanted[chunk:chunk + 500]))):
            local[product.bling_id] = product
    for row in rows:  # parents first (ordered by the reader)
        found = local.get(row["bling_id"])
        if found is None:
            found = local[row["bling_id"]] = Product(bling_id=row["bling_id"])
            session.add(found)
        product = found
        for name in PRODUCT_FIELDS:
            setattr(product, name, row[name])
        product.category_id = categories.get(row["category_bling"]) if row["category_bling"] else None
        parent = local.get(row["parent_bling"]) if row["parent_bling"] else None
        if parent is not None and parent.id is None:
            session.flush()
        product.parent_id = parent.id if parent is not None else None
    return len(rows)


def _customers(session: Session, rows: list[dict[str, Any]]) -> int:
    now = utcnow()
    applied = 0
    for row in rows:
        customer = session.scalars(select(Customer).where(Customer.document == row["document"])).first()
        if customer is not None and (customer.handed_over_at is None or customer.updated_at > customer.handed_over_at):
            continue  # typed here and not handed over yet: ours wins until the next handover
        if customer is None:
            customer = Customer(document=row["document"], created_at=row["created_at"])
            session.add(customer)
        for name in CUSTOMER_FIELDS:
            setattr(customer, name, row[name])
        customer.updated_at = row["updated_at"] if row["updated_at"] <= now else now
        customer.handed_over_at = now
        applied += 1
    return applied


def _credit(session: Session, rows: list[dict[str, Any]]) -> int:
    applied = 0
    for row in rows:
        exists = session.scalars(select(StoreCreditEntry.id).where(StoreCreditEntry.uid == row["uid"])).first()
        customer = session.scalars(select(Customer.id).where(Customer.document == row["document"])).first()
        if exists is not None or customer is None:
            continue
        session.add(StoreCreditEntry(
            uid=row["uid"], customer_id=customer, amount_cents=row["amount_cents"], reason=row["reason"],
            created_at=row["created_at"], installation_id=row["installation_id"], origin_id=row["origin_id"],
            handed_over_at=row["handed_over_at"]))
        applied += 1
    return applied


def _sales(session: Session, rows: list[dict[str, Any]], installation: str) -> int:
    """What the store learnt about sales this caixa holds: Bling ids, cancellations, returns."""
    applied = 0
    for row in rows:
        sale = session.scalars(select(Sale).where(Sale.uid == row["uid"])).first()  # by its own id, never a rowid
        if sale is None:
            continue
        sale.bling_id, sale.bling_numero = row["bling_id"], row["bling_numero"]
        if row["status"] != "recorded" and sale.status == "recorded":
            sale.status, sale.cancelled_at = row["status"], row["cancelled_at"]
        applied += 1
    return applied


def _notes(session: Session, rows: list[dict[str, Any]]) -> int:
    """The NFC-e the integrador issued for this caixa's sales: the authorized one prints here (its
    XML comes with it), and its key becomes the sale's fiscal document as in single mode."""
    now = utcnow()
    for row in rows:
        sale = session.scalars(select(Sale).where(Sale.uid == row["sale_uid"])).first()
        if sale is None:
            continue
        note = session.scalars(select(NfceNote).where(NfceNote.sale_id == sale.id)).first()
        if note is None:
            note = NfceNote(sale_id=sale.id)
            session.add(note)
        for name in NOTE_FIELDS:
            setattr(note, name, row[name])
        key = row["access_key"]
        if key and len(key) == 44 and not session.scalars(
                select(FiscalDocument.id).where(FiscalDocument.access_key == key)).first():
            session.add(FiscalDocument(sale_id=sale.id, kind="nfce", access_key=key, model=key[20:22],
                                       number=int(key[25:34]), series=int(key[22:25]), issued_at=row["authorized_at"] or now,
                                       created_at=now, handed_over_at=now))  # the store's already: never handed back
    return len(rows)


def _sync_state(session: Session, rows: list[dict[str, Any]]) -> int:
    """When the integrador last pulled each model from Bling (a handful of rows, read whole): the
    caixa's "Última sincronização" is the store's."""
    changed = 0
    for row in rows:
        state = session.get(SyncState, row["model"])
        if state is None:
            state = SyncState(model=row["model"])
            session.add(state)
        if state.last_success_at != row["last_success_at"]:
            state.last_success_at = row["last_success_at"]
            changed += 1
    return changed

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
(row count and a hash of every row's text, computed in SQL) changes, which also carries deletions
and an update committed out of xid order.

Xids are facts of one server and one life of the database: the cursor is tied to the store's
lineage (`lineage.py`: store UUID, generation, system identifier, database OID, clock), read in the
same snapshot. Any change (the store moved to a new server, restored from a backup, a rewind
declared) means a full resync: the cursor starts over and the pass re-reads everything; what the
replica holds whole (Bling's lists, categories, other caixas' credit entries) and the store no
longer has is removed. Another store's database is refused (`store_replica_other_lineage`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, select, text
from sqlalchemy.orm import Session

from pdv_bling.retaguarda.lineage import (
    Lineage,
    Remembered,
    judge,
    load_remembered,
    read_lineage,
    save_remembered,
)
from pdv_bling.retaguarda.server import StoreServerError
from pdv_bling.store.caixa_mapping import SETTING_KEYS as CAIXA_BANCOS_KEYS
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
LINEAGE_KEY = "store_replica_lineage"  # the store's lineage the cursor belongs to (saved with it)
STORE_WIDE_SETTINGS = ("deposit_id", "loja_id", "stock_mode", "sku_as_barcode", "send_real_customer",
                       "auto_return_invoice", "positive_customer_credit", "turno_required", "turno_blind",
                       "turno_difference_limit_cents", "caixa_conta_id", "caixa_categoria_suprimento",
                       "caixa_categoria_sangria", "caixa_categoria_sobra", "caixa_categoria_falta", "nfce_source",
                       "nfce_wait_limit_min")
# + the integrador's last account check and the company it read (the slips' issuer), and the lists
# the Caixa e Bancos mapping is chosen from (the integrador pulls them; the mapping is store-wide above)
REPLICATED_SETTINGS = (*STORE_WIDE_SETTINGS, "account_check_last", "bling_empresa", *CAIXA_BANCOS_KEYS)
WHOLE_LISTS: tuple[type[BlingVendedor] | type[BlingFormaPagamento] | type[BlingDeposito] | type[BlingSituacao], ...] = (BlingVendedor, BlingFormaPagamento, BlingDeposito, BlingSituacao)
PRODUCT_FIELDS = ("sku", "gtin", "barcode", "name", "price_cents", "unidade", "ncm", "cest", "origem", "formato",
                  "active", "attributes", "bling_updated_at", "synced_at")
INCREMENTAL = ("products", "customers", "credit", "sales", "notes")
NOTE_FIELDS = ("bling_id", "state", "situacao", "numero", "serie", "access_key", "reason_code", "reason", "created_at",
               "updated_at", "authorized_at", "cancel_asked_at", "cancelled_at")
CUSTOMER_FIELDS = ("tipo", "name", "email", "phone", "street", "number", "complement", "district", "city", "uf",
                   "cep", "bling_contato_id")


@dataclass
class ReplicaReport:
    changed: dict[str, int] = field(default_factory=dict)
    resync: str | None = None  # why this pass re-read everything (the lineage verdict, or "first")

    @property
    def total(self) -> int:
        return sum(self.changed.values())


def replicate(local: Store, server: Store, *, installation: str) -> ReplicaReport:
    """One pass: read the store's changes in one snapshot, apply them in one local transaction."""
    with local.read() as session:
        cursor: dict[str, Any] = dict(get_value(session, CURSOR_KEY) or {})
        remembered = load_remembered(session, LINEAGE_KEY)
    with server.engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
        xmin = int(conn.execute(text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")).scalar_one())
        now = read_lineage(conn)
        verdict = judge(remembered, now)
        if verdict == "other_store":
            raise StoreServerError("store_replica_other_lineage", "url")
        resync = "first" if remembered is None else (None if verdict == "same" else verdict)
        if resync is not None:
            cursor = {}  # xids of another server or another life of the database: read everything
        snapshot = _read(conn, cursor, installation)
    report = ReplicaReport(resync=resync)
    if resync is None and not snapshot["lists"] and not any(snapshot[name] for name in INCREMENTAL):
        return report  # nothing new: no local write (the cursor and the clock seen stay)
    with local.transaction() as session:
        _apply(session, snapshot, report, installation)
        if resync is not None:
            report.changed["removed"] = _remove_gone(session, snapshot, installation)
        cursor.update({name: xmin for name in INCREMENTAL})
        cursor.update(snapshot["fingerprints"])
        set_value(session, CURSOR_KEY, cursor)
        save_remembered(session, LINEAGE_KEY, _remember(remembered, now, verdict))
    return report


def forget(session: Session) -> None:
    """`store join`: whatever store this folder replicated before, the next pass reads this one whole."""
    set_value(session, CURSOR_KEY, None)
    save_remembered(session, LINEAGE_KEY, None)


def _remember(remembered: Remembered | None, now: Lineage, verdict: str) -> Remembered:
    if remembered is None or verdict == "rewound":
        return Remembered.of(now, retired=remembered.retired if remembered else ())  # declared by the integrador
    return remembered.adopting(now) if verdict == "new_generation" else remembered.seeing(now)


# ---------------------------------------------------------------- reading (store server)


def _since(cursor: dict[str, Any], name: str) -> int:
    return int(cursor.get(name, 0))


def _rows(conn: Connection, stmt: Any) -> list[dict[str, Any]]:
    return [dict(row._mapping) for row in conn.execute(stmt)]


LISTS = (*(m.__tablename__ for m in WHOLE_LISTS), "categories", "payment_methods", "sellers", "settings")
# One query: per list, its row count and an md5 of every row's text in a fixed order. Unlike
# (count, highest xid), it changes with any committed change, whatever the xids' order.
_FINGERPRINTS = text(" UNION ALL ".join(
    f"SELECT '{name}', count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {name} AS t"
    for name in LISTS))


def _read(conn: Connection, cursor: dict[str, Any], installation: str) -> dict[str, Any]:
    data: dict[str, Any] = {"fingerprints": {}, "lists": {}}
    for name, count, digest in conn.execute(_FINGERPRINTS):
        fingerprint = [int(count), str(digest)]
        if cursor.get(name) != fingerprint:
            data["lists"][name] = _rows(conn, select(Base.metadata.tables[name]))
            data["fingerprints"][name] = fingerprint
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
    notes, docs = NfceNote.__table__, FiscalDocument.__table__
    data["notes"] = _rows(conn, select(notes, sales.c.uid.label("sale_uid"), docs.c.xml.label("doc_xml"),
                                       docs.c.link_danfe.label("doc_link"), docs.c.number.label("doc_number"),
                                       docs.c.series.label("doc_series"), docs.c.issued_at.label("doc_issued_at"))
                          .join(sales, notes.c.sale_id == sales.c.id)  # this caixa's sales' NFC-e, with the
                          .outerjoin(docs, docs.c.access_key == notes.c.access_key)  # authorized XML once there
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


def _remove_gone(session: Session, data: dict[str, Any], installation: str) -> int:
    """After a full read: other caixas' credit entries the store no longer has (the replica holds
    those whole; a restored store lost them, and their caixa hands them over again)."""
    kept = {(row["installation_id"], row["origin_id"]) for row in data["credit"]}
    copies = session.execute(select(StoreCreditEntry.id, StoreCreditEntry.installation_id, StoreCreditEntry.origin_id)
                             .where(StoreCreditEntry.origin_id.is_not(None),
                                    StoreCreditEntry.installation_id != installation)).all()
    gone = [entry for entry, owner, origin in copies if (owner, origin) not in kept]
    if gone:
        session.execute(delete(StoreCreditEntry).where(StoreCreditEntry.id.in_(gone)))
    return len(gone)


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
    """The NFC-e the integrador issued for this caixa's sales: its key becomes the sale's fiscal
    document with the authorized XML and the DANFE link, as in single mode, so it prints here."""
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
        if row["access_key"] and len(row["access_key"]) == 44 and row["doc_xml"]:
            _note_document(session, sale.id, row)
    return len(rows)


def _note_document(session: Session, sale_id: int, row: dict[str, Any]) -> None:
    key = row["access_key"]
    doc = session.scalars(select(FiscalDocument).where(FiscalDocument.access_key == key)).first()
    if doc is None:
        now = utcnow()
        doc = FiscalDocument(sale_id=sale_id, kind="nfce", access_key=key, model=key[20:22], number=row["doc_number"],
                             series=row["doc_series"], issued_at=row["doc_issued_at"] or now, created_at=now,
                             handed_over_at=now)  # the store's already: never handed back
        session.add(doc)
    if doc.sale_id == sale_id:
        doc.xml, doc.link_danfe = row["doc_xml"], row["doc_link"]


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

"""What a restore can still take from the damaged database: SQLite's own recovery (the `sqlite3`
command's `.recover`, where the machine has it; else the rows each table still reads, one by one)
brings back the sales recorded after the backup, and each one found whole (its items and payments)
is put back with its own id, number and queue, the queue "maybe sent". A sale known by its number
but not readable whole is lost here: it is named to the manager and looked up in Bling (a queue item
of its own), as is every number between the backup's last and the damaged file's counter that no
readable row explains.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import TypeDecorator, func, select
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.orm import Session

from pdv_bling.store import outbox
from pdv_bling.store.engine import Store, read_only_uri
from pdv_bling.store.models import Customer, OutboxItem, PaymentMethod, Sale, SaleItem, SalePayment, Seller

log = logging.getLogger(__name__)
TABLES = ("sales", "sale_items", "sale_payments", "outbox_items", "customers", "payment_methods", "sellers", "counters")
SALE_COLUMNS = ("uid", "number", "numero_loja", "coupon", "terminal_id", "installation_id", "created_at",
                "items_total_cents", "discount_cents", "total_cents", "change_cents", "status", "kind", "bling_id",
                "bling_numero", "cancelled_at")
LOST_CHAIN = "perdida:"


@dataclass
class Salvage:
    method: str = "none"  # recover | rows | none
    salvaged: list[str] = field(default_factory=list)  # numeroLoja put back
    lost: list[str] = field(default_factory=list)  # numeroLoja not recoverable here: looked up in Bling


def salvage(damaged: Path, store: Store, *, use_cli: bool = True) -> Salvage:
    """Put back into `store` (the restored copy) the whole sales only the damaged file has."""
    report = Salvage()
    with _recovered(damaged, use_cli=use_cli, report=report) as rows:
        if rows is None:
            return report
        with store.transaction() as session:
            known = set(session.scalars(select(Sale.uid)))
            numbers = set(session.scalars(select(Sale.numero_loja)))
            highest = int(session.scalar(select(func.max(Sale.number)).where(Sale.origin_id.is_(None))) or 0)
            for sale in rows.get("sales", []):
                if sale.get("uid") in known or sale.get("numero_loja") in numbers:
                    continue
                if _put_back(session, sale, rows):
                    report.salvaged.append(str(sale["numero_loja"]))
                elif sale.get("numero_loja"):
                    report.lost.append(str(sale["numero_loja"]))
                numbers.add(str(sale.get("numero_loja")))
            report.lost += _unexplained(rows, numbers, highest)
            for numero_loja in report.lost:
                outbox.enqueue(session, chain=f"{LOST_CHAIN}{numero_loja}", kind=outbox.SALE_LOOKUP,
                               payload={"numero_loja": numero_loja})
    log.info("salvage (%s): %s sales put back, %s lost", report.method, len(report.salvaged), len(report.lost))
    return report


@contextmanager
def _recovered(damaged: Path, *, use_cli: bool, report: Salvage) -> Iterator[dict[str, list[dict[str, Any]]] | None]:
    with tempfile.TemporaryDirectory(prefix="pdv-salvage-") as folder:
        target = Path(folder) / "recuperado.sqlite3"
        cli = shutil.which("sqlite3") if use_cli else None
        if cli is not None and _recover_with_cli(cli, damaged, target):
            report.method = "recover"
        elif _copy_readable_rows(damaged, target):
            report.method = "rows"
        else:
            yield None
            return
        yield _read_all(target)


def _recover_with_cli(cli: str, damaged: Path, target: Path) -> bool:
    """SQLite's own recovery (`.recover`, SQLite 3.29+): every row the pages still hold, as SQL."""
    try:
        dump = subprocess.run([cli, str(damaged), ".recover"], capture_output=True, timeout=300, check=False)
        if not dump.stdout:
            return False
        load = subprocess.run([cli, str(target)], input=dump.stdout, capture_output=True, timeout=300, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    try:  # some builds' `.recover` runs but recovers nothing (no sqlite_dbpage): then read row by row
        with closing(sqlite3.connect(target)) as conn:
            found = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sales'").fetchone() is not None
    except sqlite3.Error:
        found = False
    if not found:
        target.unlink(missing_ok=True)
    return found and load.returncode in (0, 1)


def _copy_readable_rows(damaged: Path, target: Path) -> bool:
    """Without the `sqlite3` command: each table's rows that still read, one by one (a bad page
    costs the rows on it, not the table)."""
    try:
        source = sqlite3.connect(read_only_uri(damaged), uri=True)
    except sqlite3.Error:
        return False
    with closing(source), closing(sqlite3.connect(target)) as dest:
        copied = False
        for table in TABLES:
            try:
                schema = source.execute("SELECT sql FROM sqlite_master WHERE type='table' AND name=?", (table,)).fetchone()
                columns = [r[1] for r in source.execute(f"PRAGMA table_info({table})")]
            except sqlite3.Error:
                continue
            if not schema or not columns:
                continue
            dest.execute(schema[0])
            for row in _rows_one_by_one(source, table):
                dest.execute(f"INSERT INTO {table} VALUES ({', '.join('?' * len(row))})", row)
                copied = True
        dest.commit()
    return copied


def _rows_one_by_one(source: sqlite3.Connection, table: str) -> Iterator[tuple[Any, ...]]:
    last, misses = 0, 0
    while misses < 1000:
        try:
            row = source.execute(f"SELECT rowid, * FROM {table} WHERE rowid > ? ORDER BY rowid LIMIT 1",
                                 (last,)).fetchone()
        except sqlite3.Error:
            last, misses = last + 1, misses + 1  # a bad page: step over it
            continue
        if row is None:
            return
        last, misses = int(row[0]), 0
        yield tuple(row[1:])


def _read_all(target: Path) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    with closing(sqlite3.connect(target)) as conn:
        conn.row_factory = sqlite3.Row
        for table in TABLES:
            try:
                found[table] = [dict(r) for r in conn.execute(f"SELECT * FROM {table}")]
            except sqlite3.Error:
                found[table] = []
    return found


def _put_back(session: Session, sale: dict[str, Any], rows: dict[str, list[dict[str, Any]]]) -> bool:
    """A sale found whole (every item, payments covering its total): written back as it was.
    Payments are kept net of change (`domain.sale`: they sum to the total, change or not)."""
    items = sorted((r for r in rows["sale_items"] if r.get("sale_id") == sale["id"]), key=lambda r: r["position"])
    payments = sorted((r for r in rows["sale_payments"] if r.get("sale_id") == sale["id"]), key=lambda r: r["position"])
    if not items or sum(int(r["total_cents"]) for r in items) != sale.get("items_total_cents") or \
            sum(int(p["amount_cents"]) for p in payments) != sale.get("total_cents"):
        return False
    methods = {r["id"]: r["name"] for r in rows["payment_methods"]}
    copy = Sale(**{c: _value(Sale, c, sale.get(c)) for c in SALE_COLUMNS},
                customer_id=_customer(session, rows, sale.get("customer_id")),
                seller_id=_seller(session, rows, sale.get("seller_id")))
    for r in items:
        copy.items.append(SaleItem(position=r["position"], product_id=None, product_bling_id=r["product_bling_id"],
                                   sku=r["sku"], description=r["description"], quantity=r["quantity"],
                                   unit_price_cents=r["unit_price_cents"], total_cents=r["total_cents"]))
    for p in payments:
        method = session.scalars(select(PaymentMethod.id).where(PaymentMethod.name == methods.get(p["payment_method_id"]))).first()
        if method is None:
            return False
        copy.payments.append(SalePayment(position=p["position"], payment_method_id=method, amount_cents=p["amount_cents"]))
    session.add(copy)
    session.flush()
    _queue_back(session, copy, rows)
    return True


def _queue_back(session: Session, sale: Sale, rows: dict[str, list[dict[str, Any]]]) -> None:
    """The sale's queue, in its order: what was delivered stays so; the rest may have left."""
    original = next(r["id"] for r in rows["sales"] if r.get("uid") == sale.uid)
    items = [r for r in rows["outbox_items"] if r.get("sale_id") == original]
    for r in sorted(items, key=lambda r: r["id"]):
        delivered = r.get("state") == outbox.DONE
        result = _value(OutboxItem, "result", r.get("result")) if delivered else {"maybe_sent": True}
        session.add(OutboxItem(uid=r["uid"], chain=outbox.sale_chain(sale.id), kind=r["kind"], sale_id=sale.id,
                               customer_id=_customer(session, rows, r.get("customer_id")),
                               payload=_value(OutboxItem, "payload", r.get("payload")),
                               state=outbox.DONE if delivered else outbox.PENDING, attempts=0, result=result,
                               created_at=_value(OutboxItem, "created_at", r["created_at"]),
                               done_at=_value(OutboxItem, "done_at", r.get("done_at")) if delivered else None))


def _unexplained(rows: dict[str, list[dict[str, Any]]], seen: set[str], highest: int) -> list[str]:
    """Numbers the damaged counter says were used after the backup's last, that no readable sale
    explains."""
    counter = next((int(r["value"]) for r in rows["counters"] if r.get("name") == "sale_number"), 0)
    terminal = next((str(s["terminal_id"]) for s in rows["sales"] if s.get("terminal_id")), None)
    if terminal is None or counter - highest > 10_000:  # nothing to name them by, or no trustworthy counter
        return []
    return [f"{terminal}-{n:07d}" for n in range(highest + 1, counter + 1) if f"{terminal}-{n:07d}" not in seen]


def _customer(session: Session, rows: dict[str, list[dict[str, Any]]], local_id: Any) -> int | None:
    found = next((r for r in rows["customers"] if r.get("id") == local_id), None)
    if found is None:
        return None
    here = session.scalars(select(Customer.id).where(Customer.document == found["document"])).first()
    if here is not None:
        return int(here)
    names = [column.name for column in Customer.__table__.columns if column.name not in ("id", "store_xid")]
    fields = {name: _value(Customer, name, found.get(name)) for name in names if name in found}
    customer = Customer(**fields)
    session.add(customer)
    session.flush()
    return customer.id


def _seller(session: Session, rows: dict[str, list[dict[str, Any]]], local_id: Any) -> int | None:
    found = next((r for r in rows["sellers"] if r.get("id") == local_id), None)
    if found is None:
        return None
    here = session.scalars(select(Seller.id).where(Seller.name == found["name"])).first()
    return int(here) if here is not None else None


def _value(model: Any, column: str, raw: Any) -> Any:
    """A raw SQLite value back through the column's type (times and JSON are stored as text)."""
    kind = model.__table__.c[column].type
    if raw is None or not isinstance(kind, TypeDecorator):
        return raw
    return kind.process_result_value(raw, _SQLITE)


_SQLITE = sqlite_dialect.dialect()

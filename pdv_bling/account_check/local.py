"""What the check reads from this PC's store: settings, the DE-PARA, operators, the barcode
situation of the catalogue and the sales waiting to be sent. One read, no network."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from pdv_bling.counter.lookups import UFS
from pdv_bling.counter.nfce_status import NfceOverview, nfce_overview
from pdv_bling.counter.queries import products_synced
from pdv_bling.domain.documents import parse_document
from pdv_bling.domain.errors import DomainError
from pdv_bling.store import outbox
from pdv_bling.store.models import Customer, OutboxItem, PaymentMethod, Product, Sale, Seller
from pdv_bling.store.settings import NFCE_FIRST_ISSUE, Settings, get_value, load_settings

from .stock_view import StockCheckView, read_stock_check

QUEUED_LIMIT = 500  # queued sales examined per check (the oldest first)
EXAMPLES = 10


@dataclass(frozen=True)
class Method:
    name: str
    forma_id: int | None


@dataclass(frozen=True)
class Operator:
    name: str
    vendedor_id: int | None


@dataclass(frozen=True)
class Barcodes:
    synced: bool
    sku_mode: bool
    sellable: int  # active products that are sold themselves (not parents of variations)
    without_code: int  # ... with no barcode in the chosen mode (no GTIN, or no SKU)
    without_examples: tuple[str, ...]
    duplicated: int  # barcode values held by more than one sellable product
    duplicated_examples: tuple[str, ...]


@dataclass(frozen=True)
class QueuedLine:
    bling_id: int | None
    name: str
    active_here: bool


@dataclass(frozen=True)
class QueuedSale:
    number: int
    methods: tuple[Method, ...]
    lines: tuple[QueuedLine, ...]
    customer_problems: tuple[str, ...]  # pt_BR reasons Bling would refuse the customer


@dataclass(frozen=True)
class LocalFacts:
    settings: Settings
    methods: tuple[Method, ...]
    operators: tuple[Operator, ...]
    barcodes: Barcodes
    queued: tuple[QueuedSale, ...]
    queued_total: int
    any_product_bling_id: int | None
    stock_check: StockCheckView | None
    nfce: NfceOverview | None = None  # NFC-e through Bling: notes still due, overdue, to cancel
    nfce_first: dict[str, Any] | None = None  # the first note's result (sync/nfce_record.first_issue)

    @property
    def queued_product_ids(self) -> set[int]:
        return {line.bling_id for sale in self.queued for line in sale.lines if line.bling_id is not None}


def load_local(session: Session) -> LocalFacts:
    settings = load_settings(session)
    methods = tuple(Method(m.name, m.bling_forma_pagamento_id) for m in session.scalars(
        select(PaymentMethod).where(PaymentMethod.active.is_(True)).order_by(PaymentMethod.id)))
    operators = tuple(Operator(s.name, s.bling_vendedor_id) for s in session.scalars(
        select(Seller).where(Seller.active.is_(True)).order_by(Seller.name)))
    queued, total = _queued(session, settings)
    any_product = session.scalars(select(Product.bling_id).where(Product.active.is_(True)).limit(1)).first()
    nfce = nfce_overview(session, limit_min=settings.nfce_wait_limit_min) if settings.nfce_source == "bling" else None
    first = get_value(session, NFCE_FIRST_ISSUE)
    return LocalFacts(settings=settings, methods=methods, operators=operators, barcodes=_barcodes(session, settings),
                      queued=queued, queued_total=total, any_product_bling_id=any_product,
                      stock_check=read_stock_check(session), nfce=nfce,
                      nfce_first=first if isinstance(first, dict) else None)


def _barcodes(session: Session, settings: Settings) -> Barcodes:
    sellable = (Product.active.is_(True), or_(Product.formato.is_(None), Product.formato != "V"))
    code = Product.sku if settings.sku_as_barcode else Product.gtin
    missing = (*sellable, or_(code.is_(None), code == ""))
    count = session.scalar(select(func.count()).select_from(Product).where(*sellable)) or 0
    without = session.scalar(select(func.count()).select_from(Product).where(*missing)) or 0
    examples = session.scalars(select(Product.name).where(*missing).order_by(Product.name).limit(EXAMPLES)).all()
    dup_stmt = (select(Product.barcode, func.count()).where(*sellable, Product.barcode.is_not(None), Product.barcode != "")
                .group_by(Product.barcode).having(func.count() > 1).order_by(Product.barcode))
    duplicated = session.execute(dup_stmt).all()
    return Barcodes(synced=products_synced(session), sku_mode=settings.sku_as_barcode, sellable=int(count),
                    without_code=int(without), without_examples=tuple(examples), duplicated=len(duplicated),
                    duplicated_examples=tuple(f"{code} ({n}x)" for code, n in duplicated[:EXAMPLES]))


def _queued(session: Session, settings: Settings) -> tuple[tuple[QueuedSale, ...], int]:
    """Sales whose order is not yet in Bling (their create item still pending or in flight)."""
    waiting = (select(OutboxItem.sale_id).where(OutboxItem.kind == outbox.SALE_CREATE,
                                                OutboxItem.state.in_((outbox.PENDING, outbox.IN_FLIGHT)))
               .order_by(OutboxItem.id))
    ids = [i for i in session.scalars(waiting) if i is not None]
    sales = []
    for sale_id in ids[:QUEUED_LIMIT]:
        sale = session.get(Sale, sale_id)
        if sale is None or sale.bling_id is not None:
            continue
        methods = tuple(Method(p.method.name, p.method.bling_forma_pagamento_id) for p in sale.payments
                        if p.amount_cents > 0)
        lines = tuple(QueuedLine(i.product_bling_id, i.description, _active(session, i.product_id)) for i in sale.items)
        customer = sale.customer if settings.send_real_customer else None
        problems = customer_problems(customer) if customer is not None and customer.bling_contato_id is None else ()
        sales.append(QueuedSale(sale.number, methods, lines, problems))
    return tuple(sales), len(ids)


def _active(session: Session, product_id: int | None) -> bool:
    product = session.get(Product, product_id) if product_id is not None else None
    return product is not None and product.active


def customer_problems(customer: Customer) -> tuple[str, ...]:
    """What `POST /contatos` would refuse in this customer: nome is required, the CPF/CNPJ and
    the UF are validated by Bling (SPEC ContatosDadosDTO; CHG v334), a CEP has 8 digits."""
    who = "***" + (customer.document or "")[-4:]
    problems = []
    if not (customer.name or "").strip():
        problems.append(f"cliente {who} sem nome")
    try:
        parse_document(customer.document)
    except DomainError:
        problems.append(f"cliente {who} com CPF/CNPJ inválido")
    if customer.uf and customer.uf.upper() not in UFS:
        problems.append(f"cliente {who} com UF inválida ({customer.uf})")
    if customer.cep and not (len(customer.cep) == 8 and customer.cep.isdigit()):
        problems.append(f"cliente {who} com CEP inválido")
    return tuple(problems)

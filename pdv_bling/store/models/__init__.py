"""SQLAlchemy 2 typed models of the local store, one module per aggregate (a caixa's SQLite and the
store server's PostgreSQL share them).

Money is integer centavos (`*_cents`). Times are timezone-aware UTC (`UtcDateTime`). Bling ids
are BigInteger (Bling's ids exceed 2**31). Every schema change goes through an Alembic
revision in `migrations/versions/`; a test checks that the models equal the migrated schema.
Importing this package registers every table on `Base.metadata`.
"""

from pdv_bling.store.models.base import Base, JsonText, UtcDateTime, table_of, utcnow
from pdv_bling.store.models.catalogue import (
    BlingDeposito,
    BlingFormaPagamento,
    BlingSituacao,
    BlingVendedor,
    Category,
    Product,
)
from pdv_bling.store.models.delivery import ApiLogEntry, OutboxItem
from pdv_bling.store.models.nfce import NfceNote
from pdv_bling.store.models.returns import ReturnItem, SaleReturn, StoreCreditEntry
from pdv_bling.store.models.sales import (
    Customer,
    FiscalDocument,
    PaymentMethod,
    Sale,
    SaleItem,
    SalePayment,
    Seller,
)
from pdv_bling.store.models.state import Counter, Setting, SyncState
from pdv_bling.store.models.store_server import (
    IntegratorLease,
    RequestBudget,
    StoreCaixa,
    StoreClaim,
    StoreHandoverBatch,
    StoreIncarnation,
    StoreSeries,
    StoreSetAside,
)
from pdv_bling.store.models.turnos import Turno, TurnoCount, TurnoMovement

__all__ = [
    "ApiLogEntry",
    "Base",
    "BlingDeposito",
    "BlingFormaPagamento",
    "BlingSituacao",
    "BlingVendedor",
    "Category",
    "Counter",
    "Customer",
    "FiscalDocument",
    "IntegratorLease",
    "JsonText",
    "NfceNote",
    "OutboxItem",
    "PaymentMethod",
    "Product",
    "RequestBudget",
    "ReturnItem",
    "Sale",
    "SaleItem",
    "SalePayment",
    "SaleReturn",
    "Seller",
    "Setting",
    "StoreCaixa",
    "StoreClaim",
    "StoreCreditEntry",
    "StoreHandoverBatch",
    "StoreIncarnation",
    "StoreSeries",
    "StoreSetAside",
    "SyncState",
    "Turno",
    "TurnoCount",
    "TurnoMovement",
    "UtcDateTime",
    "table_of",
    "utcnow",
]

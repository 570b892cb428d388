"""Typed store settings kept in the `settings` table (never secrets: those go to the keyring)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from pdv_bling.store.models import Setting

StockMode = Literal["transitions", "integration"]
NfceSource = Literal["outro", "bling"]


@dataclass(frozen=True)
class Settings:
    """What Configurações shows. Defaults are those of a store set up as the manual says."""

    terminal_id: str = "PDV01"
    deposit_id: int | None = None  # Bling depósito for this store; None = the account's padrão
    loja_id: int | None = None  # Bling canal de venda (loja) for this store's orders
    stock_mode: StockMode = "transitions"  # Bling's transition manager, or lançar pela integração
    sku_as_barcode: bool = False  # chosen before the first product sync; locked afterwards
    send_real_customer: bool = True  # False = every sale as Consumidor Final (old behaviour)
    auto_return_invoice: bool = True  # "emitir nota fiscal de devolução automaticamente"
    positive_customer_credit: bool = True  # "crédito de clientes positivo"
    # NFC-e: "bling" issues each sale's note through Bling (gerar-nfce, enviar, read back); "outro"
    # = another emitter issues it and `sale nfce NUMERO CHAVE` attaches its key (the manual way)
    nfce_source: NfceSource = "outro"
    nfce_wait_limit_min: int = 0  # how long a sale may wait for its note; 0 = until the end of its day
    drain_interval_s: int = 5
    pull_interval_min: int = 15
    demo_mode: bool = False
    time_zone: str = ""  # IANA name ("America/Manaus") for screens, slips, backups; "" = the PC's (base/zone.py)
    # Turno de caixa (counter/turno.py). Selling needs an open turno where the store turned it on
    # (the first-run screen does, outside demo; folders from before turnos keep selling as they did).
    turno_required: bool = False
    turno_blind: bool = False  # fechamento cego: the cashier counts without seeing the expected amounts
    turno_difference_limit_cents: int = 500  # a difference above it (either way) needs a reason
    # Caixa e Bancos (POST /caixas): the conta financeira and the categories the turno posts to;
    # None = not chosen yet (postings park with the fix, never guessed)
    caixa_conta_id: int | None = None
    caixa_categoria_suprimento: int | None = None
    caixa_categoria_sangria: int | None = None
    caixa_categoria_sobra: int | None = None
    caixa_categoria_falta: int | None = None


FIELDS = {f.name: f for f in dataclasses.fields(Settings)}

# Facts about the connected Bling account kept in the settings table (not Settings fields): a new
# account ("Nova integração do zero") starts without them.
SERIES_CHECKED = "terminal_series_checked"  # {"terminal": "PDV01", "at": iso}: free or ours in this account
TERMINAL_CONFLICT = "terminal_conflict"  # {"terminal", "numero_loja", "pedido_id", "numero"}
CONSUMIDOR_FINAL_KEY = "bling_consumidor_final_id"
STOCK_CHECK = "stock_check"  # did a delivered sale really move Bling's stock (sync/stock_check.py)
NFCE_FIRST_ISSUE = "nfce_first_issue"  # the first NFC-e issued through this account: its result (sync/nfce.py)
BLING_COMPANY = "bling_empresa"  # {"nome", "cnpj"} of GET /empresas/me/dados-basicos: the slips' issuer
ACCOUNT_KEYS: tuple[str, ...] = (SERIES_CHECKED, TERMINAL_CONFLICT, CONSUMIDOR_FINAL_KEY, STOCK_CHECK, BLING_COMPANY,
                                 NFCE_FIRST_ISSUE)


_ALL_ROWS = select(Setting.key, Setting.value)


def load_settings(session: Session) -> Settings:
    return load_settings_with(session)[0]


def load_settings_with(session: Session, *keys: str) -> tuple[Settings, dict[str, Any]]:
    """The settings plus the named other rows of the table (absent ones left out), in one query."""
    rows = session.execute(_ALL_ROWS).all()
    values: dict[str, Any] = {key: value for key, value in rows if key in FIELDS}
    return Settings(**values), {key: value for key, value in rows if key in keys}


def save_settings(session: Session, settings: Settings, *, previous: Settings | None = None) -> None:
    """Write every field that differs from `previous` (or all when no previous is given)."""
    for name in FIELDS:
        value = getattr(settings, name)
        if previous is not None and getattr(previous, name) == value:
            continue
        row = session.get(Setting, name)
        if row is None:
            session.add(Setting(key=name, value=value))
        else:
            row.value = value


def save_company(session: Session, *, nome: str, cnpj: str) -> None:
    """Bling's company data (name, CNPJ) as last read: printed atop every slip (slips/identity.py)."""
    if nome.strip() or cnpj.strip():
        set_value(session, BLING_COMPANY, {"nome": nome.strip()[:120], "cnpj": cnpj.strip()[:30]})


def get_value(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(Setting, key)
    return default if row is None else row.value


def set_value(session: Session, key: str, value: Any) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value

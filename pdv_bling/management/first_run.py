"""Primeiros passos: the first-run guide's steps and its progress, kept in the settings row
"first_run" so the guide resumes where the manager left it after the app is closed.

The guide opens by itself for a store that was never connected, and again at the saved step
until it is finished; the menu entry replays it any time (demo mode: for training).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pdv_bling.store.models import BlingDeposito, PaymentMethod, Seller, utcnow
from pdv_bling.store.settings import get_value, load_settings, set_value

KEY = "first_run"
TURNO_REQUIRED = "turno_required"  # store.settings.Settings.turno_required
STEPS = ("conectar", "codigo_barras", "sincronizar", "depara", "vendedores", "estoque", "verificar", "pronto")


@dataclass(frozen=True)
class GuideProgress:
    step: str = STEPS[0]
    started: bool = False
    finished: bool = False

    @property
    def index(self) -> int:
        return STEPS.index(self.step) if self.step in STEPS else 0


def load_progress(session: Session) -> GuideProgress:
    raw: Any = get_value(session, KEY)
    if not isinstance(raw, dict):
        return GuideProgress()
    step = raw.get("step") if raw.get("step") in STEPS else STEPS[0]
    return GuideProgress(step=str(step), started=True, finished=bool(raw.get("finished")))


def save_progress(session: Session, *, step: str, finished: bool = False) -> None:
    if step not in STEPS:
        raise ValueError(f"unknown first-run step {step}")
    set_value(session, KEY, {"step": step, "finished": finished, "at": utcnow().isoformat()})
    if finished:
        require_turno_for_a_new_store(session)


def require_turno_for_a_new_store(session: Session) -> bool:
    """A store set up through the guide sells with its caixa open (issue 24: on outside demo).

    The setting's default stays off, so a folder from before turnos — and any folder never set up
    through the guide (scripts, tests) — keeps selling as it did; one whose manager ever chose
    either way (the row exists) keeps that choice. Returns True when it turned the setting on."""
    if load_settings(session).demo_mode or get_value(session, TURNO_REQUIRED) is not None:
        return False
    set_value(session, TURNO_REQUIRED, True)
    return True


def should_open(progress: GuideProgress, *, connection: str) -> bool:
    """At start-up: a store never connected, or a guide left half-way."""
    if progress.finished:
        return False
    return progress.started or connection == "not_connected"


@dataclass(frozen=True)
class SetupSummary:
    """What the last step shows: the choices made along the guide."""

    sku_as_barcode: bool
    stock_mode: str
    deposit: str | None  # None = the account's padrão
    methods_mapped: int
    methods: int
    operators_linked: int
    operators: int


def setup_summary(session: Session) -> SetupSummary:
    settings = load_settings(session)
    deposit = None
    if settings.deposit_id is not None:
        row = session.get(BlingDeposito, settings.deposit_id)
        deposit = row.descricao if row is not None else str(settings.deposit_id)

    def count(model: type[PaymentMethod] | type[Seller], linked: object) -> tuple[int, int]:
        active = select(func.count()).select_from(model).where(model.active.is_(True))
        return int(session.scalar(active.where(linked)) or 0), int(session.scalar(active) or 0)  # type: ignore[arg-type]

    mapped, methods = count(PaymentMethod, PaymentMethod.bling_forma_pagamento_id.is_not(None))
    linked, operators = count(Seller, Seller.bling_vendedor_id.is_not(None))
    return SetupSummary(settings.sku_as_barcode, settings.stock_mode, deposit, mapped, methods, linked, operators)

"""Primeiros passos: the first-run guide's steps and its progress, kept in the settings row
"first_run" so the guide resumes where the manager left it after the app is closed.

The guide opens by itself for a store that was never connected, and again at the saved step
until it is finished; the menu entry replays it any time (demo mode: for training).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from pdv_bling.store.models import utcnow
from pdv_bling.store.settings import get_value, set_value

KEY = "first_run"
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


def should_open(progress: GuideProgress, *, connection: str) -> bool:
    """At start-up: a store never connected, or a guide left half-way."""
    if progress.finished:
        return False
    return progress.started or connection == "not_connected"

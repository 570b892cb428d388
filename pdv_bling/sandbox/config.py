"""Configuration of the stand-in: account limits, fault knobs and account-setting traps."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from pdv_bling.sandbox.account_knobs import AccountKnobs

BRT = timezone(timedelta(hours=-3), "BRT")


@dataclass
class Faults:
    """Injected infrastructure failures on `/Api/v3` resource calls (not on OAuth)."""

    latency_ms: float = 0.0
    p500: float = 0.0
    p503: float = 0.0
    p429: float = 0.0
    p_commit_drop: float = 0.0  # POST /pedidos/vendas: create the order, then close without answering
    seed: int | None = None


@dataclass
class Traps:
    """Account settings and validations of the real Bling, each switchable (defaults = real account)."""

    editar_numero_pedido: bool = False  # "Editar número do pedido de venda": orders need `numero`
    duplicate_guard: bool = True  # code 3 "Informações idênticas a última venda salva"
    parcelas_sum: bool = True  # code 22
    forma_pagamento: bool = True  # code 49 / collection code 12
    same_situacao: bool = True  # code 50
    date_window: bool = True  # 400 for windows over one year
    transition_manager: bool = True  # Em aberto -> Atendido posts; Atendido -> Cancelado reverses


def update_dataclass(target: Any, values: dict[str, Any]) -> list[str]:
    """Set known fields of `target` from `values`; return unknown keys."""
    names = {f.name for f in fields(target)}
    unknown = [k for k in values if k not in names]
    for key, value in values.items():
        if key in names:
            setattr(target, key, value)
    return unknown


@dataclass
class SandboxConfig:
    products: int = 300
    seed: int = 1
    rate_limit: float = 3.0
    limiter: str = "bucket"  # "bucket" (token bucket, burst = rate) or "window" (fixed 1 s windows, jitter)
    window_jitter_ms: float = 200.0  # "window" only: how far each window edge moves (±)
    daily_limit: int = 120_000
    access_token_ttl: int = 21_600
    refresh_token_ttl: int = 30 * 86_400
    state_file: Path | None = None
    redirect_uri: str = "http://127.0.0.1:8765/callback"
    demo_auto_approve: bool = False
    host: str = "127.0.0.1"
    port: int = 0
    client_id: str = "sandbox-client-id"
    client_secret: str = "sandbox-client-secret"
    token_ip_limit: int = 20  # /oauth/token calls per 60 s before the IP is blocked for 60 min
    faults: Faults = field(default_factory=Faults)
    traps: Traps = field(default_factory=Traps)
    account: AccountKnobs = field(default_factory=AccountKnobs)  # a misconfigured account (account_knobs.py)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["client_secret"] = "***"
        out["state_file"] = str(self.state_file) if self.state_file else None
        return out


class Clock:
    """Wall clock plus an offset that tests move forward (code/token expiry without sleeping)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> datetime:
        return (datetime.now(UTC) + timedelta(seconds=self.offset)).astimezone(BRT)

    def timestamp(self) -> float:
        return self.now().timestamp()

    def advance(self, seconds: float) -> None:
        self.offset += seconds

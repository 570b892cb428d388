"""Configuration of the stand-in: account limits, fault knobs and account-setting traps."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

BRT = timezone(timedelta(hours=-3), "BRT")


@dataclass
class AccountKnobs:
    missing_scopes: list[str] = field(default_factory=list)
    renamed_situacoes: dict[str, str] = field(default_factory=dict)
    missing_situacoes: list[str] = field(default_factory=list)
    no_consumidor_final: bool = False
    date_skew_s: float = 0.0
    inactive_depositos: list[int | str] = field(default_factory=list)
    desconsiderar_saldo: list[int | str] = field(default_factory=list)
    inactive_formas: list[str] = field(default_factory=list)
    formas_finalidade: dict[str, int] = field(default_factory=dict)
    inactive_vendedores: list[str] = field(default_factory=list)
    products_without_gtin: int = 0
    duplicated_skus: int = 0


@dataclass
class Faults:
    """Injected infrastructure failures on `/Api/v3` resource calls (not on OAuth)."""

    latency_ms: float = 0.0
    p500: float = 0.0
    p503: float = 0.0
    p429: float = 0.0
    p_commit_drop: float = 0.0  # POST /pedidos/vendas and /caixas: create it, then close without answering
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
    # --- what live accounts showed (field guide section 11; rows in brackets). Where nobody has
    # shown what Bling does (UNKNOWN), the default is the harder case for the product.
    duplicate_document: bool = True  # [1] POST /contatos refuses a CPF/CNPJ another contact holds
    holder_id_in_message: bool = False  # [1] that refusal also gives the holder's id (else only its name)
    reactivate_excluded: bool = True  # [1] UNCONFIRMED: an excluded (E) contact can be set back to A
    born_atendido: str = "no"  # [2] "no" | "default" (no situacao sent) | "always": orders born Atendido
    transition_stock: bool = True  # [2] the Em aberto -> Atendido transition moves physical stock
    reservations: bool = True  # [3] open situações reserve stock (saldoVirtual below saldoFisico)
    reserve_after_posting: bool = True  # [3] UNKNOWN: an open order keeps reserving after lancar-estoque
    desconsiderar_saldo: bool = False  # [3] the second deposit has desconsiderarSaldo (out of the totals)
    variation_touches_parent: bool = False  # [4] UNKNOWN: a variation's change moves the parent's date
    list_shows_variations: bool = False  # [4] UNKNOWN: GET /produtos (tipo T) also lists variations
    delete_touches_date: bool = False  # [5] UNKNOWN: deleting a product moves its dataAlteracao
    max_url_bytes: int = 8192  # [7] a longer request URL gets 414 (0: no limit)
    numero_unique: bool = True  # [8] a numero already used by another order gets code 36
    jwt_tokens: bool = True  # [9] with `enable-jwt: 1` the token endpoint issues JWTs of 1.5-3 KB
    token_type_lower: bool = False  # [9] token_type "bearer" in lower case (seen on one account)
    # --- Caixa e Bancos (nfce-and-caixa.md §F; sandbox/caixas.py): spec quirks nobody has measured
    caixas_conta_field: str = "idContaContabil"  # "idContaContabil" | "contaFinanceira" | "either": read by POST
    caixas_date_format: str = "both"  # "iso" | "br" | "both": GET /caixas dataInicial/dataFinal accepted
    caixas_data_wrapped: bool = False  # POST /caixas and GET /caixas/{id} wrap their answer in `data` (SPEC: not)


@dataclass
class NfceKnobs:
    """The account's NFC-e and SEFAZ as the stand-in plays them (`sandbox/nfce.py`). Where Bling's
    behaviour is UNCONFIRMED the default is the harder case for the product."""

    sefaz_latency_s: float = 0.8  # enviar answers after SEFAZ's round trip
    slow_share: float = 0.1  # notes still at SEFAZ when enviar answers: 3 Aguardando recibo / 8 protocolo
    slow_extra_s: float = 0.8  # ...for about another SEFAZ round trip after that
    reject_cstat: int | None = None  # every transmission is rejected with this cStat (a broken setup)
    reject_async: bool = False  # the rejection shows only on the next read (situacao 4), not in enviar's answer
    block_after: int = 3  # the same rejection this many times makes the note Bloqueada (11)
    final_situacao: int | None = None  # 9 Denegada or 11 Bloqueada instead of an authorization
    never_authorize: bool = False  # notes stay in 8 Aguardando protocolo
    posts_stock: bool = False  # the account posts stock when a note is authorized (item 6: both settings)
    gerar_wrapped: bool = False  # gerar-nfce answers {data:{idNotaFiscal}} instead of {idNotaFiscal}
    order_links_note: bool = True  # GET /pedidos/vendas/{id} shows notaFiscal.id (UNCONFIRMED)
    fills_numero_pedido_loja: bool = True  # the note carries the order's numeroLoja (UNCONFIRMED)
    no_natureza: bool = False  # the account has no natureza de operação for NFC-e: gerar-nfce refused
    drop_next: list[str] = field(default_factory=list)  # "gerar" | "enviar" | "ler": commit, then drop the answer
    uf: str = "SP"  # the emitter's UF (its code in keys, its URLs in the QR code)
    alphanumeric_cnpj: bool = False  # the emitter issues with the alphanumeric CNPJ (12.ABC.345/01DE-35)
    tp_amb: int = 2  # 2 homologação (the demo), 1 produção


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
    card_formas: bool = True  # [10] False: an account without card formas de pagamento (seed-time)
    faults: Faults = field(default_factory=Faults)
    traps: Traps = field(default_factory=Traps)
    account: AccountKnobs = field(default_factory=AccountKnobs)  # a misconfigured account (account_knobs.py)
    nfce: NfceKnobs = field(default_factory=NfceKnobs)  # NFC-e and SEFAZ (nfce.py)

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

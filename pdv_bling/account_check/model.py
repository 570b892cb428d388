"""What a check of the account answers: one result per finding (ok / atencao / erro, or
nao_verificado when it could not look), each with its pt_BR explanation and fix, and the report
around them (request count, when, the overall status). Kept as JSON in the settings table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy.orm import Session

from pdv_bling.store.settings import get_value, set_value

Status = Literal["ok", "atencao", "erro", "nao_verificado"]
SEVERITY: dict[str, int] = {"nao_verificado": 0, "ok": 0, "atencao": 1, "erro": 2}
LAST_REPORT_KEY = "account_check_last"
# Why a check could not run at all (the CLI's exit code 3).
NOT_CONNECTED, RECONNECTION_NEEDED, OFFLINE, DAILY_LIMIT, KEYRING_UNAVAILABLE = (
    "not_connected", "reconnection_needed", "offline", "daily_limit", "keyring_unavailable")


@dataclass(frozen=True)
class CheckResult:
    topic: str  # escopos, situacoes, deposito, depara, vendedores, consumidor_final, ...
    code: str  # the finding (texts.py has its words)
    status: Status
    title: str
    explanation: str
    fix: str  # empty when there is nothing to do
    details: tuple[str, ...] = ()
    params: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"topic": self.topic, "code": self.code, "status": self.status, "title": self.title,
                "explanation": self.explanation, "fix": self.fix, "details": list(self.details),
                "params": self.params}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> CheckResult:
        return cls(topic=str(raw["topic"]), code=str(raw["code"]), status=raw["status"], title=str(raw["title"]),
                   explanation=str(raw["explanation"]), fix=str(raw.get("fix") or ""),
                   details=tuple(str(d) for d in raw.get("details") or ()), params=dict(raw.get("params") or {}))


@dataclass(frozen=True)
class CheckReport:
    results: tuple[CheckResult, ...]
    requests: int  # HTTP requests the check sent to Bling (retries included)
    started_at: dt.datetime
    finished_at: dt.datetime
    company: str | None = None
    problem: str | None = None  # set when the check could not run (not connected, offline...)
    company_cnpj: str | None = None  # with `company`: the issuer printed atop the slips

    @property
    def status(self) -> Status:
        if self.problem is not None:
            return "erro"
        worst = max((SEVERITY[r.status] for r in self.results), default=0)
        return "erro" if worst == 2 else "atencao" if worst == 1 else "ok"

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "problem": self.problem, "requests": self.requests, "company": self.company,
                "company_cnpj": self.company_cnpj,
                "started_at": self.started_at.isoformat(), "finished_at": self.finished_at.isoformat(),
                "erros": self.count("erro"), "atencoes": self.count("atencao"),
                "results": [r.to_json() for r in self.results]}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> CheckReport:
        return cls(results=tuple(CheckResult.from_json(r) for r in raw.get("results") or ()),
                   requests=int(raw.get("requests") or 0),
                   started_at=dt.datetime.fromisoformat(raw["started_at"]),
                   finished_at=dt.datetime.fromisoformat(raw["finished_at"]),
                   company=raw.get("company"), problem=raw.get("problem"), company_cnpj=raw.get("company_cnpj"))


@dataclass(frozen=True)
class AccountChecked:
    """Bus event: a check finished (the status bar, the tray and the check tab listen)."""

    status: Status
    erros: int
    atencoes: int
    problem: str | None = None


def save_last(session: Session, report: CheckReport) -> None:
    set_value(session, LAST_REPORT_KEY, report.to_json())


def load_last(session: Session) -> CheckReport | None:
    raw = get_value(session, LAST_REPORT_KEY)
    if not isinstance(raw, dict):
        return None
    try:
        return CheckReport.from_json(raw)
    except (KeyError, TypeError, ValueError):  # written by another version: as if never run
        return None

"""Domain errors carry a machine code, the field at fault and parameters; pt_BR wording lives
in `messages.py` (core/CLI) and in ui/ (through tr())."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass
class DomainError(Exception):
    code: str
    field: str | None = None
    params: dict[str, Any] = dc_field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(self.code, self.field)

    def __str__(self) -> str:
        from pdv_bling.domain.messages import message_for

        return message_for(self)


@dataclass
class DomainErrors(Exception):
    """Several problems found in one input (all reported at once)."""

    errors: list[DomainError]

    def __post_init__(self) -> None:
        super().__init__(len(self.errors))

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


def collect(errors: list[DomainError], fn: Callable[[], T]) -> T | None:
    """Run `fn`; on a DomainError, remember it and return None (to report all problems at once)."""
    try:
        return fn()
    except DomainError as exc:
        errors.append(exc)
        return None


def as_errors(fn: Callable[[], T]) -> T:
    """Run `fn`, turning a single DomainError into DomainErrors (what services raise)."""
    try:
        return fn()
    except DomainError as exc:
        raise DomainErrors([exc]) from None

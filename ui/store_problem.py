"""At app start, a data folder or database that cannot be used (pdv_bling/store/problems.py):
say so in pt_BR; for a damaged database with a good automatic backup, offer to restore it (the
damaged files are kept aside, never deleted) and open the restored copy."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication

from ui import guards

T = TypeVar("T")
log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("StoreProblem", text)


def open_or_offer_restore(open_session: Callable[[], T]) -> T | None:
    """`open_session()`, or after a StoreProblem: the offer to restore (damaged database with a
    backup) and a second try; None when the app cannot start (the message was shown)."""
    try:
        return open_session()
    except Exception as problem:  # noqa: BLE001 - only a ConfigProblem or a StoreProblem is answered here
        if _is(problem, "pdv_bling.bling.config", "ConfigProblem"):  # e.g. PDV_BLING_RATE_PER_SECOND=abc
            guards.tell(None, _tr("PDV Bling não pode abrir"), str(problem), warning=True)
            return None
        if not _is(problem, "pdv_bling.store.problems", "StoreProblem"):
            raise
        if not _offer_restore(problem):
            return None
    return open_session()


def _is(exc: Exception, module: str, name: str) -> bool:
    """Whether `exc` is `module.name`, without importing `module` (the start-up screen shows before
    the core is imported; an exception of a module never imported cannot have been raised)."""
    loaded = sys.modules.get(module)
    kind = getattr(loaded, name, None) if loaded is not None else None
    return isinstance(kind, type) and isinstance(exc, kind)


def _offer_restore(problem: Any) -> bool:
    """Say why the folder cannot open; for a damaged one with a good backup, offer to restore it:
    True once restored (the caller opens again), False when the app cannot start."""
    from pdv_bling.base.paths import AppPaths
    from pdv_bling.store.backups import restore, taken_at, when_text
    from pdv_bling.store.problems import RESTORABLE

    backup = problem.params.get("backup")
    paths = problem.params.get("paths")
    if problem.code not in RESTORABLE or backup is None or not isinstance(paths, AppPaths):
        guards.tell(None, _tr("PDV Bling não pode abrir os dados"), str(problem), warning=True)
        return False
    question = (_tr("O banco de dados deste computador está danificado ou perdeu seus registros, e não foi alterado.")
                + "\n\n" + _tr("Restaurar a cópia automática de %1? Vendas registradas depois dela não estão na cópia "
                               "(as que já foram ao Bling continuam lá); os arquivos danificados ficam guardados "
                               "em uma pasta ao lado, para o suporte.").replace("%1", when_text(taken_at(backup))))
    if not guards.ask(None, _tr("Banco de dados danificado"), question):
        guards.tell(None, _tr("PDV Bling não pode abrir os dados"), str(problem), warning=True)
        return False
    report = restore(paths, backup)
    log.warning("restored %s at start-up; damaged files in %s", report.backup, report.moved_aside)
    return True

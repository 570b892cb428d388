"""Verificar conta Bling: a read-only pre-flight check of the store's Bling account.

Each finding is ok / atencao / erro (or nao_verificado) with a pt_BR explanation and the exact
fix; the check sends only GETs, at most `MAX_REQUESTS` of them, and reports how many.

- `run_check(store, client)` / `check_and_record(...)`: runner.py
- `CheckReport`, `CheckResult`, `load_last`: model.py
- `AccountCheckJob`: when the app runs it by itself (job.py)
- `pdv-bling check [--json]`: cli.py
"""

from pdv_bling.account_check.model import AccountChecked, CheckReport, CheckResult, Status, load_last
from pdv_bling.account_check.reader import MAX_REQUESTS
from pdv_bling.account_check.runner import check_and_record, run_check

__all__ = ["MAX_REQUESTS", "AccountChecked", "CheckReport", "CheckResult", "Status", "check_and_record",
           "load_last", "run_check"]

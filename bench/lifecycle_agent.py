"""A caixa of the lifecycle harness (`bench/harness_lifecycle.py`; not a test module): the store
LAN harness's agent (`bench/store_agent.py`), answering with each record's own id (`uid`, what the
harness's ledger follows through renumbering and restores), plus:

    {"op": "exchange", "json": {...}}   as `pdv-bling troca add`; the new sale's uid and numeroLoja too
    {"op": "backup"}                    `pdv-bling db backup` while the caixa sells (SQLite online backup)

Run with PDV_BLING_HOME (the folder) and PDV_BLING_HOST_NAME (the PC it plays).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402

from bench.store_agent import Caixa, serve  # noqa: E402
from pdv_bling.cli.exchange_input import parse_exchange  # noqa: E402
from pdv_bling.cli.troca import record_exchange_input  # noqa: E402
from pdv_bling.domain.sale import SaleDraft  # noqa: E402
from pdv_bling.retaguarda.caixa import StoreLink  # noqa: E402
from pdv_bling.store.backups import manual_backup  # noqa: E402
from pdv_bling.store.context import AppContext  # noqa: E402
from pdv_bling.store.models import Sale  # noqa: E402


class LifecycleCaixa(Caixa):
    def _record(self, draft: SaleDraft) -> dict[str, Any]:
        answer = super()._record(draft)
        with self.ctx.store.read() as session:
            answer["uid"] = session.get(Sale, answer["id"]).uid  # type: ignore[union-attr]
        return answer

    def handle(self, cmd: dict[str, Any]) -> dict[str, Any]:
        if cmd["op"] == "exchange":
            started = time.perf_counter()
            result = record_exchange_input(self.ctx, parse_exchange(cmd["json"]))
            answer = {"ok": True, "ms": (time.perf_counter() - started) * 1000, **result}
            if result.get("new_sale_number"):
                with self.ctx.store.read() as session:
                    sale = session.scalars(select(Sale).where(Sale.number == result["new_sale_number"],
                                                              Sale.origin_id.is_(None))).one()
                    answer.update(uid=sale.uid, numero_loja=sale.numero_loja, total_cents=sale.total_cents)
            return answer
        if cmd["op"] == "backup":
            return {"ok": True, "path": str(manual_backup(self.ctx.store, self.ctx.paths.backups))}
        return super().handle(cmd)


def main() -> int:
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    ctx = AppContext.open()
    link = ctx.store.coordinator
    if not isinstance(link, StoreLink):
        print(json.dumps({"ok": False, "message": "this data folder is not a caixa of a store"}), flush=True)
        return 6
    link.start()
    caixa = LifecycleCaixa(ctx, link, seed)
    print(json.dumps({"ok": True, "ready": True, "installation": link.installation}), flush=True)
    return serve(caixa, link, ctx)


if __name__ == "__main__":
    sys.exit(main())

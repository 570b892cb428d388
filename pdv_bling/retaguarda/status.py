"""`pdv-bling store status [--json]`: the store as any caixa (or the integrador host) sees it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from pdv_bling.retaguarda.handover import not_handed_over
from pdv_bling.retaguarda.server import LOCK_KEY, open_server, unreachable
from pdv_bling.store import outbox
from pdv_bling.store.context import AppContext
from pdv_bling.store.coordination import STORE_URL_KEY
from pdv_bling.store.models import IntegratorLease, OutboxItem, RequestBudget, StoreCaixa, utcnow
from pdv_bling.store.settings import get_value


def collect(ctx: AppContext) -> dict[str, Any]:
    from pdv_bling.bling.pacer import BLING_TZ
    from pdv_bling.retaguarda.integrator import INTEGRATOR_URL_KEY

    with ctx.store.read() as session:
        caixa_url = get_value(session, STORE_URL_KEY)
        url = caixa_url or get_value(session, INTEGRATOR_URL_KEY)
        local_pending = not_handed_over(session) if caixa_url else None
        terminal = get_value(session, "terminal_id") or "PDV01"
    report: dict[str, Any] = {"mode": "caixa" if caixa_url else ("integrador" if url else "single"),
                              "url": url, "terminal": terminal if caixa_url else None,
                              "not_handed_over_here": local_pending, "store_reachable": False}
    if not url:
        return report
    server = open_server(str(url), application="pdv-bling-status")
    try:
        with server.read() as session:
            report["caixas"] = [
                {"terminal": c.terminal_id, "installation_id": c.installation_id, "host": c.host,
                 "last_seen_at": _iso(c.last_seen_at), "last_handover_at": _iso(c.last_handover_at),
                 "not_handed_over": c.not_handed_over}
                for c in session.scalars(select(StoreCaixa).order_by(StoreCaixa.terminal_id))]
            lease = session.get(IntegratorLease, 1)
            held = session.execute(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                                        "AND objid = :key"), {"key": LOCK_KEY}).scalar_one()
            report["integrador"] = {"running": bool(held), "epoch": lease.epoch if lease else 0,
                                    "holder": lease.holder if lease else None,
                                    "heartbeat_at": _iso(lease.heartbeat_at) if lease else None,
                                    **_health(session, lease.epoch if lease else None)}
            counts = outbox.counts(session)
            in_flight = session.scalar(select(func.count()).select_from(OutboxItem)
                                       .where(OutboxItem.state == outbox.IN_FLIGHT))
            report["outbox"] = {"pending": counts[outbox.PENDING], "in_flight": int(in_flight or 0),
                                "parked": counts[outbox.PARKED], "done": counts[outbox.DONE]}
            day = utcnow().astimezone(BLING_TZ).date().isoformat()
            budget = session.get(RequestBudget, day)
            report["requests_today"] = budget.used if budget else 0
        report["store_reachable"] = True
    except SQLAlchemyError as exc:
        report["error"] = str(unreachable(exc))
    finally:
        server.close()
    return report


def print_text(report: dict[str, Any]) -> None:
    modes = {"caixa": "caixa da loja", "integrador": "integrador da loja", "single": "caixa único (sem retaguarda)"}
    print(f"Modo: {modes[report['mode']]}")
    if report["mode"] == "single":
        return
    print(f"Retaguarda: {'conectada' if report['store_reachable'] else 'sem conexão'} ({report['url']})")
    if report.get("not_handed_over_here") is not None:
        waiting = report["not_handed_over_here"]
        which = "registro ainda não repassado" if waiting == 1 else "registros ainda não repassados"
        print(f"Neste caixa ({report['terminal']}): {waiting} {which}")
    if not report["store_reachable"]:
        print(report.get("error", ""))
        return
    for caixa in report["caixas"]:
        print(f"  {caixa['terminal']:<8} {caixa['host'] or '':<20} último contato {caixa['last_seen_at'] or 'nunca'}"
              f"  não repassados {caixa['not_handed_over']}")
    integ = report["integrador"]
    print(f"Integrador: {'ativo' if integ['running'] else 'parado'} (época {integ['epoch']}, {integ['holder'] or '-'})")
    if integ.get("health"):
        print(f"  {_health_words(integ)}")
    out = report["outbox"]
    print(f"Fila da loja: pendentes {out['pending']}  requer atenção {out['parked']}  enviados {out['done']}")
    print(f"Requisições ao Bling hoje: {report['requests_today']}")


def _health(session: Any, epoch: int | None) -> dict[str, Any]:
    """The Bling side of the integrador of `epoch`, as it recorded it (None: nothing recorded yet)."""
    from pdv_bling.retaguarda.leader_health import current

    record = current(session, epoch=epoch) or {}
    return {"health": record.get("state"), "health_reason": record.get("reason"),
            "health_since": record.get("since"), "stepped_down": bool(record.get("stepped_down"))}


def _health_words(integ: dict[str, Any]) -> str:
    """ "Bling: funcionando" / "Bling: falhando desde 14:32 — <why>" (pt_BR, local time)."""
    import datetime as dt

    from pdv_bling.domain.store_messages import INTEGRATOR_HEALTH

    if integ["health"] == "ok":
        return "Bling: funcionando"
    since = dt.datetime.fromisoformat(integ["health_since"]).astimezone().strftime("%d/%m %H:%M")
    why = INTEGRATOR_HEALTH.get(integ.get("health_reason") or "", integ.get("health_reason") or "")
    head = "passou a vez: falhas no Bling" if integ.get("stepped_down") else "Bling: falhando"
    return f"{head} desde {since} — {why}"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None

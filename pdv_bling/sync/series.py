"""The terminal's `numeroLoja` series in Bling: is it this installation's alone, and is an order
found under one of our numbers really ours?

Every order carries `<terminal>-<sequence>` in `numeroLoja` and a marker with the installation id
in `observacoesInternas`. Two data folders with the same terminal id (a reinstall, a second
counter nobody renumbered) would write the same `numeroLoja`; a lookup by number alone then finds
the other folder's order. So:

- before the first order of a series leaves (and at every connection), the series is checked
  against Bling: orders under its first numbers, or under this folder's unsent numbers, that are
  not ours mean another installation uses it. The connection is refused, or the sale parks, with
  a pt_BR fix naming the order found and a free terminal id;
- an order is adopted as ours only if its marker, its total and its items are this sale's
  (`order_matches`); anything else is another sale, never "delivered".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pdv_bling.bling.client import BlingClient
from pdv_bling.bling.pedidos_vendas import PedidoVenda, PedidoVendaResumo
from pdv_bling.domain.errors import DomainError
from pdv_bling.store.engine import Store
from pdv_bling.store.models import Sale, utcnow
from pdv_bling.store.settings import SERIES_CHECKED, TERMINAL_CONFLICT, get_value, load_settings, set_value

PROBE_FIRST = 20  # another installation that used the series has its first numbers in Bling
BATCH = 100  # numerosLojas[] per request (~3.5 KB of URL; Bling answers 414 past ~8 KB)
MAX_PROBED = 400


def marker(numero_loja: str, installation: str | None = None) -> str:
    """The per-sale unique text in observacoesInternas (also defeats Bling's code 3 guard).

    Sales recorded before installation ids existed keep the legacy form (no id)."""
    return f"PDV-Bling {numero_loja} #{installation}" if installation else f"PDV-Bling {numero_loja}"


@dataclass(frozen=True)
class SaleFacts:
    """What identifies a sale's order in Bling: its marker, total and items."""

    numero_loja: str
    marker: str
    total_cents: int
    items: tuple[tuple[str, int], ...]  # (product key, quantity), sorted

    @classmethod
    def of(cls, sale: Sale) -> SaleFacts:
        lines = Counter[tuple[str, int]]()
        for line in sale.items:
            lines[(_product_key(line.product_bling_id, line.sku, line.description), int(line.quantity))] += 1
        return cls(sale.numero_loja, marker(sale.numero_loja, sale.installation_id), sale.total_cents,
                   tuple(sorted(lines.elements())))


@dataclass(frozen=True)
class ForeignOrder:
    numero_loja: str
    pedido_id: int
    numero: int | None

    def as_json(self, terminal: str) -> dict[str, Any]:
        return {"terminal": terminal, "numero_loja": self.numero_loja, "pedido_id": self.pedido_id,
                "numero": self.numero}


@dataclass(frozen=True)
class SeriesCheck:
    terminal: str
    foreign: ForeignOrder | None
    requests: int
    suggestion: str | None = None


def order_matches(order: PedidoVenda, facts: SaleFacts) -> bool:
    """True only if the order is provably this sale: same marker, same total, same items."""
    if facts.marker not in (order.observacoesInternas or ""):
        return False
    if order.total_centavos != facts.total_cents:
        return False
    items = sorted((_product_key(i.produto_id, i.codigo, i.descricao), int(round(i.quantidade))) for i in order.itens)
    return tuple(items) == facts.items


def adopt(client: BlingClient, facts: SaleFacts, found: Sequence[PedidoVendaResumo]) -> tuple[PedidoVenda | None, int]:
    """Among orders found under our numeroLoja, the one that is this sale (with the GETs spent)."""
    for requests, resumo in enumerate(found, start=1):
        order = client.pedidos_vendas.get(resumo.id)
        if order_matches(order, facts):
            return order, requests
    return None, len(found)


def check_series(client: BlingClient, store: Store, *, terminal: str | None = None) -> SeriesCheck:
    """Look the series up in Bling; `foreign` is the first order found that is not ours."""
    with store.read() as session:
        terminal = terminal or load_settings(session).terminal_id
        numbers = probe_numbers(session, terminal)
    requests = 0
    for batch in _batches(numbers, BATCH):
        found = client.pedidos_vendas.find_by_numeros_loja(batch)
        requests += 1
        for order in sorted(found, key=lambda o: (str(o.numeroLoja), o.id)):  # the lowest is named
            ours, spent = _is_ours(client, store, order)
            requests += spent
            if not ours:
                foreign = ForeignOrder(str(order.numeroLoja), order.id, order.numero)
                suggestion, more = suggest_free(client, terminal)
                return SeriesCheck(terminal, foreign, requests + more, suggestion)
    return SeriesCheck(terminal, None, requests)


def probe_numbers(session: Session, terminal: str) -> list[str]:
    """The series' first numbers, then this folder's numbers of the series not delivered yet."""
    first = [f"{terminal}-{n:07d}" for n in range(1, PROBE_FIRST + 1)]
    unsent = session.scalars(
        select(Sale.numero_loja).where(Sale.terminal_id == terminal, Sale.bling_id.is_(None)).order_by(Sale.id)
    ).all()
    return list(dict.fromkeys([*first, *unsent]))[:MAX_PROBED]


def suggest_free(client: BlingClient, terminal: str) -> tuple[str | None, int]:
    """A terminal id next to `terminal` whose series has no order yet (one request)."""
    candidates = _neighbours(terminal)
    if not candidates:
        return None, 0
    taken = {str(o.numeroLoja).rsplit("-", 1)[0]
             for o in client.pedidos_vendas.find_by_numeros_loja([f"{c}-0000001" for c in candidates])}
    return next((c for c in candidates if c not in taken), None), 1


def record_check(store: Store, check: SeriesCheck) -> None:
    """Remember a clean check, or the conflict (sales of that series then park, not POST). Clean
    checks are kept per terminal: a store's integrador delivers every caixa's series, and checking
    again whenever the next sale is another caixa's cost one request per sale."""
    with store.transaction() as session:
        if check.foreign is None:
            now = utcnow().isoformat()
            value = get_value(session, SERIES_CHECKED)
            terminals = _checked_terminals(value)
            terminals[check.terminal] = now
            set_value(session, SERIES_CHECKED, {"terminal": check.terminal, "at": now, "terminals": terminals})
        else:
            set_value(session, TERMINAL_CONFLICT, check.foreign.as_json(check.terminal))


def _checked_terminals(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    terminals = dict(value.get("terminals") or {})
    if value.get("terminal"):  # the form written before one entry per terminal
        terminals.setdefault(str(value["terminal"]), str(value.get("at") or ""))
    return terminals


def series_checked(session: Session, terminal: str) -> bool:
    return terminal in _checked_terminals(get_value(session, SERIES_CHECKED))


def conflict_for(session: Session, terminal: str) -> dict[str, Any] | None:
    value = get_value(session, TERMINAL_CONFLICT)
    return value if isinstance(value, dict) and value.get("terminal") == terminal else None


def verify_on_connect(client: BlingClient, store: Store, *, forget: Callable[[], None]) -> SeriesCheck:
    """Right after a connection: refuse it (tokens forgotten) when the series belongs to another
    installation, so no sale of this folder ever goes out under a number that is not its own."""
    check = check_series(client, store)
    record_check(store, check)
    if check.foreign is not None:
        forget()
        raise refusal(check)
    return check


def refusal(check: SeriesCheck) -> DomainError:
    assert check.foreign is not None
    return DomainError("terminal_series_in_use", "configuracoes.terminal_id", {
        "terminal": check.terminal, "numero_loja": check.foreign.numero_loja,
        "numero": check.foreign.numero or check.foreign.pedido_id,
        "suggestion": check.suggestion or "outro identificador",
    })


# ---------------------------------------------------------------- helpers


def _is_ours(client: BlingClient, store: Store, order: PedidoVendaResumo) -> tuple[bool, int]:
    with store.read() as session:
        sale = session.scalars(select(Sale).where(Sale.numero_loja == order.numeroLoja)).first()
        if sale is None:
            return False, 0
        if sale.bling_id is not None:
            return sale.bling_id == order.id, 0
        facts = SaleFacts.of(sale)
    detail = client.pedidos_vendas.get(order.id)  # sent, answer lost: ours only if it is this sale
    return order_matches(detail, facts), 1


def _product_key(produto_id: int | None, codigo: str | None, descricao: str) -> str:
    if produto_id:
        return f"id:{produto_id}"
    return f"sku:{codigo}" if codigo else f"txt:{descricao.strip().lower()}"


def _neighbours(terminal: str, *, count: int = 8) -> list[str]:
    """PDV01 -> PDV02..PDV09; CAIXA -> CAIXA2..CAIXA9 (at most 20 characters)."""
    match = re.fullmatch(r"(.*?)(\d+)", terminal)
    if match:
        prefix, digits = match.group(1), match.group(2)
        start = int(digits) + 1
        names = [f"{prefix}{n:0{len(digits)}d}" for n in range(start, start + count)]
    else:
        names = [f"{terminal}{n}" for n in range(2, 2 + count)]
    return [n for n in names if len(n) <= 20]


def _batches(values: Iterable[str], size: int) -> Iterable[list[str]]:
    batch: list[str] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch

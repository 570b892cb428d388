"""Does a delivered sale really move Bling's stock? Checked once per account (field guide §11 row 2).

Some accounts create orders directly in "Atendido" (no transition runs, so nothing is posted);
in others no situação transition ever moved physical stock. Either way "Transições do Bling"
would post nothing, silently. So for the first sale delivered after the account is connected
the product reads the physical balance of one of its products (`GET /estoques/saldos`, every
deposit, so `desconsiderarSaldo` cannot hide a movement) before the order is created and again
after the chain's last stock step, reads back the situação the order was created in, and keeps
the verdict in the `settings` row "stock_check" (JSON). Another movement of that product in
between makes the figure unclear: the next sale is checked instead (at most `MAX_TRIES`).

`load_stock_check(session)` is what the account check screen reads (Qt-free, no network).
A bad verdict goes to the "Logs de API" with its fix and to the event bus; the manager either
fixes the account in Bling or chooses "Lançar pela integração" (`adopt_integration_mode`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy.orm import Session

from pdv_bling.base.events import EventBus, StockCheckFinished
from pdv_bling.bling.client import BlingClient
from pdv_bling.bling.errors import BlingError
from pdv_bling.store import outbox
from pdv_bling.store.engine import Store
from pdv_bling.store.models import OutboxItem, Sale, utcnow
from pdv_bling.store.settings import STOCK_CHECK, get_value, set_value
from pdv_bling.sync.apilog import ApiLog
from pdv_bling.sync.fixes import STOCK_CHECK_FIXES

log = logging.getLogger(__name__)

SETTING_KEY = STOCK_CHECK
MAX_TRIES = 3
STALE_AFTER = dt.timedelta(minutes=15)  # a check whose sale never got its stock step: try another sale
POSTING_KINDS = (outbox.SALE_TRANSITION, outbox.STOCK_POST)
Status = Literal["pending", "ok", "no_stock_moved", "born_atendido_no_stock", "moved_twice", "unclear"]
DATES = ("checked_at", "started_at", "adopted_at")


@dataclass(frozen=True)
class StockCheck:
    """The verdict for this account. `fix_code` keys `sync.fixes.STOCK_CHECK_FIXES` (pt_BR)."""

    status: Status = "pending"
    checked_at: dt.datetime | None = None
    sale_id: int | None = None
    pedido_id: int | None = None
    produto_id: int | None = None
    quantidade: float | None = None
    before: float | None = None  # physical balance over every deposit, before the order existed
    after: float | None = None
    mode: str | None = None  # the sale's stock mode: "transitions" | "integration"
    born_situacao_id: int | None = None  # the situação Bling created the order in (read back)
    born_atendido: bool | None = None  # that situação is the account's "Atendido"
    transition_ran: bool | None = None  # False: the PATCH to Atendido answered "mesma situação"
    fix_code: str | None = None
    tries: int = 0
    started_at: dt.datetime | None = None
    adopted_at: dt.datetime | None = None  # when the manager chose "Lançar pela integração"
    adopted_posts: int | None = None  # sales whose stock was then posted by the integration
    numero_loja: str | None = None  # the sale checked, as the manager finds it
    after_note: float | None = None  # the balance once the sale's NFC-e was authorized (before any order posting)
    note_moves_stock: bool | None = None  # issuing the NFC-e posted the sale's stock itself (the account's setting)

    @property
    def finished(self) -> bool:
        return self.status != "pending"

    @property
    def moved(self) -> bool | None:
        """Did Bling's stock move as the sale said? None while not yet known (the account check
        shows "ainda não verificado")."""
        return None if self.status == "pending" else self.status == "ok"

    @property
    def fix(self) -> str | None:
        """The pt_BR fix for a bad verdict (what the account check and `pdv-bling status` show)."""
        found = STOCK_CHECK_FIXES.get(self.fix_code or "")
        return found.check if found else None

    def to_json(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        for key in DATES:
            out[key] = out[key].isoformat() if out[key] else None
        return out

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> StockCheck:
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in raw.items() if k in names}
        for key in DATES:
            values[key] = dt.datetime.fromisoformat(values[key]) if values.get(key) else None
        return cls(**values)


def load_stock_check(session: Session) -> StockCheck | None:
    raw = get_value(session, SETTING_KEY)
    return StockCheck.from_json(raw) if isinstance(raw, dict) else None


def save_stock_check(session: Session, check: StockCheck) -> None:
    set_value(session, SETTING_KEY, check.to_json())


def verdict(check: StockCheck) -> tuple[Status, str | None]:
    """Status and fix code from the measured figures (1e-6: Bling's quantities are floats)."""
    assert check.before is not None and check.after is not None and check.quantidade
    moved = round(check.before - check.after, 6)
    if check.note_moves_stock and abs(moved - 2 * check.quantidade) < 1e-6:
        return "moved_twice", "nfce_moves_stock"  # the note posted it, and the order's posting again
    if abs(moved - check.quantidade) < 1e-6:
        return "ok", None
    if abs(moved) < 1e-6:
        no_transition = check.mode == "transitions" and (check.transition_ran is False or check.born_atendido)
        status: Status = "born_atendido_no_stock" if no_transition else "no_stock_moved"
        return status, status
    if abs(moved - 2 * check.quantidade) < 1e-6:
        return "moved_twice", "moved_twice"
    return "unclear", "unclear"


class StockChecker:
    """The once-per-account check, run by the handlers around the first delivered sale."""

    def __init__(self, store: Store, client: BlingClient, *, api_log: ApiLog | None = None,
                 bus: EventBus | None = None) -> None:
        self.store, self.client, self.api_log, self.bus = store, client, api_log, bus

    def current(self) -> StockCheck | None:
        with self.store.read() as session:
            return load_stock_check(session)

    # ------------------------------------------------------------ before the order is created

    def before(self, item: OutboxItem, *, recovering: bool) -> None:
        """Read the balance before a sale's order is created, when this sale is to be checked."""
        if item.kind != outbox.SALE_CREATE or recovering or item.sale_id is None:
            return
        check = self.current() or StockCheck()
        if check.finished or (check.sale_id not in (None, item.sale_id) and not self._stale(check)):
            return
        picked = self._pick(item.sale_id)
        if picked is None:
            return
        produto, quantidade, mode, numero_loja = picked
        try:
            before = self.physical(produto)
        except BlingError as exc:  # the check never holds a sale up: a later sale is checked instead
            log.warning("stock check skipped for sale %s: %s", item.sale_id, exc.code)
            return
        tries = check.tries + (check.sale_id != item.sale_id)  # a retried sale is the same try
        self._save(dataclasses.replace(check, sale_id=item.sale_id, numero_loja=numero_loja, produto_id=produto,
                                       quantidade=quantidade,
                                       mode=mode, before=before, after=None, pedido_id=None, born_situacao_id=None,
                                       born_atendido=None, transition_ran=None, tries=tries, started_at=utcnow()))

    def _stale(self, check: StockCheck) -> bool:
        if check.started_at is None or utcnow() - check.started_at > STALE_AFTER:
            return True
        with self.store.read() as session:
            states = {i.state for i in session.query(OutboxItem).filter(OutboxItem.sale_id == check.sale_id)}
        return outbox.PARKED in states

    def _pick(self, sale_id: int) -> tuple[int, float, str, str] | None:
        from pdv_bling.counter.cancellation import stock_posting

        with self.store.read() as session:
            sale = session.get(Sale, sale_id)
            if sale is None or sale.kind != "sale":
                return None
            lines = [i for i in sale.items if i.product_bling_id]
            if not lines:
                return None
            produto = int(lines[0].product_bling_id or 0)
            quantidade = float(sum(i.quantity for i in lines if i.product_bling_id == produto))
            mode, _deposit = stock_posting(session, sale)
            return produto, quantidade, mode, sale.numero_loja

    def physical(self, produto: int) -> float:
        """Physical balance of `produto` summed over every deposit (desconsiderarSaldo included)."""
        rows = self.client.estoques.saldos([produto])
        row = next((r for r in rows if r.produto_id == produto), None)
        if row is None:
            return 0.0
        return row.fisico_em_todos

    # ------------------------------------------------------------ after each step of that sale

    def after(self, item: OutboxItem, result: dict[str, Any]) -> None:
        """Never raises: the step it follows already reached Bling."""
        try:
            self._after(item, result)
        except Exception:  # the check must never break delivery; the next sale is checked instead
            log.exception("stock check step failed after outbox item %s", item.id)

    def _after(self, item: OutboxItem, result: dict[str, Any]) -> None:
        check = self.current()
        if check is None or check.finished or check.sale_id != item.sale_id or item.sale_id is None:
            return
        if item.kind == outbox.SALE_CREATE and result.get("pedido_id"):
            pedido = self.client.pedidos_vendas.get(int(result["pedido_id"]))
            atendido = self.client.situacoes.vendas().get("Atendido")
            self._save(dataclasses.replace(check, pedido_id=pedido.id, born_situacao_id=pedido.situacao_id,
                                           born_atendido=pedido.situacao_id == atendido))
            return
        if item.kind == outbox.NFCE_READ and result.get("authorized") and check.after_note is None:
            after_note = self.physical(int(check.produto_id or 0))
            moved_by_note = abs(round((check.before or 0.0) - after_note, 6) - (check.quantidade or 0.0)) < 1e-6
            self._save(dataclasses.replace(check, after_note=after_note, note_moves_stock=moved_by_note))
            return
        if item.kind not in POSTING_KINDS or self._more_posting_steps(item):
            return
        if item.kind == outbox.SALE_TRANSITION and "moved" in result:
            check = dataclasses.replace(check, transition_ran=bool(result["moved"]))
        measured = dataclasses.replace(check, after=self.physical(int(check.produto_id or 0)))
        status, fix = verdict(measured)
        if status == "unclear" and measured.tries < MAX_TRIES:
            self._save(dataclasses.replace(measured, sale_id=None))  # another sale will be checked
            return
        final = dataclasses.replace(measured, status=status, fix_code=fix, checked_at=utcnow())
        self._save(final)
        self._announce(final)

    def _more_posting_steps(self, item: OutboxItem) -> bool:
        with self.store.read() as session:
            later = session.query(OutboxItem).filter(
                OutboxItem.chain == item.chain, OutboxItem.id > item.id, OutboxItem.kind.in_(POSTING_KINDS),
                OutboxItem.state != outbox.DONE)
            return later.first() is not None

    def _save(self, check: StockCheck) -> None:
        with self.store.transaction() as session:
            save_stock_check(session, check)

    def _announce(self, check: StockCheck) -> None:
        fix = STOCK_CHECK_FIXES.get(check.fix_code or "")
        log.info("stock check: %s (sale %s, moved %s of %s)", check.status, check.sale_id,
                 None if check.before is None or check.after is None else check.before - check.after, check.quantidade)
        if self.api_log is not None and fix is not None:  # a bad verdict; "ok" shows in the account check
            self.api_log.note(model="estoques", action=f"verificação de estoque (venda {check.numero_loja})",
                              ok=False, code=fix.code, check=fix.check,
                              detail=f"saldo físico antes {check.before}, depois {check.after}, "
                                     f"quantidade vendida {check.quantidade}")
        if self.bus is not None:
            self.bus.publish(StockCheckFinished(status=check.status, fix_code=check.fix_code))


# ---------------------------------------------------------------- "Lançar pela integração"


@dataclass(frozen=True)
class Adopted:
    stock_posts: int  # sales whose stock the integration now posts itself
    contas_posts: int  # of those, sales whose contas a receber too (no transition ran for them)


def adopt_integration_mode(store: Store) -> Adopted:
    """The manager's answer to a bad verdict (CLI `pdv-bling stock-check --lancar-pela-integracao`;
    choosing the mode in Configurações does the same): switch to "Lançar pela integração" and post
    what the transitions did not."""
    with store.transaction() as session:
        return adopt_integration_mode_in(session)


def adopt_integration_mode_in(session: Session) -> Adopted:
    """`adopt_integration_mode` inside the caller's transaction (the store database's, on a PC of a store)."""
    from pdv_bling.store.settings import load_settings, save_settings

    settings = load_settings(session)
    save_settings(session, dataclasses.replace(settings, stock_mode="integration"), previous=settings)
    return post_what_transitions_missed(session)


def post_what_transitions_missed(session: Session) -> Adopted:
    """After a bad verdict, queue in each sale's own chain what its transition did not post: the
    stock of every sale recorded since the checked one (still active, delivered or not) that goes
    through a transition and has no explicit posting yet, and its contas a receber too when no
    transition ran at all (born Atendido). Stock goes to the padrão deposit, where the transition
    would have put it. Idempotent: a sale that already has an explicit posting is skipped."""
    from sqlalchemy import select

    check = load_stock_check(session)
    if check is None or check.status not in ("no_stock_moved", "born_atendido_no_stock") or check.sale_id is None:
        return Adopted(0, 0)
    posts = contas = 0
    for sale in session.scalars(select(Sale).where(Sale.id >= check.sale_id, Sale.status == "recorded")):
        chain = session.scalars(select(OutboxItem).where(OutboxItem.chain == outbox.sale_chain(sale.id))).all()
        transitions = [i for i in chain if i.kind == outbox.SALE_TRANSITION]
        if not transitions or any(i.kind == outbox.STOCK_POST for i in chain):
            continue
        outbox.enqueue(session, chain=outbox.sale_chain(sale.id), kind=outbox.STOCK_POST, sale_id=sale.id,
                       payload={"deposit_id": None, "repair": check.status})
        posts += 1
        no_transition = check.status == "born_atendido_no_stock" or any(
            (i.result or {}).get("moved") is False for i in transitions)
        if no_transition:
            outbox.enqueue(session, chain=outbox.sale_chain(sale.id), kind=outbox.ACCOUNTS_POST, sale_id=sale.id,
                           payload={"repair": check.status})
            contas += 1
    save_stock_check(session, dataclasses.replace(check, adopted_at=utcnow(),
                                                  adopted_posts=(check.adopted_posts or 0) + posts))
    return Adopted(posts, contas)

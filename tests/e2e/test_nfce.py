"""NFC-e through Bling, end to end over real HTTP against the stand-in (issue 27 items 1, 4, 8):
sale -> order -> gerar-nfce -> enviar -> read back until situacao 5 -> the authorized XML kept.
A lost answer at any step yields exactly one note; a rejection parks with the fix and, once fixed in
Bling, "Tentar novamente" reads before it sends; an offline sale gets its note on reconnect."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from pdv_bling.counter.sales import RecordedSale, record_sale
from pdv_bling.domain.nfce import parse_access_key
from pdv_bling.sandbox import SandboxServer, nfce_keys
from pdv_bling.store import outbox
from pdv_bling.store.models import FiscalDocument, NfceNote, OutboxItem, utcnow
from pdv_bling.store.models import nfce as N
from pdv_bling.sync.drainer import DrainReport
from tests.e2e.helpers import Account, Terminal, drain_all, mixed_sale, open_terminal, sellable, set_settings

pytestmark = pytest.mark.e2e


@pytest.fixture
def terminal(tmp_path: Path, sandbox: SandboxServer) -> Iterator[Terminal]:
    sandbox.set_nfce(sefaz_latency_s=0.05, slow_extra_s=0.3)
    t = open_terminal(tmp_path / "t1", sandbox)
    set_settings(t, nfce_source="bling")
    yield t
    t.close()


def sell(t: Terminal, seed: int = 1) -> RecordedSale:
    return record_sale(t.ctx.store, mixed_sale(sellable(t.ctx, 10), random.Random(seed)))


def note_of(t: Terminal, sale_id: int) -> NfceNote:
    with t.ctx.store.read() as session:
        note = session.scalars(select(NfceNote).where(NfceNote.sale_id == sale_id)).one()
        session.expunge(note)
        return note


def notes_in_bling(server: SandboxServer, numero_loja: str) -> list[dict[str, Any]]:
    return list(server.inspect()["nfce"].get(numero_loja, []))


def calls(server: SandboxServer, endpoint: str) -> int:
    return int(server.inspect()["requests"]["by_endpoint"].get(endpoint, 0))


def parked(t: Terminal) -> list[OutboxItem]:
    with t.ctx.store.read() as session:
        return list(session.scalars(select(OutboxItem).where(OutboxItem.state == outbox.PARKED)))


def slip_text(t: Terminal, number: int) -> str:
    from pdv_bling.slips.build import sale_slip

    with t.ctx.store.read() as session:
        slip = sale_slip(session, number)
    return " ".join(str(getattr(block, "text", "")) for block in slip.blocks)


def retry(t: Terminal, item_id: int) -> None:
    with t.ctx.store.transaction() as session:
        assert outbox.retry(session, item_id)


@pytest.mark.parametrize("wrapped", [False, True])
def test_a_sale_gets_one_authorized_note_with_its_key_and_qr_code(terminal: Terminal, sandbox: SandboxServer,
                                                                   wrapped: bool) -> None:
    sandbox.set_nfce(gerar_wrapped=wrapped)  # {idNotaFiscal} (SPEC) or {data:{idNotaFiscal}}
    sale = sell(terminal)
    assert sale.nfce
    drain_all(terminal)
    note = note_of(terminal, sale.sale_id)
    assert note.state == N.AUTHORIZED and note.situacao == 5
    key = parse_access_key(note.access_key)  # check digit, model, UF, issuer CNPJ
    assert key.model == "65" and key.uf_code == "35" and key.issuer == "12345678000195"
    with terminal.ctx.store.read() as session:  # kept where the DANFE is printed from (slips/danfe.py)
        xml, link = session.execute(select(FiscalDocument.xml, FiscalDocument.link_danfe).where(
            FiscalDocument.sale_id == sale.sale_id)).one()
    qr = re.search(r"<qrCode><!\[CDATA\[(.*?)\]\]></qrCode>", xml or "")  # version 2, homologação, SP's URL
    assert qr is not None and qr.group(1).startswith(f"{nfce_keys.urls('SP', 2)[0]}?p={note.access_key}|2|2|")
    assert f'Id="NFe{note.access_key}"' in (xml or "") and "<urlChave>" in (xml or "") and link
    assert [n["chaveAcesso"] for n in notes_in_bling(sandbox, sale.numero_loja)] == [note.access_key]
    with terminal.ctx.store.read() as session:  # the key every other screen shows
        assert session.scalars(select(FiscalDocument.access_key).where(
            FiscalDocument.sale_id == sale.sale_id)).all() == [note.access_key]
    order = sandbox.state.orders[next(iter(sandbox.inspect()["orders"][sale.numero_loja]["ids"]))]
    assert "numeroPedidoCompra" not in order  # never sent: SEFAZ rejection 762


@pytest.mark.parametrize("step", ["gerar", "enviar", "ler"])
def test_a_lost_answer_at_each_step_still_makes_exactly_one_note(terminal: Terminal, sandbox: SandboxServer,
                                                                 step: str) -> None:
    sandbox.set_nfce(drop_next=[step])
    sale = sell(terminal, seed=2)
    drain_all(terminal)
    assert note_of(terminal, sale.sale_id).state == N.AUTHORIZED
    assert len(notes_in_bling(sandbox, sale.numero_loja)) == 1
    assert calls(sandbox, "POST /pedidos/vendas/{idPedidoVenda}/gerar-nfce") == 1
    if step == "enviar":  # read before a second enviar: it was authorized already
        assert calls(sandbox, "POST /nfce/{idNotaFiscalConsumidor}/enviar") == 1


def test_a_gerar_lost_before_it_left_is_searched_only_since_that_attempt(terminal: Terminal,
                                                                        sandbox: SandboxServer) -> None:
    """A sale of half an hour ago (an offline backlog) whose gerar-nfce was cut off before it left
    (a SIGKILL after "attempt started"): Bling holds 25 other notes since the sale, but the search
    starts at the lost attempt (Bling's clock measured from its Date header), finds none there and
    issues the one note, instead of asking the manager about 25 unrelated notes."""
    sandbox.set_nfce(order_links_note=False)
    sandbox.clock.offset = -600.0  # 25 notes issued ten minutes ago, after the sale below
    goods = sellable(terminal.ctx, 10)  # all to Consumidor Final: the contact tells no note apart
    for seed in range(10, 35):
        record_sale(terminal.ctx.store, mixed_sale(goods, random.Random(seed), with_customer=False))
    drain_all(terminal)
    sandbox.clock.offset = 0.0
    sale = record_sale(terminal.ctx.store, mixed_sale(goods, random.Random(2), with_customer=False),
                       now=utcnow() - dt.timedelta(minutes=30))
    drainer = terminal.service.drainer
    with terminal.ctx.store.read() as session:
        chain = list(session.scalars(select(OutboxItem).where(OutboxItem.sale_id == sale.sale_id)
                                     .order_by(OutboxItem.id)))
    for item in chain[:[i.kind for i in chain].index(outbox.NFCE_GENERATE)]:  # its order first
        drainer.deliver(item.id, DrainReport())
    generate = next(i for i in chain if i.kind == outbox.NFCE_GENERATE)
    with terminal.ctx.store.transaction() as session:  # what a process killed before sending leaves
        killed = session.get(OutboxItem, generate.id)
        assert killed is not None
        killed.state, killed.attempts, killed.attempt_started_at = outbox.IN_FLIGHT, 1, utcnow()
    drain_all(terminal)
    assert not [(i.kind, i.error_code, i.last_error) for i in parked(terminal)]
    assert len(notes_in_bling(sandbox, sale.numero_loja)) == 1
    assert note_of(terminal, sale.sale_id).state == N.AUTHORIZED


@pytest.mark.parametrize(("links", "fills"), [(False, True), (False, False)])
def test_a_lost_gerar_answer_is_looked_up_by_date_when_the_order_shows_no_link(
        terminal: Terminal, sandbox: SandboxServer, links: bool, fills: bool) -> None:
    sandbox.set_nfce(drop_next=["gerar"], order_links_note=links, fills_numero_pedido_loja=fills)
    sale = sell(terminal, seed=3)
    drain_all(terminal)
    assert len(notes_in_bling(sandbox, sale.numero_loja)) == 1  # never a second gerar-nfce
    if fills:  # matched on numeroPedidoLoja: adopted
        assert note_of(terminal, sale.sale_id).state == N.AUTHORIZED
        return
    # the note found carries no numeroPedidoLoja: this sale's or another one's? The manager looks.
    [item] = parked(terminal)
    assert item.kind == outbox.NFCE_GENERATE and item.error_code == "confirmar_nfce"
    assert "Já está no Bling" in (item.suggested_fix or "")


def test_a_rejection_parks_with_the_fix_and_after_the_fix_is_read_then_sent(terminal: Terminal,
                                                                             sandbox: SandboxServer) -> None:
    sandbox.set_nfce(reject_cstat=778)
    sale = sell(terminal, seed=4)
    drain_all(terminal)
    [item] = parked(terminal)
    assert item.kind == outbox.NFCE_SEND and item.error_code == "nfce_ncm"
    assert "NCM" in (item.suggested_fix or "") and "Tentar novamente" in (item.suggested_fix or "")
    note = note_of(terminal, sale.sale_id)
    assert note.state == N.REJECTED and note.reason_code == "778" and "NCM" in (note.reason or "")
    reads_before = calls(sandbox, "GET /nfce/{idNotaFiscalConsumidor}")
    sandbox.set_nfce(reject_cstat=None)  # the manager fixed the product's NCM in Bling
    retry(terminal, item.id)
    drain_all(terminal)
    assert note_of(terminal, sale.sale_id).state == N.AUTHORIZED
    assert calls(sandbox, "POST /nfce/{idNotaFiscalConsumidor}/enviar") == 2
    assert calls(sandbox, "GET /nfce/{idNotaFiscalConsumidor}") >= reads_before + 2  # read first, then read back
    assert len(notes_in_bling(sandbox, sale.numero_loja)) == 1


def test_a_rejection_seen_only_on_the_read_parks_there_and_the_retry_sends_again(terminal: Terminal,
                                                                                  sandbox: SandboxServer) -> None:
    sandbox.set_nfce(reject_cstat=462, reject_async=True)
    sale = sell(terminal, seed=5)
    drain_all(terminal)
    [item] = parked(terminal)
    assert item.kind == outbox.NFCE_READ and item.error_code == "nfce_rejeitada"
    sandbox.set_nfce(reject_cstat=None, reject_async=False)
    retry(terminal, item.id)
    drain_all(terminal)
    assert note_of(terminal, sale.sale_id).state == N.AUTHORIZED
    assert calls(sandbox, "POST /nfce/{idNotaFiscalConsumidor}/enviar") == 2


def test_repeated_rejections_are_never_sent_in_a_loop(terminal: Terminal, sandbox: SandboxServer) -> None:
    sandbox.set_nfce(reject_cstat=237)
    sell(terminal, seed=6)
    for _ in range(3):
        drain_all(terminal)
    assert calls(sandbox, "POST /nfce/{idNotaFiscalConsumidor}/enviar") == 1  # parked, not retried by itself
    assert parked(terminal)[0].error_code == "nfce_consumidor"


def test_a_762_rejection_names_the_purchase_order_field(terminal: Terminal, sandbox: SandboxServer) -> None:
    sale = sell(terminal, seed=7)
    while sale.numero_loja not in sandbox.inspect()["orders"]:  # the order (and its customer) only
        terminal.service.drain_now(max_items=1)
    order_id = sandbox.inspect()["orders"][sale.numero_loja]["ids"][0]
    sandbox.state.orders[order_id]["numeroPedidoCompra"] = "OC-99"  # another integration set it
    drain_all(terminal)
    [item] = parked(terminal)
    assert item.error_code == "nfce_762_pedido_compra" and "pedido de compra" in (item.suggested_fix or "")


@pytest.mark.parametrize(("situacao", "state", "code"), [(9, N.DENIED, "nfce_denegada"),
                                                          (11, N.BLOCKED, "nfce_bloqueada")])
def test_denied_and_blocked_notes_are_shown_as_such(terminal: Terminal, sandbox: SandboxServer, situacao: int,
                                                    state: str, code: str) -> None:
    sandbox.set_nfce(final_situacao=situacao)
    sale = sell(terminal, seed=8)
    drain_all(terminal)
    assert note_of(terminal, sale.sale_id).state == state
    assert parked(terminal)[0].error_code == code


def test_a_note_still_at_sefaz_waits_its_turn_without_holding_the_queue(terminal: Terminal,
                                                                         sandbox: SandboxServer) -> None:
    sandbox.set_nfce(never_authorize=True)
    first = sell(terminal, seed=9)
    terminal.service.drain_now()
    note = note_of(terminal, first.sale_id)
    assert note.state == N.SENT and note.situacao == 8
    with terminal.ctx.store.read() as session:
        waiting = session.scalars(select(OutboxItem).where(OutboxItem.kind == outbox.NFCE_READ)).one()
    assert waiting.state == outbox.PENDING and waiting.next_attempt_at is not None and waiting.error_code == "aguardando"
    sandbox.set_nfce(never_authorize=False)
    second = sell(terminal, seed=10)  # the queue goes on meanwhile
    terminal.service.drain_now()
    assert note_of(terminal, second.sale_id).state == N.AUTHORIZED


def test_an_offline_sale_gets_its_note_when_bling_is_back(tmp_path: Path, account: Account) -> None:
    account.server.set_nfce(sefaz_latency_s=0.05)
    t = open_terminal(tmp_path / "t", account.server)
    try:
        set_settings(t, nfce_source="bling")
        account.down()
        sale = sell(t, seed=11)
        report = t.service.drain_now()
        assert report.stopped_by == "transport"
        assert "NFC-e PENDENTE" in slip_text(t, sale.number)  # the slip says it comes when Bling is back
        account.up()
        account.server.set_nfce(sefaz_latency_s=0.05)
        drain_all(t)
        note = note_of(t, sale.sale_id)
        assert note.state == N.AUTHORIZED
        assert len(account.server.inspect()["nfce"][sale.numero_loja]) == 1
        printed = slip_text(t, sale.number)
        assert "NFC-e PENDENTE" not in printed and (note.access_key or "")[:4] in printed
    finally:
        t.close()


def test_without_nfce_by_bling_nothing_changes(tmp_path: Path, sandbox: SandboxServer) -> None:
    t = open_terminal(tmp_path / "t", sandbox)
    try:
        sale = sell(t, seed=12)
        assert not sale.nfce
        drain_all(t)
        assert sandbox.inspect()["nfce"] == {}
    finally:
        t.close()


def test_cancelling_a_sale_with_an_authorized_note_says_where_and_reconciles(terminal: Terminal,
                                                                           sandbox: SandboxServer) -> None:
    from pdv_bling.counter.cancellation import cancel_sale
    from pdv_bling.counter.nfce_status import A_CANCELAR, CANCELADA, cancel_notice, nfce_overview, nfce_states

    sale = sell(terminal, seed=13)
    drain_all(terminal)
    note = note_of(terminal, sale.sale_id)
    cancel_sale(terminal.ctx.store, sale.number)
    with terminal.ctx.store.read() as session:
        notice = cancel_notice(session, sale.sale_id)
        assert nfce_states(session, [sale.sale_id])[sale.sale_id].status == A_CANCELAR
        assert nfce_overview(session).to_cancel == 1
    assert notice is not None and notice.numero == note.numero and notice.access_key == note.access_key
    assert notice.deadline is not None and notice.authorized_at is not None
    assert (notice.deadline - notice.authorized_at).total_seconds() == 30 * 60
    drain_all(terminal)  # the order's reversal goes on as today
    order = sandbox.inspect()["orders"][sale.numero_loja]
    assert order["situacoes"] == [12]  # Cancelado
    assert terminal.service.reconcile_now().nfce_cancelled == 0  # not cancelled in Bling yet
    sandbox.cancel_nfce(int(note.bling_id or 0))  # the manager does it in Bling's screens
    assert terminal.service.reconcile_now().nfce_cancelled == 1
    with terminal.ctx.store.read() as session:
        assert nfce_states(session, [sale.sale_id])[sale.sale_id].status == CANCELADA
        assert nfce_overview(session).to_cancel == 0


def test_a_sale_cancelled_before_its_note_left_gets_no_note(tmp_path: Path, account: Account) -> None:
    from pdv_bling.counter.cancellation import cancel_sale

    t = open_terminal(tmp_path / "t", account.server)
    try:
        set_settings(t, nfce_source="bling")
        account.down()
        sale = sell(t, seed=14)
        cancel_sale(t.ctx.store, sale.number)
        account.up()
        drain_all(t)
        assert account.server.inspect()["nfce"] == {}
    finally:
        t.close()


def test_a_sale_a_customer_waits_for_goes_ahead_of_the_backlog(terminal: Terminal, sandbox: SandboxServer) -> None:
    import datetime as dt

    from pdv_bling.store.models import utcnow

    products = sellable(terminal.ctx, 10)
    rng = random.Random(21)
    for _ in range(5):  # recorded offline an hour ago: their customers are gone
        record_sale(terminal.ctx.store, mixed_sale(products, rng, with_customer=False),
                    now=utcnow() - dt.timedelta(hours=1))
    waiting = record_sale(terminal.ctx.store, mixed_sale(products, rng, with_customer=False))
    drainer = terminal.service.drainer
    with terminal.ctx.store.read() as session:
        first = session.scalars(select(OutboxItem).where(OutboxItem.sale_id == waiting.sale_id)
                                .order_by(OutboxItem.id)).first()
    assert first is not None and drainer._next() == (first.id, True)
    assert drainer.next_ready(urgent_only=True) == first.id
    report = drainer.drain_once(urgent_only=True)  # the customer's chain only, all of it
    assert report.delivered == 4  # order, gerar, enviar, read back (its Atendido waits with the backlog)
    assert note_of(terminal, waiting.sale_id).state == N.AUTHORIZED
    assert drainer.next_ready(urgent_only=True) is None and drainer.next_ready() is not None  # the backlog


def test_a_note_still_at_sefaz_when_enviar_answers_is_read_once_a_round_trip_later(
        terminal: Terminal, sandbox: SandboxServer) -> None:
    """`enviar` answers with the note still at SEFAZ (3/8, no `xml` link): the customer's read waits
    about one more SEFAZ round trip and finds it authorized, instead of reading every 0.4 s until it
    is (issue 27: at most 4 requests per sale for its NFC-e, XML included). A note authorized within
    `enviar`'s answer is read at once, also once."""
    sandbox.set_nfce(sefaz_latency_s=0.5, slow_extra_s=0.45, slow_share=1.0)
    held = sell(terminal, seed=5)
    drain_all(terminal)
    assert note_of(terminal, held.sale_id).state == N.AUTHORIZED
    assert calls(sandbox, "GET /nfce/{idNotaFiscalConsumidor}") == 1
    sandbox.set_nfce(slow_share=0.0)
    at_once = sell(terminal, seed=6)
    drain_all(terminal)
    assert note_of(terminal, at_once.sale_id).state == N.AUTHORIZED
    assert calls(sandbox, "GET /nfce/{idNotaFiscalConsumidor}") == 2
    assert calls(sandbox, "GET /relatorios/nfe.xml.php") == 2

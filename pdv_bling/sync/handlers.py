"""One handler per outbox kind: read local records, shape the Bling call, return what to store.

Handlers never write delivery state (the drainer does) and never write anything before the
network call: they return a `Done` carrying the ids to persist in the same transaction that
marks the item done. `recovering` is true when an earlier attempt's outcome is unknown (crash,
lost response): every non-idempotent call then looks its record up before any new POST.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pdv_bling.base.events import EventBus
from pdv_bling.base.zone import BLING_ZONE
from pdv_bling.bling.client import BlingClient
from pdv_bling.bling.contatos import ContatoIn, Endereco
from pdv_bling.bling.pacer import InheritingLock
from pdv_bling.bling.pedidos_vendas import ItemIn, ParcelaIn, PedidoVendaIn
from pdv_bling.store import outbox
from pdv_bling.store.engine import Store
from pdv_bling.store.models import Customer, FiscalDocument, OutboxItem, Sale, SaleItem
from pdv_bling.store.settings import (
    CONSUMIDOR_FINAL_KEY,
    TERMINAL_CONFLICT,
    Settings,
    get_value,
    load_settings,
    set_value,
)
from pdv_bling.sync import caixa_lancamento, series
from pdv_bling.sync.apilog import ApiLog
from pdv_bling.sync.contact_link import ContactLinker, ContactUnresolved
from pdv_bling.sync.fixes import (
    CONFIRMAR_ESTOQUE,
    CONFIRMAR_LANCAMENTO,
    DEPARA_INCOMPLETO,
    JA_ATENDIDO,
    PEDIDO_DE_OUTRA_VENDA,
    TERMINAL_EM_CONFLITO,
    Fix,
)
from pdv_bling.sync.lost_sales import look_up_lost_sale
from pdv_bling.sync.nfce import NfceSteps
from pdv_bling.sync.outcomes import Done, Outcome, Park
from pdv_bling.sync.stock_check import StockChecker

SAO_PAULO = BLING_ZONE  # an order's `data` is Bling's (Brasília) day, not the store's zone (base/zone.py)


class Handlers:
    def __init__(self, store: Store, client: BlingClient, *, api_log: ApiLog | None = None,
                 bus: EventBus | None = None) -> None:
        self.store = store
        self.client = client
        self.api_log = api_log
        self.stock_check = StockChecker(store, client, api_log=api_log, bus=bus)
        self.nfce = NfceSteps(store, client)
        self._contacts = InheritingLock()  # two drainers (the backlog's, the counter's) never race one CPF
        self._table: dict[str, Callable[[OutboxItem, bool], Outcome]] = {
            outbox.CUSTOMER_UPSERT: self.customer_upsert,
            outbox.SALE_CREATE: self.sale_create,
            outbox.SALE_TRANSITION: self.sale_situacao,
            outbox.SALE_CANCEL: self.sale_situacao,
            outbox.STOCK_POST: self.stock_post,
            outbox.ACCOUNTS_POST: self.accounts_post,
            outbox.STOCK_REVERSE: self.stock_reverse,
            outbox.ACCOUNTS_REVERSE: self.accounts_reverse,
            outbox.NFCE_ATTACH: self.nfce_attach,
            outbox.STOCK_ENTRY: self.stock_entry,
            outbox.SALE_LOOKUP: self.sale_lookup,
            outbox.NFCE_GENERATE: self.nfce.generate,
            outbox.NFCE_SEND: self.nfce.send,
            outbox.NFCE_READ: self.nfce.read,
            outbox.CAIXA_LANCAMENTO: lambda item, recovering: caixa_lancamento.deliver(
                self.store, self.client, item, recovering=recovering),
        }

    def run(self, item: OutboxItem, *, recovering: bool) -> Outcome:
        if item.kind == outbox.SALE_CREATE:
            self.client.situacoes.vendas()  # warm (cached 1 h): the body names the situação it is born in
        self.stock_check.before(item, recovering=recovering)
        outcome = self._table[item.kind](item, recovering)
        if isinstance(outcome, Done):
            self.stock_check.after(item, outcome.result)
        return outcome

    def sale_lookup(self, item: OutboxItem, recovering: bool) -> Outcome:
        return look_up_lost_sale(self.client, item)

    # ------------------------------------------------------------ customers

    def customer_upsert(self, item: OutboxItem, recovering: bool) -> Outcome:
        with self.store.read() as session:
            customer = session.get(Customer, item.customer_id)
            assert customer is not None
            if customer.bling_contato_id is not None:
                return Done({"contato_id": customer.bling_contato_id})
            snapshot = contato_body(customer)
            customer_id, document = customer.id, customer.document
        try:
            contato_id = self.link_or_create_contact(document, snapshot)
        except ContactUnresolved as exc:
            return Park(exc.fix, exc.detail)
        return Done({"contato_id": contato_id}, apply=_set_contact(customer_id, contato_id))

    def link_or_create_contact(self, document: str, body: ContatoIn) -> int:
        """Look up by document first (always: a lost POST must never create a twin), reuse or
        reactivate a holder Bling already has (also one the default search hides), else create.
        Raises ContactUnresolved when Bling refuses and no holder can be used."""
        with self._contacts:
            return ContactLinker(self.client).link(document, body)

    # ------------------------------------------------------------ orders

    def sale_create(self, item: OutboxItem, recovering: bool) -> Outcome:
        with self.store.read() as session:
            sale = _sale(session, item)
            if sale.bling_id is not None:
                return Done({"pedido_id": sale.bling_id})
            settings = load_settings(session)
            unmapped = [p.method.name for p in sale.payments if p.method.bling_forma_pagamento_id is None]
            if unmapped:
                return Park(
                    Fix(DEPARA_INCOMPLETO.code, DEPARA_INCOMPLETO.check.format(method=unmapped[0])),
                    f"Forma de pagamento sem DE-PARA: {', '.join(unmapped)}",
                )
            facts = series.SaleFacts.of(sale)
            terminal, number = sale.terminal_id, sale.number
            conflict = series.conflict_for(session, terminal)
            checked = series.series_checked(session, terminal)
            body_parts = self._order_parts(session, sale, settings)
        if recovering:
            found = [p for p in self.client.pedidos_vendas.find_by_numeros_loja([facts.numero_loja])
                     if p.numeroLoja == facts.numero_loja]
            if found:
                order, _gets = series.adopt(self.client, facts, found)
                if order is None:  # another sale's order under our number: never "delivered"
                    other = series.ForeignOrder(facts.numero_loja, found[0].id, found[0].numero)
                    return self._series_conflict(terminal, number, other.as_json(terminal), PEDIDO_DE_OUTRA_VENDA)
                return Done({"pedido_id": order.id, "recovered": True},
                            apply=_set_order(item.sale_id, order.id, order.numero))
        if conflict is not None:
            return self._series_conflict(terminal, number, conflict, TERMINAL_EM_CONFLITO)
        if not checked:  # the first order of this series from this folder: is the series ours?
            check = series.check_series(self.client, self.store, terminal=terminal)
            if check.foreign is not None:
                return self._series_conflict(terminal, number, check.foreign.as_json(terminal), TERMINAL_EM_CONFLITO)
            series.record_check(self.store, check)
        contato_id = body_parts.pop("contato_id") or self._consumidor_final_id()
        created = self.client.pedidos_vendas.create(PedidoVendaIn(contato_id=contato_id, **body_parts))
        return Done({"pedido_id": created.id}, apply=_set_order(item.sale_id, created.id, None))

    def _series_conflict(self, terminal: str, number: int, known: dict[str, Any], fix: Fix) -> Park:
        """Park the sale: Bling holds another installation's order under this terminal's numbers.
        The conflict is remembered, so later sales of the series park too instead of POSTing."""
        with self.store.transaction() as session:
            set_value(session, TERMINAL_CONFLICT, known)
        check = fix.check.format(venda=number, terminal=terminal, numero_loja=known["numero_loja"],
                                 pedido=known.get("numero") or known.get("pedido_id"))
        detail = f"numeroLoja {known['numero_loja']}: pedido {known.get('pedido_id')} do Bling, de outra instalação"
        return Park(Fix(fix.code, check), detail, absent=True)

    def _order_parts(self, session: Session, sale: Sale, settings: Settings) -> dict[str, Any]:
        day = sale.created_at.astimezone(SAO_PAULO).date()
        contato_id = None
        if sale.customer is not None and settings.send_real_customer:
            contato_id = sale.customer.bling_contato_id
        return {
            "contato_id": contato_id,
            "situacao_id": self._born_situacao(session, sale),
            "data": day,
            "numero_loja": sale.numero_loja,
            "observacoes_internas": series.marker(sale.numero_loja, sale.installation_id),
            "loja_id": settings.loja_id,
            "vendedor_id": sale.seller.bling_vendedor_id if sale.seller else None,
            "desconto_centavos": sale.discount_cents or None,
            "itens": tuple(_item(i) for i in sale.items),
            "parcelas": tuple(
                ParcelaIn(data_vencimento=day, valor_centavos=p.amount_cents,
                          forma_pagamento_id=int(p.method.bling_forma_pagamento_id or 0))
                for p in sale.payments
                if p.amount_cents > 0
            ),
        }

    def _born_situacao(self, session: Session, sale: Sale) -> int | None:
        """The situação the order is created in, named instead of left to the account's default
        (some accounts create orders directly in Atendido, field guide §11 row 2):
        - a chain that moves it to Atendido ("Transições do Bling"): Em aberto, so the account's
          transition really runs (and posts stock and contas);
        - a chain that posts stock and contas itself ("Lançar pela integração"): Atendido, so the
          order never reserves stock on top of the posted movement (row 3) and no transition runs.
        None (the account's default) when the account has no situação by that name."""
        kinds = set(session.scalars(select(OutboxItem.kind).where(OutboxItem.chain == outbox.sale_chain(sale.id))))
        name = "Em aberto" if outbox.SALE_TRANSITION in kinds else "Atendido"
        return self.client.situacoes.vendas().get(name)

    def _consumidor_final_id(self) -> int:
        with self.store.read() as session:
            cached = get_value(session, CONSUMIDOR_FINAL_KEY)
        if cached:
            return int(cached)
        contato_id = self.client.contatos.consumidor_final().id

        with self.store.transaction() as session:
            set_value(session, CONSUMIDOR_FINAL_KEY, contato_id)
        return contato_id

    def sale_situacao(self, item: OutboxItem, recovering: bool) -> Outcome:
        """Move the order to the named situação (idempotent: code 50 = it is already there).

        "Already Atendido" is not "posted": no transition ran, so the account posted no stock and
        no contas for it (orders born Atendido, field guide §11 row 2). The result says so (the
        stock check and "Lançar pela integração" read it) and the "Logs de API" shows it.
        """
        pedido_id = self._pedido_id(item)
        name = str((item.payload or {}).get("to") or "Atendido")
        situacoes = self.client.situacoes.vendas()
        moved = self.client.pedidos_vendas.set_situacao(pedido_id, situacoes[name])
        if moved.moved:
            return Done({"situacao": name, "moved": True})
        certain = moved.certain and not recovering  # else our own earlier send may have moved it
        if certain and name == "Atendido" and self.api_log is not None:
            self.api_log.note(model="pedidos_vendas", action=f"situação Atendido pedido {pedido_id}", ok=False,
                              code=JA_ATENDIDO.code, check=JA_ATENDIDO.check, outbox_item_id=item.id,
                              detail="A venda possui a mesma situação (código 50): nenhuma transição rodou")
        return Done({"situacao": name, "moved": False if certain else None})

    def stock_post(self, item: OutboxItem, recovering: bool) -> Outcome:
        deposit = (item.payload or {}).get("deposit_id")
        return self._order_action(item, recovering, lambda pid: self.client.pedidos_vendas.lancar_estoque(pid, deposit))

    def accounts_post(self, item: OutboxItem, recovering: bool) -> Outcome:
        return self._order_action(item, recovering, self.client.pedidos_vendas.lancar_contas)

    def stock_reverse(self, item: OutboxItem, recovering: bool) -> Outcome:
        return self._order_action(item, recovering, self.client.pedidos_vendas.estornar_estoque)

    def accounts_reverse(self, item: OutboxItem, recovering: bool) -> Outcome:
        return self._order_action(item, recovering, self.client.pedidos_vendas.estornar_contas)

    def _order_action(self, item: OutboxItem, recovering: bool, call: Callable[[int], None]) -> Outcome:
        """lançar/estornar estoque or contas of the order.

        What Bling answers to a repeated call is UNKNOWN (field guide §11 row 6) and the API has
        no way to read back whether stock or contas of an order are posted. So after an unknown
        outcome (lost answer, crash) the item is never sent again blindly: it parks for a human
        check ("Já está no Bling" / "Tentar novamente"), as stock entries do.
        """
        pedido_id = self._pedido_id(item)
        if recovering:
            action = ACTION_NAMES[item.kind]
            with self.store.read() as session:
                numero_loja = _sale(session, item).numero_loja
            check = CONFIRMAR_LANCAMENTO.check.format(acao=action[0], pedido=pedido_id, venda=numero_loja,
                                                      confira=action[1])
            return Park(Fix(CONFIRMAR_LANCAMENTO.code, check), f"{action[0]} do pedido {pedido_id}: resposta perdida")
        call(pedido_id)
        return Done({})

    def nfce_attach(self, item: OutboxItem, recovering: bool) -> Outcome:
        """Note the NFC-e on the order (PUT of the same body plus the reference: idempotent)."""
        with self.store.read() as session:
            sale = _sale(session, item)
            doc = session.get(FiscalDocument, (item.payload or {}).get("fiscal_document_id"))
            assert doc is not None and sale.bling_id is not None
            parts = self._order_parts(session, sale, load_settings(session))
            pedido_id = sale.bling_id
            note = f"NFC-e {doc.access_key} nº {doc.number} série {doc.series}"
        contato_id = parts.pop("contato_id") or self._consumidor_final_id()
        self.client.pedidos_vendas.update(pedido_id, PedidoVendaIn(contato_id=contato_id, observacoes=note, **parts))
        return Done({"nota": note})

    def stock_entry(self, item: OutboxItem, recovering: bool) -> Outcome:
        """A returned item back into the store's deposit (POST /estoques, operação E).

        Bling offers no way to look a movement up, so after an unknown outcome the item is
        parked for a human check instead of risking a second entry.
        """
        payload = item.payload or {}
        text = str(payload["observacoes"])
        if recovering:
            return Park(Fix(CONFIRMAR_ESTOQUE.code, CONFIRMAR_ESTOQUE.check.format(marker=text)), text)
        deposit = payload.get("deposit_id") or self._default_deposit()
        movement = self.client.estoques.create_movement(
            int(payload["produto_id"]), int(deposit), "E", float(payload["quantidade"]), text
        )
        return Done({"movimento_id": movement, "deposito_id": deposit})

    def _default_deposit(self) -> int:
        from pdv_bling.store.models import BlingDeposito

        with self.store.read() as session:
            padrao = session.scalars(select(BlingDeposito.bling_id).where(BlingDeposito.padrao.is_(True))).first()
        if padrao is not None:
            return int(padrao)
        return next(d.id for d in self.client.depositos.list_all() if d.padrao)

    def _pedido_id(self, item: OutboxItem) -> int:
        with self.store.read() as session:
            sale = _sale(session, item)
            if sale.bling_id is None:
                raise RuntimeError("order not created yet: the chain order was broken")
            return sale.bling_id


# ---------------------------------------------------------------- helpers

ACTION_NAMES = {
    outbox.STOCK_POST: ("lançar estoque", "o estoque do pedido está lançado"),
    outbox.ACCOUNTS_POST: ("lançar contas", "as contas a receber do pedido foram lançadas"),
    outbox.STOCK_REVERSE: ("estornar estoque", "o estoque do pedido foi estornado"),
    outbox.ACCOUNTS_REVERSE: ("estornar contas", "as contas a receber do pedido foram estornadas"),
}


def _sale(session: Session, item: OutboxItem) -> Sale:
    sale = session.get(Sale, item.sale_id)
    assert sale is not None, f"outbox item {item.id} without its sale"
    return sale


def _item(line: SaleItem) -> ItemIn:
    return ItemIn(
        descricao=line.description,
        quantidade=float(line.quantity),
        valor_centavos=line.unit_price_cents,
        produto_id=line.product_bling_id,
        codigo=line.sku,
    )


def contato_body(customer: Customer) -> ContatoIn:
    endereco = Endereco(
        endereco=customer.street or "",
        numero=customer.number or "",
        complemento=customer.complement or "",
        bairro=customer.district or "",
        cep=customer.cep or "",
        municipio=customer.city or "",
        uf=customer.uf or "",
    )
    return ContatoIn(nome=customer.name, tipo="F" if customer.tipo == "F" else "J", numeroDocumento=customer.document, email=customer.email or "",
                     telefone=customer.phone or "", endereco=endereco)


def _set_contact(customer_id: int, contato_id: int) -> Callable[[Session], None]:
    def apply(session: Session) -> None:
        customer = session.get(Customer, customer_id)
        if customer is not None:
            customer.bling_contato_id = contato_id

    return apply


def _set_order(sale_id: int | None, pedido_id: int, numero: int | None) -> Callable[[Session], None]:
    def apply(session: Session) -> None:
        sale = session.get(Sale, sale_id)
        if sale is not None:
            sale.bling_id = pedido_id
            sale.bling_numero = numero

    return apply


def today_sp(now: dt.datetime) -> dt.date:
    return now.astimezone(SAO_PAULO).date()

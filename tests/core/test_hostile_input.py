"""Hostile input (issue 8, item 6): every bad input is refused with a pt_BR message naming the
field, and nothing is written — every table of the store is compared row by row before/after.

Channels: the sale JSON of `pdv-bling sale add` (in-process `parse_sale_bytes` + `record_sale`,
and a few through the real command in a subprocess), `sale nfce`, the exchange wizard's core
(`find_original_sale`, `record_exchange`) and the settings (`settings_input`). SQL and HTML
fragments are either refused as values (here) or stored verbatim (last tests), never executed.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from pdv_bling.base.machine import host_name, machine_id
from pdv_bling.base.paths import app_paths
from pdv_bling.base.zone import local
from pdv_bling.cli.sale_input import parse_sale_bytes
from pdv_bling.counter.cancellation import cancel_sale
from pdv_bling.counter.fiscal import record_fiscal_document
from pdv_bling.counter.returns import find_original_sale, record_exchange
from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.errors import DomainError, DomainErrors
from pdv_bling.domain.exchange import ExchangeDraft
from pdv_bling.domain.messages import MESSAGES
from pdv_bling.domain.nfce import check_digit, make_access_key
from pdv_bling.domain.sale import AddressDraft, CustomerDraft, ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.management.operators import add_operator, map_method
from pdv_bling.management.settings_input import apply_settings_input
from pdv_bling.store import lives
from pdv_bling.store.context import AppContext
from pdv_bling.store.engine import Store
from pdv_bling.store.models import (
    Base,
    BlingFormaPagamento,
    BlingVendedor,
    Customer,
    Product,
    Sale,
    Seller,
)
from pdv_bling.store.settings import set_value
from tests.core.factories import seed_store

FULL_ADDRESS = AddressDraft(street="Rua A", number="10", district="Centro", city="São Paulo", uf="SP", cep="01001000")
VALID_KEY = make_access_key(when=__import__("datetime").date(2026, 5, 1), cnpj="11222333000181", number=42)
TODAY = local(dt.datetime.now(dt.UTC)).date()  # the store's day: an NFC-e's month is the store's (base/zone.py)
KEY_OF_SALE_4 = make_access_key(when=TODAY, cnpj="11222333000181", number=4)
SQL = "'; DROP TABLE sales; --"
HTML = "<script>alert('x')</script>"


@dataclass
class Env:
    home: Path
    store: Store
    sale_with_address: int  # Sale.id: customer with CPF and complete address, items 2x SKU-1 + 1x SKU-2
    sale_without_address: int  # Sale.id: customer with CPF, no address


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, int]:
    """Sales 1 (customer with address) and 2 (customer without), 3 (cancelled) and 4 (NFC-e
    KEY_OF_SALE_4 attached); an inactive product, two active products sharing a barcode, an
    inactive operator, a Bling vendedor and forma de pagamento pulled."""
    home = tmp_path_factory.mktemp("hostile") / "home"
    with AppContext.open(home, log=False) as ctx:
        seed_store(ctx.store)
        full = record_sale(ctx.store, SaleDraft(
            items=(ItemDraft(sku="SKU-1", quantity=2), ItemDraft(sku="SKU-2")), payments=(PaymentDraft("PIX", 4270),),
            customer=CustomerDraft(document="52998224725", name="Maria", address=FULL_ADDRESS)))
        bare = record_sale(ctx.store, SaleDraft(items=(ItemDraft(sku="SKU-3"),), payments=(PaymentDraft("PIX", 3090),),
                                                customer=CustomerDraft(document="39053344705", name="João")))
        for _ in range(2):
            record_sale(ctx.store, SaleDraft(items=(ItemDraft(sku="SKU-4"),), payments=(PaymentDraft("PIX", 4090),)))
        cancel_sale(ctx.store, 3)
        record_fiscal_document(ctx.store, sale_number=4, access_key=KEY_OF_SALE_4)
        with ctx.store.transaction() as session:
            session.add(Product(bling_id=2001, sku="OLD-1", barcode="7890000009991", name="Caneca Antiga",
                                price_cents=990, active=False))
            for n, name in ((2002, "Camiseta Azul P"), (2003, "Camiseta Azul M")):
                session.add(Product(bling_id=n, sku=f"CAM-{n}", barcode="7890000009992", name=name,
                                    price_cents=4990, active=True))
            session.add(Seller(name="Bruno", active=False))
            session.add(BlingVendedor(bling_id=7001, nome="Marina Souza", situacao="A"))
            session.add(BlingFormaPagamento(bling_id=9101, descricao="Cartão Stone", situacao=1))
    return home, full.sale_id, bare.sale_id


@pytest.fixture
def env(template: tuple[Path, int, int], tmp_path: Path) -> Any:
    source, full, bare = template
    home = tmp_path / "home"
    shutil.copytree(source, home)
    AppContext.open(home, log=False).close()  # a copied folder begins its own life once (issue 22), before any look
    store = Store(app_paths(home).database)
    with store.transaction() as session:  # a folder made here, not a copy of the template's (store.lives)
        set_value(session, lives.WHERE_KEY, lives.where(machine_id(), host_name(), str(app_paths(home).data)))
    yield Env(home, store, full, bare)
    store.close()


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (settings, counters and sale_returns included)."""
    with store.engine.connect() as conn:
        return {t.name: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {t.name} ORDER BY 1"))]
                for t in Base.metadata.sorted_tables}


# ---------------------------------------------------------------- inputs


def sale_json(**changes: Any) -> dict[str, Any]:
    sale: dict[str, Any] = {"itens": [{"codigo_barras": "7890000000001", "quantidade": 1}],
                            "pagamentos": [{"forma": "PIX", "valor": "10,90"}]}
    for key, value in changes.items():
        if key == "item":
            sale["itens"][0].update(value)
        elif key == "pagamento":
            sale["pagamentos"][0].update(value)
        else:
            sale[key] = value
    return sale


def customer(**changes: Any) -> dict[str, Any]:
    return {"documento": "529.982.247-25", "nome": "Maria", **changes}


def via_json(data: dict[str, Any] | list[Any] | bytes) -> Callable[[Env], object]:
    raw = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode()
    return lambda env: record_sale(env.store, parse_sale_bytes(raw))


def via_nfce(key: str, number: int = 1) -> Callable[[Env], object]:
    return lambda env: record_fiscal_document(env.store, sale_number=number, access_key=key)


def via_exchange(**fields: Any) -> Callable[[Env], object]:
    def run(env: Env) -> object:
        values = {"original_sale_id": env.sale_with_address, "returned": {}, **fields}
        if values.get("original_sale_id") == "bare":
            values["original_sale_id"] = env.sale_without_address
        if values.get("returned") == "first_line":
            values["returned"] = {_first_item(env): 1}
        elif isinstance(values["returned"], tuple):  # (units of the first line,)
            values["returned"] = {_first_item(env): values["returned"][0]}
        return record_exchange(env.store, ExchangeDraft(**values))

    return run


def via_lookup(reference: str) -> Callable[[Env], object]:
    def run(env: Env) -> object:
        with env.store.read() as session:
            return find_original_sale(session, reference)

    return run


def via_settings(**values: object) -> Callable[[Env], object]:
    return lambda env: apply_settings_input(env.store, values)


def via_cash(cash: str) -> Callable[[Env], object]:
    raw = json.dumps(sale_json(pagamentos=[{"forma": "Dinheiro", "valor": cash}])).encode()
    return lambda env: record_sale(env.store, parse_sale_bytes(raw))


def via_key(sale: int, *, replace: bool = False, **key: Any) -> Callable[[Env], object]:
    values = {"when": TODAY, "cnpj": "11222333000181", "number": 77, **key}
    built = make_access_key(**values)
    return lambda env: record_fiscal_document(env.store, sale_number=sale, access_key=built, replace=replace)


def via_operator(name: str, vendedor: str | None = None) -> Callable[[Env], object]:
    def run(env: Env) -> object:
        with env.store.transaction() as session:
            return add_operator(session, name, vendedor=vendedor)

    return run


def via_depara(method: str, forma: str) -> Callable[[Env], object]:
    def run(env: Env) -> object:
        with env.store.transaction() as session:
            return map_method(session, method, forma)

    return run


def nested(depth: int) -> bytes:
    return b'{"itens":' + b"[" * depth + b"]" * depth + b',"pagamentos":[]}'


def _first_item(env: Env) -> int:
    with env.store.read() as session:
        sale = session.get(Sale, env.sale_with_address)
        assert sale is not None
        return sale.items[0].id


def _wrong_check_digit(key: str) -> str:
    return key[:43] + str((int(key[43]) + 1) % 10)


def _model_57_key() -> str:
    first43 = VALID_KEY[:20] + "57" + VALID_KEY[22:43]
    return first43 + str(check_digit(first43))


# (id, run, expected code, text naming the field in the pt_BR message)
CASES: list[tuple[str, Callable[[Env], object], str, str]] = [
    # --- sale JSON: documents
    ("cpf-check-digit", via_json(sale_json(cliente=customer(documento="529.982.247-24"))), "cpf_invalid", "CPF/CNPJ do cliente"),
    ("cpf-repeated", via_json(sale_json(cliente=customer(documento="111.111.111-11"))), "cpf_invalid", "CPF/CNPJ do cliente"),
    ("cnpj-check-digit", via_json(sale_json(cliente=customer(documento="11.222.333/0001-80"))), "cnpj_invalid", "CPF/CNPJ do cliente"),
    ("document-length", via_json(sale_json(cliente=customer(documento="1234567"))), "document_length", "CPF/CNPJ do cliente"),
    ("document-symbols", via_json(sale_json(cliente=customer(documento="529#982!247"))), "document_invalid", "CPF/CNPJ do cliente"),
    ("document-number", via_json(sale_json(cliente=customer(documento=52998224725))), "text_not_string", "CPF/CNPJ do cliente"),
    ("uf", via_json(sale_json(cliente=customer(endereco={"uf": "XX"}))), "uf_invalid", "cliente.endereco.uf"),
    ("cep", via_json(sale_json(cliente=customer(endereco={"cep": "123"}))), "cep_invalid", "cliente.endereco.cep"),
    # --- quantities and money
    ("quantity-zero", via_json(sale_json(item={"quantidade": 0})), "quantity_invalid", "itens[0].quantidade"),
    ("quantity-negative", via_json(sale_json(item={"quantidade": -3})), "quantity_invalid", "itens[0].quantidade"),
    ("quantity-fraction", via_json(sale_json(item={"quantidade": 1.5})), "quantity_invalid", "itens[0].quantidade"),
    ("quantity-text", via_json(sale_json(item={"quantidade": "2"})), "quantity_invalid", "itens[0].quantidade"),
    ("quantity-huge", via_json(sale_json(item={"quantidade": 10**9})), "quantity_too_large", "itens[0].quantidade"),
    ("price-3-decimals-text", via_json(sale_json(item={"preco": "10,999"})), "money_too_many_decimals", "itens[0].preco"),
    ("price-3-decimals-number", via_json(sale_json(item={"preco": 10.999})), "money_too_many_decimals", "itens[0].preco"),
    ("price-negative", via_json(sale_json(item={"preco": "-5,00"})), "money_negative", "itens[0].preco"),
    ("payment-3-decimals", via_json(sale_json(pagamento={"valor": "10.901"})), "money_too_many_decimals", "pagamentos[0].valor"),
    ("payment-nan", via_json(b'{"itens":[{"sku":"SKU-1"}],"pagamentos":[{"forma":"PIX","valor":NaN}]}'), "money_invalid", "pagamentos[0].valor"),
    ("payment-zero", via_json(sale_json(pagamento={"valor": 0})), "money_invalid", "pagamentos[0].valor"),
    ("payment-exponent", via_json(sale_json(pagamento={"valor": "1e3"})), "money_invalid", "pagamentos[0].valor"),
    ("payments-short", via_json(sale_json(pagamento={"valor": "5,00"})), "payments_short", "Pagamentos somam R$ 5,00"),
    ("payments-excess-no-cash", via_json(sale_json(pagamento={"valor": "50,00"})), "payments_excess_no_cash", "Pagamentos excedem"),
    ("payments-none", via_json(sale_json(pagamentos=[])), "payments_empty", "pagamentos"),
    ("discount-over-total", via_json(sale_json(desconto="100,00")), "discount_exceeds_total", "desconto"),
    # --- references
    ("barcode-unknown", via_json(sale_json(item={"codigo_barras": "0000000000000"})), "product_not_found", "itens[0]"),
    ("barcode-sql", via_json(sale_json(item={"codigo_barras": "' OR 1=1 --"})), "product_not_found", "itens[0]"),
    ("item-without-reference", via_json(sale_json(itens=[{"quantidade": 1}])), "product_ref_missing", "itens[0]"),
    ("payment-method-unknown", via_json(sale_json(pagamento={"forma": "Bitcoin"})), "payment_method_unknown", "pagamentos[0].forma"),
    ("seller-html", via_json(sale_json(vendedor=HTML)), "seller_unknown", "vendedor"),
    # --- text: size, control characters, encoding, types, shape
    ("name-10000", via_json(sale_json(cliente=customer(nome="A" * 10_000))), "text_too_long", "cliente.nome"),
    ("barcode-10000", via_json(sale_json(item={"codigo_barras": "7" * 10_000})), "text_too_long", "itens[0].codigo_barras"),
    ("name-nul", via_json(sale_json(cliente=customer(nome="Maria\x00"))), "text_control_chars", "cliente.nome"),
    ("name-escape", via_json(sale_json(cliente=customer(nome="Maria\x1b[31m"))), "text_control_chars", "cliente.nome"),
    ("seller-bidi", via_json(sale_json(vendedor="Ana\u202e")), "text_control_chars", "vendedor"),
    ("utf8-in-name", via_json(b'{"itens":[{"sku":"SKU-1"}],"pagamentos":[{"forma":"PIX","valor":10.9}],'
                              b'"cliente":{"documento":"52998224725","nome":"Jo\xe3o"}}'), "text_encoding_invalid", "cliente.nome"),
    ("utf8-outside-strings", via_json(b'\xff\xfe{"itens":[]}'), "encoding_invalid", "UTF-8"),
    ("json-truncated", via_json(b'{"itens":[{"codigo_barras":"7890000000001","quanti'), "json_invalid", "linha 1, coluna"),
    ("json-empty", via_json(b""), "json_invalid", "linha 1, coluna 1"),
    ("number-for-method", via_json(sale_json(pagamento={"forma": 5})), "text_not_string", "pagamentos[0].forma"),
    ("number-for-barcode", via_json(sale_json(item={"codigo_barras": 7890000000001})), "text_not_string", "itens[0].codigo_barras"),
    ("unknown-field", via_json(sale_json(item={"precoo": "1,00"})), "unknown_field", "itens[0].precoo"),
    ("items-not-list", via_json(sale_json(itens={"sku": "SKU-1"})), "not_a_list", "itens"),
    ("top-level-array", via_json([sale_json()]), "not_an_object", "venda"),
    # --- NFC-e key (`sale nfce`)
    ("nfce-check-digit", via_nfce(_wrong_check_digit(VALID_KEY)), "access_key_check_digit", "chave de acesso da NFC-e"),
    ("nfce-43-digits", via_nfce(VALID_KEY[:43]), "access_key_length", "chave de acesso da NFC-e"),
    ("nfce-45-digits", via_nfce(VALID_KEY + "1"), "access_key_length", "chave de acesso da NFC-e"),
    ("nfce-letters", via_nfce(VALID_KEY[:40] + "ABCD"), "access_key_not_digits", "chave de acesso da NFC-e"),
    ("nfce-model-57", via_nfce(_model_57_key()), "access_key_model", "chave de acesso da NFC-e"),
    ("nfce-unknown-sale", via_nfce(VALID_KEY, number=999), "sale_not_found", "numero"),
    # --- exchange wizard (find_original_sale + record_exchange)
    ("coupon-typo", via_lookup("ABCD-EFGH"), "coupon_check_digit", "cupom de troca"),
    ("return-no-address", via_exchange(original_sale_id="bare", returned={}), "customer_address_incomplete", "Endereço do cliente"),
    ("over-return", via_exchange(returned=(3,)), "over_return", "devolvidos[0]"),
    ("return-negative", via_exchange(returned=(-1,)), "quantity_invalid", "devolvidos[0].quantidade"),
    ("return-nothing", via_exchange(returned=(0,)), "return_empty", "Selecione ao menos um item"),
    ("return-unknown-sale", via_exchange(original_sale_id=999), "sale_not_found", "venda"),
    ("return-customer-cpf", via_exchange(returned="first_line", customer=CustomerDraft("529.982.247-24", "Maria", address=FULL_ADDRESS)),
     "cpf_invalid", "CPF/CNPJ do cliente"),
    ("return-devolution-key", via_exchange(returned="first_line", devolution_key=_wrong_check_digit(VALID_KEY)),
     "access_key_check_digit", "chave de acesso da nota de devolução"),
    ("exchange-unknown-barcode", via_exchange(returned="first_line", new_items=(ItemDraft(barcode=SQL),)),
     "product_not_found", "novos[0]"),
    ("exchange-difference-unpaid", via_exchange(returned="first_line", new_items=(ItemDraft(sku="SKU-5", quantity=3),)),
     "payments_short", "Pagamentos somam"),
    # --- settings
    ("terminal-empty", via_settings(terminal_id=""), "terminal_id_invalid", "Terminal (PDV)"),
    ("terminal-space", via_settings(terminal_id="PDV 01"), "terminal_id_invalid", "Terminal (PDV)"),
    ("terminal-21", via_settings(terminal_id="P" * 21), "terminal_id_invalid", "Terminal (PDV)"),
    ("terminal-sql", via_settings(terminal_id=SQL), "terminal_id_invalid", "Terminal (PDV)"),
    ("terminal-html", via_settings(terminal_id=HTML), "terminal_id_invalid", "Terminal (PDV)"),
    ("terminal-control", via_settings(terminal_id="PDV\x0001"), "terminal_id_invalid", "Terminal (PDV)"),
    ("terminal-10000", via_settings(terminal_id="X" * 10_000), "terminal_id_invalid", "Terminal (PDV)"),
    ("terminal-number", via_settings(terminal_id=42), "text_not_string", "Terminal (PDV)"),
    ("deposit-text", via_settings(deposit_id="principal"), "setting_id_invalid", "Depósito do Bling"),
    ("deposit-negative", via_settings(deposit_id=-5), "setting_id_invalid", "Depósito do Bling"),
    ("deposit-too-big", via_settings(deposit_id=2**70), "setting_id_invalid", "Depósito do Bling"),
    ("deposit-bool", via_settings(deposit_id=True), "setting_id_invalid", "Depósito do Bling"),
    ("deposit-fullwidth-digits", via_settings(deposit_id="１２"), "setting_id_invalid", "Depósito do Bling"),
    ("loja-decimal", via_settings(loja_id="12.5"), "setting_id_invalid", "Canal de venda (loja)"),
    ("stock-mode-unknown", via_settings(stock_mode="estoque"), "setting_choice", "Lançamento de estoque"),
    ("stock-mode-number", via_settings(stock_mode=1), "setting_choice", "Lançamento de estoque"),
    ("drain-zero", via_settings(drain_interval_s=0), "setting_range", "Intervalo de envio"),
    ("drain-huge", via_settings(drain_interval_s="100000"), "setting_range", "Intervalo de envio"),
    ("drain-unit", via_settings(drain_interval_s="5s"), "setting_range", "Intervalo de envio"),
    ("pull-fraction", via_settings(pull_interval_min=2.5), "setting_range", "Intervalo de sincronização"),
    ("bool-word", via_settings(send_real_customer="talvez"), "setting_bool", "Enviar o cliente"),
    ("unknown-setting", via_settings(api_token="abc"), "setting_unknown", "configuracoes.api_token"),
    ("sku-barcode-locked", via_settings(sku_as_barcode="sim"), "setting_locked", "Usar o SKU como código de barras"),
    ("valid-and-invalid", via_settings(terminal_id="PDV02", drain_interval_s=1), "setting_range", "Intervalo de envio"),
    # --- issue 13 item 5: JSON shape
    ("json-repeated-key", via_json(b'{"itens":[{"sku":"SKU-1","sku":"SKU-2"}],"pagamentos":[{"forma":"PIX","valor":"10,90"}]}'),
     "json_duplicate_key", '"sku" aparece mais de uma vez'),
    ("json-repeated-top-key", via_json(b'{"itens":[{"sku":"SKU-1"}],"itens":[],"pagamentos":[]}'), "json_duplicate_key", '"itens"'),
    ("json-deep-nesting", via_json(nested(100_000)), "json_too_deep", "aninhamento profundo demais"),
    ("json-deep-and-bad-utf8", via_json(nested(50_000) + b"\xff"), "json_too_deep", "máximo 20 níveis"),
    ("json-huge-integer", via_json(b'{"itens":[{"sku":"SKU-1","quantidade":' + b"9" * 5000 + b'}],"pagamentos":[]}'),
     "json_number_too_long", "número com dígitos demais"),
    ("quantity-64bit", via_json(sale_json(item={"quantidade": 2**64})), "quantity_too_large", "itens[0].quantidade"),
    ("price-64bit", via_json(sale_json(item={"preco": 2**70})), "money_too_large", "itens[0].preco"),
    ("payment-64bit-text", via_json(sale_json(pagamento={"valor": "9" * 30})), "money_too_large", "pagamentos[0].valor"),
    # --- only ASCII digits count
    ("price-arabic-indic-digits", via_json(sale_json(item={"preco": "١٠,٩٠"})), "money_invalid", "itens[0].preco"),
    ("payment-fullwidth-digits", via_json(sale_json(pagamento={"valor": "１０,９０"})), "money_invalid", "pagamentos[0].valor"),
    ("cep-devanagari-digits", via_json(sale_json(cliente=customer(endereco={"cep": "०१००१०००"}))), "cep_invalid",
     "cliente.endereco.cep"),
    ("phone-fullwidth-digits", via_json(sale_json(cliente=customer(telefone="１１ ９９９９９-００００"))), "phone_invalid",
     "cliente.telefone"),
    # --- e-mail and phone
    ("email-no-domain", via_json(sale_json(cliente=customer(email="maria@"))), "email_invalid", "cliente.email"),
    ("email-space", via_json(sale_json(cliente=customer(email="maria souza@example.com"))), "email_invalid", "cliente.email"),
    ("email-no-dot", via_json(sale_json(cliente=customer(email="maria@localhost"))), "email_invalid", "cliente.email"),
    ("phone-short", via_json(sale_json(cliente=customer(telefone="9999-0000"))), "phone_invalid", "cliente.telefone"),
    ("phone-letters", via_json(sale_json(cliente=customer(telefone="11 9999-ABCD"))), "phone_invalid", "cliente.telefone"),
    # --- products
    ("barcode-and-sku-disagree", via_json(sale_json(item={"codigo_barras": "7890000000001", "sku": "SKU-2"})),
     "product_ref_conflict", "(Produto 1) e SKU SKU-2 (Produto 2)"),
    ("barcode-shared-by-two", via_json(sale_json(item={"codigo_barras": "7890000009992"})), "product_ambiguous",
     "Camiseta Azul P (id 2002), Camiseta Azul M (id 2003)"),
    ("product-inactive", via_json(sale_json(item={"codigo_barras": "7890000009991"})), "product_inactive",
     "Caneca Antiga"),
    ("product-inactive-by-sku", via_json(sale_json(item={"codigo_barras": None, "sku": "OLD-1"})), "product_inactive",
     "está inativo no Bling"),
    # --- totals and cash
    ("total-zero", via_json(sale_json(desconto="10,90")), "total_zero", "total da venda é zero"),
    ("total-over-the-cap", via_json(sale_json(item={"quantidade": 100_000, "preco": "99,99"},
                                              pagamento={"valor": "9.999.000,00"})), "total_too_large",
     "R$ 1.000.000,00"),
    ("cash-over-10x", via_cash("109,01"), "cash_too_high", "mais de 10 vezes o total (R$ 10,90)"),
    # --- vendedor
    ("seller-inactive-operator", via_json(sale_json(vendedor="bruno")), "seller_inactive", "Bruno"),
    ("seller-unknown-anywhere", via_json(sale_json(vendedor="Zé Ninguém")), "seller_unknown", "vendedor"),
    ("operator-exists", via_operator("ana"), "operator_exists", "Operador"),
    ("operator-vendedor-unknown", via_operator("Carla", vendedor="Fulano"), "vendedor_unknown", "Vendedor do Bling"),
    ("operator-name-control", via_operator("Carla\x07"), "text_control_chars", "Operador"),
    ("depara-unknown-forma", via_depara("PIX", "Bitcoin"), "forma_unknown", "Forma de pagamento do Bling"),
    ("depara-unknown-method", via_depara("Fiado", "Cartão Stone"), "payment_method_unknown", "Forma de pagamento"),
    # --- sale nfce
    ("nfce-uf-code", via_key(1, uf="99"), "access_key_uf", "código de UF 99"),
    ("nfce-issuer-cnpj", via_key(1, cnpj="11222333000180"), "access_key_issuer", "CNPJ/CPF do emitente"),
    ("nfce-issued-in-the-future", via_key(1, when=TODAY + dt.timedelta(days=400)), "access_key_future", "depois de hoje"),
    ("nfce-issued-before-the-sale", via_key(1, when=dt.date(2020, 1, 15)), "access_key_before_sale", "01/2020"),
    ("nfce-cancelled-sale", via_key(3), "nfce_sale_cancelled", "A venda 3 está cancelada"),
    ("nfce-second-key-without-replace", via_key(4, number=88), "nfce_already_attached", "use --substituir"),
    ("nfce-key-of-another-sale", lambda env: record_fiscal_document(env.store, sale_number=1, access_key=KEY_OF_SALE_4),
     "nfce_other_sale", "já está vinculada à venda 4"),
    # --- issue 23 item 9: found by hostile input at the command line
    ("payment-value-null", via_json(sale_json(pagamento={"valor": None})), "money_missing",
     "pagamentos[0].valor: informe o valor"),
    ("payment-value-absent", via_json(sale_json(pagamentos=[{"forma": "PIX"}])), "money_missing",
     "pagamentos[0].valor: informe o valor"),
    ("payment-value-blank", via_json(sale_json(pagamento={"valor": "  "})), "money_missing", "pagamentos[0].valor"),
    ("cpf-with-a-letter", via_json(sale_json(cliente=customer(documento="529.982.247-2A"))), "cpf_not_digits",
     "CPF tem só dígitos, e este tem letra (A)"),
    ("payment-1e20", via_json(b'{"itens":[{"sku":"SKU-1"}],"pagamentos":[{"forma":"PIX","valor":1e20}]}'),
     "money_too_large", "pagamentos[0].valor: valor grande demais (100000000000000000000)"),
    ("price-1e300", via_json(b'{"itens":[{"sku":"SKU-1","preco":1e300}],"pagamentos":[]}'), "money_too_large",
     "itens[0].preco"),
    ("name-line-separator", via_json(sale_json(cliente=customer(nome="Maria\u2028Souza"))), "text_control_chars",
     "cliente.nome: contém um caractere de controle ou quebra de linha não permitido (U+2028)"),
    ("name-paragraph-separator", via_json(sale_json(cliente=customer(nome="Maria\u2029Souza"))), "text_control_chars",
     "cliente.nome"),
    ("name-newline", via_json(sale_json(cliente=customer(nome="Maria\nSouza"))), "text_control_chars", "(U+000A)"),
    ("name-tab", via_json(sale_json(cliente=customer(nome="Maria\tSouza"))), "text_control_chars", "cliente.nome"),
    ("name-private-use", via_json(sale_json(cliente=customer(nome="Maria\ue000"))), "text_control_chars", "U+E000"),
    ("street-line-separator", via_json(sale_json(cliente=customer(endereco={"logradouro": "Rua\u2028A"}))),
     "text_control_chars", "cliente.endereco.logradouro"),
    ("seller-line-separator", via_json(sale_json(vendedor="Ana\u2028Paula")), "text_control_chars", "vendedor"),
    ("operator-line-separator", via_operator("Carla\u2029Souza"), "text_control_chars", "Operador"),
    ("json-10000-deep-in-a-field", via_json(b'{"itens":[{"sku":"SKU-1"}],"pagamentos":[],"cliente":'
                                            + b"[" * 10_000 + b"]" * 10_000 + b"}"),
     "json_too_deep", "cliente[0][0][0]"),
    ("json-deep-under-a-key", via_json(b'{"itens":[{"sku":"SKU-1","preco":' + b'{"a":' * 30 + b"1" + b"}" * 30 + b"}]}"),
     "json_too_deep", "itens[0].preco.a.a"),
    ("json-20mb-name", lambda env: via_json(sale_json(cliente=customer(nome="a" * 20_000_000)))(env), "text_too_long",
     "cliente.nome: texto longo demais"),
    ("json-20mb-unknown-field", lambda env: via_json(sale_json(observacao="x" * 20_000_000))(env), "unknown_field",
     "observacao"),
    ("json-over-the-size-limit", lambda env: via_json(b" " * 40_000_000 + b"{}")(env), "json_too_large",
     "JSON grande demais (40 MB; no máximo 32 MB)"),
    ("zone-unknown", via_settings(time_zone="America/Atlantida"), "setting_time_zone", "Fuso horário"),
]


def test_the_table_is_big_enough() -> None:
    assert len(CASES) >= 40
    assert len({case[0] for case in CASES}) == len(CASES)


def raised_errors(run: Callable[[], object]) -> list[DomainError]:
    with pytest.raises((DomainError, DomainErrors)) as info:
        run()
    exc = info.value
    return list(exc.errors) if isinstance(exc, DomainErrors) else [exc]


@pytest.mark.parametrize(("name", "run", "code", "names"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_with_a_named_pt_br_message_and_writes_nothing(
    env: Env, name: str, run: Callable[[Env], object], code: str, names: str
) -> None:
    before = snapshot(env.store)
    errors = raised_errors(lambda: run(env))
    matching = [e for e in errors if e.code == code]
    assert matching, f"{name}: expected {code}, got {[e.code for e in errors]}"
    message = str(matching[0])
    assert code in MESSAGES, f"{code} has no pt_BR message"
    assert names in message, f"{name}: {message!r} does not name {names!r}"
    assert "{" not in message and "\x00" not in message and len(message) < 300
    assert "None" not in message and "Error" not in message and "\u2028" not in message
    assert snapshot(env.store) == before


# ---------------------------------------------------------------- the real command, in a subprocess


def pdv_bling(env: Env, *args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "pdv_bling", *args], input=stdin, capture_output=True, timeout=60,
                          env={**__import__("os").environ, "PDV_BLING_HOME": str(env.home)})


CLI_CASES = [
    ("truncated", ["sale", "add", "-"], b'{"itens":[{"sku":', "JSON inválido: linha 1, coluna"),
    ("cpf", ["sale", "add", "-"], json.dumps(sale_json(cliente=customer(documento="529.982.247-24"))).encode(),
     "CPF/CNPJ do cliente: CPF inválido"),
    ("barcode", ["sale", "add", "-"], json.dumps(sale_json(item={"codigo_barras": "123"})).encode(),
     "itens[0]: produto não encontrado (123)"),
    ("utf8", ["sale", "add", "-"], b'{"itens":[{"sku":"SKU-\xff"}],"pagamentos":[]}', "itens[0].sku: texto com bytes"),
    ("nfce", ["sale", "nfce", "1", _wrong_check_digit(VALID_KEY)], b"", "chave de acesso da NFC-e: dígito verificador"),
]


@pytest.mark.parametrize(("name", "args", "stdin", "expected"), CLI_CASES, ids=[c[0] for c in CLI_CASES])
def test_pdv_bling_sale_command_refuses_and_writes_nothing(
    env: Env, name: str, args: list[str], stdin: bytes, expected: str
) -> None:
    before = snapshot(env.store)
    done = pdv_bling(env, *args, stdin=stdin)
    assert done.returncode != 0
    assert expected in done.stderr.decode("utf-8"), done.stderr
    assert b"Traceback" not in done.stderr
    assert snapshot(env.store) == before


# ---------------------------------------------------------------- stored verbatim, never executed


def test_sql_and_html_in_free_text_are_stored_verbatim(env: Env) -> None:
    name = f"O'Brien {SQL} {HTML}"
    raw = json.dumps(sale_json(cliente=customer(documento="111.444.777-35", nome=name, email=f"{HTML}@x.com",
                                                endereco={"logradouro": "Rua \"A\"; DELETE FROM customers"}))).encode()
    recorded = record_sale(env.store, parse_sale_bytes(raw))
    with env.store.read() as session:
        stored = session.scalars(select(Customer).where(Customer.document == "11144477735")).one()
        assert (stored.name, stored.email, stored.street) == (name, f"{HTML}@x.com", "Rua \"A\"; DELETE FROM customers")
        assert session.get(Sale, recorded.sale_id) is not None
        assert session.scalars(select(Sale.id)).all()  # the sales table is still there, with its rows
    result = subprocess.run([sys.executable, "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]);"
                             "print(c.execute('PRAGMA integrity_check').fetchone()[0])", str(env.store.path)],
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "ok"


def test_a_valid_settings_change_is_saved(env: Env) -> None:
    saved = apply_settings_input(env.store, {"terminal_id": " PDV-02 ", "deposit_id": "", "stock_mode": "Integration",
                                             "drain_interval_s": "30", "send_real_customer": "não"})
    assert (saved.terminal_id, saved.deposit_id, saved.stock_mode) == ("PDV-02", None, "integration")
    assert (saved.drain_interval_s, saved.send_real_customer) == (30, False)
    with env.store.read() as session:
        rows = dict(session.execute(text("SELECT key, value FROM settings")).all())
    assert rows["terminal_id"] == '"PDV-02"' and rows["drain_interval_s"] == "30"


# ---------------------------------------------------------------- unmapped payment method: allowed by design


def test_unmapped_payment_method_is_recorded_and_parks_at_delivery_with_the_de_para_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cashier never waits on the DE-PARA: the sale is recorded; delivery parks it, saying what to fix."""
    from pdv_bling.sandbox import SandboxConfig, SandboxServer
    from pdv_bling.store import outbox
    from pdv_bling.store.models import OutboxItem, PaymentMethod
    from tests.e2e.helpers import open_terminal, sellable

    monkeypatch.setenv("PDV_BLING_RATE_PER_SECOND", "500")
    handlers = list(logging.getLogger().handlers)
    server = SandboxServer(SandboxConfig(products=40, seed=1, rate_limit=1000.0)).start()
    terminal = open_terminal(tmp_path / "t", server)  # configures the log file: undone below
    try:
        store = terminal.ctx.store
        with store.transaction() as session:
            session.scalars(select(PaymentMethod).where(PaymentMethod.name == "Cheque")).one().bling_forma_pagamento_id = None
        product = sellable(terminal.ctx, 1)[0]
        raw = json.dumps({"itens": [{"codigo_barras": product.barcode}],
                          "pagamentos": [{"forma": "Cheque", "valor": product.price_cents / 100}]}).encode()
        recorded = record_sale(store, parse_sale_bytes(raw))
        with store.read() as session:
            assert outbox.sale_delivery_state(session, recorded.sale_id) == outbox.PENDING
        terminal.service.drain_now()
        with store.read() as session:
            parked = session.scalars(select(OutboxItem).where(OutboxItem.state == outbox.PARKED)).one()
        assert parked.sale_id == recorded.sale_id and parked.error_code == "depara_incompleto"
        assert "Cheque" in (parked.suggested_fix or "") and "DE-PARA" in (parked.suggested_fix or "")
        assert recorded.numero_loja not in server.inspect()["orders"]
    finally:
        terminal.close()
        server.stop()
        for handler in set(logging.getLogger().handlers) - set(handlers):
            logging.getLogger().removeHandler(handler)
            handler.close()


# ---------------------------------------------------------------- issue 13 item 5 through the real command


def cli(env: Env, *args: str, stdin: bytes = b"", extra_env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "pdv_bling", *args], input=stdin, capture_output=True, timeout=60,
                          env={**__import__("os").environ, "PDV_BLING_HOME": str(env.home), **(extra_env or {})})


REFUSED_BY_THE_COMMAND = [
    ("cash-over-10x", ["sale", "add", "-"], json.dumps(sale_json(pagamentos=[{"forma": "Dinheiro", "valor": "500"}])).encode(),
     "use --troco-alto"),
    ("repeated-key", ["sale", "add", "-"], b'{"itens":[],"itens":[],"pagamentos":[]}', 'o campo "itens" aparece mais de uma vez'),
    ("deep-json", ["sale", "add", "-"], nested(200_000), "aninhamento profundo demais"),
    ("huge-integer", ["sale", "add", "-"], b'{"itens":[{"sku":"SKU-1","quantidade":' + b"1" * 9000 + b"}]}",
     "número com dígitos demais"),
    ("json-words", ["sale", "add", "-"], b'{"itens": [1,]}', "JSON inválido: linha 1, coluna 14: valor esperado"),
    ("missing-file", ["sale", "add", "/nao/existe/venda.json"], b"", "arquivo não encontrado: /nao/existe/venda.json"),
    ("folder-as-file", ["sale", "add", "/"], b"", "/ é uma pasta, não um arquivo"),
    ("unknown-action", ["sale", "xx"], b"", "erro: argumento ACAO: opção inválida 'xx' (use 'add', 'cancel', 'nfce', 'danfe', 'receipt')"),
    ("missing-argument", ["sale", "nfce", "1"], b"", "erro: faltam argumentos obrigatórios: CHAVE"),
    ("unknown-option", ["sale", "cancel", "1", "--force"], b"", "erro: argumentos não reconhecidos: --force"),
    ("64-bit-sale-number", ["sale", "cancel", "99999999999999999999"], b"", "número fora do intervalo"),
    ("non-ascii-sale-number", ["sale", "cancel", "١٢"], b"", "use um número inteiro positivo"),
    ("64-bit-outbox-id", ["outbox", "retry", "18446744073709551616"], b"", "número fora do intervalo"),
    ("operator-twice", ["operador", "add", "ANA"], b"", "já existe um operador chamado ANA"),
    ("depara-unknown", ["depara", "map", "PIX", "Bitcoin"], b"", "forma de pagamento do Bling desconhecida"),
    ("nfce-second-key", ["sale", "nfce", "4", make_access_key(when=TODAY, cnpj="11222333000181", number=99)], b"",
     "já tem a NFC-e"),
]


@pytest.mark.parametrize(("name", "args", "stdin", "expected"), REFUSED_BY_THE_COMMAND,
                         ids=[c[0] for c in REFUSED_BY_THE_COMMAND])
def test_refused_by_the_command_with_exit_2_in_portuguese_and_nothing_written(
    env: Env, name: str, args: list[str], stdin: bytes, expected: str
) -> None:
    before = snapshot(env.store)
    done = cli(env, *args, stdin=stdin)
    stderr = done.stderr.decode("utf-8")
    assert done.returncode == 2, stderr
    assert expected in stderr, stderr
    assert "Traceback" not in stderr and "usage:" not in stderr and "error:" not in stderr
    assert snapshot(env.store) == before


@pytest.mark.parametrize(("value", "expected"), [("abc", "use um número maior que 0 e no máximo 3"),
                                                 ("0", "use um número maior que 0"), ("-1", "maior que 0"),
                                                 ("nan", "maior que 0"), ("1e999", "maior que 0")])
def test_a_bad_rate_setting_is_refused(env: Env, value: str, expected: str) -> None:
    done = cli(env, "sync", extra_env={"PDV_BLING_RATE_PER_SECOND": value, "PDV_BLING_API_URL": ""})
    assert done.returncode == 2 and expected in done.stderr.decode(), done.stderr
    assert b"Traceback" not in done.stderr


def test_a_rate_above_blings_limit_is_capped_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    from pdv_bling.bling.config import BlingConfig

    with caplog.at_level(logging.WARNING, logger="pdv_bling.bling.config"):
        config = BlingConfig.from_env(environ={"PDV_BLING_RATE_PER_SECOND": "10"})
    assert config.rate_per_second == 3.0
    assert "acima do limite do Bling: usando 3 requisições por segundo" in caplog.text
    local = BlingConfig.from_env(environ={"PDV_BLING_RATE_PER_SECOND": "500",
                                          "PDV_BLING_API_URL": "http://127.0.0.1:5000/Api/v3"})
    assert local.rate_per_second == 500  # the local stand-in takes any positive rate


def count_rows(store: Store, table: str) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_accepted_inputs(env: Env) -> None:
    """BOM, --troco-alto, a Bling vendedor's name, the same NFC-e twice and an explicit replacement."""
    bom = b"\xef\xbb\xbf" + json.dumps(sale_json(vendedor="marina souza")).encode()
    assert cli(env, "sale", "add", "-", stdin=bom).returncode == 0
    with env.store.read() as session:
        seller = session.scalars(select(Seller).where(Seller.bling_vendedor_id == 7001)).one()
        assert seller.name == "Marina Souza"  # a local operator linked to the Bling vendedor, made on the way
    cash = json.dumps(sale_json(pagamentos=[{"forma": "Dinheiro", "valor": "500"}])).encode()
    done = cli(env, "sale", "add", "-", "--troco-alto", stdin=cash)
    assert done.returncode == 0 and "troco 489.10" in done.stdout.decode(), done.stderr
    items = count_rows(env.store, "outbox_items")
    again = cli(env, "sale", "nfce", "4", KEY_OF_SALE_4)
    assert again.returncode == 0 and count_rows(env.store, "outbox_items") == items  # idempotent
    other = make_access_key(when=TODAY, cnpj="11222333000181", number=99)
    replaced = cli(env, "sale", "nfce", "4", other, "--substituir")
    assert replaced.returncode == 0, replaced.stderr
    assert count_rows(env.store, "outbox_items") == items + 1
    with env.store.read() as session:
        assert session.scalar(text("SELECT access_key FROM fiscal_documents WHERE sale_id = 4")) == other


def test_a_store_set_up_from_the_command_line(env: Env) -> None:
    assert cli(env, "operador", "add", "Carla", "--vendedor-bling", "Marina Souza").returncode == 0
    assert cli(env, "depara", "map", "cartão de crédito", "cartão stone").returncode == 0
    listed = cli(env, "depara", "list").stdout.decode()
    assert "Cartão de Crédito → Cartão Stone (9101)" in listed
    assert cli(env, "depara", "unmap", "Cartão de Crédito").returncode == 0
    assert "Cartão de Crédito → Não informado" in cli(env, "depara", "list").stdout.decode()
    operators = cli(env, "operador", "list").stdout.decode()
    assert "Carla → vendedor do Bling Marina Souza (7001)" in operators and "Bruno (desativado)" in operators
    assert cli(env, "operador", "disable", "carla").returncode == 0
    assert "Carla (desativado)" in cli(env, "operador", "list").stdout.decode()
    listed_json = json.loads(cli(env, "operador", "list", "--json").stdout)  # JSON only, nothing after it
    assert {row["name"] for row in listed_json} >= {"Carla", "Bruno"}


def readme_sale() -> bytes:
    text_ = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = text_.split("### Sale JSON")[1].split("```json")[1].split("```")[0]
    return block.encode()


@pytest.mark.parametrize("operator", ["Bling vendedor", "local operator"])
def test_the_readme_sale_example_works_on_a_real_store(tmp_path: Path, operator: str) -> None:
    """A store whose catalogue has the example's products, DE-PARA filled, and Ana either a
    vendedor pulled from Bling or an operator created with `pdv-bling operador add Ana`."""
    from tests.core.factories import seed_store

    home = tmp_path / "loja"
    with AppContext.open(home, log=False) as ctx:
        seed_store(ctx.store)
        with ctx.store.transaction() as session:
            session.execute(text("DELETE FROM sellers"))
            session.add(Product(bling_id=3001, sku="CAF-500", barcode="7891234567895", name="Café 500 g",
                                price_cents=2990, active=True))
            session.add(Product(bling_id=3002, sku="CAM-P-AZ", barcode="7890000003002", name="Camiseta P Azul",
                                price_cents=5990, active=True))
            if operator == "Bling vendedor":
                session.add(BlingVendedor(bling_id=7100, nome="Ana", situacao="A"))
    env = Env(home, Store(app_paths(home).database), 0, 0)
    try:
        if operator == "local operator":
            assert cli(env, "operador", "add", "Ana").returncode == 0
        else:  # no local operator yet: JSON is an empty list and nothing else (no hint text after it)
            assert json.loads(cli(env, "operador", "list", "--json").stdout) == []
        done = cli(env, "sale", "add", "-", "--json", stdin=readme_sale())
        assert done.returncode == 0, done.stderr.decode()
        recorded = json.loads(done.stdout)
        assert recorded["total_cents"] == 2 * 2990 + 5990 - 500 and recorded["change_cents"] == 15000 - 11470
    finally:
        env.store.close()


def readme_steps() -> list[list[str]]:
    """The README's commands after the sale example, as argument lists (comments dropped)."""
    text_ = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = text_.split("### Sale JSON")[1].split("```bash")[1].split("```")[0]
    return [line.split("#")[0].split()[1:] for line in block.splitlines() if line.startswith("pdv-bling ")]


def test_the_readme_sale_example_works_on_a_fresh_folder_following_its_steps(tmp_path: Path) -> None:
    """A folder the command line just made (no operator at all), with the example's two products
    as the first pull brings them: refused naming how to create Ana, then the README's steps work."""
    env = Env(tmp_path / "nova", None, 0, 0)  # type: ignore[arg-type]
    assert cli(env, "status").returncode == 0  # the folder is made by the command itself
    with AppContext.open(env.home, log=False) as ctx:
        with ctx.store.read() as session:
            assert session.scalars(select(Seller)).first() is None  # nobody called Ana, nor anybody else
        with ctx.store.transaction() as session:
            session.add(Product(bling_id=3001, sku="CAF-500", barcode="7891234567895", name="Café 500 g",
                                price_cents=2990, active=True))
            session.add(Product(bling_id=3002, sku="CAM-P-AZ", barcode="7890000003002", name="Camiseta P Azul",
                                price_cents=5990, active=True))
    sale_file = tmp_path / "venda.json"
    sale_file.write_bytes(readme_sale())
    refused = cli(env, "sale", "add", str(sale_file))
    assert refused.returncode == 2
    assert 'vendedor: vendedor desconhecido (Ana): crie o operador com pdv-bling operador add "Ana"' in \
        refused.stderr.decode()
    steps = readme_steps()
    assert steps[0] == ["operador", "add", "Ana"] and steps[-1] == ["sale", "add", "venda.json"]
    for step in steps:
        done = cli(env, *[str(sale_file) if arg == "venda.json" else arg for arg in step])
        assert done.returncode == 0, (step, done.stderr.decode())
    assert "Venda 1 registrada" in done.stdout.decode()

"""§11 rows 7-12, the small ones: /estoques/saldos with unknown ids, ?codigo=, 414 on long URLs,
code 36 on a reused numero, JWT-sized tokens in every token store (Windows Credential Manager's
2,560 bytes per secret included), token_type in lower case, Portuguese validation messages, and
a seed shaped like a real account."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import keyring
import pytest
from sqlalchemy import select

from pdv_bling.base.memkeyring import MemoryKeyring
from pdv_bling.bling import BlingClient, BlingConfig
from pdv_bling.bling.errors import BlingValidationError, error_from_response
from pdv_bling.bling.tokens import (
    Credentials,
    KeyringTokenStore,
    MemoryTokenStore,
    SandboxFileTokenStore,
    TokenStore,
)
from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.documents import parse_document
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.sandbox import SandboxServer
from pdv_bling.store import outbox
from pdv_bling.store.models import OutboxItem, PaymentMethod, Product
from pdv_bling.sync.fixes import suggest
from tests.e2e.helpers import drain_all, open_terminal
from tests.e2e.sandbox_support import fields_of, first_ids, order_body

pytestmark = pytest.mark.e2e


class WinVaultLike(MemoryKeyring):
    """Windows Credential Manager as keyring drives it: each secret stored as UTF-16 and refused
    above CRED_MAX_CREDENTIAL_BLOB_SIZE (5 * 512 = 2,560 bytes), as CredWrite does."""

    LIMIT = 2560

    def set_password(self, service: str, username: str, password: str) -> None:
        if len(password.encode("utf-16-le")) > self.LIMIT:
            raise OSError(1783, "CredWrite", "The stub received bad data.")
        super().set_password(service, username, password)


def client_for(server: SandboxServer, store: TokenStore) -> BlingClient:
    return BlingClient(config=BlingConfig.for_url(server.base_url, rate_per_second=500), tokens=store)


# ---------------------------------------------------------------- row 7


def test_saldos_of_unknown_ids_are_an_empty_list(api: httpx.Client, sandbox: SandboxServer) -> None:
    assert api.get("/estoques/saldos", params={"idsProdutos[]": [1, 2]}).json() == {"data": []}
    real = first_ids(api)["produto"]["id"]
    rows = api.get("/estoques/saldos", params={"idsProdutos[]": [1, real]}).json()["data"]
    assert [r["produto"]["id"] for r in rows] == [real]
    assert api.get("/estoques/saldos", params={"codigos[]": "NAO-EXISTE"}).status_code == 400  # codes: 400 (6.3)
    with client_for(sandbox, MemoryTokenStore(_pair(sandbox), Credentials(sandbox.client_id, "x"))) as client:
        assert client.estoques.saldos([999, 998]) == []


def test_long_urls_get_414_and_the_client_keeps_its_batches_under_it(api: httpx.Client,
                                                                       sandbox: SandboxServer) -> None:
    ids = sorted(sandbox.state.produtos)[:150] + list(range(10**10, 10**10 + 150))  # 300 ids, half unknown
    assert api.get("/estoques/saldos", params={"idsProdutos[]": ids[:200]}).status_code == 200
    refused = api.get("/estoques/saldos", params={"idsProdutos[]": ids})
    assert refused.status_code == 414 and "Request-URI Too Large" in refused.text
    before = dict(sandbox.inspect()["requests"]["by_status"])
    with client_for(sandbox, MemoryTokenStore(_pair(sandbox), Credentials(sandbox.client_id, "x"))) as client:
        rows = client.estoques.saldos(ids)
        orders = client.pedidos_vendas.find_by_numeros_loja([f"PDV01-{n:07d}" for n in range(400)])
    after = sandbox.inspect()["requests"]["by_status"]
    assert sorted(r.produto_id for r in rows) == ids[:150] and orders == []
    assert after.get("414", 0) == before.get("414", 0)  # none of the client's own requests was refused
    assert after["200"] - before["200"] >= 4  # it split both lists into several requests


# ---------------------------------------------------------------- row 8


def test_a_reused_numero_is_code_36_and_the_product_never_sends_one(tmp_path: Path, api: httpx.Client,
                                                                      sandbox: SandboxServer) -> None:
    ids = first_ids(api)
    assert api.post("/pedidos/vendas", json=order_body(ids, numero=1)).status_code == 201
    refused = api.post("/pedidos/vendas", json=order_body(ids, numero=1))
    assert refused.status_code == 400
    assert [(f["code"], f["element"], f["namespace"]) for f in fields_of(refused)] == [(36, "numero", "VENDAS")]
    assert suggest(error_from_response(400, refused.content)).code == "numero_pedido_duplicado"
    t = open_terminal(tmp_path / "t", sandbox)
    with t.ctx.store.read() as session:
        item = session.scalars(select(Product).where(Product.active.is_(True), Product.barcode.is_not(None))).first()
        assert item is not None
    sale = record_sale(t.ctx.store, SaleDraft(items=(ItemDraft(barcode=item.barcode),),
                                              payments=(PaymentDraft("PIX", item.price_cents),)))
    drain_all(t)
    order = sandbox.state.orders[sandbox.inspect()["orders"][sale.numero_loja]["ids"][0]]
    assert order["numero"] != 1  # Bling numbered it; the product sent no numero to collide
    sandbox.set_traps(numero_unique=False)
    assert api.post("/pedidos/vendas", json=order_body(ids, numero=1)).status_code == 201
    t.close()


# ---------------------------------------------------------------- row 9


def _pair(server: SandboxServer) -> Any:
    from pdv_bling.bling.oauth import pair_from_token_response

    return pair_from_token_response(server.issue_tokens(), now=dt.datetime.now(dt.UTC))


def _code_flow(server: SandboxServer, store: TokenStore) -> BlingClient:
    """The real code exchange over HTTP (the client sends `enable-jwt: 1`), stored in `store`."""
    credentials = Credentials(server.client_id, server.client_secret)
    store.save_credentials(credentials)
    client = client_for(server, store)
    client.tokens.adopt(client.token_endpoint.exchange_code(credentials, server.new_authorization_code()))
    return client


def _is_jwt(token: str) -> bool:
    return 1500 <= len(token) <= 3000 and token.count(".") == 2


@pytest.mark.parametrize("store_kind", ["windows_credential_manager", "keyring_memory", "sandbox_file", "memory"])
def test_jwt_tokens_are_stored_reloaded_and_used_by_every_store(
    tmp_path: Path, sandbox: SandboxServer, store_kind: str
) -> None:
    stores: dict[str, Callable[[], TokenStore]] = {
        "windows_credential_manager": KeyringTokenStore, "keyring_memory": KeyringTokenStore,
        "sandbox_file": lambda: SandboxFileTokenStore(tmp_path, api_url=sandbox.base_url),
        "memory": MemoryTokenStore,
    }
    if store_kind == "windows_credential_manager":
        vault = WinVaultLike()
        keyring.set_keyring(vault)
        with pytest.raises(OSError):  # the limit is real: one 3 KB token in one secret is refused
            vault.set_password("x", "y", "e" * 1281)
    store = stores[store_kind]()
    with _code_flow(sandbox, store) as client:
        first = store.load_tokens()
        assert first is not None and _is_jwt(first.access_token) and _is_jwt(first.refresh_token)
        assert client.empresas.dados_basicos().nome  # the stored JWT works
        client.tokens.refresh(stale=first.access_token)  # rotation: a new pair replaces it
    reopened = stores[store_kind]() if store_kind != "memory" else store  # a later start of the app
    second = reopened.load_tokens()
    assert second is not None and _is_jwt(second.access_token) and second.access_token != first.access_token
    with client_for(sandbox, reopened) as client:
        assert client.empresas.dados_basicos().nome
    if store_kind == "windows_credential_manager":
        secrets = [v for (service, _user), v in vault.store.items() if service == "pdv-bling"]
        assert len(secrets) > 2 and max(len(v.encode("utf-16-le")) for v in secrets) <= 2560


def test_without_the_header_tokens_stay_opaque(sandbox: SandboxServer) -> None:
    basic = httpx.BasicAuth(sandbox.client_id, sandbox.client_secret)
    answer = httpx.post(f"{sandbox.base_url}/oauth/token", auth=basic,
                        data={"grant_type": "authorization_code", "code": sandbox.new_authorization_code()}).json()
    assert len(answer["access_token"]) == 40 and answer["token_type"] == "Bearer"


def test_token_type_in_lower_case_is_accepted(sandbox: SandboxServer) -> None:
    sandbox.set_traps(token_type_lower=True)
    store = MemoryTokenStore()
    with _code_flow(sandbox, store) as client:
        assert client.connection_state() == "connected" and client.empresas.dados_basicos().nome


# ---------------------------------------------------------------- row 12


def test_validation_messages_are_portuguese(api: httpx.Client) -> None:
    no_situacao = api.post("/contatos", json={"nome": "Ana", "tipo": "F"})
    assert [f["msg"] for f in fields_of(no_situacao)] == ["Situação inválida"]
    no_tipo = api.post("/contatos", json={"nome": "Ana", "situacao": "A"})
    assert [f["msg"] for f in fields_of(no_tipo)] == ["O tipo da pessoa é um campo obrigatório"]
    body = order_body(first_ids(api))
    del body["itens"][0]["quantidade"]
    no_qty = api.post("/pedidos/vendas", json=body)
    assert [(f["element"], f["msg"]) for f in fields_of(no_qty)] == [
        ("itens.0.quantidade", "O campo itens.0.quantidade é obrigatório")]
    for resp in (no_situacao, no_tipo, no_qty):
        text = resp.text
        assert "required property" not in text and "is not" not in text and "Bad Request" not in text
    with pytest.raises(BlingValidationError):
        raise error_from_response(400, no_tipo.content)


# ---------------------------------------------------------------- row 10


def test_the_seed_is_shaped_like_a_real_account(tmp_path: Path, api: httpx.Client, sandbox: SandboxServer) -> None:
    modulo = api.get("/situacoes/modulos/98310").json()["data"]
    assert sorted(s["id"] for s in modulo) == [6, 9, 12, 15, 18, 21, 24]
    formas = {f["descricao"]: f for f in api.get("/formas-pagamentos").json()["data"]}
    assert formas["PIX"]["tipoPagamento"] == 20 and {f["finalidade"] for f in formas.values()} == {2, 3}
    documents = [c["numeroDocumento"] for c in sandbox.state.contatos.values() if c["numeroDocumento"]]
    assert len(documents) == 30 and all(parse_document(d).kind == "CPF" for d in documents)
    active = [p for p in sandbox.state.produtos.values() if p["situacao"] == "A" and p["codigo"]]
    assert len({p["codigo"] for p in active}) == len(active)  # codes unique among active products
    no_sku = [p for p in sandbox.state.produtos.values() if not p["codigo"]]
    noisy = [p for p in sandbox.state.produtos.values() if round(p["preco"], 2) != p["preco"]]
    assert no_sku and len(noisy) > len(sandbox.state.produtos) // 2
    # the product copes: prices to the centavo, a product without SKU sold by its barcode
    t = open_terminal(tmp_path / "t", sandbox)
    blank = no_sku[0]
    with t.ctx.store.read() as session:
        local = session.scalars(select(Product).where(Product.bling_id == blank["id"])).one()
        prices = {p.bling_id: p.price_cents for p in session.scalars(select(Product))}
    assert local.sku is None and local.barcode == blank["gtin"]
    assert all(prices[p["id"]] == round(p["preco"] * 100) for p in noisy if p["id"] in prices)
    sale = record_sale(t.ctx.store, SaleDraft(items=(ItemDraft(barcode=local.barcode),),
                                              payments=(PaymentDraft("PIX", local.price_cents),)))
    drain_all(t)
    order = sandbox.state.orders[sandbox.inspect()["orders"][sale.numero_loja]["ids"][0]]
    assert order["itens"][0]["produto"]["id"] == blank["id"] and order["parcelas"][0]["formaPagamento"]["id"] == \
        formas["PIX"]["id"]
    t.close()


def test_an_account_without_card_formas(tmp_path: Path, make_sandbox: Callable[..., SandboxServer]) -> None:
    server = make_sandbox(card_formas=False)
    t = open_terminal(tmp_path / "t", server)  # pulls formas and fills the DE-PARA by name
    with t.ctx.store.read() as session:
        unmapped = sorted(m.name for m in session.scalars(select(PaymentMethod))
                          if m.bling_forma_pagamento_id is None)
        product = session.scalars(select(Product).where(Product.active.is_(True), Product.barcode.is_not(None))).first()
        assert product is not None
    assert unmapped == ["Cartão de Crédito", "Cartão de Débito"]
    card = record_sale(t.ctx.store, SaleDraft(items=(ItemDraft(barcode=product.barcode),),
                                              payments=(PaymentDraft("Cartão de Crédito", product.price_cents),)))
    pix = record_sale(t.ctx.store, SaleDraft(items=(ItemDraft(barcode=product.barcode),),
                                             payments=(PaymentDraft("PIX", product.price_cents),)))
    drain_all(t)
    with t.ctx.store.read() as session:
        parked = session.scalars(select(OutboxItem).where(OutboxItem.state == outbox.PARKED)).one()
    assert parked.sale_id == card.sale_id and parked.error_code == "depara_incompleto"
    assert "Cartão de Crédito" in (parked.suggested_fix or "")
    orders = server.inspect()["orders"]
    assert pix.numero_loja in orders and card.numero_loja not in orders
    t.close()

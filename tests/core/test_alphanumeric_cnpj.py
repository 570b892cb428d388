"""Alphanumeric CNPJ (IN RFB 2.229/2024; NT 2025.001 for the fiscal documents, schema PL_010): the
CNPJ base may hold capital letters, every check digit counts each character as its code minus
48. Built on the Receita Federal's published example, 12.ABC.345/01DE-35, with its worked first
sum (459: remainder 8, digit 3), and on real numeric keys of the past (nothing changes for them).

Every place that checks a CNPJ or an access key takes it: the customer's document, `sale nfce`
(counter/fiscal.py and the command), the exchange's devolution key, the DANFE's XML, and the
stand-in's keys (its own arithmetic, checked against the product's)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from pdv_bling.counter.fiscal import record_fiscal_document
from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.documents import parse_document
from pdv_bling.domain.errors import DomainError
from pdv_bling.domain.nfce import char_value, check_digit, group_key, make_access_key, parse_access_key
from pdv_bling.domain.sale import CustomerDraft, ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.sandbox import nfce_keys
from pdv_bling.sandbox.nfce_xml import Emitter
from pdv_bling.slips.danfe import danfe_slip
from pdv_bling.slips.layout import lay_out, plain_text
from pdv_bling.slips.nfce_xml import parse_nfce
from pdv_bling.store.context import AppContext
from pdv_bling.store.engine import Store
from pdv_bling.store.models import Customer, FiscalDocument
from tests.core.factories import seed_store
from tests.core.nfce_support import authorize_sale

RECEITA_EXAMPLE = "12.ABC.345/01DE-35"  # the Receita Federal's example of the alphanumeric CNPJ
TODAY = dt.datetime.now(ZoneInfo("America/Sao_Paulo")).date()


def test_the_receita_federal_example_worked_by_hand() -> None:
    """1 2 A B C 3 4 5 0 1 D E -> 1 2 17 18 19 3 4 5 0 1 20 21; weights 5 4 3 2 9 8 7 6 5 4 3 2."""
    values = [char_value(c) for c in "12ABC34501DE"]
    assert values == [1, 2, 17, 18, 19, 3, 4, 5, 0, 1, 20, 21]
    first_sum = sum(v * w for v, w in zip(values, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2], strict=True))
    assert first_sum == 459 and first_sum % 11 == 8 and 11 - 8 == 3
    second_sum = sum(v * w for v, w in zip([*values, 3], [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2], strict=True))
    assert 11 - second_sum % 11 == 5
    # the same digits from the key's mod 11 (weights 2..9 from the right, cycling), ours and the stand-in's
    assert check_digit("12ABC34501DE") == 3 and check_digit("12ABC34501DE3") == 5
    assert nfce_keys.cnpj_with_check_digits("12ABC34501DE") == "12ABC34501DE35"
    assert nfce_keys.cnpj_valid("12ABC34501DE35") and not nfce_keys.cnpj_valid("12ABC34501DE36")


@pytest.mark.parametrize("typed", [RECEITA_EXAMPLE, "12ABC34501DE35", "12.abc.345/01de-35", " 12ABC34501DE35 "])
def test_a_customer_takes_the_alphanumeric_cnpj(typed: str) -> None:
    document = parse_document(typed)
    assert (document.kind, document.value, document.tipo_pessoa) == ("CNPJ", "12ABC34501DE35", "J")
    assert document.formatted() == RECEITA_EXAMPLE


@pytest.mark.parametrize("typed", ["12.ABC.345/01DE-36", "12.ABC.345/01DF-35", "12ABC34501DE3A"])
def test_a_wrong_alphanumeric_cnpj_is_refused(typed: str) -> None:
    with pytest.raises(DomainError) as info:
        parse_document(typed)
    assert info.value.code == "cnpj_invalid"


@pytest.mark.parametrize("key", [
    "13181017921427000125650010000000309887251170",  # NFC-e of AM, 10/2018, as published by a vendor
    "33150308370779000149550010001100931002410775",  # NF-e of RJ, 03/2015
])
def test_numeric_keys_keep_their_check_digit(key: str) -> None:
    assert parse_access_key(key).key == key
    assert check_digit(key[:43]) == nfce_keys.mod11(key[:43]) == int(key[43])


def test_an_access_key_with_the_alphanumeric_cnpj() -> None:
    key = make_access_key(uf="35", when=dt.date(2026, 8, 3), cnpj="12ABC34501DE35", series=1, number=123, code=45678)
    assert key[6:20] == "12ABC34501DE35" and len(key) == 44
    parsed = parse_access_key(group_key(key).lower())  # typed in groups, lower case
    assert parsed.key == key and parsed.issuer == "12ABC34501DE35" and (parsed.series, parsed.number) == (1, 123)
    # the stand-in computes the same key by its own code
    made = nfce_keys.access_key(uf="SP", issued_at=dt.datetime(2026, 8, 3), cnpj="12ABC34501DE35", series=1,
                                number=123, emission_type=1, code=45678)
    assert made == key


@pytest.mark.parametrize(("change", "code"), [
    (lambda k: k[:43] + str((int(k[43]) + 1) % 10), "access_key_check_digit"),
    (lambda k: k[:19] + "6" + k[20:], "access_key_check_digit"),  # the CNPJ's second digit: the key's sum breaks
    (lambda k: k[:2] + "A" + k[3:], "access_key_not_digits"),  # a letter in the year
    (lambda k: k[:30] + "B" + k[31:], "access_key_not_digits"),  # a letter in the number
    (lambda k: k[:6] + "12ABC34501DE36" + k[20:43] + str(check_digit(k[:6] + "12ABC34501DE36" + k[20:43])),
     "access_key_issuer"),  # a key whose own digit is right around a CNPJ whose digits are not
])
def test_an_alphanumeric_key_is_checked_like_any_other(change: object, code: str) -> None:
    key = make_access_key(uf="35", when=dt.date(2026, 8, 3), cnpj="12ABC34501DE35", number=7)
    with pytest.raises(DomainError) as info:
        parse_access_key(change(key))  # type: ignore[operator]
    assert info.value.code == code


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "cnpj.sqlite3")
    seed_store(s)
    return s


def test_sale_nfce_attaches_a_key_with_the_alphanumeric_cnpj(store: Store) -> None:
    sale = record_sale(store, SaleDraft(items=(ItemDraft(sku="SKU-1"),), payments=(PaymentDraft("Dinheiro", 2000),),
                                        customer=CustomerDraft(document=RECEITA_EXAMPLE, name="Empresa ABC")))
    key = make_access_key(when=TODAY, cnpj="12ABC34501DE35", number=sale.number)
    document = record_fiscal_document(store, sale_number=sale.number, access_key=group_key(key))
    assert document.access_key == key
    with store.read() as session:
        assert session.scalars(select(Customer.document)).all() == ["12ABC34501DE35"]
        assert session.scalars(select(FiscalDocument.access_key)).all() == [key]


def test_sale_nfce_command_takes_it(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with AppContext.open(home, log=False) as ctx:
        seed_store(ctx.store)
        sale = record_sale(ctx.store, SaleDraft(items=(ItemDraft(sku="SKU-2"),), payments=(PaymentDraft("PIX", 2090),)))
    key = make_access_key(when=TODAY, cnpj="12ABC34501DE35", number=99)
    env = {**os.environ, "PDV_BLING_HOME": str(home)}
    done = subprocess.run([sys.executable, "-m", "pdv_bling", "sale", "nfce", str(sale.number), key],
                          capture_output=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr.decode()
    wrong = key[:43] + str((int(key[43]) + 1) % 10)
    refused = subprocess.run([sys.executable, "-m", "pdv_bling", "sale", "nfce", str(sale.number), wrong,
                              "--substituir"], capture_output=True, timeout=120, env=env)
    assert refused.returncode == 2 and "dígito verificador" in refused.stderr.decode()


def test_the_danfe_of_a_note_issued_by_an_alphanumeric_cnpj(store: Store) -> None:
    sale = record_sale(store, SaleDraft(items=(ItemDraft(sku="SKU-1"),), payments=(PaymentDraft("Dinheiro", 2000),),
                                        customer=CustomerDraft(document=RECEITA_EXAMPLE, name="Empresa ABC")))
    note = authorize_sale(store, sale.number, emitter=Emitter.demo(alphanumeric=True))
    assert note.key[6:20] == "12ABC34501DE35"
    parsed = parse_nfce(note.xml)
    text = plain_text(lay_out(danfe_slip(parsed), 48))
    assert "CNPJ: 12.ABC.345/01DE-35" in text  # the emitter (Division I)
    assert "CONSUMIDOR CNPJ: 12.ABC.345/01DE-35" in text  # the consumer (Division VI)
    groups = group_key(note.key).split()
    assert " ".join(groups[:6]) in text and " ".join(groups[6:]) in text and "ABC3 4501 DE35" in text

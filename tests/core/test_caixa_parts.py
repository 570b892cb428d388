"""Caixa e Bancos pieces without a network: the payload contract, the marker, the words sent to
Bling, the mapping's roles and the manager's input."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from pdv_bling.domain.errors import DomainErrors
from pdv_bling.management.caixa_bancos import mapping_lines, set_mapping
from pdv_bling.store.caixa_mapping import CaixaMapping, Choice, load_mapping, role_of, save_lists
from pdv_bling.store.context import AppContext
from pdv_bling.sync.caixa_lancamento import Posting, has_marker, marker, observacoes
from tests.caixa_support import posting

UID = "0190a1b2c3d4e5f60718293a4b5c6d7e"


def test_the_payload_contract_is_checked() -> None:
    good = Posting.of(posting(1250, papel="diferenca", tipo="S", uid=UID, historico="  Falta \n no fechamento "))
    assert (good.day, good.valor_cents, good.role, good.deb_cred) == (dt.date(2026, 11, 26), 1250, "falta", "D")
    assert Posting.of(posting(1, papel="diferenca", tipo="E")).role == "sobra"
    assert Posting.of(posting(1, papel="suprimento")).deb_cred == "C"
    # the form counter/turno.py writes: debCred for tipo, the difference's role as papel
    turno_form = {"uid": UID, "data": "2026-11-26", "valor_cents": 50, "debCred": "D", "papel": "falta",
                  "historico": "PDV Bling PDV01 — falta"}
    assert (Posting.of(turno_form).role, Posting.of(turno_form).deb_cred) == ("falta", "D")
    assert Posting.of({**turno_form, "debCred": "C", "papel": "sobra"}).role == "sobra"
    with pytest.raises(ValueError):
        Posting.of({**turno_form, "debCred": "X"})
    for bad in ({"valor_cents": 0}, {"valor_cents": -5}, {"tipo": "X"}, {"papel": "troco"}, {"uid": " "},
                {"data": "26/11/2026"}):
        with pytest.raises((ValueError, KeyError)):
            Posting.of({**posting(100), **bad})
    with pytest.raises(KeyError):
        Posting.of({k: v for k, v in posting(100).items() if k != "uid"})


def test_the_marker_matches_its_uid_only() -> None:
    text = observacoes(Posting.of(posting(1250, papel="sangria", uid=UID, historico="Depósito", forma="Dinheiro")))
    assert text == f"Sangria: Depósito (Dinheiro) · {marker(UID)}"
    assert has_marker(text, UID)
    assert not has_marker(text, UID[:-1])  # a uid that is a prefix of another is not it
    assert not has_marker(text, UID + "0") and marker(UID) == f"[pdv-bling {UID}]"
    long = observacoes(Posting.of(posting(1, uid=UID, historico="x" * 5000, forma=None)))
    assert long.endswith(marker(UID)) and len(long) < 300


def test_roles() -> None:
    assert [role_of("suprimento", "E"), role_of("sangria", "S"), role_of("diferenca", "E"),
            role_of("diferenca", "S")] == ["suprimento", "sangria", "sobra", "falta"]
    with pytest.raises(ValueError):
        role_of("abertura", "E")
    assert CaixaMapping(conta_id=1, falta=2).missing == ("suprimento", "sangria", "sobra")


@pytest.fixture
def ctx(home: Path) -> Iterator[AppContext]:
    context = AppContext.open(home, log=False)
    with context.store.transaction() as session:
        save_lists(session, contas=[Choice(1, "Caixa", "caixa"), Choice(2, "Caixa", "banco"), Choice(3, "Banco", "banco")],
                   categorias=[Choice(10, "Suprimento", "2"), Choice(11, "Sangria", "1"), Choice(12, "Quebra", "3")])
    yield context
    context.close()


def test_the_manager_s_input(ctx: AppContext) -> None:
    with ctx.store.transaction() as session:
        set_mapping(session, {"conta_id": "3", "suprimento": "suprimento", "sangria": "11", "sobra": "Quebra",
                              "falta": "Quebra"})
        assert load_mapping(session) == CaixaMapping(3, 10, 11, 12, 12)
        set_mapping(session, {"falta": ""})
        assert [(line.key, line.name) for line in mapping_lines(session)][-1] == ("falta", None)
    with pytest.raises(DomainErrors) as refused, ctx.store.transaction() as session:
        set_mapping(session, {"conta_id": "Caixa", "sangria": "Suprimento", "sobra": "Sangria", "x": "1",
                              "suprimento": "Nada"})
    said = str(refused.value)
    assert "Há mais de uma conta financeira chamada Caixa no Bling: use o id (1, 2)" in said
    assert "A categoria Suprimento é de receita, mas a sangria é uma saída" in said
    assert "A categoria Sangria é de despesa, mas a sobra de caixa é uma entrada" in said
    assert "Chave desconhecida: x" in said and "Categoria não encontrada entre as ativas do Bling: Nada" in said
    with ctx.store.read() as session:
        assert load_mapping(session) == CaixaMapping(3, 10, 11, 12, None)  # nothing written

"""Contatos as live accounts keep them (field guide 6.4 and section 11 row 1).

- One CPF/CNPJ, one contact, whatever its situação: `POST /contatos` with a document that any
  contact holds (active, inactive, excluded, or a "fantasma" that no search returns) gets 400
  naming the holder. The text "O CPF já está cadastrado no contato X" is QUOTED by four
  integrations; its code and whether it sits in `fields[]` or `description` are UNCONFIRMED (the
  stand-in puts it in both). Trap `duplicate_document`; `holder_id_in_message` adds the holder's id.
- Searches (UNCONFIRMED beyond row 1): `criterio` 3 (default, "últimos incluídos") lists active
  contacts only; 1 ("todos") lists A, I and S; 2 lists excluded ones. `numeroDocumento` matches
  digits only against the stored document; `pesquisa` also matches a document ignoring its
  punctuation. A "fantasma" is never listed: only `GET /contatos/{id}` reads it.
- `PATCH /contatos/{id}/situacoes` changes the situação (204); whether an excluded contact can be
  set back to A is UNCONFIRMED (trap `reactivate_excluded`).
"""

from __future__ import annotations

from typing import Any

from pdv_bling.sandbox import errors as E
from pdv_bling.sandbox.config import Traps
from pdv_bling.sandbox.state import SandboxState

Json = dict[str, Any]
NAMESPACE = "CONTATOS"
LIST_KEYS = ("id", "nome", "codigo", "situacao", "numeroDocumento", "telefone", "celular")
BY_CRITERIO = {"1": ("A", "I", "S"), "2": ("E",), "3": ("A",), "4": ("A", "I", "S")}
DUPLICATE_CODE = 44  # UNCONFIRMED: Bling's code for this refusal was never quoted


def digits(text: object) -> str:
    return "".join(ch for ch in str(text or "") if ch.isalnum()).upper()


def listing(state: SandboxState, *, criterio: str, documento: str | None, pesquisa: str,
            ids: set[int]) -> list[Json]:
    """Rows of `GET /contatos` (newest first), before paging."""
    situacoes = BY_CRITERIO.get(criterio, BY_CRITERIO["3"])
    needle = pesquisa.lower()
    needle_digits = digits(pesquisa)
    found = []
    for c in sorted(state.contatos.values(), key=lambda c: -c["id"]):
        if c.get("fantasma") or c["situacao"] not in situacoes or (ids and c["id"] not in ids):
            continue
        if documento is not None and c.get("numeroDocumento", "") != documento:
            continue
        if needle and not (any(needle in str(c.get(k, "")).lower() for k in ("nome", "fantasia", "email", "codigo"))
                           or (needle_digits and needle_digits == digits(c.get("numeroDocumento")))):
            continue
        found.append({k: c.get(k, "") for k in LIST_KEYS})
    return found


def holder_of(state: SandboxState, documento: str) -> Json | None:
    wanted = digits(documento)
    if not wanted:
        return None
    return next((c for c in state.contatos.values() if digits(c.get("numeroDocumento")) == wanted), None)


def create(state: SandboxState, traps: Traps, body: Json) -> Json:
    with state.lock:
        holder = holder_of(state, body.get("numeroDocumento", "")) if traps.duplicate_document else None
        if holder is not None:
            raise duplicate_error(holder, body["numeroDocumento"], with_id=traps.holder_id_in_message)
        contato = {"codigo": "", "numeroDocumento": "", "telefone": "", "celular": "", "fantasia": "",
                   "email": "", **body, "id": state.next_id("next_contato_id")}
        state.contatos[contato["id"]] = contato
        state.save_contato(contato)
        return contato


def duplicate_error(holder: Json, documento: str, *, with_id: bool) -> E.BlingError:
    kind = "CNPJ" if len(digits(documento)) == 14 else "CPF"
    text = f"O {kind} já está cadastrado no contato {holder['nome']}"
    if with_id:
        text += f" (id {holder['id']})"
    return E.validation_error(text, E.field(DUPLICATE_CODE, text, element="numeroDocumento", namespace=NAMESPACE))


def set_situacao(state: SandboxState, traps: Traps, contato_id: int, situacao: str) -> None:
    with state.lock:
        contato = state.contatos.get(contato_id)
        if contato is None:
            raise E.not_found("O contato não foi encontrado.")
        if contato["situacao"] == "E" and situacao != "E" and not traps.reactivate_excluded:
            # UNCONFIRMED text: nobody has quoted what Bling answers here.
            raise E.validation_error("Não é possível alterar a situação de um contato excluído.",
                                     E.field(2, "Contato excluído", element="situacao", namespace=NAMESPACE))
        contato["situacao"] = situacao
        state.save_contato(contato)


def add_direct(state: SandboxState, values: Json) -> Json:
    """Control API: a contact as it may already sit in an account (any situação, or a fantasma)."""
    with state.lock:
        contato = {"codigo": "", "numeroDocumento": "", "telefone": "", "celular": "", "fantasia": "",
                   "email": "", "tipo": "F", "situacao": "A", **values, "id": state.next_id("next_contato_id")}
        state.contatos[contato["id"]] = contato
        state.save_contato(contato)
        return contato

"""A store customer -> one Bling contact, also when Bling already holds the CPF/CNPJ somewhere
the default search does not look (field guide §11 row 1).

Bling refuses `POST /contatos` for a document that any contact holds — active, inactive,
excluded, or a "fantasma" that searches do not return — with a 400 that names the holder
(QUOTED: "O CPF já está cadastrado no contato X"). No decision here rests on that text: a refused
POST for a customer with a document triggers a wider search (excluded contacts, `pesquisa=`,
then any id the answer carries, each verified by reading the contact back). A holder found is
reused, reactivated first when it is not active. Only when none can be used does the sale's
chain park, with a fix that names the customer and quotes Bling's answer (which names the holder).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from pdv_bling.bling.client import BlingClient
from pdv_bling.bling.contatos import ContatoIn, ContatoResumo, compact
from pdv_bling.bling.errors import BlingError, BlingNotFound, BlingValidationError
from pdv_bling.sync.fixes import CONTATO_EM_USO, Fix, error_detail

log = logging.getLogger(__name__)
_LONG_NUMBER = re.compile(r"\d{6,}")
CRITERIO_TODOS, CRITERIO_EXCLUIDOS = 1, 2


class ContactUnresolved(Exception):
    """Bling refused the contact and no holder of its document could be used: park with `fix`."""

    def __init__(self, fix: Fix, detail: str) -> None:
        super().__init__(detail)
        self.fix = fix
        self.detail = detail


class ContactLinker:
    def __init__(self, client: BlingClient) -> None:
        self.client = client

    def link(self, document: str, body: ContatoIn) -> int:
        """The Bling contact id for this customer: an existing holder of the document, else a new one.

        Looks up first, always: after a lost POST answer the contact may already exist.
        """
        contatos = self.client.contatos
        found = contatos.find_by_documento(document, criterio=CRITERIO_TODOS) if compact(document) else []
        for contato in sorted(found, key=lambda c: c.situacao != "A"):
            reused = self._reuse(contato)
            if reused is not None:
                return reused
        try:
            return contatos.create(body)
        except BlingValidationError as refusal:
            if not compact(document):
                raise
            return self._holder_after_refusal(document, body, refusal)

    def _holder_after_refusal(self, document: str, body: ContatoIn, refusal: BlingError) -> int:
        seen: set[int] = set()
        for contato in self._hidden_holders(document, refusal):
            if contato.id in seen:
                continue
            seen.add(contato.id)
            reused = self._reuse(contato)
            if reused is not None:
                log.info("customer linked to an existing Bling contact %s (situação %s)", contato.id, contato.situacao)
                return reused
        detail = error_detail(refusal)
        masked = "***" + compact(document)[-4:]
        text = CONTATO_EM_USO.check.format(nome=body.nome, documento=masked, detalhe=detail)
        raise ContactUnresolved(Fix(CONTATO_EM_USO.code, text), f"{body.nome} ({masked}): {detail}")

    def _hidden_holders(self, document: str, refusal: BlingError) -> Iterator[ContatoResumo]:
        """Holders of `document` the first lookup could not see, most likely first."""
        contatos, wanted = self.client.contatos, compact(document)
        yield from contatos.find_by_documento(document, criterio=CRITERIO_EXCLUIDOS)
        for criterio in (CRITERIO_TODOS, CRITERIO_EXCLUIDOS):
            yield from (c for c in contatos.search(wanted, criterio=criterio) if compact(c.numeroDocumento) == wanted)
        text = " ".join([refusal.message, refusal.description, *(f.msg for f in refusal.fields)])
        for number in dict.fromkeys(_LONG_NUMBER.findall(text)):
            if number == wanted:
                continue
            try:
                contato = contatos.get(int(number))
            except (BlingNotFound, BlingValidationError):
                continue
            if compact(contato.numeroDocumento) == wanted:
                yield contato

    def _reuse(self, contato: ContatoResumo) -> int | None:
        """The contact's id, reactivating it first when it is not active; None if Bling refuses."""
        if contato.situacao == "A":
            return contato.id
        try:
            self.client.contatos.set_situacao(contato.id, "A")
        except (BlingValidationError, BlingNotFound) as exc:
            log.warning("Bling contact %s (situação %s) could not be reactivated: %s", contato.id, contato.situacao,
                        exc.code)
            return None
        return contato.id

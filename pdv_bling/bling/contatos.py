"""Contatos: search by CPF/CNPJ digits or `pesquisa`, read, create, change situação, and the
built-in Consumidor Final."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pdv_bling.bling.http import BlingHttp, Params, data_of
from pdv_bling.bling.wire import iter_pages

TipoPessoa = Literal["F", "J", "E"]


def compact(document: str) -> str:
    """A CPF/CNPJ without punctuation (the alphanumeric CNPJ keeps its letters)."""
    return "".join(ch for ch in document if ch.isalnum()).upper()


@dataclass(frozen=True)
class ContatoResumo:
    id: int
    nome: str
    situacao: str
    numeroDocumento: str

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> ContatoResumo:
        return cls(
            id=int(raw["id"]),
            nome=str(raw.get("nome") or ""),
            situacao=str(raw.get("situacao") or ""),
            numeroDocumento=str(raw.get("numeroDocumento") or ""),
        )


@dataclass(frozen=True)
class Endereco:
    endereco: str = ""
    numero: str = ""
    complemento: str = ""
    bairro: str = ""
    cep: str = ""
    municipio: str = ""
    uf: str = ""

    def to_json(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v}


@dataclass(frozen=True)
class ContatoIn:
    nome: str
    tipo: TipoPessoa
    numeroDocumento: str = ""  # digits only
    situacao: str = "A"  # Bling refuses a contact without it ("Situação inválida")
    email: str = ""
    telefone: str = ""
    celular: str = ""
    endereco: Endereco | None = None

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"nome": self.nome, "tipo": self.tipo, "situacao": self.situacao}
        digits = compact(self.numeroDocumento)
        if digits:
            body["numeroDocumento"] = digits
        for key in ("email", "telefone", "celular"):
            if getattr(self, key):
                body[key] = getattr(self, key)
        if self.endereco is not None and self.endereco.to_json():
            body["endereco"] = {"geral": self.endereco.to_json()}
        return body


class Contatos:
    PATH = "/contatos"

    def __init__(self, http: BlingHttp) -> None:
        self.http = http
        self._consumidor_final: ContatoResumo | None = None

    def find_by_documento(self, digits: str, *, criterio: int = 1) -> list[ContatoResumo]:
        """Contacts with this CPF/CNPJ. Bling matches digits only; criterio 1 = all but the
        excluded (not "últimos incluídos", the default), 2 = the excluded ones."""
        clean = compact(digits)
        params: Params = [("numeroDocumento", clean), ("criterio", criterio)]
        found = [ContatoResumo.from_json(r) for _p, rows in iter_pages(self.http, self.PATH, params) for r in rows]
        return [c for c in found if compact(c.numeroDocumento) == clean]

    def search(self, text: str, *, criterio: int = 1) -> list[ContatoResumo]:
        """`pesquisa=` (name, CPF/CNPJ, fantasia, e-mail or código), one page of 100 at most."""
        params: Params = [("pesquisa", text), ("criterio", criterio), ("pagina", 1), ("limite", 100)]
        rows = data_of(self.http.request("GET", self.PATH, params=params)) or []
        return [ContatoResumo.from_json(r) for r in rows]

    def get(self, id: int) -> ContatoResumo:
        return ContatoResumo.from_json(data_of(self.http.request("GET", f"{self.PATH}/{id}")))

    def set_situacao(self, id: int, situacao: str) -> None:
        """PATCH /contatos/{id}/situacoes (A ativo, I inativo, E excluído, S sem movimentação)."""
        self.http.request("PATCH", f"{self.PATH}/{id}/situacoes", body={"situacao": situacao})

    def create(self, contato: ContatoIn) -> int:
        data = data_of(self.http.request("POST", self.PATH, body=contato.to_json()))
        return int(data["id"])

    def consumidor_final(self) -> ContatoResumo:
        if self._consumidor_final is None:
            raw = data_of(self.http.request("GET", f"{self.PATH}/consumidor-final"))
            self._consumidor_final = ContatoResumo.from_json(raw)
        return self._consumidor_final

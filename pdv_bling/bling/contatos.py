"""Contatos: search by CPF/CNPJ digits, create, and the built-in Consumidor Final."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pdv_bling.bling.http import BlingHttp, Params, data_of
from pdv_bling.bling.wire import iter_pages

TipoPessoa = Literal["F", "J", "E"]


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
        digits = "".join(ch for ch in self.numeroDocumento if ch.isalnum())
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

    def find_by_documento(self, digits: str) -> list[ContatoResumo]:
        """Contacts with this CPF/CNPJ. Bling matches digits only; criterio=1 = all, not "últimos"."""
        clean = "".join(ch for ch in digits if ch.isalnum())
        params: Params = [("numeroDocumento", clean), ("criterio", 1)]
        found = [ContatoResumo.from_json(r) for _p, rows in iter_pages(self.http, self.PATH, params) for r in rows]
        return [c for c in found if "".join(ch for ch in c.numeroDocumento if ch.isalnum()) == clean]

    def create(self, contato: ContatoIn) -> int:
        data = data_of(self.http.request("POST", self.PATH, body=contato.to_json()))
        return int(data["id"])

    def consumidor_final(self) -> ContatoResumo:
        if self._consumidor_final is None:
            raw = data_of(self.http.request("GET", f"{self.PATH}/consumidor-final"))
            self._consumidor_final = ContatoResumo.from_json(raw)
        return self._consumidor_final

"""Small account tables read in full: categorias, vendedores, formas de pagamento, depósitos,
situações (resolved by name and cached), estoques (movements) and the company itself."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pdv_bling.bling.http import BlingHttp, data_of
from pdv_bling.bling.pacer import InheritingLock
from pdv_bling.bling.wire import array_batches, id_of, list_all


@dataclass(frozen=True)
class Categoria:
    id: int
    descricao: str
    categoriaPai_id: int | None


@dataclass(frozen=True)
class Vendedor:
    id: int  # the vendedor id (what orders carry), not the contato id
    nome: str
    descontoLimite: float
    situacao: str
    contato_id: int | None
    loja_id: int | None


@dataclass(frozen=True)
class FormaPagamento:
    id: int
    descricao: str
    tipoPagamento: int | None
    situacao: int
    padrao: int
    fixa: bool


@dataclass(frozen=True)
class Deposito:
    id: int
    descricao: str
    situacao: int
    padrao: bool
    desconsiderarSaldo: bool


@dataclass(frozen=True)
class Empresa:
    id: str
    nome: str
    cnpj: str
    email: str = ""


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


class Categorias:
    def __init__(self, http: BlingHttp) -> None:
        self.http = http

    def list_all(self) -> list[Categoria]:
        return [
            Categoria(id=int(r["id"]), descricao=str(r.get("descricao") or ""), categoriaPai_id=id_of(r.get("categoriaPai")))
            for r in list_all(self.http, "/categorias/produtos")
        ]


class Vendedores:
    def __init__(self, http: BlingHttp) -> None:
        self.http = http

    def list_all(self) -> list[Vendedor]:
        result = []
        for r in list_all(self.http, "/vendedores"):
            contato = r.get("contato") or {}
            result.append(Vendedor(
                id=int(r["id"]), nome=str(contato.get("nome") or ""),
                descontoLimite=float(r.get("descontoLimite") or 0), situacao=str(contato.get("situacao") or ""),
                contato_id=id_of(contato), loja_id=id_of(r.get("loja")),
            ))
        return result


class FormasPagamentos:
    def __init__(self, http: BlingHttp) -> None:
        self.http = http

    def list_all(self) -> list[FormaPagamento]:
        return [
            FormaPagamento(
                id=int(r["id"]), descricao=str(r.get("descricao") or ""),
                tipoPagamento=_int(r.get("tipoPagamento"), 0) or None, situacao=_int(r.get("situacao"), 1),
                padrao=_int(r.get("padrao")), fixa=bool(r.get("fixa")),
            )
            for r in list_all(self.http, "/formas-pagamentos")  # plural in both words
        ]


class Depositos:
    def __init__(self, http: BlingHttp) -> None:
        self.http = http

    def list_all(self) -> list[Deposito]:
        return [
            Deposito(
                id=int(r["id"]), descricao=str(r.get("descricao") or ""), situacao=_int(r.get("situacao"), 1),
                padrao=bool(r.get("padrao")), desconsiderarSaldo=bool(r.get("desconsiderarSaldo")),
            )
            for r in list_all(self.http, "/depositos")
        ]


class Situacoes:
    """Order situações of the Vendas module, by name, cached for `ttl_s` seconds."""

    MODULE_NAME = "Vendas"

    def __init__(self, http: BlingHttp, *, ttl_s: float = 3600.0) -> None:
        self.http = http
        self.ttl_s = ttl_s
        self._lock = InheritingLock()  # a customer's order may wait for the backlog's fill of the cache
        self._cache: tuple[float, dict[str, int]] | None = None

    def vendas(self) -> dict[str, int]:
        """{"Em aberto": 6, "Atendido": 9, "Cancelado": 12, ...} for this account."""
        with self._lock:
            if self._cache is not None and time.monotonic() - self._cache[0] < self.ttl_s:
                return dict(self._cache[1])
            modulos = data_of(self.http.request("GET", "/situacoes/modulos")) or []
            modulo = next((m for m in modulos if str(m.get("nome", "")).strip().lower() == "vendas"), None)
            if modulo is None:
                raise LookupError("Bling has no 'Vendas' situações module")
            rows = data_of(self.http.request("GET", f"/situacoes/modulos/{int(modulo['id'])}")) or []
            names = {str(r["nome"]): int(r["id"]) for r in rows if r.get("nome")}
            self._cache = (time.monotonic(), names)
            return dict(names)

    def clear(self) -> None:
        with self._lock:
            self._cache = None


Operacao = Literal["E", "S", "B"]


@dataclass(frozen=True)
class SaldoDeposito:
    id: int
    saldoFisico: float
    saldoVirtual: float


@dataclass(frozen=True)
class Saldo:
    """A product's balance. Totals leave out deposits with `desconsiderarSaldo`; the virtual
    balance subtracts what open orders reserve (field guide 6.3, §11 row 3)."""

    produto_id: int
    saldoFisicoTotal: float
    saldoVirtualTotal: float
    depositos: tuple[SaldoDeposito, ...] = ()

    @property
    def fisico_em_todos(self) -> float:
        """Physical stock over every deposit listed, those left out of the totals included."""
        return sum(d.saldoFisico for d in self.depositos) if self.depositos else self.saldoFisicoTotal

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Saldo:
        deps = tuple(SaldoDeposito(id=int(d["id"]), saldoFisico=float(d.get("saldoFisico") or 0),
                                   saldoVirtual=float(d.get("saldoVirtual") or 0))
                     for d in raw.get("depositos") or [] if isinstance(d, dict) and d.get("id"))
        return cls(produto_id=int((raw.get("produto") or {}).get("id") or 0),
                   saldoFisicoTotal=float(raw.get("saldoFisicoTotal") or 0),
                   saldoVirtualTotal=float(raw.get("saldoVirtualTotal") or 0), depositos=deps)


class Estoques:
    def __init__(self, http: BlingHttp) -> None:
        self.http = http

    def create_movement(
        self, produto_id: int, deposito_id: int, operacao: Operacao, quantidade: float, observacoes: str = ""
    ) -> int:
        """POST /estoques: E entrada, S saída, B balanço. Returns the movement id."""
        body: dict[str, Any] = {
            "produto": {"id": produto_id}, "deposito": {"id": deposito_id},
            "operacao": operacao, "quantidade": round(quantidade, 4),
        }
        if observacoes:
            body["observacoes"] = observacoes
        return int(data_of(self.http.request("POST", "/estoques", body=body))["id"])

    def saldos(self, produto_ids: Sequence[int]) -> list[Saldo]:
        """Balances of these products (ids Bling does not know are simply absent: 200 `[]`, LIVE),
        in batches that keep the URL under Bling's 414 limit."""
        out: list[Saldo] = []
        for batch in array_batches("idsProdutos", produto_ids):
            rows = data_of(self.http.request("GET", "/estoques/saldos", params=batch)) or []
            out.extend(Saldo.from_json(r) for r in rows if isinstance(r, dict))
        return out


class Empresas:
    def __init__(self, http: BlingHttp) -> None:
        self.http = http

    def dados_basicos(self) -> Empresa:
        raw = data_of(self.http.request("GET", "/empresas/me/dados-basicos")) or {}
        return Empresa(id=str(raw.get("id") or ""), nome=str(raw.get("nome") or ""),
                       cnpj=str(raw.get("cnpj") or ""), email=str(raw.get("email") or ""))

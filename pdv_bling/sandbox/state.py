"""The stand-in's account state: catalogue, orders, stock, receivables, request accounting.

All mutation happens under `lock`. With a `Persistence`, every change is written through.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from typing import Any

from pdv_bling.sandbox.config import Clock, Traps
from pdv_bling.sandbox.persist import Persistence
from pdv_bling.sandbox.seed import CATEGORIAS_FINANCEIRAS as CATEGORIAS
from pdv_bling.sandbox.seed import CONTAS_FINANCEIRAS as CONTAS
from pdv_bling.sandbox.seed import Seed, float_noise, stamp

Json = dict[str, Any]


class SandboxState:
    def __init__(self, seed: Seed, *, clock: Clock, persistence: Persistence | None = None) -> None:
        self.lock = threading.RLock()
        self.clock = clock
        self.seed = seed
        self.persistence = persistence
        self.produtos: dict[int, Json] = seed.produtos
        self.produto_datas = seed.produto_datas
        self.produto_ids_desc: list[int] = sorted(self.produtos, reverse=True)
        self.contatos: dict[int, Json] = {c["id"]: c for c in seed.contatos}
        self.formas = {f["id"]: f for f in seed.formas}
        self.depositos = {d["id"]: d for d in seed.depositos}
        self.deposito_padrao = next(d["id"] for d in seed.depositos if d["padrao"])
        self.balances: dict[tuple[int, int], float] = dict(seed.saldos)
        self.orders: dict[int, Json] = {}
        self.order_meta: dict[int, Json] = {}
        self.movements: list[Json] = []
        self.contas: list[Json] = []
        self.contas_financeiras: dict[int, Json] = {c["id"]: dict(c) for c in CONTAS}  # Caixa e Bancos
        self.categorias_financeiras: dict[int, Json] = {c["id"]: dict(c) for c in CATEGORIAS}
        self.lancamentos: dict[int, Json] = {}  # POST /caixas
        self.notas: dict[int, Json] = {}  # NFC-e: {"nota": the API shape, "meta": the stand-in's own} (nfce.py)
        self.meta: Json = {"next_order_id": 22_000_000_000, "next_numero": 1, "next_movement_id": 30_000_000_000,
                           "next_conta_id": 40_000_000_000, "next_contato_id": 9_500_000_000, "next_item_id": 50_000_000_000,
                           "next_lancamento_id": 60_000_000_000, "next_nfce_id": 60_000_000_000, "next_nfce_numero": 1,
                           "last_signature": None}
        self.requests_by_endpoint: Counter[str] = Counter()
        self.requests_by_status: Counter[str] = Counter()
        self.token_calls = 0
        self.request_log: list[Json] = []
        if persistence is not None:
            self._load(persistence)

    # --- persistence ---------------------------------------------------------------------
    def _load(self, p: Persistence) -> None:
        meta = p.get("meta", "meta")
        if meta:
            self.meta.update(meta)
        for key, value in p.items("produto"):
            self.produtos[int(key)] = value["produto"]
            self.produto_datas[int(key)] = value["datas"]
        self.produto_ids_desc = sorted(self.produtos, reverse=True)
        for key, value in p.items("contato"):
            self.contatos[int(key)] = value
        for key, value in p.items("order"):
            self.orders[int(key)] = value["order"]
            self.order_meta[int(key)] = value["meta"]
        for _key, value in p.items("movement"):
            self._apply_movement(value)
        self.contas = [value for _key, value in p.items("conta")]
        for key, value in p.items("lancamento"):
            self.lancamentos[int(key)] = value
        for key, value in p.items("nfce"):
            self.notas[int(key)] = value

    def save_meta(self) -> None:
        if self.persistence:
            self.persistence.put("meta", "meta", self.meta)

    def save_order(self, order_id: int) -> None:
        if self.persistence:
            self.persistence.put("order", order_id, {"order": self.orders[order_id], "meta": self.order_meta[order_id]})
            self.save_meta()

    def save_nota(self, nota_id: int) -> None:
        if self.persistence:
            self.persistence.put("nfce", nota_id, self.notas[nota_id])
            self.save_meta()

    def save_conta(self, conta: Json) -> None:
        if self.persistence:
            self.persistence.put("conta", conta["id"], conta)

    def save_lancamento(self, entry: Json) -> None:
        if self.persistence:
            self.persistence.put("lancamento", entry["id"], entry)
            self.save_meta()

    def save_contato(self, contato: Json) -> None:
        if self.persistence:
            self.persistence.put("contato", contato["id"], contato)
            self.save_meta()

    # --- ids and time ------------------------------------------------------------------------
    def next_id(self, name: str) -> int:
        value = int(self.meta[name])
        self.meta[name] = value + 1
        return value

    def now_stamp(self) -> str:
        return stamp(self.clock.now().replace(tzinfo=None))

    # --- stock ---------------------------------------------------------------------------------
    def _apply_movement(self, mov: Json) -> None:
        key = (mov["produto"]["id"], mov["deposito"]["id"])
        qty = float(mov["quantidade"])
        current = self.balances.get(key, 0.0)
        if mov["operacao"] == "B":
            self.balances[key] = qty
        else:
            self.balances[key] = current + (qty if mov["operacao"] == "E" else -qty)
        self.movements.append(mov)

    def add_movement(self, *, produto: int, deposito: int, operacao: str, quantidade: float,
                     observacoes: str = "", pedido: int | None = None, preco: float | None = None) -> Json:
        mov: Json = {"id": self.next_id("next_movement_id"), "produto": {"id": produto},
                     "deposito": {"id": deposito}, "operacao": operacao, "quantidade": quantidade,
                     "observacoes": observacoes, "data": self.now_stamp(), "pedido": pedido}
        if preco is not None:
            mov["preco"] = preco
        self._apply_movement(mov)
        if self.persistence:
            self.persistence.put("movement", mov["id"], mov)
            self.save_meta()
        return mov

    def saldo_total(self, produto: int) -> float:
        return round(sum(self.balances.get((produto, d), 0.0) for d in self.depositos), 4)

    # --- catalogue changes (incremental sync tests) ---------------------------------------------
    def touch_products(self, ids: list[int], *, delete: bool = False, changes: Json | None = None,
                       traps: Traps | None = None) -> None:
        """Change products now (dataAlteracao), optionally deleting them (situacao "E").

        Nobody has shown whether Bling moves `dataAlteracao` on a deletion, or the parent's on a
        variation's change (field guide §11 rows 4-5): traps `delete_touches_date` and
        `variation_touches_parent` choose.
        """
        traps = traps or Traps()
        with self.lock:
            now = self.now_stamp()
            for pid in ids:
                prod = self.produtos[pid]
                if changes:
                    prod.update({k: float_noise(float(v)) if k in ("preco", "precoCusto") else v
                                 for k, v in changes.items()})
                if delete:
                    prod["situacao"] = "E"
                moved = not delete or traps.delete_touches_date
                if moved:
                    self.produto_datas[pid]["alteracao"] = now
                parent = prod.get("idProdutoPai")
                if moved and parent and traps.variation_touches_parent:
                    self.produto_datas[parent]["alteracao"] = now
                    self._save_produto(parent)
                self._save_produto(pid)

    def _save_produto(self, pid: int) -> None:
        if self.persistence:
            self.persistence.put("produto", pid, {"produto": self.produtos[pid], "datas": self.produto_datas[pid]})

    # --- accounting --------------------------------------------------------------------------------
    def record_request(self, *, method: str, endpoint: str, status: int | str, path: str) -> None:
        with self.lock:
            self.requests_by_endpoint[f"{method} {endpoint}"] += 1
            self.requests_by_status[str(status)] += 1
            self.request_log.append({"t": round(self.clock.timestamp(), 4), "method": method, "path": path,
                                     "endpoint": endpoint, "status": status})

    def inspect(self, *, all_balances: bool = False) -> Json:
        with self.lock:
            by_loja: dict[str, Json] = {}
            for order in self.orders.values():
                entry = by_loja.setdefault(order.get("numeroLoja") or "", {"count": 0, "ids": [], "situacoes": [],
                                                                           "estoque": [], "contas": []})
                entry["count"] += 1
                entry["ids"].append(order["id"])
                entry["situacoes"].append(order["situacao"]["id"])
                entry["estoque"].append(self.order_meta[order["id"]]["estoque"])  # deposit posted to, or None
                entry["contas"].append(self.order_meta[order["id"]]["contas"])
            movements: dict[str, list[Json]] = defaultdict(list)
            touched: set[int] = set()
            for mov in self.movements:
                movements[str(mov["deposito"]["id"])].append(mov)
                touched.add(mov["produto"]["id"])
            keys = self.balances if all_balances else [k for k in self.balances if k[0] in touched]
            balances: dict[str, dict[str, float]] = defaultdict(dict)
            for prod, dep in keys:
                balances[str(prod)][str(dep)] = self.balances[(prod, dep)]
            documentos: Counter[str] = Counter(
                "".join(ch for ch in str(c.get("numeroDocumento") or "") if ch.isalnum())
                for c in self.contatos.values())
            documentos.pop("", None)
            notas: dict[str, list[Json]] = defaultdict(list)
            for entry in self.notas.values():
                order = self.orders.get(entry["meta"]["order"], {})
                nota = entry["nota"]
                notas[order.get("numeroLoja") or ""].append({"id": nota["id"], "situacao": nota["situacao"],
                                                             "chaveAcesso": nota["chaveAcesso"], "numero": nota["numero"]})
            return {
                "orders": by_loja, "orders_total": len(self.orders),
                "nfce": dict(notas),  # notes per order numeroLoja (exactly-once checks)
                "contatos_por_documento": dict(documentos),  # contacts holding each CPF/CNPJ, any situação
                "stock_movements": dict(movements), "balances": dict(balances),
                "caixas": [dict(e) for e in sorted(self.lancamentos.values(), key=lambda e: e["id"])],
                "contas_receber": {"open": [c for c in self.contas if c["situacao"] == "aberto"],
                                   "reversed": [c for c in self.contas if c["situacao"] == "estornado"]},
                "requests": {"by_endpoint": dict(self.requests_by_endpoint),
                             "by_status": dict(self.requests_by_status),
                             "token_calls": self.token_calls, "log": list(self.request_log)},
            }

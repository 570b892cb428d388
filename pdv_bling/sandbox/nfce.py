"""NFC-e as the stand-in plays Bling and SEFAZ (knobs: `config.NfceKnobs`).

- `gerar-nfce` makes a draft (situacao 1) from an order: number, series, the order's contact,
  items, parcelas and value; the order then shows `notaFiscal.id` (knob). Bling's answer to a second
  `gerar-nfce` of the same order is UNCONFIRMED: the stand-in makes another note (the harder case,
  so a client that repeats a lost `gerar-nfce` blindly gets two notes).
- `enviar` waits SEFAZ's latency, then the note is authorized (5), or still at SEFAZ (3 Aguardando
  recibo / 8 Aguardando protocolo) for a while, or rejected (4; the answer is a 400 whose fields
  carry the cStat, UNCONFIRMED shape), denied (9), or never answered. An order that carries
  `numeroPedidoCompra` is always rejected with 762. The same rejection `block_after` times makes the
  note Bloqueada (11). Notes move on lazily, when read.
- An authorized note has a valid key (mod-11 check digit, model 65, the account's CNPJ and UF; the
  alphanumeric CNPJ by knob), a DANFE link and an `xml` link (signed, no token) serving the
  `nfeProc` that `nfce_xml.build_nfce` made from the order when SEFAZ authorized it.
- Cancelling happens only in Bling's screens (v3 has no endpoint): `/__sandbox__/nfce/{id}/cancelar`.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import random
import time
from typing import Any

from pdv_bling.sandbox import errors as E
from pdv_bling.sandbox.config import NfceKnobs
from pdv_bling.sandbox.nfce_facts import note_xml
from pdv_bling.sandbox.state import SandboxState

Json = dict[str, Any]
NATUREZAS: list[Json] = [
    {"id": 15_000_000_001, "situacao": 1, "padrao": 1, "descricao": "Venda de mercadorias"},
    {"id": 15_000_000_002, "situacao": 1, "padrao": 7, "descricao": "Venda ao consumidor - NFC-e"},
    {"id": 15_000_000_003, "situacao": 1, "padrao": 9, "descricao": "Devolução de venda"},
]
MOTIVOS = {762: "NFC-e com dados de compras (Empenho, Pedido, Contrato)", 778: "Informado NCM inexistente",
           777: "Obrigatória a informação do NCM completo", 725: "NFC-e com CFOP inválido",
           237: "CPF do destinatário inválido", 610: "Total da NF difere do somatório dos Valores compõe o valor Total "
           "da NF", 280: "Certificado Transmissor inválido", 462: "Código Identificador do CSC no QR-Code não "
           "cadastrado na SEFAZ", 806: "Operação com ICMS-ST sem informação do CEST"}
IN_SEFAZ = (3, 8)


def naturezas(knobs: NfceKnobs) -> list[Json]:
    return [n for n in NATUREZAS if not (knobs.no_natureza and n["padrao"] == 7)]


def signature(secret: str, key: str) -> str:
    return hmac.new(secret.encode(), key.encode(), hashlib.sha256).hexdigest()[:32]


class NfceDesk:
    """The account's notes (held in `state.notas`, persisted as kind "nfce")."""

    def __init__(self, state: SandboxState, knobs: NfceKnobs, *, secret: str, seed: int, root_url: str = "") -> None:
        self.state, self.knobs, self.root_url, self.secret = state, knobs, root_url, secret
        self.rng = random.Random(seed)

    # ------------------------------------------------------------ gerar-nfce
    def generate(self, order_id: int) -> int:
        state = self.state
        with state.lock:
            order = state.orders.get(order_id)
            if order is None:
                raise E.not_found("A venda não foi encontrada.")
            if self.knobs.no_natureza:  # UNCONFIRMED text and code
                raise E.validation_error("Não foi possível gerar a nota fiscal.", E.field(
                    70, "Natureza de operação para NFC-e não configurada", element="naturezaOperacao",
                    namespace="NFCE"))
            nota_id = state.next_id("next_nfce_id")
            numero = state.next_id("next_nfce_numero")
            contato = state.contatos.get(order["contato"]["id"], {})
            nota: Json = {
                "id": nota_id, "tipo": 1, "situacao": 1, "numero": str(numero), "serie": 1,
                "dataEmissao": state.now_stamp(), "dataOperacao": state.now_stamp(), "chaveAcesso": "",
                "contato": {"id": contato.get("id", 0), "nome": contato.get("nome", ""),
                            "numeroDocumento": contato.get("numeroDocumento", "")},
                "naturezaOperacao": {"id": NATUREZAS[1]["id"]}, "loja": {"id": (order.get("loja") or {}).get("id", 0)},
                "valorNota": order["total"], "valorFrete": 0, "finalidade": 1, "xml": "", "linkDanfe": "",
                "linkPDF": "", "optanteSimplesNacional": True,
                "numeroPedidoLoja": order.get("numeroLoja", "") if self.knobs.fills_numero_pedido_loja else "",
                "itens": [{"codigo": i.get("codigo") or "", "descricao": i.get("descricao", ""), "unidade": i.get("unidade", "UN"),
                           "quantidade": i["quantidade"], "valor": i["valor"], "valorTotal": round(i["valor"] * i["quantidade"], 2),
                           "tipo": "P"} for i in order.get("itens", [])],
                "parcelas": [{"data": p["dataVencimento"], "valor": p["valor"],
                              "formaPagamento": {"id": p["formaPagamento"]["id"]}} for p in order.get("parcelas", [])],
            }
            meta: Json = {"order": order_id, "ready_at": None, "final": None, "rejections": {}, "posted": False,
                    "pedido_compra": bool(order.get("numeroPedidoCompra")), "cstat": None}
            state.notas[nota_id] = {"nota": nota, "meta": meta}
            if self.knobs.order_links_note:
                order["notaFiscal"] = {"id": nota_id}
                state.save_order(order_id)
            state.save_nota(nota_id)
            return nota_id

    # ------------------------------------------------------------ enviar
    def send(self, nota_id: int) -> Json:
        """Transmit; the SEFAZ round trip happens outside the state's lock."""
        with self.state.lock:
            entry = self._entry(nota_id)
            situacao = entry["nota"]["situacao"]
            if situacao not in (1, 4):  # UNCONFIRMED texts
                words = {2: "cancelada", 5: "autorizada", 6: "autorizada", 9: "denegada", 11: "bloqueada"}
                raise E.validation_error("Não foi possível enviar a nota.", E.field(
                    71, f"A nota já está {words.get(situacao, 'em processamento na SEFAZ')}", element="situacao",
                    namespace="NFCE"))
            entry["nota"]["situacao"] = 3
        time.sleep(max(0.0, self.knobs.sefaz_latency_s))
        with self.state.lock:
            outcome = self._transmitted(nota_id, entry)
            self.state.save_nota(nota_id)
        return outcome

    def _transmitted(self, nota_id: int, entry: Json) -> Json:
        nota, meta, knobs = entry["nota"], entry["meta"], self.knobs
        cstat = 762 if meta["pedido_compra"] else knobs.reject_cstat
        now = self.state.clock.timestamp()
        if knobs.final_situacao in (9, 11):
            nota["situacao"] = knobs.final_situacao
        elif cstat and knobs.reject_async:
            nota["situacao"], meta["final"], meta["ready_at"], meta["cstat"] = 8, 4, now + knobs.slow_extra_s, cstat
        elif cstat:
            return self._reject(entry, cstat)
        elif knobs.never_authorize:
            nota["situacao"], meta["final"], meta["ready_at"] = 8, None, None
        elif random.Random(nota_id * 7919 + 17).random() < knobs.slow_share:
            nota["situacao"] = self.rng.choice(IN_SEFAZ)
            meta["final"], meta["ready_at"] = 5, now + knobs.slow_extra_s
        else:
            self._authorize(nota_id, entry)
        return {"xml": nota["xml"]}

    def _reject(self, entry: Json, cstat: int) -> Json:
        nota, meta = entry["nota"], entry["meta"]
        count = meta["rejections"][str(cstat)] = meta["rejections"].get(str(cstat), 0) + 1
        nota["situacao"] = 11 if count >= max(1, self.knobs.block_after) else 4
        motivo = f"Rejeição {cstat}: {MOTIVOS.get(cstat, 'Rejeição da SEFAZ')}"
        self.state.save_nota(nota["id"])
        raise E.validation_error(motivo, E.field(cstat, motivo, element="nfce", namespace="NFCE"))

    def _authorize(self, nota_id: int, entry: Json) -> None:
        nota, meta = entry["nota"], entry["meta"]
        meta["authorized_at"] = self.state.clock.now().isoformat(timespec="seconds")
        meta["protocol"] = f"1352600{nota_id % 10**8:08d}"
        state = self.state
        built = note_xml(nota=nota, order=state.orders.get(meta["order"], {}), empresa=state.seed.empresa,
                         contato=state.contatos.get(nota["contato"]["id"], {}), produtos=state.produtos,
                         formas=state.formas, knobs=self.knobs, authorized_at=state.clock.now(),
                         protocol=meta["protocol"], code=random.Random(nota_id).randrange(10**8))
        key, meta["xml"] = built.key, built.xml
        nota.update(situacao=5, chaveAcesso=key,
                    xml=f"{self.root_url}/relatorios/nfe.xml.php?chaveAcesso={key}&signature={signature(self.secret, key)}",
                    linkDanfe=f"{self.root_url}/doc.view.php?id={signature(self.secret, key)}",
                    linkPDF=f"{self.root_url}/doc.view.php?PDF=true&id={signature(self.secret, key)}")
        if self.knobs.posts_stock and not meta["posted"]:
            order = self.state.orders.get(meta["order"], {})
            for item in order.get("itens", []):
                pid = (item.get("produto") or {}).get("id")
                if pid is not None:
                    self.state.add_movement(produto=pid, deposito=self.state.deposito_padrao, operacao="S",
                                            quantidade=float(item["quantidade"]),
                                            observacoes=f"Saída referente à NFC-e nº {nota['numero']}", pedido=meta["order"])
            meta["posted"] = True

    # ------------------------------------------------------------ reading
    def advance(self, nota_id: int) -> None:
        """A note at SEFAZ moves on once its time has come (under the state's lock)."""
        entry = self._entry(nota_id)
        nota, meta = entry["nota"], entry["meta"]
        if nota["situacao"] not in IN_SEFAZ or meta["ready_at"] is None or meta["final"] is None:
            return
        if self.state.clock.timestamp() < meta["ready_at"]:
            return
        if meta["final"] == 5:
            self._authorize(nota_id, entry)
        else:
            nota["situacao"] = meta["final"]
        meta["ready_at"] = None
        self.state.save_nota(nota_id)

    def get(self, nota_id: int) -> Json:
        with self.state.lock:
            self.advance(nota_id)
            return copy.deepcopy(self._entry(nota_id)["nota"])

    def listed(self, *, start: str | None, end: str | None, situacao: int | None, numero: int | None,
               chave: str | None) -> list[Json]:
        with self.state.lock:
            rows = []
            for nota_id in sorted(self.state.notas, reverse=True):
                self.advance(nota_id)
                nota = self.state.notas[nota_id]["nota"]
                if (start and nota["dataEmissao"] < start) or (end and nota["dataEmissao"] > end):
                    continue
                if (situacao and nota["situacao"] != situacao) or (numero and nota["numero"] != str(numero)):
                    continue
                if chave and nota["chaveAcesso"] != chave:
                    continue
                rows.append({k: nota[k] for k in ("id", "tipo", "situacao", "numero", "dataEmissao", "dataOperacao",
                                                  "chaveAcesso", "contato", "naturezaOperacao", "loja")})
            return rows

    def xml(self, key: str, sig: str) -> str | None:
        if not hmac.compare_digest(sig, signature(self.secret, key)):
            return None
        with self.state.lock:
            for entry in self.state.notas.values():
                nota, meta = entry["nota"], entry["meta"]
                if nota["chaveAcesso"] == key and nota["situacao"] in (2, 5, 6):
                    return str(meta.get("xml") or "") or None
        return None

    def cancel(self, nota_id: int) -> Json:
        """The manager cancels an authorized note in Bling's screens (no API for it)."""
        with self.state.lock:
            self.advance(nota_id)
            nota = self._entry(nota_id)["nota"]
            if nota["situacao"] in (5, 6):
                nota["situacao"] = 2
                self.state.save_nota(nota_id)
            return copy.deepcopy(nota)

    def _entry(self, nota_id: int) -> Json:
        entry = self.state.notas.get(nota_id)
        if entry is None:
            raise E.not_found("A nota fiscal não foi encontrada.")
        return entry

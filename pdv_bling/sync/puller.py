"""Catalogue pull (Bling -> store), one model at a time, each with its last successful sync.

Products: the first sync is a full pull (list pages, then one detail call per product;
variations come with their parent), resumable from the saved cursor after a crash; later syncs
are incremental over both ends of the `dataAlteracao` window, and list changed variations too.
Deletions that do not move `dataAlteracao` are caught by `sync/reconcile.py`. Stock is Bling's alone.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from pdv_bling.base.events import EventBus, SyncProgress
from pdv_bling.bling.client import BlingClient
from pdv_bling.bling.produtos import ProdutoDetalhe, ProdutoResumo, Variacao
from pdv_bling.domain.money import from_bling
from pdv_bling.store.engine import Store
from pdv_bling.store.models import (
    BlingDeposito,
    BlingFormaPagamento,
    BlingSituacao,
    BlingVendedor,
    Category,
    Product,
    SyncState,
    utcnow,
)
from pdv_bling.store.settings import load_settings

MODELS = ("categorias", "produtos", "vendedores", "formas_pagamento", "depositos", "situacoes")
CRITERIO_TODOS = 5  # includes inactive and deleted ("E") products, so they are deactivated here
TIPO_VARIACOES = "V"
REREAD_PARENT = "V"  # a row's marker: a variation of this product changed, read the product again
WINDOW_MARGIN = dt.timedelta(minutes=2)  # overlap so a change at the window's edge is not missed
SAVE_EVERY = 20  # products between cursor saves (at most this many are fetched again on resume)


@dataclass
class PullReport:
    models: dict[str, int] = field(default_factory=dict)  # model -> records written
    errors: dict[str, str] = field(default_factory=dict)
    detail_calls: int = 0


class Puller:
    def __init__(
        self,
        store: Store,
        client: BlingClient,
        *,
        bus: EventBus | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
        interleave: Callable[[], None] | None = None,
    ) -> None:
        self.store = store
        self.client = client
        self.bus = bus
        self.clock = clock
        # Called between the requests of a long pull: a single-threaded caller (the integrador)
        # serves there what a customer waits for (a sale's NFC-e) instead of after the pull.
        self.interleave = interleave

    def pull(self, models: Iterable[str] | None = None, *, report: PullReport | None = None) -> PullReport:
        """Pull the named models (all by default), categories before products."""
        report = report or PullReport()
        wanted = list(models) if models is not None else list(MODELS)
        for model in sorted(wanted, key=MODELS.index):
            started = self.clock()
            self._state(model, last_attempt_at=started)
            count = getattr(self, f"pull_{model}")(report)
            report.models[model] = count
            self._state(model, last_success_at=started, cursor=None, last_error=None)
            self._progress(model, count, count, finished=True)
        return report

    # ------------------------------------------------------------ small tables

    def pull_categorias(self, report: PullReport) -> int:
        """Bling's categories replace the store's (manual: local ones are eliminated)."""
        rows = self.client.categorias.list_all()
        with self.store.transaction() as session:
            existing = {c.bling_id: c for c in session.scalars(select(Category))}
            for row in rows:
                cat = existing.pop(row.id, None) or Category(bling_id=row.id)
                cat.descricao, cat.parent_bling_id = row.descricao, row.categoriaPai_id
                session.add(cat)
            gone = [c.id for c in existing.values()]
            if gone:
                session.execute(update(Product).where(Product.category_id.in_(gone)).values(category_id=None))
                session.execute(delete(Category).where(Category.id.in_(gone)))
        return len(rows)

    def pull_vendedores(self, report: PullReport) -> int:
        rows = self.client.vendedores.list_all()
        self._replace(BlingVendedor, [
            {"bling_id": r.id, "nome": r.nome, "situacao": r.situacao, "loja_id": r.loja_id} for r in rows
        ])
        return len(rows)

    def pull_formas_pagamento(self, report: PullReport) -> int:
        rows = self.client.formas_pagamentos.list_all()
        self._replace(BlingFormaPagamento, [
            {"bling_id": r.id, "descricao": r.descricao, "tipo_pagamento": r.tipoPagamento,
             "situacao": r.situacao, "padrao": r.padrao}
            for r in rows
        ])
        return len(rows)

    def pull_depositos(self, report: PullReport) -> int:
        rows = self.client.depositos.list_all()
        self._replace(BlingDeposito, [
            {"bling_id": r.id, "descricao": r.descricao, "situacao": r.situacao, "padrao": r.padrao} for r in rows
        ])
        return len(rows)

    def pull_situacoes(self, report: PullReport) -> int:
        self.client.situacoes.clear()
        by_name = self.client.situacoes.vendas()
        self._replace(BlingSituacao, [{"bling_id": i, "nome": n, "id_herdado": None} for n, i in by_name.items()])
        return len(by_name)

    def _replace(self, model: Any, rows: list[dict[str, Any]]) -> None:
        with self.store.transaction() as session:
            session.execute(delete(model))
            for row in rows:
                session.add(model(**row))

    # ------------------------------------------------------------ products

    def pull_produtos(self, report: PullReport) -> int:
        """List phase (ids of changed products, page by page), then detail phase (one GET each).

        The cursor is saved after each list page and every few details, so an interrupted pull
        resumes where it stopped; storing a product twice is harmless (upsert by Bling id).
        """
        with self.store.read() as session:
            state = session.get(SyncState, "produtos")
            cursor = dict(state.cursor) if state and state.cursor else None
            last = state.last_success_at if state else None
            sku_as_barcode = load_settings(session).sku_as_barcode
        if cursor is None:
            window = (last - WINDOW_MARGIN, self.clock()) if last else None
            cursor = {"phase": "list", "page": 1, "window": _window_json(window), "rows": [], "index": 0}
        if cursor["phase"] == "list":
            self._list_phase(cursor)
        return self._detail_phase(cursor, report, sku_as_barcode=sku_as_barcode)

    def _list_phase(self, cursor: dict[str, Any]) -> None:
        """Ids to read in detail. An incremental window is listed twice: `tipo` T (parents and
        simple products, maybe variations) and `tipo` V (variations only). Whether a variation's
        change moves its parent's `dataAlteracao`, and whether T lists variations, is UNKNOWN
        (field guide §11 row 4); a variation that shows up changed gets its parent read again,
        so its new price, barcode or deactivation is never missed either way."""
        window = _window_from_json(cursor.get("window"))
        tipos: list[str | None] = [None] if window is None else [None, TIPO_VARIACOES]
        rows: list[list[Any]] = cursor["rows"]
        for index in range(int(cursor.get("pass", 0)), len(tipos)):
            for page, items in self.client.produtos.iter_pages(
                criterio=CRITERIO_TODOS, tipo=tipos[index], alteracao=window, start_page=int(cursor["page"])
            ):
                if self.interleave is not None:
                    self.interleave()
                rows.extend(_rows_to_read(items))
                cursor.update(page=page + 1)
                self._state("produtos", cursor=cursor)
                self._progress("produtos", 0, None)
            cursor.update({"pass": index + 1, "page": 1})
        cursor.update(phase="detail", index=0, rows=_unique_rows(rows))
        self._state("produtos", cursor=cursor)

    def _detail_phase(self, cursor: dict[str, Any], report: PullReport, *, sku_as_barcode: bool) -> int:
        rows: list[list[Any]] = cursor["rows"]
        total = len(rows)
        first = index = int(cursor["index"])
        started = time.monotonic()
        while index < total:
            bling_id, situacao = int(rows[index][0]), str(rows[index][1])
            if situacao in ("E", "I"):
                self._deactivate(bling_id)
            else:
                if self.interleave is not None:
                    self.interleave()
                self._store_product(self.client.produtos.get(bling_id), sku_as_barcode=sku_as_barcode)
                report.detail_calls += 1
            index += 1
            if index % SAVE_EVERY == 0 or index == total:
                cursor["index"] = index
                self._state("produtos", cursor=cursor)
                elapsed = time.monotonic() - started
                eta = elapsed / (index - first) * (total - index) if index > first else None
                self._progress("produtos", index, total, eta=eta)
        return total

    def _deactivate(self, bling_id: int) -> None:
        with self.store.transaction() as session:
            session.execute(
                update(Product)
                .where((Product.bling_id == bling_id) | (Product.parent_id.in_(select(Product.id).where(Product.bling_id == bling_id))))
                .values(active=False, synced_at=self.clock())
            )

    def _store_product(self, detail: ProdutoDetalhe, *, sku_as_barcode: bool) -> None:
        with self.store.transaction() as session:
            category_id = _category_id(session, detail.categoria_id)
            parent = _upsert(session, detail.id)
            _fill(parent, nome=detail.nome, codigo=detail.codigo, gtin=detail.gtin, preco=detail.preco,
                  sku_as_barcode=sku_as_barcode, active=detail.situacao == "A")
            parent.unidade = detail.unidade
            parent.ncm, parent.cest, parent.origem = detail.tributacao.ncm, detail.tributacao.cest, detail.tributacao.origem
            parent.category_id, parent.formato, parent.synced_at = category_id, detail.formato, self.clock()
            session.flush()
            kept = set()
            for variacao in detail.variacoes:
                child = _upsert(session, variacao.id)
                _fill_variation(child, parent, variacao, sku_as_barcode=sku_as_barcode)
                child.synced_at = self.clock()
                kept.add(variacao.id)
            # variations removed in Bling are deactivated, never deleted (old sales point to them)
            session.execute(
                update(Product)
                .where(Product.parent_id == parent.id, Product.bling_id.not_in(kept) if kept else Product.parent_id == parent.id)
                .values(active=False)
            )

    # ------------------------------------------------------------ state and progress

    def _state(self, model: str, **values: Any) -> None:
        with self.store.transaction() as session:
            row = session.get(SyncState, model) or SyncState(model=model)
            for key, value in values.items():
                setattr(row, key, value)
            session.add(row)

    def _progress(self, model: str, done: int, total: int | None, *, finished: bool = False,
                  eta: float | None = None) -> None:
        if self.bus is not None:
            self.bus.publish(SyncProgress(model=model, done=done, total=total, eta_seconds=eta, finished=finished))


def _rows_to_read(items: list[ProdutoResumo]) -> list[list[Any]]:
    """[id, situação] per listed row: a product, or for a variation its parent (re-read) and,
    when the variation itself is inactive or deleted, the variation (deactivated)."""
    rows: list[list[Any]] = []
    for item in items:
        if item.idProdutoPai is None:
            rows.append([item.id, item.situacao])
            continue
        rows.append([item.idProdutoPai, REREAD_PARENT])
        if item.situacao in ("E", "I"):
            rows.append([item.id, item.situacao])
    return rows


def _unique_rows(rows: list[list[Any]]) -> list[list[Any]]:
    """One row per id; "deleted/inactive" wins over "read it" (no detail call for those)."""
    seen: dict[int, str] = {}
    for bling_id, situacao in rows:
        if seen.get(int(bling_id)) not in ("E", "I"):
            seen[int(bling_id)] = str(situacao)
    return [[bling_id, situacao] for bling_id, situacao in seen.items()]


def _upsert(session: Session, bling_id: int) -> Product:
    product = session.scalars(select(Product).where(Product.bling_id == bling_id)).first()
    if product is None:
        product = Product(bling_id=bling_id, name="", price_cents=0, active=True)
        session.add(product)
    return product


def _fill(product: Product, *, nome: str, codigo: str, gtin: str | None, preco: float, sku_as_barcode: bool,
          active: bool) -> None:
    product.name = nome[:300]
    product.sku = codigo or None
    product.gtin = gtin
    product.barcode = (codigo or None) if sku_as_barcode else (gtin or None)
    product.price_cents = from_bling(preco)
    product.active = active


def _fill_variation(child: Product, parent: Product, variacao: Variacao, *, sku_as_barcode: bool) -> None:
    _fill(child, nome=variacao.nome_produto or f"{parent.name} {variacao.nome}", codigo=variacao.codigo,
          gtin=variacao.gtin, preco=variacao.preco or parent.price_cents / 100, sku_as_barcode=sku_as_barcode,
          active=variacao.situacao in ("A", ""))
    child.parent_id = parent.id
    child.attributes = variacao.atributos or None
    child.category_id, child.ncm, child.cest, child.origem = parent.category_id, parent.ncm, parent.cest, parent.origem
    child.unidade = parent.unidade


def _category_id(session: Session, bling_id: int | None) -> int | None:
    if bling_id is None:
        return None
    return session.scalars(select(Category.id).where(Category.bling_id == bling_id)).first()


def _window_json(window: tuple[dt.datetime, dt.datetime] | None) -> list[str] | None:
    return [window[0].isoformat(), window[1].isoformat()] if window else None


def _window_from_json(raw: Any) -> tuple[dt.datetime, dt.datetime] | None:
    if not raw:
        return None
    return dt.datetime.fromisoformat(raw[0]), dt.datetime.fromisoformat(raw[1])

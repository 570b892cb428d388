"""Nova venda's lines: a scan or a name resolved to a product (off the GUI thread, in the order
typed), ↑/↓ to choose a line, `*N` and the Qtd column to change its quantity, Del to remove it.
A part of `NewSaleDialog` (ui/new_sale.py), which owns the widgets and the basket."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QListWidget, QListWidgetItem

from pdv_bling.counter import queries
from pdv_bling.counter.basket import Basket, Line, parse_scan
from pdv_bling.domain.errors import DomainError
from ui import guards, words
from ui.product_hits import show_hits
from ui.sale_widgets import ItemsView, ScanField
from ui.table import RowsModel
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from ui.hub import Hub

    _Dialog = QDialog
else:
    _Dialog = object


class LinesPart(_Dialog):
    """The dialog's item lines (mixed into `NewSaleDialog`)."""

    hub: Hub
    basket: Basket
    barcode: ScanField
    hits: QListWidget
    items: ItemsView
    items_model: RowsModel[Line]
    _lookups: TaskRunner

    if TYPE_CHECKING:
        def _say(self, text: str, *, error: bool = True) -> None: ...
        def _update_totals(self) -> None: ...


    @property
    def lines(self) -> list[Line]:
        return self.basket.lines

    def add_from_barcode(self) -> None:
        scan = parse_scan(self.barcode.text())
        self.barcode.clear()
        if scan.set_quantity:
            self._set_chosen_quantity(scan.quantity)
            return
        if not scan.code:
            return
        if scan.quantity <= 0:
            self._say(self.tr("Quantidade inválida antes do *."))
            return
        store, code, quantity = self.hub.ctx.store, scan.code, scan.quantity

        def lookup() -> list[queries.ProductHit]:
            with store.read() as session:
                return queries.search_products(session, code)

        self._lookups.submit(lookup, on_done=lambda hits: self._resolved(code, quantity, hits))

    def _resolved(self, code: str, quantity: int, hits: list[queries.ProductHit]) -> None:
        exact = [h for h in hits if code in (h.barcode, h.sku)]
        if exact or len(hits) == 1:
            self.add_line((exact or hits)[0], quantity)
            return
        if not hits:
            self._say(self.tr("Produto não encontrado: %1").replace("%1", code))
            return
        show_hits(self.hits, hits, quantity)
        parents = {h.parent_name for h in hits}
        if len(parents) == 1 and None not in parents:
            text = self.tr("%1 tem variações: escolha o tamanho/cor com ↑↓ e tecle Enter.").replace("%1", str(hits[0].parent_name))
        else:
            text = self.tr("Escolha o produto com ↑↓ e tecle Enter.")
        self._say(text, error=False)

    def _add_hit(self, item: QListWidgetItem) -> None:
        hit, quantity = item.data(Qt.ItemDataRole.UserRole)
        self.add_line(hit, quantity)

    def add_line(self, product: queries.ProductHit, quantity: int) -> None:
        try:
            index = self.basket.add(product, quantity)
        except DomainError as exc:
            self._say(words.error_text(exc))
            return
        self.hits.hide()
        self._show_lines(choose=index)
        self._say("")
        self.barcode.setFocus()

    def _show_lines(self, *, choose: int | None) -> None:
        self.items_model.set_rows(list(self.lines))
        if choose is not None and 0 <= choose < len(self.lines):
            self.items.selectRow(choose)
            self.items.scrollTo(self.items_model.index(choose, 0))
        else:
            self.items.clearSelection()
        self._update_totals()

    def chosen_row(self) -> int:
        """The line ↑/↓ chose, else the last one (-1 when there are none)."""
        selected = self.items.selectionModel().selectedRows()
        return selected[0].row() if selected else len(self.lines) - 1

    def _move_choice(self, step: int) -> None:
        if self.hits.isVisible():
            self.hits.setFocus()
            self.hits.setCurrentRow(max(0, min(self.hits.currentRow() + step, self.hits.count() - 1)))
            return
        if self.lines:
            self.items.selectRow(max(0, min(self.chosen_row() + step, len(self.lines) - 1)))

    def _set_chosen_quantity(self, quantity: int) -> None:
        row = self.chosen_row()
        if row < 0:
            self._say(self.tr("Não há item para mudar a quantidade: leia um produto primeiro."))
        elif quantity <= 0:
            self._say(self.tr("Quantidade inválida depois do *: use, por exemplo, *3."))
        else:
            self.set_quantity(row, quantity)

    def set_quantity(self, row: int, quantity: int) -> None:
        try:
            line = self.basket.set_quantity(row, quantity)
        except DomainError as exc:
            self._say(words.error_text(exc))
            return
        self._show_lines(choose=row)
        self._say(self.tr("Quantidade alterada: %1 × %2.").replace("%1", str(line.quantity)).replace("%2", line.product.name), error=False)
        self.barcode.setFocus()

    def remove_chosen(self) -> None:
        row = self.chosen_row()
        if row < 0:
            self._say(self.tr("Não há itens para remover."))
            return
        line = self.lines[row]
        if line.quantity > 1 and not guards.ask(
            self, self.tr("Remover item"),
            self.tr("Remover %1 unidades de %2 da venda?").replace("%1", str(line.quantity)).replace("%2", line.product.name),
        ):
            self.barcode.setFocus()
            return
        self.basket.remove(row)
        self._show_lines(choose=None)
        self._say(self.tr("Item removido: %1.").replace("%1", line.product.name), error=False)
        self.barcode.setFocus()

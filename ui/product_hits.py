"""The pick list shown when a typed code or name matches several products (Nova venda and the
troca/devolução wizard share it)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from pdv_bling.counter import queries
from ui import fmt


def show_hits(widget: QListWidget, hits: Sequence[queries.ProductHit], quantity: int) -> None:
    """Fill, show and focus the list; each item carries (hit, quantity) for the caller."""
    widget.clear()
    for hit in hits:
        item = QListWidgetItem(f"{hit.name} — {fmt.money(hit.price_cents)}")
        item.setData(Qt.ItemDataRole.UserRole, (hit, quantity))
        widget.addItem(item)
    widget.show()
    widget.setCurrentRow(0)
    widget.setFocus()

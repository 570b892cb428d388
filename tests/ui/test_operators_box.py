"""Configurações › Operadores (issue 13 item 5): add an operator linked to a Bling vendedor, a
duplicate refused in pt_BR, link and deactivate; a sale then names the operator."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from pdv_bling.counter.sales import record_sale
from pdv_bling.domain.errors import DomainErrors
from pdv_bling.domain.sale import ItemDraft, PaymentDraft, SaleDraft
from pdv_bling.store.models import BlingVendedor, Sale, Seller
from tests.ui.conftest import wait_idle
from ui.hub import Hub
from ui.settings_dialog import SettingsDialog


def test_operators_added_linked_and_deactivated(qtbot: QtBot, hub: Hub) -> None:
    with hub.ctx.store.transaction() as session:
        session.add(BlingVendedor(bling_id=7001, nome="Marina Souza", situacao="A"))
        session.add(BlingVendedor(bling_id=7002, nome="Paulo Lima", situacao="A"))
    dialog = SettingsDialog(hub)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, hub)
    box = dialog.operators
    assert [r.name for r in box.model.rows] == ["Ana"]  # the seeded store's operator
    box.name.setText("Carla")
    box.vendedor.setCurrentIndex(box.vendedor.findData(7001))
    box.add_button.click()
    wait_idle(qtbot, hub)
    assert "Operador Carla adicionado." in box.message.text()
    assert [(r.name, r.bling_vendedor) for r in box.model.rows] == [("Ana", None), ("Carla", "Marina Souza")]
    box.name.setText("carla")
    box.add_button.click()
    wait_idle(qtbot, hub)
    assert "já existe um operador chamado carla" in box.message.text()
    box.table.selectRow(1)
    box.vendedor.setCurrentIndex(box.vendedor.findData(7002))
    box.link_button.click()
    wait_idle(qtbot, hub)
    box.table.selectRow(1)
    assert box.toggle_button.text() == "Desativar"
    box.toggle_button.click()
    wait_idle(qtbot, hub)
    with hub.ctx.store.read() as session:
        carla = session.scalars(select(Seller).where(Seller.name == "Carla")).one()
        assert (carla.bling_vendedor_id, carla.active) == (7002, False)
    box.table.selectRow(1)
    assert box.toggle_button.text() == "Reativar"
    try:
        record_sale(hub.ctx.store, SaleDraft(items=(ItemDraft(sku="SKU-1"),), payments=(PaymentDraft("PIX", 1090),),
                                             seller="Carla"))
        raise AssertionError("a deactivated operator was accepted")
    except DomainErrors as exc:
        assert "o operador Carla está desativado" in str(exc)
    box.toggle_button.click()
    wait_idle(qtbot, hub)
    sale = record_sale(hub.ctx.store, SaleDraft(items=(ItemDraft(sku="SKU-1"),), payments=(PaymentDraft("PIX", 1090),),
                                                seller="carla"))
    with hub.ctx.store.read() as session:
        stored = session.get(Sale, sale.sale_id)
        assert stored is not None and stored.seller is not None and stored.seller.bling_vendedor_id == 7002

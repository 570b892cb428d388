"""Questions asked before something that affects queued deliveries (quit, disconnect, reset).

`ask` is the single place a yes/no question is shown, so tests can answer it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def tell(parent: QWidget | None, title: str, text: str, *, warning: bool = False) -> None:
    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
    QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent).exec()


def _stay_queued(sales: int) -> str:
    if sales == 1:
        return QCoreApplication.translate(
            "Guards", "Há 1 venda ainda não enviada ao Bling. Ela continua guardada neste computador e será enviada na próxima vez que o PDV Bling estiver aberto e conectado."
        )
    return QCoreApplication.translate(
        "Guards", "Há %1 vendas ainda não enviadas ao Bling. Elas continuam guardadas neste computador e serão enviadas na próxima vez que o PDV Bling estiver aberto e conectado."
    ).replace("%1", str(sales))


def confirm_quit(parent: QWidget | None, sales: int) -> bool:
    """`sales`: sales not yet delivered (pending or needing attention)."""
    if sales == 0:
        return True
    text = _stay_queued(sales) + "\n\n" + QCoreApplication.translate("Guards", "Sair mesmo assim?")
    return ask(parent, QCoreApplication.translate("Guards", "Sair do PDV Bling"), text)


def confirm_disconnect(parent: QWidget | None, sales: int) -> bool:
    text = QCoreApplication.translate(
        "Guards", "Desconectar remove a autorização deste computador no Bling. Nada é enviado até uma nova integração."
    )
    if sales:
        text += "\n\n" + _stay_queued(sales)
    text += "\n\n" + QCoreApplication.translate("Guards", "Desconectar?")
    return ask(parent, QCoreApplication.translate("Guards", "Desconectar do Bling"), text)


def confirm_reset(parent: QWidget | None) -> bool:
    text = QCoreApplication.translate(
        "Guards",
        "Nova integração do zero: uma cópia de segurança dos dados locais será feita e depois serão excluídos "
        "os produtos, as categorias e os clientes sem vendas (clientes com vendas ou crédito continuam, "
        "desvinculados do Bling antigo). O DE-PARA e as datas de sincronização são zerados.\n\nContinuar?",
    )
    return ask(parent, QCoreApplication.translate("Guards", "Nova integração do zero"), text)


def confirm_discard(parent: QWidget | None, places: list[str]) -> bool:
    """Closing with changes not saved (Esc, the window's X): True to throw them away."""
    text = QCoreApplication.translate("Guards", "Há alterações não salvas em %1. Descartar as alterações?").replace(
        "%1", ", ".join(places))
    return ask(parent, QCoreApplication.translate("Guards", "Alterações não salvas"), text)


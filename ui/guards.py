"""Questions asked before something that affects queued deliveries (quit, disconnect, reset).

`ask` is the single place a yes/no question is shown, so tests can answer it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from ui import words


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def tell(parent: QWidget | None, title: str, text: str, *, warning: bool = False) -> None:
    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
    QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent).exec()


def _stay_queued(pending: int) -> str:
    return QCoreApplication.translate(
        "Guards", "Há %1 para o Bling. Eles continuam guardados neste computador e serão enviados na próxima vez que o PDV Bling estiver aberto e conectado."
    ).replace("%1", words.pending_items(pending))


def confirm_quit(parent: QWidget | None, pending: int) -> bool:
    if pending == 0:
        return True
    text = _stay_queued(pending) + "\n\n" + QCoreApplication.translate("Guards", "Sair mesmo assim?")
    return ask(parent, QCoreApplication.translate("Guards", "Sair do PDV Bling"), text)


def confirm_disconnect(parent: QWidget | None, pending: int) -> bool:
    text = QCoreApplication.translate(
        "Guards", "Desconectar remove a autorização deste computador no Bling. Nada é enviado até uma nova integração."
    )
    if pending:
        text += "\n\n" + _stay_queued(pending)
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

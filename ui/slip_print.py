"""Printing a slip from the screens: a window with the slip as it will come out, "Imprimir"
(the thermal printer chosen in Configurações, or any printer the OS has through Qt's print
dialog), "Visualizar impressão" (Qt's preview) and "Salvar PDF"; a DANFE NFC-e also shows its
link (the note's linkDanfe) with "Copiar link", for sending to the customer. The system dialogs go through
`choose_printer`, `show_preview` and `choose_pdf_path`, so tests can answer them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QPixmap, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pdv_bling.slips import thermal
from pdv_bling.slips.build import for_print
from pdv_bling.slips.layout import Slip, columns_for, lay_out
from pdv_bling.slips.printer import PrinterConfig
from ui import guards, screen, words
from ui.hub import Hub
from ui.slip_render import metrics, paint_lines, printable_mm, slip_image, write_pdf

SCREEN_DPI = 140

# ---------------------------------------------------------------- the system's dialogs (tests replace these)


def choose_printer(parent: QWidget | None, printer: QPrinter) -> bool:
    return QPrintDialog(printer, parent).exec() == QDialog.DialogCode.Accepted


def show_preview(parent: QWidget | None, printer: QPrinter, paint: Callable[[QPrinter], None]) -> None:
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.paintRequested.connect(paint)
    dialog.exec()


def documents_folder() -> Path:
    """Where a saved slip goes first: the person's Documentos (their home when there is none),
    never the data folder beside the database."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def choose_pdf_path(parent: QWidget | None, name: str) -> str | None:
    """Qt's own file dialog (the system's spoke the system's language, often English): in pt_BR
    through qtbase_pt_BR on every system, opening in Documentos with `name` suggested."""
    title = QCoreApplication.translate("SlipDialog", "Salvar comprovante em PDF")
    dialog = QFileDialog(parent, title, str(documents_folder() / name), QCoreApplication.translate("SlipDialog", "PDF (*.pdf)"))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix("pdf")
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return dialog.selectedFiles()[0]


# ---------------------------------------------------------------- painting on a printer


def paint_on_printer(printer: QPrinter, slip: Slip, *, paper_mm: int) -> None:
    """The slip on any QPrinter (a laser's A4 page, a thermal roll's driver, a PDF), at the roll's
    width from the page's top left, on as many pages as it takes."""
    from PySide6.QtGui import QPainter

    dpi = printer.resolution()
    page = printer.pageLayout().paintRectPixels(dpi)
    width = min(printable_mm(paper_mm) / 25.4 * dpi, page.width())
    m = metrics(columns_for(paper_mm), width, dpi)
    painter = QPainter(printer)

    def new_page() -> float:
        printer.newPage()
        return 0.0

    paint_lines(painter, lay_out(slip, columns_for(paper_mm)), m, x=0, y=0, bottom=page.height(), new_page=new_page)
    painter.end()


# ---------------------------------------------------------------- the window


class SlipDialog(QDialog):
    def __init__(self, hub: Hub, slip: Slip, config: PrinterConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub, self.slip, self.config = hub, slip, config
        self.setWindowTitle(slip.title)
        picture = QLabel()
        # on screen at 140 dpi: an 80 mm slip is ~440 px wide, whole in a 1024x600 window
        picture.setPixmap(QPixmap.fromImage(slip_image(slip, paper_mm=config.paper_mm, dpi=SCREEN_DPI)))
        picture.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        picture.setStyleSheet("background: #e0e0e0; padding: 8px;")
        self.status = QLabel()
        self.status.setWordWrap(True)
        where = (self.tr("Impressora térmica %1 mm").replace("%1", str(config.paper_mm)) if config.thermal
                 else self.tr("Impressoras do sistema"))
        self.print_button = QPushButton(self.tr("Imprimir (Enter)"))
        self.print_button.setDefault(True)
        self.print_button.setToolTip(where)
        self.preview_button = QPushButton(self.tr("Visualizar impressão…"))
        self.pdf_button = QPushButton(self.tr("Salvar PDF… (Ctrl+S)"))
        close = QPushButton(self.tr("Fechar (Esc)"))
        self.print_button.clicked.connect(self.print_slip)
        self.preview_button.clicked.connect(self.preview)
        self.pdf_button.clicked.connect(self.save_pdf)
        close.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self.save_pdf)
        QShortcut(QKeySequence.StandardKey.Print, self).activated.connect(self.print_slip)
        side = QVBoxLayout()
        side.addWidget(QLabel(self.tr("Impressora: %1").replace("%1", where)))
        for button in (self.print_button, self.preview_button, self.pdf_button):
            side.addWidget(button)
        if slip.link:
            self._link_widgets(side, slip.link)
        side.addWidget(self.status)
        side.addStretch(1)
        side.addWidget(close)
        row = QHBoxLayout(self)
        row.addWidget(screen.scrolling(picture), 1)
        row.addLayout(side)
        screen.fit_to_screen(self, 760, 820)
        self.print_button.setFocus()

    def _link_widgets(self, side: QVBoxLayout, link: str) -> None:
        title = QLabel(self.tr("Link do DANFE para enviar ao cliente:"))
        self.link_label = QLabel(link)
        self.link_label.setWordWrap(True)
        self.link_label.setMaximumWidth(260)
        self.link_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        copy = QPushButton(self.tr("Copiar link"))
        copy.clicked.connect(lambda: self._copy_link(link))
        for widget in (title, self.link_label, copy):
            side.addWidget(widget)

    def _copy_link(self, link: str) -> None:
        QGuiApplication.clipboard().setText(link)
        self._say(self.tr("Link copiado."), error=False)

    def print_slip(self) -> None:
        if self.config.thermal:
            self._say(self.tr("Imprimindo na impressora térmica…"), error=False)
            self.print_button.setEnabled(False)
            slip, config = self.slip, self.config
            self.hub.runner.submit(lambda: thermal.print_slip(slip, config), on_done=lambda _r: self._printed(None),
                                   on_error=self._printed)
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.slip.title)
        if choose_printer(self, printer):
            paint_on_printer(printer, self.slip, paper_mm=self.config.paper_mm)
            self._say(self.tr("Enviado para a impressora."), error=False)

    def _printed(self, exc: BaseException | None) -> None:
        self.print_button.setEnabled(True)
        if exc is None:
            self._say(self.tr("Impresso na impressora térmica."), error=False)
        else:
            self._say(words.error_text(exc), error=True)

    def preview(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.slip.title)
        show_preview(self, printer, lambda p: paint_on_printer(p, self.slip, paper_mm=self.config.paper_mm))

    def save_pdf(self) -> None:
        path = choose_pdf_path(self, self.slip.title.replace(" ", "-").lower() + ".pdf")
        if not path:
            return
        try:
            write_pdf(self.slip, path, paper_mm=self.config.paper_mm)
        except OSError as exc:
            self._say(self.tr("Não foi possível gravar o PDF: %1").replace("%1", exc.strerror or self.tr("erro do sistema")),
                      error=True)
            return
        self._say(self.tr("PDF gravado em %1").replace("%1", path), error=False)

    def _say(self, text: str, *, error: bool) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b3261e; font-weight: bold;" if error else "color: #1e7d32;")


# ---------------------------------------------------------------- entry points for the screens


def open_slip(parent: QWidget, hub: Hub, kind: str, ref: int, *, return_id: int | None = None,
              on_open: Callable[[SlipDialog], None] | None = None) -> None:
    """Read the slip and the printer on a worker thread, then show the slip window."""
    store = hub.ctx.store

    def job() -> tuple[Slip, PrinterConfig]:
        with store.read() as session:
            return for_print(session, kind, ref, return_id=return_id)

    def show(result: tuple[Slip, PrinterConfig]) -> None:
        dialog = SlipDialog(hub, *result, parent=parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        if on_open is not None:
            on_open(dialog)

    def failed(exc: BaseException) -> None:
        title = QCoreApplication.translate("SlipDialog", "Comprovante")
        guards.tell(parent, title, words.error_text(exc), warning=True)

    hub.runner.submit(job, on_done=show, on_error=failed)


def print_sale_slip(parent: QWidget, hub: Hub, number: int) -> None:
    open_slip(parent, hub, "sale", number)

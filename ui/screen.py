"""Windows on small counter screens (1024x600 and up): a window opens no bigger than the screen
it is on, its content scrolls when the screen is smaller than the content, and each window
remembers its size and maximised state between openings (a QSettings file in the data folder's
config, so every terminal folder keeps its own)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

# Room left for the window's own title bar and borders (the window manager draws them outside
# the size we ask for).
FRAME_WIDTH, FRAME_HEIGHT = 16, 40


def available_size(widget: QWidget) -> tuple[int, int]:
    """The screen space a window of ours can use (taskbar and panels left out)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    return area.width() - FRAME_WIDTH, area.height() - FRAME_HEIGHT


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to `width` x `height`, or less where the screen is smaller."""
    max_w, max_h = available_size(widget)
    widget.resize(max(320, min(width, max_w)), max(240, min(height, max_h)))


KEYBOARD_SCROLL = ("QScrollArea { border: 2px solid transparent; } "
                   "QScrollArea:focus { border: 2px solid #1565c0; }")


def keyboard_scroll(area: QScrollArea) -> QScrollArea:
    """While its content is taller than it, Tab stops on the area, which then scrolls with the
    arrows, PgUp/PgDn and Ctrl+Home/End; a blue frame shows that the keys go there. A click never
    takes the focus to it (the barcode field keeps it), and with nothing to scroll it is no stop."""
    area.setStyleSheet(KEYBOARD_SCROLL)

    def stop(_minimum: int, maximum: int) -> None:
        area.setFocusPolicy(Qt.FocusPolicy.TabFocus if maximum > 0 else Qt.FocusPolicy.NoFocus)

    area.verticalScrollBar().rangeChanged.connect(stop)
    stop(0, area.verticalScrollBar().maximum())
    _AfterContent(area)
    return area


class _AfterContent(QObject):
    """Once shown (in its window for good: a reparent reorders the focus chain), the area's own
    Tab stop moves after the fields inside it: the window opens with the focus on its first field,
    not on the frame around them."""

    def __init__(self, area: QScrollArea) -> None:
        super().__init__(area)
        self.area = area
        area.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.area and event.type() == QEvent.Type.Show:
            self.area.removeEventFilter(self)
            _after_content(self.area)
        return False


def _after_content(area: QScrollArea) -> None:
    content, last = area.widget(), None
    widget: QWidget | None = area.nextInFocusChain()
    while content is not None and widget is not None and widget is not area and area.isAncestorOf(widget):
        if content.isAncestorOf(widget):  # the area's block of the chain: its content's fields
            last = widget
        widget = widget.nextInFocusChain()
    if last is not None:
        QWidget.setTabOrder(last, area)


def scrolling(content: QWidget) -> QScrollArea:
    """`content` inside a frameless scroll area: on a short screen it scrolls instead of pushing
    the buttons below it out of sight (the buttons stay outside the scroll area)."""
    area = QScrollArea()
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return keyboard_scroll(area)


class WindowMemory(QObject):
    """Restores a window's size and maximised state when created, saves them when it closes."""

    def __init__(self, widget: QWidget, name: str, folder: Path) -> None:
        super().__init__(widget)
        self.widget = widget
        self.key = f"janelas/{name}"
        self.path = str(folder / "janelas.ini")
        widget.installEventFilter(self)

    def _settings(self) -> QSettings:
        return QSettings(self.path, QSettings.Format.IniFormat)

    def restore(self) -> bool:
        """True when a saved geometry was applied (then it also says whether to maximise)."""
        saved = self._settings().value(self.key)
        if not isinstance(saved, QByteArray) or saved.isEmpty():
            return False
        if not self.widget.restoreGeometry(saved):
            return False
        max_w, max_h = available_size(self.widget)
        if not self.widget.isMaximized() and (self.widget.width() > max_w or self.widget.height() > max_h):
            fit_to_screen(self.widget, self.widget.width(), self.widget.height())  # a smaller screen now
        return True

    def save(self) -> None:
        settings = self._settings()
        settings.setValue(self.key, self.widget.saveGeometry())
        settings.sync()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # the window and its memory are collected together: the window's last Hide may reach a
        # memory whose attributes the collector has already cleared (nothing to save then)
        widget = getattr(self, "widget", None)
        if widget is not None and watched is widget and event.type() in (QEvent.Type.Close, QEvent.Type.Hide):
            self.save()
        return False


def remember(widget: QWidget, name: str, folder: Path, *, width: int, height: int) -> WindowMemory:
    """Fit `widget` to the screen at `width` x `height`, unless it was open before: then as it was
    left (size, maximised)."""
    memory = WindowMemory(widget, name, folder)
    if not memory.restore():
        fit_to_screen(widget, width, height)
    return memory

"""A read-only view of the widgets on screen for the floor tests (tests/floor), which drive the real
processes with real keys and clicks and need to know where things are and what they say.

Off unless the environment variable ``ONESTOP_PROBE`` names a folder. Then a timer looks for
``<folder>/request`` and answers it by writing ``<folder>/tree.json``: every visible window with its title,
screen geometry and modality, and every visible widget in it with its class, object name, text, global
rectangle, enabled and focus state (item views and tab bars list their visible cells). It sends no input and
changes nothing: the tests click with xdotool at the rectangles it reports.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from PySide6.QtCore import QModelIndex, QObject, QPoint, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

ENV = "ONESTOP_PROBE"
MAX_CELLS = 400


def install(app: QApplication) -> None:
    folder = os.environ.get(ENV)
    if folder:
        app._probe = _Probe(Path(folder), app)  # kept alive with the application


class _Probe(QObject):
    def __init__(self, folder: Path, parent: QObject):
        super().__init__(parent)
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._poll)
        self.timer.start(100)

    def _poll(self) -> None:
        request = self.folder / "request"
        if not request.exists():
            return
        tmp = self.folder / "tree.json.tmp"
        try:
            tree = snapshot()
        except Exception as exc:  # a probe must never disturb the app: report the failure to the test
            tree = {"error": repr(exc), "windows": [], "screen": [0, 0], "active_modal": None}
        tmp.write_text(json.dumps(tree, ensure_ascii=False), encoding="utf-8")
        tmp.replace(self.folder / "tree.json")
        request.unlink(missing_ok=True)


def _rect(widget: QWidget) -> list[int]:
    return [*_global(widget, QPoint(0, 0)), widget.width(), widget.height()]


def _global(widget: QWidget, point: QPoint) -> list[int]:
    at = widget.mapToGlobal(point)
    return [at.x(), at.y()]


def _text(widget: QWidget) -> str | None:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QLabel | QAbstractButton):
        return widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QGroupBox):
        return widget.title()
    return None


def _cells(view: QAbstractItemView) -> list[dict]:
    """The cells of the visible rows (top level only), with their global rectangles."""
    model = view.model()
    if model is None:
        return []
    out: list[dict] = []
    viewport = view.viewport()
    origin = viewport.mapToGlobal(QPoint(0, 0))
    selection = view.selectionModel()
    try:
        columns = model.columnCount(QModelIndex())
    except TypeError:  # list models keep columnCount private
        columns = 1
    first = max(0, view.indexAt(QPoint(1, 1)).row())
    for row in range(first, model.rowCount(QModelIndex())):
        shown = False
        for col in range(columns):
            index = model.index(row, col)
            rect = view.visualRect(index)
            if rect.isEmpty() or not viewport.rect().intersects(rect):
                continue
            shown = True
            out.append({"row": row, "col": col, "text": str(index.data() or ""),
                        "selected": bool(selection and selection.isSelected(index)),
                        "rect": [origin.x() + rect.x(), origin.y() + rect.y(), rect.width(), rect.height()]})
        if not shown and row > first or len(out) >= MAX_CELLS:
            break
    return out


def _describe(widget: QWidget, focus: QWidget | None) -> dict:
    entry = {"class": type(widget).__name__, "name": widget.objectName(), "rect": _rect(widget),
             "enabled": widget.isEnabled(), "focus": widget is focus}
    text = _text(widget)
    if text is not None:
        entry["text"] = text
    if widget.toolTip():
        entry["tooltip"] = widget.toolTip()
    if isinstance(widget, QAbstractButton):
        entry["checked"] = widget.isChecked()
    if isinstance(widget, QLabel):
        entry["font_px"] = widget.fontInfo().pixelSize()
    if isinstance(widget, QComboBox):
        entry["items"] = [widget.itemText(i) for i in range(widget.count())]
    if isinstance(widget, QTabBar):
        entry["tabs"] = [{"text": widget.tabText(i), "enabled": widget.isTabEnabled(i),
                          "rect": [*_global(widget, widget.tabRect(i).topLeft()), widget.tabRect(i).width(),
                                   widget.tabRect(i).height()]} for i in range(widget.count())]
        entry["current"] = widget.currentIndex()
    if isinstance(widget, QAbstractItemView):
        entry["cells"] = _cells(widget)
    return entry


def snapshot() -> dict:
    app = QApplication.instance()
    focus = app.focusWidget()
    windows = []
    for top in app.topLevelWidgets():
        if not top.isVisible():
            continue
        frame = top.frameGeometry()
        widgets = [_describe(w, focus) for w in top.findChildren(QWidget) if w.isVisible()]
        windows.append({"class": type(top).__name__, "name": top.objectName(), "title": top.windowTitle(),
                        "rect": _rect(top), "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
                        "modal": top.isModal(), "active": top.isActiveWindow(),
                        "maximized": top.isMaximized(), "fullscreen": top.isFullScreen(),
                        "text": _text(top), "widgets": widgets})
    screen = app.primaryScreen().geometry()
    return {"screen": [screen.width(), screen.height()], "windows": windows,
            "active_modal": type(app.activeModalWidget()).__name__ if app.activeModalWidget() else None,
            # the packages loaded so far (top-level names and the Qt modules): what start-up has imported
            "modules": sorted(n for n in sys.modules if "." not in n or n.startswith("PySide6."))}

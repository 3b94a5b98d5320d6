"""Dates typed as people type them, into every date field (desktop/ui/date_typing.py): over the whole text,
with or without separators, or after a click into one part."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QApplication, QDateEdit

from desktop.ui import date_typing


@pytest.fixture
def edit(qtbot):
    app = QApplication.instance()
    if not hasattr(app, "_date_typing"):
        date_typing.install(app)
    widget = QDateEdit(QDate(2026, 12, 5))
    widget.setDisplayFormat("yyyy-MM-dd ddd")
    widget.setCalendarPopup(True)
    qtbot.addWidget(widget)
    widget.show()
    widget.setFocus()
    qtbot.waitExposed(widget)
    return widget


@pytest.mark.parametrize("typed", ["2027-02-01", "20270201", "2027/2/1"])
def test_a_date_typed_over_the_whole_text(qtbot, edit, typed):
    edit.lineEdit().selectAll()
    qtbot.keyClicks(edit, typed)
    edit.interpretText()
    assert edit.date() == QDate(2027, 2, 1)


@pytest.mark.parametrize(("before", "typed", "wanted"), [("20", "2027-02-01", QDate(2027, 2, 1)),
                                                          ("2026-1", "03", QDate(2026, 3, 5)),
                                                          ("2026-12-0", "09", QDate(2026, 12, 9))])
def test_a_click_selects_the_part_under_it(qtbot, edit, before, typed, wanted):
    line = edit.lineEdit()
    x = line.fontMetrics().horizontalAdvance(before) + 2
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton, pos=QPoint(x, line.height() // 2))
    qtbot.waitUntil(lambda: line.hasSelectedText())
    qtbot.keyClicks(edit, typed)
    edit.interpretText()
    assert edit.date() == wanted

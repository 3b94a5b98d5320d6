"""Typing a date into any date field the way people do. Qt's date edits take typed digits only into a
selected section: after Ctrl+A, or a click that leaves the cursor inside the year, "2027-02-01" is
refused key by key and the field keeps its old year (found on the floor: an administrator could not type a
holiday range). One application-wide filter, so every date field of every screen behaves the same:

- a click selects the section under it, so the digits typed next replace it;
- a digit typed over the whole text starts at the first section;
- a separator typed right after Qt moved to the next section by itself is not taken as "next section" again
  (so "2027-02-01", "2027/02/01" and "20270201" all give the same date)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDateTimeEdit, QLineEdit

SEPARATORS = frozenset("-/.: ")


def _edit_of(obj: QObject) -> QDateTimeEdit | None:
    if isinstance(obj, QDateTimeEdit):
        return obj
    if isinstance(obj, QLineEdit) and isinstance(obj.parent(), QDateTimeEdit):
        return obj.parent()
    return None


def _select_section_at_cursor(edit: QDateTimeEdit) -> None:
    line = edit.lineEdit()
    if not line.hasSelectedText():
        edit.setSelectedSection(edit.sectionAt(_section_index(edit, line.cursorPosition())))


def _section_index(edit: QDateTimeEdit, position: int) -> int:
    """The index of the section holding text position ``position`` (the last one before it otherwise)."""
    text = edit.lineEdit().text()
    index, start = 0, 0
    for i in range(edit.sectionCount()):
        section = edit.sectionAt(i)
        found = text.find(edit.sectionText(section), start)
        if found < 0 or found > position:
            break
        index, start = i, found + len(edit.sectionText(section))
    return index


class DateTyping(QObject):
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonRelease):
            return False
        edit = _edit_of(obj)
        if edit is None or edit.isReadOnly():
            return False
        if kind == QEvent.Type.MouseButtonRelease:
            if event.button() == Qt.MouseButton.LeftButton and isinstance(obj, QLineEdit):
                QTimer.singleShot(0, lambda: _select_section_at_cursor(edit) if edit.hasFocus() else None)
            return False
        if event.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier):
            return False
        text, line = event.text(), edit.lineEdit()
        selected = line.selectedText()
        if text.isdigit() and selected and len(selected) == len(line.text()):
            edit.setSelectedSection(edit.sectionAt(0))
        elif text in SEPARATORS and text and selected and selected == edit.sectionText(edit.currentSection()):
            return True  # Qt already moved on to this section: the separator is the one the person meant
        return False


def install(app: QApplication) -> None:
    app._date_typing = DateTyping(app)  # kept alive with the application
    app.installEventFilter(app._date_typing)

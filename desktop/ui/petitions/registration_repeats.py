"""The right-hand side of the registration dialog: cases of the same person and recent cases with similar
content (found while the clerk types), the one selected, the button that records a repeat visit on it, and
the reason for a new case. Each function takes the RegistrationDialog, which keeps the widgets.

The texts keep the translation context "RegistrationDialog" of the dialog they belong to."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop.services import petitions as pt
from desktop.ui.petitions.widgets import KIND, REASON, STATUS, button, fmt_date, label
from desktop.ui.text import translator

_tr = translator("RegistrationDialog")


def _table(dialog) -> QTableWidget:
    table = QTableWidget(0, 4)
    table.setObjectName("repeats")
    table.setHorizontalHeaderLabels([
        _tr(QT_TRANSLATE_NOOP("RegistrationDialog", "Case")), _tr(QT_TRANSLATE_NOOP("RegistrationDialog", "Status")),
        _tr(QT_TRANSLATE_NOOP("RegistrationDialog", "Received")), _tr(QT_TRANSLATE_NOOP("RegistrationDialog", "Why"))])
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.horizontalHeader().setStretchLastSection(True)
    for i, w in enumerate((150, 70, 80)):
        table.setColumnWidth(i, w)
    table.currentCellChanged.connect(lambda *_: show_candidate(dialog))
    return table


def build_repeats(dialog) -> QGroupBox:
    """The right side: cases of the same person or similar matters, and the reason for a new case."""
    dialog.repeats = _table(dialog)
    dialog.candidate = QLabel()
    dialog.candidate.setObjectName("candidate")
    dialog.candidate.setWordWrap(True)
    dialog.candidate.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    dialog.candidate.setMinimumHeight(80)
    dialog.record_repeat = button(
        dialog, _tr(QT_TRANSLATE_NOOP("RegistrationDialog", "Record a &repeat visit on this case")),
        dialog.record_repeat_visit, "Ctrl+R", _tr(QT_TRANSLATE_NOOP(
            "RegistrationDialog", "The same matter: record the visit on the selected case instead of a new case")))
    dialog.record_repeat.setEnabled(False)
    dialog.reason = QLineEdit()
    dialog.reason.setObjectName("new_case_reason")
    dialog.reason.setPlaceholderText(_tr(QT_TRANSLATE_NOOP(
        "RegistrationDialog", "Why this is a new matter (needed when a case is in progress)")))
    repeat_box = QGroupBox(_tr(QT_TRANSLATE_NOOP("RegistrationDialog", "Same person or similar matters")))
    rl = QVBoxLayout(repeat_box)
    dialog.repeat_hint = QLabel(_tr(QT_TRANSLATE_NOOP(
        "RegistrationDialog", "Cases of the same person and recent cases with similar content appear here while "
                              "you type.")))
    dialog.repeat_hint.setWordWrap(True)
    rl.addWidget(dialog.repeat_hint)
    rl.addWidget(dialog.repeats, 2)
    rl.addWidget(dialog.candidate, 1)
    rl.addWidget(dialog.record_repeat)
    rl.addWidget(QLabel(_tr(QT_TRANSLATE_NOOP("RegistrationDialog", "Reason for a new case:"))))
    rl.addWidget(dialog.reason)
    return repeat_box


def show_repeats(dialog, candidates: list[pt.RepeatCandidate]) -> None:
    """The candidates in the table (in progress yellow, settled by 复核 grey), the first one selected."""
    dialog.repeats.setRowCount(len(candidates))
    for r, c in enumerate(candidates):
        why = "、".join(label(REASON, x) for x in c.reasons)
        if "content" in c.reasons:
            why += f"（{c.similarity}%）"
        status = label(STATUS, c.status) + ("" if c.kind == "petition" else f"·{label(KIND, c.kind)}")
        for col, value in enumerate((c.case_no, status, fmt_date(c.received_at.date()), why)):
            item = QTableWidgetItem(value)
            if c.final:
                item.setBackground(QColor("#e0e0e0"))
            elif c.in_progress:
                item.setBackground(QColor("#fff1b8"))
            dialog.repeats.setItem(r, col, item)
    dialog.repeat_hint.setText(_tr(QT_TRANSLATE_NOOP(
        "RegistrationDialog", "%1 cases of the same person or with similar content.")).replace(
        "%1", str(len(candidates))) if candidates else _tr(QT_TRANSLATE_NOOP(
            "RegistrationDialog", "No earlier case of this person or with similar content.")))
    if candidates:
        dialog.repeats.selectRow(0)
    show_candidate(dialog)


def show_candidate(dialog) -> None:
    """The selected candidate in words; a repeat visit may be recorded unless it was refused or withdrawn."""
    row = dialog.repeats.currentRow()
    c = dialog.candidates[row] if 0 <= row < len(dialog.candidates) else None
    dialog.record_repeat.setEnabled(c is not None and c.status not in ("not_accepted", "withdrawn"))
    if c is None:
        dialog.candidate.setText("")
        return
    final = _tr(QT_TRANSLATE_NOOP("RegistrationDialog", "Settled by 复核: not accepted again.")) if c.final else ""
    dialog.candidate.setText(f"<b>{c.petitioner_names}</b>　{c.category}<br>{c.content[:160]}<br>"
                             f"<span style='color:#a50e0e'>{final}</span>")

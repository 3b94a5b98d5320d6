"""Closing a case, by agreement or otherwise, and its remaining sessions: the sessions still booked for it are
listed and the mediator confirms which to cancel with the closing (all of them unless the case closes by
agreement, where a session may be kept, e.g. for the payment agreed in a term)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout

from desktop.ui.form_widgets import add_check, checked
from desktop.ui.mediation_labels import fmt_date, fmt_hm, weekday


def session_line(b) -> str:
    return f"{fmt_date(b.start.date())}（{weekday(b.start.date())}）{fmt_hm(b.start)}–{fmt_hm(b.end)}  {b.room_name}"


class ClosingDialog(QDialog):
    """Confirms closing case ``case_no``: ``what`` says how it closes; ``sessions`` (BookingInfo) are its
    remaining sessions, each checked for cancelling. With ``keep_allowed`` False every one is cancelled."""

    def __init__(self, parent, *, case_no: str, what: str, sessions, keep_allowed: bool, ok_text: str):
        super().__init__(parent)
        self.setObjectName("closing_dialog")
        self.setWindowTitle(self.tr("Close case %1").replace("%1", case_no))
        self.setMinimumWidth(520)
        intro = QLabel(what)
        intro.setWordWrap(True)
        self.sessions = QListWidget()
        self.sessions.setObjectName("remaining_sessions")
        for b in sessions:
            item = add_check(self.sessions, session_line(b), b.id, True)
            if not keep_allowed:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        if sessions:
            ask = self.tr("These sessions of the case are still booked. The checked ones are cancelled with the "
                          "closing and their rooms are free again:") if keep_allowed else self.tr(
                "These sessions of the case are still booked. A closed case keeps no sessions: they are cancelled "
                "with the closing and their rooms are free again:")
            label = QLabel(ask)
            label.setObjectName("remaining_sessions_label")
            label.setWordWrap(True)
            layout.addWidget(label)
            layout.addWidget(self.sessions)
            self.sessions.setMaximumHeight(26 * min(len(sessions), 6) + 8)
        else:
            self.sessions.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(ok_text)
        ok.setObjectName("confirm_closing")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        ok.setFocus()

    def cancelled_ids(self) -> list[int]:
        return checked(self.sessions)

"""The three fixed tabs of the dispute view and their widgets: the case (parties, registration details,
facts and disputed matters, outcome), the sessions and their records, and the agreement with what follows
it (performance of the terms, judicial confirmation, follow-up visits). ``DisputeTabs`` is mixed into
DisputeView; the texts keep the translation context "DisputeView" of the view they were written in."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from desktop.ui.form_widgets import button, table
from desktop.ui.text import translator

_t = translator("DisputeView")
PARTY_COLUMNS = (
    QT_TRANSLATE_NOOP("DisputeView", "Side"), QT_TRANSLATE_NOOP("DisputeView", "Kind"),
    QT_TRANSLATE_NOOP("DisputeView", "Name"), QT_TRANSLATE_NOOP("DisputeView", "Gender"),
    QT_TRANSLATE_NOOP("DisputeView", "Born"), QT_TRANSLATE_NOOP("DisputeView", "ID number / credit code"),
    QT_TRANSLATE_NOOP("DisputeView", "Phone"), QT_TRANSLATE_NOOP("DisputeView", "Address"),
    QT_TRANSLATE_NOOP("DisputeView", "Representative"))
BOOKING_COLUMNS = (
    QT_TRANSLATE_NOOP("DisputeView", "Day"), QT_TRANSLATE_NOOP("DisputeView", "Time"),
    QT_TRANSLATE_NOOP("DisputeView", "Room"), QT_TRANSLATE_NOOP("DisputeView", "State"),
    QT_TRANSLATE_NOOP("DisputeView", "Mediators"), QT_TRANSLATE_NOOP("DisputeView", "Parties"),
    QT_TRANSLATE_NOOP("DisputeView", "Record"))
SESSION_COLUMNS = (
    QT_TRANSLATE_NOOP("DisputeView", "Held"), QT_TRANSLATE_NOOP("DisputeView", "Place"),
    QT_TRANSLATE_NOOP("DisputeView", "Mediators"), QT_TRANSLATE_NOOP("DisputeView", "Recorder"),
    QT_TRANSLATE_NOOP("DisputeView", "Record"))
TERM_COLUMNS = (
    QT_TRANSLATE_NOOP("DisputeView", "No."), QT_TRANSLATE_NOOP("DisputeView", "Agreed term"),
    QT_TRANSLATE_NOOP("DisputeView", "Performed by"), QT_TRANSLATE_NOOP("DisputeView", "By"),
    QT_TRANSLATE_NOOP("DisputeView", "Performance"), QT_TRANSLATE_NOOP("DisputeView", "Checked"))
VISIT_COLUMNS = (
    QT_TRANSLATE_NOOP("DisputeView", "Visited"), QT_TRANSLATE_NOOP("DisputeView", "How"),
    QT_TRANSLATE_NOOP("DisputeView", "Visited by"), QT_TRANSLATE_NOOP("DisputeView", "Visited party"),
    QT_TRANSLATE_NOOP("DisputeView", "Performance"), QT_TRANSLATE_NOOP("DisputeView", "Satisfaction"))


def _text_label() -> QLabel:
    w = QLabel()
    w.setWordWrap(True)
    w.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    w.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    return w


class DisputeTabs:
    """Builds the tabs' widgets as attributes of the dispute view."""

    def _case_tab(self) -> QWidget:
        w = QWidget()
        self.info = QLabel()
        self.info.setObjectName("case_info")
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.info.setWordWrap(True)
        self.info.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.info.setMinimumWidth(380)
        self.parties = table([_t(c) for c in PARTY_COLUMNS], stretch=7)
        self.parties.setObjectName("dispute_parties")
        self.facts = QPlainTextEdit()
        self.facts.setReadOnly(True)
        self.matters = QPlainTextEdit()
        self.matters.setReadOnly(True)
        self.outcome = _text_label()
        texts = QVBoxLayout()
        texts.addWidget(QLabel(_t(QT_TRANSLATE_NOOP("DisputeView", "<b>Facts</b>"))))
        texts.addWidget(self.facts, 3)
        texts.addWidget(QLabel(_t(QT_TRANSLATE_NOOP("DisputeView", "<b>Disputed matters</b>"))))
        texts.addWidget(self.matters, 2)
        top = QHBoxLayout()
        top.addWidget(self.info)
        top.addLayout(texts, 1)
        layout = QVBoxLayout(w)
        layout.addWidget(QLabel(_t(QT_TRANSLATE_NOOP("DisputeView", "<b>Parties</b>"))))
        layout.addWidget(self.parties)
        layout.addLayout(top, 1)
        layout.addWidget(self.outcome)
        return w

    def _sessions_tab(self) -> QWidget:
        w = QWidget()
        self.bookings = table([_t(c) for c in BOOKING_COLUMNS], stretch=5)
        self.bookings.setObjectName("dispute_bookings")
        self.sessions = table([_t(c) for c in SESSION_COLUMNS], stretch=4)
        self.sessions.setObjectName("dispute_sessions")
        self.sessions.doubleClicked.connect(lambda _i: self.open_record())
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_t(QT_TRANSLATE_NOOP("DisputeView", "<b>Records (调解笔录)</b>"))))
        bar.addStretch(1)
        bar.addWidget(button(self, _t(QT_TRANSLATE_NOOP("DisputeView", "&Open record…")), self.open_record))
        bar.addWidget(button(self, _t(QT_TRANSLATE_NOOP("DisputeView", "Print record")), self.print_record))
        layout = QVBoxLayout(w)
        layout.addWidget(QLabel(_t(QT_TRANSLATE_NOOP("DisputeView", "<b>Booked sessions</b>"))))
        layout.addWidget(self.bookings, 1)
        layout.addLayout(bar)
        layout.addWidget(self.sessions, 1)
        return w

    def _after_tab(self) -> QWidget:
        w = QWidget()
        self.agreement_info = QLabel()
        self.agreement_info.setObjectName("agreement_info")
        self.agreement_info.setWordWrap(True)
        self.terms = table([_t(c) for c in TERM_COLUMNS], stretch=1)
        self.terms.setObjectName("terms")
        self.judicial_info = QLabel()
        self.judicial_info.setObjectName("judicial_info")
        self.judicial_info.setWordWrap(True)
        self.visits = table([_t(c) for c in VISIT_COLUMNS], stretch=4)
        self.visits.setObjectName("visits")
        terms_bar = QHBoxLayout()
        terms_bar.addWidget(QLabel(_t(QT_TRANSLATE_NOOP("DisputeView", "<b>Performance of the terms</b>"))))
        terms_bar.addStretch(1)
        self.performance_button = button(self, _t(QT_TRANSLATE_NOOP("DisputeView", "Record perf&ormance…")),
                                         self.record_performance, "Ctrl+Shift+P")
        terms_bar.addWidget(self.performance_button)
        judicial_bar = QHBoxLayout()
        judicial_bar.addWidget(QLabel(_t(QT_TRANSLATE_NOOP("DisputeView", "<b>Judicial confirmation</b>"))))
        judicial_bar.addWidget(self.judicial_info, 1)
        self.judicial_button = button(self, _t(QT_TRANSLATE_NOOP("DisputeView", "Record &judicial confirmation…")),
                                      self.record_judicial, "Ctrl+J")
        judicial_bar.addWidget(self.judicial_button)
        visits_bar = QHBoxLayout()
        visits_bar.addWidget(QLabel(_t(QT_TRANSLATE_NOOP("DisputeView", "<b>Follow-up visits</b>"))))
        visits_bar.addStretch(1)
        self.visit_button = button(self, _t(QT_TRANSLATE_NOOP("DisputeView", "Add &visit…")), self.add_visit,
                                   "Ctrl+Shift+V")
        visits_bar.addWidget(self.visit_button)
        visits_bar.addWidget(button(self, _t(QT_TRANSLATE_NOOP("DisputeView", "Print visit record")),
                                    self.print_visit))
        layout = QVBoxLayout(w)
        layout.addWidget(self.agreement_info)
        layout.addLayout(terms_bar)
        layout.addWidget(self.terms, 1)
        layout.addLayout(judicial_bar)
        layout.addLayout(visits_bar)
        layout.addWidget(self.visits, 1)
        return w

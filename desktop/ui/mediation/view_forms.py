"""The small forms of the dispute view: closing a case (outcome, explanation, referral), the performance
of one agreed term, a judicial confirmation and a follow-up visit."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
)

from desktop.ui.mediation_labels import (
    DISPUTE_STATES,
    JUDICIAL,
    PERFORMANCE,
    REFERRAL_TARGETS,
    SATISFACTION,
    SIDES,
    VISIT_METHODS,
    label,
    pydate,
    qdate,
)


class _Form(QDialog):
    def __init__(self, parent):
        super().__init__(parent)
        self.setMinimumWidth(460)
        self.form = QFormLayout(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def finish(self) -> None:
        self.form.addRow(self.buttons)

    @staticmethod
    def combo(table: dict) -> QComboBox:
        c = QComboBox()
        for code in table:
            c.addItem(label(table, code), code)
        return c

    @staticmethod
    def date(day: dt.date) -> QDateEdit:
        w = QDateEdit(qdate(day))
        w.setCalendarPopup(True)
        w.setDisplayFormat("yyyy-MM-dd")
        return w


class CloseDialog(_Form):
    def __init__(self, parent):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Close case"))
        self.outcome = QComboBox()
        for code in ("failed", "terminated", "referred"):
            self.outcome.addItem(label(DISPUTE_STATES, code), code)
        self.note = QPlainTextEdit()
        self.note.setObjectName("outcome_note")
        self.target = self.combo(REFERRAL_TARGETS)
        self.body = QLineEdit()
        self.form.addRow(self.tr("Outcome:"), self.outcome)
        self.form.addRow(self.tr("Explanation:"), self.note)
        self.form.addRow(self.tr("Referred to:"), self.target)
        self.form.addRow(self.tr("Receiving body:"), self.body)
        self.outcome.currentIndexChanged.connect(self._outcome)
        self._outcome()
        self.finish()

    def _outcome(self) -> None:
        referred = self.outcome.currentData() == "referred"
        self.target.setEnabled(referred)
        self.body.setEnabled(referred)

    def values(self) -> dict:
        referred = self.outcome.currentData() == "referred"
        return dict(outcome=self.outcome.currentData(), note=self.note.toPlainText(),
                    referred_to=self.target.currentData() if referred else None,
                    referred_body=self.body.text() if referred else "")


class PerformanceDialog(_Form):
    def __init__(self, parent, term, today: dt.date):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Performance of term %1").replace("%1", str(term.seq)))
        self.status = self.combo(PERFORMANCE)
        self.day = self.date(today)
        self.note = QLineEdit()
        self.form.addRow(QLabel(f"{term.seq}．{term.content}"))
        self.form.addRow(self.tr("State:"), self.status)
        self.form.addRow(self.tr("On:"), self.day)
        self.form.addRow(self.tr("Note:"), self.note)
        self.finish()

    def values(self) -> dict:
        return dict(status=self.status.currentData(), on_date=pydate(self.day.date()), note=self.note.text())


class JudicialDialog(_Form):
    def __init__(self, parent, today: dt.date):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Judicial confirmation"))
        self.status = self.combo(JUDICIAL)
        self.day = self.date(today)
        self.court = QLineEdit()
        self.court.setPlaceholderText(self.tr("e.g. 虎丘人民法庭"))
        self.note = QLineEdit()
        self.form.addRow(self.tr("What happened:"), self.status)
        self.form.addRow(self.tr("On:"), self.day)
        self.form.addRow(self.tr("Court:"), self.court)
        self.form.addRow(self.tr("Note:"), self.note)
        self.finish()

    def values(self) -> dict:
        return dict(status=self.status.currentData(), on_date=pydate(self.day.date()), court=self.court.text(),
                    note=self.note.text())


class FollowUpDialog(_Form):
    def __init__(self, parent, dispute, today: dt.date, visitor: str):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Follow-up visit"))
        self.day = self.date(today)
        self.method = self.combo(VISIT_METHODS)
        self.visitor = QLineEdit(visitor)
        self.party = QComboBox()
        for p in dispute.parties:
            self.party.addItem(f"{label(SIDES, p.side)} {p.name}", p.name)
        self.performance = QPlainTextEdit()
        self.performance.setObjectName("visit_performance")
        self.satisfaction = self.combo(SATISFACTION)
        self.note = QPlainTextEdit()
        self.form.addRow(self.tr("Visited on:"), self.day)
        self.form.addRow(self.tr("How:"), self.method)
        self.form.addRow(self.tr("Visited by:"), self.visitor)
        self.form.addRow(self.tr("Visited party:"), self.party)
        self.form.addRow(self.tr("Performance of the agreement:"), self.performance)
        self.form.addRow(self.tr("Satisfaction:"), self.satisfaction)
        self.form.addRow(self.tr("Opinions and notes:"), self.note)
        self.finish()

    def values(self) -> dict:
        return dict(visited_on=pydate(self.day.date()), method=self.method.currentData(), visitor=self.visitor.text(),
                    visited_party=self.party.currentData() or "", performance=self.performance.toPlainText(),
                    satisfaction=self.satisfaction.currentData(), note=self.note.toPlainText())

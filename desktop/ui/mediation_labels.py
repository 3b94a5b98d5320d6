"""What the mediation and schedule screens share: the words for stored codes, clock colours and dates.
(Opening, printing and saving documents: desktop.ui.documents.)"""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QDateTime, QTime

from desktop.ui.text import fmt_date as fmt_date  # re-exported for the mediation screens
from desktop.ui.text import labeller, translator

log = logging.getLogger(__name__)
CTX = "MediationLabels"


_t = translator(CTX)


DISPUTE_STATES = {
    "registered": QT_TRANSLATE_NOOP("MediationLabels", "Registered"),
    "scheduled": QT_TRANSLATE_NOOP("MediationLabels", "Scheduled"),
    "in_mediation": QT_TRANSLATE_NOOP("MediationLabels", "In mediation"),
    "agreed": QT_TRANSLATE_NOOP("MediationLabels", "Agreement reached"),
    "failed": QT_TRANSLATE_NOOP("MediationLabels", "Mediation failed"),
    "terminated": QT_TRANSLATE_NOOP("MediationLabels", "Terminated"),
    "referred": QT_TRANSLATE_NOOP("MediationLabels", "Referred"),
}
SOURCES = {
    "application": QT_TRANSLATE_NOOP("MediationLabels", "Application by a party"),
    "proactive": QT_TRANSLATE_NOOP("MediationLabels", "Proactive mediation"),
    "referral": QT_TRANSLATE_NOOP("MediationLabels", "Referred or entrusted"),
}
SIDES = {
    "applicant": QT_TRANSLATE_NOOP("MediationLabels", "Applicant"),
    "respondent": QT_TRANSLATE_NOOP("MediationLabels", "Respondent"),
}
PARTY_KINDS = {
    "person": QT_TRANSLATE_NOOP("MediationLabels", "Person"),
    "organisation": QT_TRANSLATE_NOOP("MediationLabels", "Organisation"),
}
REP_KINDS = {
    "": QT_TRANSLATE_NOOP("MediationLabels", "None"),
    "legal": QT_TRANSLATE_NOOP("MediationLabels", "Legal representative"),
    "agent": QT_TRANSLATE_NOOP("MediationLabels", "Authorised agent"),
}
BOOKING_STATES = {
    "tentative": QT_TRANSLATE_NOOP("MediationLabels", "Tentative"),
    "confirmed": QT_TRANSLATE_NOOP("MediationLabels", "Confirmed"),
    "held": QT_TRANSLATE_NOOP("MediationLabels", "Held"),
    "cancelled": QT_TRANSLATE_NOOP("MediationLabels", "Cancelled"),
    "no_show": QT_TRANSLATE_NOOP("MediationLabels", "No-show"),
}
REFERRAL_TARGETS = {
    "court": QT_TRANSLATE_NOOP("MediationLabels", "Court"),
    "petition": QT_TRANSLATE_NOOP("MediationLabels", "Petition office"),
    "other": QT_TRANSLATE_NOOP("MediationLabels", "Another body"),
}
AGREEMENT_FORMS = {
    "written": QT_TRANSLATE_NOOP("MediationLabels", "Written agreement"),
    "oral": QT_TRANSLATE_NOOP("MediationLabels", "Oral agreement"),
}
AGREEMENT_STATES = {
    "draft": QT_TRANSLATE_NOOP("MediationLabels", "Draft"),
    "final": QT_TRANSLATE_NOOP("MediationLabels", "Final"),
    "superseded": QT_TRANSLATE_NOOP("MediationLabels", "Superseded"),
}
PERFORMANCE = {
    "performed": QT_TRANSLATE_NOOP("MediationLabels", "Performed"),
    "partly": QT_TRANSLATE_NOOP("MediationLabels", "Partly performed"),
    "not_performed": QT_TRANSLATE_NOOP("MediationLabels", "Not performed"),
}
JUDICIAL = {
    "reminded": QT_TRANSLATE_NOOP("MediationLabels", "Parties reminded"),
    "applied": QT_TRANSLATE_NOOP("MediationLabels", "Applied to the court"),
    "confirmed": QT_TRANSLATE_NOOP("MediationLabels", "Confirmed by the court"),
    "rejected": QT_TRANSLATE_NOOP("MediationLabels", "Rejected by the court"),
    "declined": QT_TRANSLATE_NOOP("MediationLabels", "Parties declined"),
}
VISIT_METHODS = {
    "visit": QT_TRANSLATE_NOOP("MediationLabels", "Home visit"),
    "phone": QT_TRANSLATE_NOOP("MediationLabels", "Phone call"),
}
SATISFACTION = {
    "very_satisfied": QT_TRANSLATE_NOOP("MediationLabels", "Very satisfied"),
    "satisfied": QT_TRANSLATE_NOOP("MediationLabels", "Satisfied"),
    "basically_satisfied": QT_TRANSLATE_NOOP("MediationLabels", "Basically satisfied"),
    "dissatisfied": QT_TRANSLATE_NOOP("MediationLabels", "Dissatisfied"),
    "very_dissatisfied": QT_TRANSLATE_NOOP("MediationLabels", "Very dissatisfied"),
}
CLOCKS = {
    "ok": QT_TRANSLATE_NOOP("MediationLabels", "On time"),
    "soon": QT_TRANSLATE_NOOP("MediationLabels", "Due soon"),
    "today": QT_TRANSLATE_NOOP("MediationLabels", "Due today"),
    "overdue": QT_TRANSLATE_NOOP("MediationLabels", "Overdue"),
    "none": QT_TRANSLATE_NOOP("MediationLabels", "Closed"),
}
REMINDER_KINDS = {
    "deadline": QT_TRANSLATE_NOOP("MediationLabels", "Mediation deadline"),
    "term_due": QT_TRANSLATE_NOOP("MediationLabels", "Agreement term due"),
    "judicial": QT_TRANSLATE_NOOP("MediationLabels", "Judicial confirmation window closing"),
    "follow_up": QT_TRANSLATE_NOOP("MediationLabels", "Follow-up visit due"),
}
MISSING = {
    "parties": QT_TRANSLATE_NOOP("MediationLabels", "the parties on both sides"),
    "facts": QT_TRANSLATE_NOOP("MediationLabels", "the main facts"),
    "matters": QT_TRANSLATE_NOOP("MediationLabels", "the disputed matters"),
    "responsibilities": QT_TRANSLATE_NOOP("MediationLabels", "each party's responsibility"),
    "terms": QT_TRANSLATE_NOOP("MediationLabels", "at least one agreed term"),
    "oral_content": QT_TRANSLATE_NOOP("MediationLabels", "the content of the oral agreement"),
    "term_content": QT_TRANSLATE_NOOP("MediationLabels", "what term %1 agrees"),
    "term_method": QT_TRANSLATE_NOOP("MediationLabels", "how term %1 is performed"),
    "term_deadline": QT_TRANSLATE_NOOP("MediationLabels", "by when term %1 is performed"),
    "party_id_number": QT_TRANSLATE_NOOP("MediationLabels", "the ID number of party %1"),
    "party_address": QT_TRANSLATE_NOOP("MediationLabels", "the address of party %1"),
    "party_representative": QT_TRANSLATE_NOOP("MediationLabels", "the legal representative of party %1"),
}

# background of the deadline column, as in the petition lists
CLOCK_COLOURS = {"overdue": "#f4c7c3", "today": "#f9cb9c", "soon": "#fff2cc", "ok": "#d9ead3"}
# calendar blocks
BOOKING_COLOURS = {"confirmed": "#4a78c2", "tentative": "#9fb8e0", "held": "#5b9a68", "no_show": "#c9a15a",
                   "cancelled": "#bbbbbb"}


label = labeller(_t)


def missing_text(code: str) -> str:
    """"term_deadline:2" → "by when term 2 is performed"."""
    key, _, number = code.partition(":")
    return label(MISSING, key).replace("%1", number)


def fmt_dt(d: dt.datetime | None) -> str:
    return "" if d is None else f"{fmt_date(d.date())} {d.hour:02d}:{d.minute:02d}"


def fmt_hm(d: dt.datetime | dt.time) -> str:
    return f"{d.hour:02d}:{d.minute:02d}"


def weekday(d: dt.date) -> str:
    names = [QT_TRANSLATE_NOOP("MediationLabels", "Mon"), QT_TRANSLATE_NOOP("MediationLabels", "Tue"),
             QT_TRANSLATE_NOOP("MediationLabels", "Wed"), QT_TRANSLATE_NOOP("MediationLabels", "Thu"),
             QT_TRANSLATE_NOOP("MediationLabels", "Fri"), QT_TRANSLATE_NOOP("MediationLabels", "Sat"),
             QT_TRANSLATE_NOOP("MediationLabels", "Sun")]
    return _t(names[d.weekday()])


def qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def pydate(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


def qdatetime(d: dt.datetime) -> QDateTime:
    return QDateTime(qdate(d.date()), QTime(d.hour, d.minute))


def pydatetime(q: QDateTime) -> dt.datetime:
    return dt.datetime.combine(pydate(q.date()), dt.time(q.time().hour(), q.time().minute()))

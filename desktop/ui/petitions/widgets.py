"""Words and small building blocks of the petition screens: the labels of statuses, steps, sources and
clock states (translation context "Petitions"), clock colours, and a few widgets."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.ui.widgets import ERROR_STYLE, INFO_STYLE, OK_STYLE, Banner, button, shortcut, with_keys  # noqa: F401

STATUS = {
    "registered": QT_TRANSLATE_NOOP("Petitions", "Registered"), "assigned": QT_TRANSLATE_NOOP("Petitions", "Assigned"),
    "objected": QT_TRANSLATE_NOOP("Petitions", "Objected, to reassign"), "met": QT_TRANSLATE_NOOP("Petitions", "Met"),
    "handling": QT_TRANSLATE_NOOP("Petitions", "Handling"), "concluded": QT_TRANSLATE_NOOP("Petitions", "Replied"),
    "closed": QT_TRANSLATE_NOOP("Petitions", "Closed"), "not_accepted": QT_TRANSLATE_NOOP("Petitions", "Not accepted"),
    "withdrawn": QT_TRANSLATE_NOOP("Petitions", "Withdrawn"),
}
KIND = {"petition": QT_TRANSLATE_NOOP("Petitions", "Petition"), "review": QT_TRANSLATE_NOOP("Petitions", "Review (复查)"),
        "recheck": QT_TRANSLATE_NOOP("Petitions", "Re-examination (复核)")}
SOURCE = {"visit": QT_TRANSLATE_NOOP("Petitions", "Walk-in"), "letter": QT_TRANSLATE_NOOP("Petitions", "Letter"), "phone": QT_TRANSLATE_NOOP("Petitions", "Phone"),
          "hotline": QT_TRANSLATE_NOOP("Petitions", "12345 hotline"), "grid": QT_TRANSLATE_NOOP("Petitions", "Grid report"),
          "online": QT_TRANSLATE_NOOP("Petitions", "Online")}
ACTION = {
    "register": QT_TRANSLATE_NOOP("Petitions", "Receive (接)"), "assign": QT_TRANSLATE_NOOP("Petitions", "Assign (转)"),
    "object": QT_TRANSLATE_NOOP("Petitions", "Object: not ours"), "meet": QT_TRANSLATE_NOOP("Petitions", "Meet (见)"),
    "handle": QT_TRANSLATE_NOOP("Petitions", "Handle (办)"), "conclude": QT_TRANSLATE_NOOP("Petitions", "Conclude (结)"),
    "follow_up": QT_TRANSLATE_NOOP("Petitions", "Follow up (访)"), "refuse": QT_TRANSLATE_NOOP("Petitions", "Not accepted"),
    "withdraw": QT_TRANSLATE_NOOP("Petitions", "Withdraw"), "edit": QT_TRANSLATE_NOOP("Petitions", "Edit registration"),
    "request_extension": QT_TRANSLATE_NOOP("Petitions", "Request extension"), "decide_extension": QT_TRANSLATE_NOOP("Petitions", "Decide extension"),
    "hearing": QT_TRANSLATE_NOOP("Petitions", "Hearing"), "supervise": QT_TRANSLATE_NOOP("Petitions", "Supervise (督办)"),
    "answer_supervision": QT_TRANSLATE_NOOP("Petitions", "Answer supervision"), "request_review": QT_TRANSLATE_NOOP("Petitions", "Request review"),
    "repeat_visit": QT_TRANSLATE_NOOP("Petitions", "Repeat visit"), "attach": QT_TRANSLATE_NOOP("Petitions", "Add attachment"),
    "recompute": QT_TRANSLATE_NOOP("Petitions", "Deadline recomputed (calendar)"),
}
SATISFACTION = {
    "very_satisfied": QT_TRANSLATE_NOOP("Petitions", "Very satisfied"), "satisfied": QT_TRANSLATE_NOOP("Petitions", "Satisfied"),
    "basically_satisfied": QT_TRANSLATE_NOOP("Petitions", "Basically satisfied"), "dissatisfied": QT_TRANSLATE_NOOP("Petitions", "Dissatisfied"),
    "very_dissatisfied": QT_TRANSLATE_NOOP("Petitions", "Very dissatisfied"),
}
METHOD = {"phone": QT_TRANSLATE_NOOP("Petitions", "By phone"), "visit": QT_TRANSLATE_NOOP("Petitions", "Home visit"),
          "letter": QT_TRANSLATE_NOOP("Petitions", "By letter"), "online": QT_TRANSLATE_NOOP("Petitions", "Online")}
DUE_KIND = {"accept": QT_TRANSLATE_NOOP("Petitions", "Acceptance notice"), "conclude": QT_TRANSLATE_NOOP("Petitions", "Conclusion"),
            "follow_up": QT_TRANSLATE_NOOP("Petitions", "Follow-up")}
REASON = {"person": QT_TRANSLATE_NOOP("Petitions", "same person"), "id_number": QT_TRANSLATE_NOOP("Petitions", "same ID number"),
          "phone": QT_TRANSLATE_NOOP("Petitions", "same phone"), "name_village": QT_TRANSLATE_NOOP("Petitions", "same name and village"),
          "content": QT_TRANSLATE_NOOP("Petitions", "similar content")}
DOCUMENT = {"receipt": QT_TRANSLATE_NOOP("Petitions", "Registration receipt"),
            "acceptance_notice": QT_TRANSLATE_NOOP("Petitions", "Acceptance notice (受理告知书)"),
            "rejection_notice": QT_TRANSLATE_NOOP("Petitions", "Non-acceptance notice (不予受理告知书)"),
            "reply": QT_TRANSLATE_NOOP("Petitions", "Written reply (答复意见书)")}
GENDER = {"M": QT_TRANSLATE_NOOP("Petitions", "male"), "F": QT_TRANSLATE_NOOP("Petitions", "female")}

# clock colours: (background, text)
CLOCK_COLOURS = {"overdue": ("#f8d0d0", "#8c1010"), "today": ("#ffd8a8", "#7a3d00"), "soon": ("#fff1b8", "#6b5300"),
                 "ok": ("#e3f2e5", "#1e5c2b")}


def t(text: str) -> str:
    return QCoreApplication.translate("Petitions", text)


def label(table: dict[str, str], key: str | None) -> str:
    if key is None or key == "":
        return ""
    return t(table[key]) if key in table else key


def fmt_date(value: dt.date | None) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


def fmt_datetime(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def clock_text(state: str, days_left: int | None) -> str:
    if state == "overdue":
        return t(QT_TRANSLATE_NOOP("Petitions", "Overdue %1 d")).replace("%1", str(-(days_left or 0)))
    if state == "today":
        return t(QT_TRANSLATE_NOOP("Petitions", "Due today"))
    if state == "soon":
        return t(QT_TRANSLATE_NOOP("Petitions", "Due in %1 d")).replace("%1", str(days_left))
    if state == "ok":
        return t(QT_TRANSLATE_NOOP("Petitions", "%1 d left")).replace("%1", str(days_left))
    return ""


def clock_background(state: str) -> str | None:
    return CLOCK_COLOURS.get(state, (None, None))[0]


def clock_foreground(state: str) -> str | None:
    return CLOCK_COLOURS.get(state, (None, None))[1]


def clock_style(state: str) -> str:
    bg, fg = CLOCK_COLOURS.get(state, ("#eeeeee", "#333333"))
    return f"QLabel {{ background: {bg}; color: {fg}; border-radius: 4px; padding: 4px 10px; font-weight: bold; }}"
